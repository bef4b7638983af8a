// Toasts: successes fade on their own; errors stay until dismissed, because
// an operator glancing away must still learn that an action failed.
import { h } from './dom.js';
import { icon } from './icons.js';

export function mountToasts(el) {
  el.classList.add('toasts');
  el.setAttribute('role', 'region');
  el.setAttribute('aria-label', 'Notifications');
  const polite = h('div', { class: 'toast-stack', attrs: { 'aria-live': 'polite' } });
  const assertive = h('div', { class: 'toast-stack', attrs: { 'aria-live': 'assertive' } });
  el.append(assertive, polite);

  function show({ kind = 'info', title, text, hint, timeout }) {
    const dismiss = () => t.remove();
    const t = h('div', { class: ['toast', `toast-${kind}`] },
      icon(kind === 'error' ? 'alert' : kind === 'success' ? 'check' : 'bell'),
      h('div', { class: 'toast-body' },
        title ? h('p', { class: 'toast-title', text: title }) : null,
        h('p', { class: 'toast-text', text }),
        hint ? h('p', { class: 'toast-hint', text: hint }) : null),
      h('button', { type: 'button', class: 'icon-btn', attrs: { 'aria-label': 'Dismiss' }, on: { click: dismiss } }, icon('x')));
    (kind === 'error' ? assertive : polite).append(t);
    const ms = timeout ?? (kind === 'error' ? 0 : 3500);
    if (ms > 0) setTimeout(dismiss, ms);
    // Keep the stack short: the oldest non-error toasts go first.
    const all = el.querySelectorAll('.toast');
    if (all.length > 5) all[0].remove();
    return dismiss;
  }

  return {
    error: (title, err) => show({ kind: 'error', title, text: err.text, hint: err.hint }),
    success: (text) => show({ kind: 'success', text }),
    info: (text) => show({ kind: 'info', text }),
    show,
  };
}
