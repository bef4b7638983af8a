// Chatwoot / 99digital "Add conversation": every field of the API page —
// inbox_id, source_id, contact_id, status, assignee_id, team_id,
// custom_attributes and additional_attributes as key–value rows, and a first message.
import { h, uniqueId, withBusy } from './dom.js';
import { openDialog, errorBox, button } from './dialog.js';
import { icon } from './icons.js';
import { conversationArgs } from '../state/forms.js';
import { describeError } from '../state/errors.js';

function kvEditor(label) {
  const rows = h('div', { class: 'kv-rows' });
  const add = () => {
    const k = h('input', { class: 'input', placeholder: 'key', attrs: { 'aria-label': `${label} key` }, spellcheck: false });
    const v = h('input', { class: 'input', placeholder: 'value', attrs: { 'aria-label': `${label} value` }, spellcheck: false });
    const row = h('div', { class: 'kv-row' }, k, v,
      h('button', { type: 'button', class: 'icon-btn', attrs: { 'aria-label': `Remove ${label} row` }, on: { click: () => row.remove() } }, icon('x')));
    rows.append(row);
    return row;
  };
  add();
  const err = h('p', { class: 'field-error', hidden: true });
  const el = h('fieldset', { class: 'field kv-field' }, h('legend', { text: label }), rows, err,
    h('button', { type: 'button', class: 'btn btn-ghost btn-sm', on: { click: () => add().querySelector('input').focus() } }, icon('plus', { size: 14 }), h('span', { text: 'Add row' })));
  return { el, err, add, values: () => [...rows.children].map((r) => { const [k, v] = r.querySelectorAll('input'); return { key: k.value, value: v.value }; }) };
}

export function openCreateConversation({ accounts, current, directory, onCreate }) {
  const err = errorBox();
  const fields = {};
  const errs = {};
  const mk = (name, label, input, hint) => {
    input.id = uniqueId('cc');
    fields[name] = input;
    errs[name] = h('p', { class: 'field-error', hidden: true });
    return h('div', { class: 'field' }, h('label', { for: input.id, text: label }), input, hint ? h('p', { class: 'field-hint', text: hint }) : null, errs[name]);
  };
  const text = (ph, extra = {}) => h('input', { type: 'text', class: 'input', placeholder: ph || '', autocomplete: 'off', spellcheck: false, ...extra });
  const account = h('select', { class: 'select' }, accounts.map((a) => h('option', { value: a.id, text: a.name })));
  account.value = current && accounts.some((a) => a.id === current) ? current : accounts[0] ? accounts[0].id : '';
  const acc = () => accounts.find((a) => a.id === account.value);
  const inbox = text('e.g. 3', { inputMode: 'numeric', value: acc() && acc().inbox_id != null ? String(acc().inbox_id) : '' });
  const status = h('select', { class: 'select' }, [['', 'Server default'], ['open', 'Open'], ['pending', 'Pending'], ['resolved', 'Resolved'], ['snoozed', 'Snoozed']].map(([v, l]) => h('option', { value: v, text: l })));
  const agentsList = h('datalist', { id: uniqueId('agents') });
  const teamsList = h('datalist', { id: uniqueId('teams') });
  const assignee = text('agent id', { inputMode: 'numeric' });
  assignee.setAttribute('list', agentsList.id);
  const team = text('team id', { inputMode: 'numeric' });
  team.setAttribute('list', teamsList.id);
  const custom = kvEditor('Custom attributes');
  const extra = kvEditor('Additional attributes');
  const message = h('textarea', { class: 'input', rows: 3, placeholder: 'Optional first message to the contact', attrs: { dir: 'auto' } });

  function loadDirectory() {
    Promise.resolve(directory(account.value)).then((d) => {
      const opt = (o) => h('option', { value: String(o.id), text: o.name || `#${o.id}` });
      agentsList.replaceChildren(...((d && d.agents) || []).map(opt));
      teamsList.replaceChildren(...((d && d.teams) || []).map(opt));
    }).catch(() => {});
  }
  account.addEventListener('change', () => {
    const a = acc();
    if (a && a.inbox_id != null) inbox.value = String(a.inbox_id);
    loadDirectory();
  });
  loadDirectory();

  const form = h('form', { class: 'form form-grid', id: uniqueId('form'), attrs: { novalidate: true } },
    mk('account', 'Account', account),
    mk('inbox_id', 'Inbox id (required)', inbox),
    mk('source_id', 'Source id', text('phone, email or widget session'), 'Ties the conversation to the contact in this inbox.'),
    mk('contact_id', 'Contact id', text('e.g. 42', { inputMode: 'numeric' }), 'Give a source id, a contact id, or both.'),
    mk('status', 'Status', status),
    mk('assignee_id', 'Assignee (agent id)', assignee),
    mk('team_id', 'Team id', team),
    agentsList, teamsList,
    h('div', { class: 'span-2' }, custom.el),
    h('div', { class: 'span-2' }, extra.el),
    h('div', { class: 'span-2' }, mk('message', 'First message', message)),
    h('div', { class: 'span-2' }, err.el));
  const submit = button('Create conversation', { kind: 'primary', type: 'submit' });
  submit.setAttribute('form', form.id);
  const cancel = button('Cancel');
  const dlg = openDialog({ title: 'New conversation', wide: true, className: 'dlg-create', body: form, footer: [cancel, submit] });
  cancel.addEventListener('click', () => dlg.close());

  let inFlight = false;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (inFlight) return;
    for (const el of Object.values(errs)) el.hidden = true;
    custom.err.hidden = true;
    extra.err.hidden = true;
    err.hide();
    const values = { account: account.value, status: status.value, custom_attributes: custom.values(), additional_attributes: extra.values() };
    for (const k of ['inbox_id', 'source_id', 'contact_id', 'assignee_id', 'team_id', 'message']) values[k] = fields[k].value;
    const { args, errors } = conversationArgs(values);
    if (errors) {
      for (const [k, msg] of Object.entries(errors)) {
        const target = k === 'custom_attributes' ? custom.err : k === 'additional_attributes' ? extra.err : errs[k];
        if (target) {
          target.textContent = msg;
          target.hidden = false;
        }
      }
      return;
    }
    inFlight = true;
    try {
      await withBusy(submit, Promise.resolve(onCreate(args)));
      dlg.close();
    } catch (ex) {
      err.show(describeError(ex));
    } finally {
      inFlight = false;
    }
  });
  return dlg;
}
