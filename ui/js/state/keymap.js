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

// ev: {key, ctrlKey, metaKey, altKey}; ctx: {typing, dialogOpen}.
// Returns {action, arg?} or null.
export function keyAction(ev, ctx = {}) {
  const mod = ev.ctrlKey || ev.metaKey;
  const key = ev.key;
  if (mod && !ev.altKey && (key === 'k' || key === 'K')) return { action: 'palette' };
  if (key === 'Escape') return { action: 'escape' };
  if (ctx.dialogOpen || ctx.typing) return null;
  if (mod || ev.altKey) return null;
  switch (key) {
    case 'j':
    case 'J':
    case 'ArrowDown':
      return { action: 'next' };
    case 'k':
    case 'K':
    case 'ArrowUp':
      return { action: 'prev' };
    case 'Enter':
      return { action: 'open' };
    case 'r':
    case 'R':
      return { action: 'reply' };
    case 'n':
    case 'N':
      return { action: 'note' };
    case 'e':
    case 'E':
      return { action: 'close' };
    case 'a':
    case 'A':
      return { action: 'assign_operator' };
    case 'g':
    case 'G':
      return { action: 'assign_group' };
    case '?':
      return { action: 'help' };
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
      return { action: 'tab', arg: Number(key) - 1 };
    default:
      return null;
  }
}

// Composer: does this keydown send? Ctrl/Cmd+Enter always; plain Enter only
// when "Enter sends" is on (Shift+Enter is then a newline).
export function isSendKey(ev, enterSends) {
  if (ev.key !== 'Enter' || ev.isComposing) return false;
  if (ev.ctrlKey || ev.metaKey) return true;
  return !!enterSends && !ev.shiftKey && !ev.altKey;
}
