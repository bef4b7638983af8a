// The keyboard map, as data: one place that says which key does what, read
// by the global handler and by the "?" help dialog. `keys` lists
// alternatives; "+" joins keys pressed together.

export const SHORTCUTS = [
  { keys: ['J', '↓'], action: 'next', label: 'Next conversation' },
  { keys: ['K', '↑'], action: 'prev', label: 'Previous conversation' },
  { keys: ['Enter'], action: 'open', label: 'Open the selected conversation' },
  { keys: ['R'], action: 'reply', label: 'Reply' },
  { keys: ['N'], action: 'note', label: 'Write a private note' },
  { keys: ['E'], action: 'close', label: 'Close / resolve the conversation' },
  { keys: ['A'], action: 'assign_operator', label: 'Assign to an operator / agent' },
  { keys: ['G'], action: 'assign_group', label: 'Assign to a group / team' },
  { keys: ['1–5'], action: 'tab', label: 'Switch inbox tab' },
  { keys: ['Ctrl+K'], action: 'palette', label: 'Quick switch / open by id' },
  { keys: ['?'], action: 'help', label: 'Show keyboard shortcuts' },
  { keys: ['Esc'], action: 'escape', label: 'Close a dialog / back to the list' },
  { keys: ['Ctrl+Enter'], action: 'send', label: 'Send (Enter too, if set in Settings)' },
];

const TYPING_INPUT_TYPES = new Set([
  'text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'datetime-local', 'time', 'month', 'week',
]);

// True when keys typed into `el` are text, so single-letter shortcuts must not fire.
export function isTypingTarget(el) {
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = (el.tagName || '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return TYPING_INPUT_TYPES.has(String(el.type || 'text').toLowerCase());
  return false;
}

// The letter a shortcut key stands for, lower case. A Latin layout's own letter
// wins (J on Dvorak or AZERTY is where that layout prints J); a key that types
// another script (Russian "о", Hebrew "ח") falls back to its physical position,
// `code` ("KeyJ"), so the shortcuts work on every layout without switching.
function shortcutLetter(ev) {
  const key = ev.key || '';
  if (key.length === 1 && /[a-z]/i.test(key)) return key.toLowerCase();
  if (key.length === 1 && /\p{L}/u.test(key)) {
    const m = /^Key([A-Z])$/.exec(ev.code || '');
    return m ? m[1].toLowerCase() : null;
  }
  return null;
}

// A digit key: the digit typed, or (AZERTY's "&", "é"…) the digit printed on the key.
function shortcutDigit(ev) {
  if (/^[0-9]$/.test(ev.key || '')) return ev.key;
  const m = /^Digit([0-9])$/.exec(ev.code || '');
  return m && !ev.shiftKey ? m[1] : null;
}

const LETTER_ACTIONS = {
  j: 'next',
  k: 'prev',
  r: 'reply',
  n: 'note',
  e: 'close',
  a: 'assign_operator',
  g: 'assign_group',
};

// ev: {key, code, ctrlKey, metaKey, altKey, shiftKey}; ctx: {typing, dialogOpen}.
// Returns {action, arg?} or null.
export function keyAction(ev, ctx = {}) {
  const mod = ev.ctrlKey || ev.metaKey;
  const key = ev.key;
  const letter = shortcutLetter(ev);
  if (mod && !ev.altKey && letter === 'k') return { action: 'palette' };
  if (key === 'Escape') return { action: 'escape' };
  if (ctx.dialogOpen || ctx.typing) return null;
  if (mod || ev.altKey) return null;
  if (key === 'ArrowDown') return { action: 'next' };
  if (key === 'ArrowUp') return { action: 'prev' };
  if (key === 'Enter') return { action: 'open' };
  if (key === '?') return { action: 'help' };
  if (letter && LETTER_ACTIONS[letter]) return { action: LETTER_ACTIONS[letter] };
  const digit = shortcutDigit(ev);
  if (digit >= '1' && digit <= '5') return { action: 'tab', arg: Number(digit) - 1 };
  return null;
}

// Composer: does this keydown send? Ctrl/Cmd+Enter always; plain Enter only
// when "Enter sends" is on (Shift+Enter is then a newline).
export function isSendKey(ev, enterSends) {
  if (ev.key !== 'Enter' || ev.isComposing) return false;
  if (ev.ctrlKey || ev.metaKey) return true;
  return !!enterSends && !ev.shiftKey && !ev.altKey;
}
