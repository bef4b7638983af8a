// The account form (first-run screen and Settings → Add account). The token
// goes into Rust once through `add_account` and is cleared from the field
// right after submit, whatever the outcome; it is never shown again.
import { h, uniqueId, withBusy } from './dom.js';
import { errorBox, button } from './dialog.js';
import { accountArgs } from '../state/forms.js';
import { describeError } from '../state/errors.js';

const DEFAULT_URL = { blinger: 'https://app.blinger.io/api', chatwoot: 'https://app.chatwoot.com' };

function field(label, input, hint, cls) {
  const id = input.id || (input.id = uniqueId('acc'));
  const err = h('p', { class: 'field-error', hidden: true, attrs: { 'aria-live': 'polite' } });
  input.setAttribute('aria-describedby', `${id}-err`);
  err.id = `${id}-err`;
  return { el: h('div', { class: ['field', cls] }, h('label', { for: id, text: label }), input, hint ? h('p', { class: 'field-hint', text: hint }) : null, err), err };
}

export function accountForm({ onSubmit, submitLabel = 'Add account' }) {
  const inp = (name, type = 'text', extra = {}) => h('input', { name, type, class: 'input', autocomplete: 'off', spellcheck: false, ...extra });
  const provider = h('div', { class: 'segs provider-segs', attrs: { role: 'radiogroup', 'aria-label': 'Provider' } });
  const radios = ['blinger', 'chatwoot'].map((p) => {
    const id = uniqueId('prov');
    const r = h('input', { type: 'radio', name: 'provider', value: p, id, checked: p === 'blinger', class: 'sr-only' });
    provider.append(h('label', { for: id, class: 'seg seg-radio' }, r, h('span', { text: p === 'blinger' ? 'Blinger.io' : 'Chatwoot / 99digital' })));
    return r;
  });
  const f = {
    name: field('Account name', inp('name', 'text', { placeholder: 'Support', required: true }), 'How this account appears in the rail.'),
    api_url: field('API URL', inp('api_url', 'url', { value: DEFAULT_URL.blinger })),
    token: field('API token', inp('token', 'password', { autocomplete: 'new-password' }), 'Kept in the system keyring; never shown again.'),
    operator_id: field('Your operator id', inp('operator_id', 'text', { inputMode: 'numeric', placeholder: 'e.g. 7' }), 'Actions are attributed to this operator (empty: the admin).', 'only-blinger'),
    group_ids: field('Group ids', inp('group_ids', 'text', { placeholder: 'e.g. 1, 4' }), 'Your groups, comma separated (optional).', 'only-blinger'),
    widget_url: field('Widget API URL', inp('widget_url', 'url', { placeholder: 'https://widget.blinger.io/api/external/v1' }), 'Optional: enables widget actions.', 'only-blinger'),
    widget_token: field('Widget API token', inp('widget_token', 'password', { autocomplete: 'new-password' }), null, 'only-blinger'),
    account_id: field('Account id', inp('account_id', 'text', { inputMode: 'numeric', placeholder: 'e.g. 1' }), null, 'only-chatwoot'),
    inbox_id: field('Inbox id', inp('inbox_id', 'text', { inputMode: 'numeric', placeholder: 'all inboxes' }), 'Optional: only this inbox.', 'only-chatwoot'),
  };
  // Tokens go over https only, unless the server is this machine or the operator
  // allows plain http here (Rust checks the same and remembers the choice).
  const insecure = h('input', { type: 'checkbox', name: 'insecure', id: uniqueId('acc'), class: 'checkbox' });
  const insecureField = h('div', { class: 'field field-check' }, insecure,
    h('label', { for: insecure.id, text: 'Allow plain http for this account' }),
    h('p', { class: 'field-hint', text: 'Only for a server without https: the token then crosses the network unencrypted. Not needed for a server on this computer.' }));
  const err = errorBox();
  const submit = button(submitLabel, { kind: 'primary', type: 'submit' });
  const form = h('form', { class: 'form account-form', attrs: { novalidate: true, 'aria-label': 'Account' } },
    h('div', { class: 'field' }, h('span', { class: 'label', text: 'Provider' }), provider),
    Object.values(f).map((x) => x.el), insecureField, err.el, h('div', { class: 'form-actions' }, submit));

  let current = 'blinger';
  function setProvider(p) {
    const urlInput = form.elements.api_url;
    if (!urlInput.value || urlInput.value === DEFAULT_URL[current]) urlInput.value = DEFAULT_URL[p];
    current = p;
    form.classList.toggle('is-chatwoot', p === 'chatwoot');
    form.classList.toggle('is-blinger', p === 'blinger');
    for (const el of form.querySelectorAll('.only-blinger')) el.hidden = p !== 'blinger';
    for (const el of form.querySelectorAll('.only-chatwoot')) el.hidden = p !== 'chatwoot';
  }
  for (const r of radios) r.addEventListener('change', () => r.checked && setProvider(r.value));
  setProvider('blinger');

  let inFlight = false;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (inFlight) return;
    const values = { provider: current, insecure: insecure.checked };
    for (const k of Object.keys(f)) values[k] = form.elements[k].value;
    // The secret leaves the DOM now, before anything else can go wrong.
    form.elements.token.value = '';
    form.elements.widget_token.value = '';
    for (const x of Object.values(f)) x.err.hidden = true;
    err.hide();
    const { args, errors } = accountArgs(values);
    if (errors) {
      for (const [k, msg] of Object.entries(errors)) {
        if (!f[k]) continue;
        f[k].err.textContent = msg;
        f[k].err.hidden = false;
      }
      if (!errors.token && values.token) {
        f.token.err.textContent = 'Enter the token again (it is cleared after each try).';
        f.token.err.hidden = false;
      }
      const first = Object.keys(errors).find((k) => f[k]);
      if (first) form.elements[first].focus();
      return;
    }
    inFlight = true;
    try {
      await withBusy(submit, Promise.resolve(onSubmit(args)));
      form.reset();
      setProvider('blinger');
    } catch (ex) {
      const d = describeError(ex);
      err.show({ text: d.text, hint: `${d.hint ? `${d.hint} ` : ''}Enter the token again to retry.` });
    } finally {
      inFlight = false;
    }
  });
  return form;
}
