// The open conversation's header: who and where, and the actions the account's
// provider supports. Every action button is found by its data-act name so the
// app can mark it busy while the command runs.
import { h, setText, emitAction } from './dom.js';
import { icon, channelIcon } from './icons.js';
import { channelInfo } from '../state/channels.js';
import { own } from '../state/lookup.js';

const STATUS_LABEL = { open: 'Open', unassigned: 'Unassigned', closed: 'Closed', pending: 'Pending', snoozed: 'Snoozed' };

function actBtn(act, label, iconName, { shortcut, title, primary } = {}) {
  return h('button', {
    type: 'button', class: ['btn', primary ? 'btn-primary' : 'btn-secondary', 'btn-sm', 'act-btn'], dataset: { act },
    attrs: { title: title || (shortcut ? `${label} (${shortcut})` : label), 'aria-keyshortcuts': shortcut, 'aria-label': label },
  }, icon(iconName, { size: 14 }), h('span', { class: 'btn-label', text: label }));
}

export function mountConvHeader(el) {
  el.classList.add('conv-head');
  const chan = h('span', { class: 'conv-chan' });
  const name = h('h2', { class: 'conv-name', id: 'conv-name' });
  const sub = h('p', { class: 'conv-sub' });
  const status = h('span', { class: 'pill' });
  const actions = h('div', { class: 'conv-actions', attrs: { role: 'toolbar', 'aria-label': 'Conversation actions' } });
  const toggle = h('button', {
    type: 'button', class: 'icon-btn', attrs: { 'aria-label': 'Show details', 'aria-pressed': 'true', title: 'Details panel' },
    on: { click: () => emitAction(el, 'toggle_details') },
  }, icon('panel'));
  el.append(h('div', { class: 'conv-id' }, chan, h('div', { class: 'conv-titles' }, h('div', { class: 'conv-title-line' }, name, status), sub)), actions, toggle);

  actions.addEventListener('click', (e) => {
    const b = e.target.closest('[data-act]');
    if (b && !b.disabled) emitAction(b, 'conv_action', { act: b.dataset.act });
  });

  return {
    set(item, account, details) {
      const channel = (item && item.channel) || (details && details.channel) || '';
      chan.replaceChildren(channelIcon(channel, 28));
      setText(name, (item && item.customer_name) || (details && details.customer && details.customer.name) || 'Unknown customer');
      const st = (item && item.status) || (details && details.status) || '';
      setText(status, own(STATUS_LABEL, st) || st);
      status.className = `pill pill-${own(STATUS_LABEL, st) ? st : 'other'}`;
      status.hidden = !st;
      const conv = item ? item.key.conversation : '';
      setText(sub, [channelInfo(channel).label, conv ? `#${conv}` : '', account ? account.name : ''].filter(Boolean).join(' · '));
      const list = [];
      // The likely next step stands out: take what nobody has, else close it.
      const waiting = st === 'unassigned' || (item && !item.assignee && st !== 'closed');
      if (account && account.provider === 'chatwoot') {
        list.push(actBtn('take', 'Take', 'userPlus', { title: 'Assign to me', primary: waiting }));
        if (st === 'closed') list.push(actBtn('reopen', 'Reopen', 'retry', { shortcut: 'E' }));
        else list.push(actBtn('resolve', 'Resolve', 'check', { shortcut: 'E', primary: !waiting }));
        if (st !== 'pending') list.push(actBtn('pending', 'Pending', 'hourglass'));
        list.push(actBtn('snooze', 'Snooze', 'clock', { title: 'Snooze until…' }));
        list.push(actBtn('assign_agent', 'Agent', 'user', { shortcut: 'A', title: 'Assign an agent' }));
        list.push(actBtn('assign_team', 'Team', 'users', { shortcut: 'G', title: 'Assign a team' }));
      } else {
        list.push(actBtn('take', 'Take', 'userPlus', { title: 'Assign to me', primary: waiting }));
        list.push(actBtn('close', 'Close', 'check', { shortcut: 'E', primary: !waiting && st !== 'closed' }));
        list.push(actBtn('unassign', 'Unassign', 'userMinus'));
        list.push(actBtn('assign_operator', 'Assign', 'user', { shortcut: 'A', title: 'Assign an operator' }));
        list.push(actBtn('assign_group', 'Group', 'users', { shortcut: 'G', title: 'Assign a group' }));
        if (account && account.widget) list.push(actBtn('widget', 'Widget', 'message', { title: 'Widget API actions' }));
      }
      actions.replaceChildren(...list);
    },
    button(act) {
      return actions.querySelector(`[data-act="${act}"]`);
    },
    setDetailsShown(on) {
      toggle.setAttribute('aria-pressed', String(on));
      toggle.setAttribute('aria-label', on ? 'Hide details' : 'Show details');
    },
  };
}
