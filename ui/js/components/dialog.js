// Modal dialogs on the native <dialog> element: showModal() makes the rest of
// the window inert, Esc fires "cancel", and focus returns where it was.
import { h, uniqueId } from './dom.js';
import { icon } from './icons.js';

let openCount = 0;
export function dialogOpen() {
  return openCount > 0;
}

// body: Node or array of Nodes; footer: array of Nodes (buttons).
export function openDialog({ title, body, footer = [], className = '', onClose, describedBy, wide = false } = {}) {
  const titleId = uniqueId('dlg-title');
  const previous = document.activeElement;
  const closeBtn = h('button', {
    type: 'button', class: 'icon-btn dlg-x', attrs: { 'aria-label': 'Close' }, on: { click: () => close() },
  }, icon('x'));
  const el = h('dialog', {
    class: ['dlg', wide && 'dlg-wide', className],
    attrs: { 'aria-labelledby': titleId, 'aria-describedby': describedBy },
  },
  h('header', { class: 'dlg-head' }, h('h2', { id: titleId, class: 'dlg-title', text: title }), closeBtn),
  h('div', { class: 'dlg-body' }, body),
  footer.length ? h('footer', { class: 'dlg-foot' }, footer) : null);

  let closed = false;
  function close(result) {
    if (closed) return;
    closed = true;
    openCount -= 1;
    if (el.open) el.close();
    el.remove();
    if (previous && previous.isConnected && typeof previous.focus === 'function') previous.focus();
    if (onClose) onClose(result);
  }
  el.addEventListener('cancel', (e) => {
    e.preventDefault();
    close();
  });
  // A click on the backdrop (the dialog box itself, outside its content) closes.
  el.addEventListener('mousedown', (e) => {
    if (e.target === el) {
      const r = el.getBoundingClientRect();
      const inside = e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
      if (!inside) close();
    }
  });
  (document.getElementById('dialogs') || document.body).append(el);
  openCount += 1;
  el.showModal();
  // Focus the first field; a dialog without fields takes focus itself (not its close button).
  const first = el.querySelector('[autofocus]') || el.querySelector('input:not([type=hidden]), textarea, select');
  if (first) first.focus();
  else {
    el.tabIndex = -1;
    el.focus();
  }
  return { el, close, get closed() { return closed; } };
}

// An error line that stays until dismissed (or replaced). Text only.
export function errorBox() {
  const text = h('p', { class: 'err-text' });
  const hint = h('p', { class: 'err-hint' });
  const box = h('div', { class: 'inline-error', hidden: true, attrs: { role: 'alert' } },
    icon('alert'), h('div', { class: 'err-body' }, text, hint),
    h('button', { type: 'button', class: 'icon-btn', attrs: { 'aria-label': 'Dismiss error' }, on: { click: () => hide() } }, icon('x')));
  function show(err) {
    text.textContent = err.text;
    hint.textContent = err.hint || '';
    hint.hidden = !err.hint;
    box.hidden = false;
  }
  function hide() {
    box.hidden = true;
  }
  return { el: box, show, hide };
}

export function button(label, { kind = 'secondary', iconName, onClick, type = 'button', attrs, shortcut, title } = {}) {
  return h('button', {
    type, class: ['btn', `btn-${kind}`], on: onClick ? { click: onClick } : undefined,
    attrs: { ...(attrs || {}), title: title || (shortcut ? `${label} (${shortcut})` : undefined), 'aria-keyshortcuts': shortcut },
  }, iconName ? icon(iconName) : null, h('span', { class: 'btn-label', text: label }));
}
