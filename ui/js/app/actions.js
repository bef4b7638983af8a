// Conversation actions (take, close, assign…, Chatwoot status and assignment,
// Widget API) and the Chatwoot "new conversation" form. Each runs under the
// in-flight guard, marks its button busy, and reports the server's own words.
import { keyId } from '../state/keys.js';
import { describeError } from '../state/errors.js';
import { toLocalInputValue, fromLocalInputValue } from '../state/time.js';
import { withBusy, h } from '../components/dom.js';
import { openPicker } from '../components/picker.js';
import { promptDialog } from '../components/prompt.js';
import { openWidgetDialog } from '../components/widget.js';
import { openCreateConversation } from '../components/create-conversation.js';

const DONE = {
  take: 'Assigned to you', close: 'Conversation closed', unassign: 'Conversation unassigned',
  assign_operator: 'Operator assigned', assign_group: 'Group assigned', widget_assign_agent: 'Agent assigned',
  widget_request_review: 'Review requested', chatwoot_toggle_status: 'Status changed', chatwoot_assign: 'Assigned',
};
const FAILED = {
  take: 'Could not take the conversation', close: 'Could not close the conversation', unassign: 'Could not unassign',
  chatwoot_toggle_status: 'Could not change the status',
};

export function createActions(app) {
  const { api, guard, ui } = app;
  const dirCache = new Map();

  // Read at most once a minute per account, unless `fresh` (Settings) asks.
  function directory(account, { fresh = false } = {}) {
    const hit = dirCache.get(account);
    if (!fresh && hit && Date.now() - hit.at < 60_000) return hit.p;
    const p = api.directory(account);
    dirCache.set(account, { at: Date.now(), p });
    p.catch(() => dirCache.delete(account));
    return p;
  }

  // A name given in Settings shows in the next picker at once.
  async function setDirectoryName(account, kind, id, name) {
    const dir = await api.setDirectoryName(account, kind, id, name);
    dirCache.set(account, { at: Date.now(), p: Promise.resolve(dir) });
    return dir;
  }

  // The conversation an action is about: the open one, else the selected row.
  function target() {
    const key = app.conversation.key();
    if (key) return key;
    const it = ui.pane.list.selected();
    return it ? it.key : null;
  }

  function applyResult(item) {
    if (item && item.key) {
      app.inbox.applyInboxChanges([{ op: 'upsert', item }]);
      app.conversation.onItemChanged(item);
    }
  }

  // Runs `act`; a second call for the same conversation+action while the first
  // is in flight returns null and sends nothing.
  function act(key, action, button, { quiet = false } = {}) {
    const p = guard.run(`act:${keyId(key)}:${action.action}`, () => api.act(key, action));
    if (!p) return null;
    const run = withBusy(button, p).then((item) => {
      applyResult(item);
      if (!quiet) app.toast.success(DONE[action.action] || 'Done');
      return item;
    });
    return run;
  }

  function actWithToast(key, action, button) {
    const p = act(key, action, button);
    if (p) p.catch((e) => app.toast.error(FAILED[action.action] || 'The action failed', describeError(e)));
    return p;
  }

  function pick(key, kind) {
    const acc = app.account(key.account);
    const spec = {
      operator: { title: 'Assign to an operator', noun: 'operator', field: 'operators', icon: 'user', action: (id) => ({ action: 'assign_operator', operator_id: id }) },
      group: { title: 'Assign to a group', noun: 'group', field: 'groups', icon: 'users', action: (id) => ({ action: 'assign_group', group_id: id }) },
      agent: { title: 'Assign to an agent', noun: 'agent', field: 'agents', icon: 'user', action: (id) => ({ action: 'chatwoot_assign', assignee: { to: 'agent', id } }) },
      team: { title: 'Assign to a team', noun: 'team', field: 'teams', icon: 'users', action: (id) => ({ action: 'chatwoot_assign', assignee: { to: 'team', id } }) },
    }[kind];
    openPicker({
      title: spec.title,
      noun: spec.noun,
      iconName: spec.icon,
      options: directory(key.account).then((d) => (d && d[spec.field]) || []),
      onPick: (o) => act(key, spec.action(String(o.id)), null) || Promise.reject({ kind: 'invalid_input', message: 'Already in progress.' }),
    });
  }

  function snooze(key, button) {
    const inOneHour = Math.floor(Date.now() / 1000) + 3600;
    const quick = (label, secs) => h('button', { type: 'button', class: 'btn btn-ghost btn-sm', text: label, on: { click: () => { form.inputs.until.value = toLocalInputValue(secs); } } });
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    tomorrow.setHours(9, 0, 0, 0);
    const nextWeek = new Date(tomorrow);
    while (nextWeek.getDay() !== 1) nextWeek.setDate(nextWeek.getDate() + 1);
    const form = promptDialog({
      title: 'Snooze until',
      intro: 'The conversation comes back as open at this time, or when the customer writes.',
      fields: [{ name: 'until', label: 'Date and time', type: 'datetime-local', value: toLocalInputValue(inOneHour), required: true, autofocus: true }],
      extra: h('div', { class: 'row-actions quick-times' }, quick('In 1 hour', inOneHour), quick('Tomorrow 9:00', tomorrow.getTime() / 1000), quick('Next Monday 9:00', nextWeek.getTime() / 1000)),
      submitLabel: 'Snooze',
      onSubmit: ({ until }) => {
        const secs = fromLocalInputValue(until);
        if (!secs) throw { kind: 'invalid_input', message: 'Pick a date and time.' };
        if (secs <= Date.now() / 1000) throw { kind: 'invalid_input', message: 'Pick a time in the future.' };
        return act(key, { action: 'chatwoot_toggle_status', status: 'snoozed', snoozed_until: secs }, button) || Promise.reject({ kind: 'invalid_input', message: 'Already in progress.' });
      },
    });
    return form;
  }

  function widget(key) {
    const details = app.conversation.details();
    // Widget sends address the widget's own conversation (a UUID), not the open
    // thread: no pending copy goes into the thread; failures arrive as toasts.
    const sendWidget = (payload) =>
      guard.run(`send:widget:${payload.widget_conversation}`, () => api.send(key, payload))
      || Promise.reject({ kind: 'invalid_input', message: 'A message is already being sent.' });
    openWidgetDialog({
      widgetConv: app.widgetConv(key, details),
      // Widget agents are UUIDs the Widget API does not list; Blinger operator ids would be refused.
      agents: directory(key.account).then((d) => (d && d.agents) || []),
      onRemember: (wc) => {
        app.rememberWidgetConv(key, wc);
        app.conversation.repaint();
      },
      onAction: (name, p) => {
        switch (name) {
          case 'assign': {
            const run = act(key, { action: 'widget_assign_agent', widget_conversation: p.widget_conversation, agent_id: p.agent_id }, null);
            // The agent the server took is offered next time (Rust remembers it).
            if (run) run.then(() => dirCache.delete(key.account), () => {});
            return run;
          }
          case 'review':
            return act(key, { action: 'widget_request_review', widget_conversation: p.widget_conversation }, null);
          case 'text':
            return sendWidget({ type: 'widget_text', widget_conversation: p.widget_conversation, text: p.text });
          case 'file':
            return sendWidget({ type: 'widget_file', widget_conversation: p.widget_conversation, url: p.url });
          default:
            return null;
        }
      },
    });
  }

  // From the header buttons and the keyboard.
  function run(name, button) {
    const key = target();
    if (!key) {
      app.toast.info('Open or select a conversation first.');
      return;
    }
    const acc = app.account(key.account);
    const chatwoot = acc && acc.provider === 'chatwoot';
    // Keyboard-triggered actions on the open conversation show progress on its header button.
    if (!button && app.conversation.key() === key) {
      button = ui.header.button(name) || (name === 'close' && chatwoot ? ui.header.button('resolve') : null);
    }
    const toggle = (status) => actWithToast(key, { action: 'chatwoot_toggle_status', status, snoozed_until: null }, button);
    switch (name) {
      case 'take': return actWithToast(key, { action: 'take' }, button);
      case 'close': return chatwoot ? toggle('resolved') : actWithToast(key, { action: 'close' }, button);
      case 'unassign': return actWithToast(key, { action: 'unassign' }, button);
      case 'assign_operator': return pick(key, chatwoot ? 'agent' : 'operator');
      case 'assign_group': return pick(key, chatwoot ? 'team' : 'group');
      case 'resolve': return toggle('resolved');
      case 'reopen': return toggle('open');
      case 'pending': return toggle('pending');
      case 'snooze': return snooze(key, button);
      case 'assign_agent': return pick(key, 'agent');
      case 'assign_team': return pick(key, 'team');
      case 'widget': return acc && acc.widget ? widget(key) : null;
      default: return null;
    }
  }

  function createConversation() {
    const accounts = app.accounts().filter((a) => a.provider === 'chatwoot');
    if (!accounts.length) return;
    openCreateConversation({
      accounts,
      current: app.inbox.scope().account,
      directory,
      onCreate: async (args) => {
        const p = guard.run(`create:${args.account}`, () => api.createConversation(args));
        if (!p) throw { kind: 'invalid_input', message: 'Already in progress.' };
        const item = await p;
        if (item && item.key) {
          app.inbox.applyInboxChanges([{ op: 'upsert', item }]);
          app.toast.success('Conversation created');
          app.conversation.open(item.key);
        }
      },
    });
  }

  return { run, createConversation, directory, setDirectoryName };
}
