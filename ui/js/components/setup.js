// First run: no account yet (and not the demo) → this screen instead of the inbox.
import { h } from './dom.js';
import { icon } from './icons.js';
import { accountForm } from './account-form.js';

export function mountSetup(el, { onSubmit }) {
  el.classList.add('setup');
  const form = accountForm({ onSubmit, submitLabel: 'Connect account' });
  el.replaceChildren(h('div', { class: 'setup-card' },
    h('div', { class: 'setup-head' }, h('span', { class: 'brand-mark brand-lg' }, icon('bell', { size: 20 })),
      h('div', {}, h('h1', { text: 'Welcome to Deskbell' }),
        h('p', { class: 'muted', text: 'Connect a Blinger.io or Chatwoot account to see its conversations here. You can add more accounts later in Settings.' }))),
    form));
  const first = form.querySelector('input[name=name]');
  if (first) first.focus();
  return { form };
}
