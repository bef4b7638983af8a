// The composer: reply or private note (visibly different), a file by URL,
// canned replies on "/", Enter/Ctrl+Enter per settings. The text stays in the
// box until `send` resolves; a failed send leaves it there with the error.
import { h, setText, emitAction, toggleClass } from './dom.js';
import { icon } from './icons.js';
import { isSendKey } from '../state/keymap.js';
import { slashQuery, filterCanned, applyCanned } from '../state/canned.js';
import { errorBox } from './dialog.js';

export function mountComposer(el) {
  el.classList.add('composer');
  let mode = 'reply';
  let enterSends = true;
  let canned = [];
  let slash = null;
  let picks = [];
  let active = 0;
  let sending = false;

  const replyTab = h('button', { type: 'button', class: 'seg is-on', attrs: { 'aria-pressed': 'true', 'aria-keyshortcuts': 'R' }, on: { click: () => setMode('reply', true) } }, icon('send', { size: 14 }), h('span', { text: 'Reply' }));
  const noteTab = h('button', { type: 'button', class: 'seg', attrs: { 'aria-pressed': 'false', 'aria-keyshortcuts': 'N' }, on: { click: () => setMode('note', true) } }, icon('note', { size: 14 }), h('span', { text: 'Note' }));
  const noteHint = h('span', { class: 'note-hint', hidden: true, text: 'Private — only operators see notes' });
  const box = h('textarea', { class: 'composer-input', rows: 3, spellcheck: true, attrs: { 'aria-label': 'Reply to the customer', dir: 'auto' } });
  const cannedList = h('ul', { class: 'canned', hidden: true, id: 'canned-list', attrs: { role: 'listbox', 'aria-label': 'Canned replies' } });
  const fileBtn = h('button', { type: 'button', class: 'icon-btn', attrs: { 'aria-label': 'Send a file by URL', title: 'Send a file by URL' }, on: { click: () => emitAction(el, 'send_file') } }, icon('clip'));
  const hint = h('span', { class: 'composer-hint muted' });
  const sendBtn = h('button', { type: 'button', class: 'btn btn-primary send-btn', on: { click: () => send() } }, icon('send', { size: 14 }), h('span', { class: 'btn-label', text: 'Send' }));
  const error = errorBox();
  error.el.classList.add('composer-error');

  el.append(
    h('div', { class: 'composer-top' }, h('div', { class: 'segs', attrs: { role: 'group', 'aria-label': 'Message type' } }, replyTab, noteTab), noteHint),
    h('div', { class: 'composer-field' }, cannedList, box),
    error.el,
    h('div', { class: 'composer-bar' }, fileBtn, hint, sendBtn),
  );
  box.setAttribute('aria-controls', 'canned-list');

  function setHint() {
    setText(hint, `${enterSends ? 'Enter sends · Shift+Enter new line' : 'Ctrl+Enter sends'} · / canned replies`);
  }
  setHint();

  function setMode(m, focus) {
    mode = m;
    const note = m === 'note';
    toggleClass(el, 'is-note', note);
    toggleClass(replyTab, 'is-on', !note);
    toggleClass(noteTab, 'is-on', note);
    replyTab.setAttribute('aria-pressed', String(!note));
    noteTab.setAttribute('aria-pressed', String(note));
    noteHint.hidden = !note;
    box.setAttribute('aria-label', note ? 'Private note (operators only)' : 'Reply to the customer');
    box.placeholder = note ? 'Write a private note…' : 'Write a reply…';
    setText(sendBtn.querySelector('.btn-label'), note ? 'Add note' : 'Send');
    if (focus) box.focus();
  }
  setMode('reply');

  function autosize() {
    box.style.height = 'auto';
    box.style.height = `${Math.min(box.scrollHeight + 2, Math.max(120, window.innerHeight * 0.4))}px`;
  }

  function send() {
    if (sending) return;
    const text = box.value;
    if (!text.trim()) {
      box.focus();
      return;
    }
    closeCanned();
    emitAction(el, 'send', { mode, text });
  }

  function closeCanned() {
    slash = null;
    cannedList.hidden = true;
    box.removeAttribute('aria-activedescendant');
    box.setAttribute('aria-expanded', 'false');
  }

  function renderCanned() {
    cannedList.replaceChildren(...picks.map((r, i) => h('li', {
      id: `canned-${i}`, class: ['canned-opt', i === active && 'is-active'],
      attrs: { role: 'option', 'aria-selected': i === active ? 'true' : 'false' },
      on: { mousedown: (e) => { e.preventDefault(); insertCanned(i); } },
    }, h('span', { class: 'canned-key', text: `/${r.shortcut}` }), h('span', { class: 'canned-text', text: r.text }))));
    cannedList.hidden = picks.length === 0;
    box.setAttribute('aria-expanded', String(!cannedList.hidden));
    if (picks.length) box.setAttribute('aria-activedescendant', `canned-${active}`);
  }

  function updateCanned() {
    slash = slashQuery(box.value, box.selectionStart);
    if (!slash || !canned.length) return closeCanned();
    picks = filterCanned(canned, slash.query);
    active = 0;
    renderCanned();
  }

  function insertCanned(i) {
    const r = picks[i];
    if (!r || !slash) return;
    const next = applyCanned(box.value, slash, r);
    box.value = next.text;
    box.setSelectionRange(next.caret, next.caret);
    closeCanned();
    autosize();
    emitAction(el, 'draft', { text: box.value });
  }

  box.addEventListener('input', () => {
    autosize();
    updateCanned();
    emitAction(el, 'draft', { text: box.value });
  });
  box.addEventListener('keydown', (e) => {
    if (slash && picks.length && !cannedList.hidden) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        active = (active + (e.key === 'ArrowDown' ? 1 : picks.length - 1)) % picks.length;
        renderCanned();
        e.preventDefault();
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        insertCanned(active);
        e.preventDefault();
        return;
      }
      if (e.key === 'Escape') {
        closeCanned();
        e.preventDefault();
        e.stopPropagation();
        return;
      }
    }
    if (isSendKey(e, enterSends)) {
      e.preventDefault();
      send();
    }
  });
  box.addEventListener('blur', () => setTimeout(closeCanned, 0));

  return {
    input: box,
    setMode,
    mode: () => mode,
    focus() {
      box.focus();
    },
    setText(text) {
      box.value = text || '';
      autosize();
      error.hide();
    },
    text: () => box.value,
    setEnterSends(v) {
      enterSends = !!v;
      setHint();
    },
    setCanned(list) {
      canned = Array.isArray(list) ? list : [];
    },
    setSending(on) {
      sending = on;
      box.readOnly = on;
      sendBtn.disabled = on;
      toggleClass(sendBtn, 'is-busy', on);
      if (on) sendBtn.setAttribute('aria-busy', 'true');
      else sendBtn.removeAttribute('aria-busy');
    },
    showError(err) {
      error.show(err);
    },
    hideError() {
      error.hide();
    },
    setFileAllowed(on) {
      fileBtn.hidden = !on;
    },
    setEnabled(on) {
      box.disabled = !on;
      sendBtn.disabled = !on;
    },
  };
}
