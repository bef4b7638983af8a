// The middle column: what is being looked at (scope + tab), the Chatwoot
// status filter, the list itself, and its loading / empty states. The
// skeleton has the rows' exact height, so nothing jumps when data arrives.
import { h, setText, emitAction } from './dom.js';
import { icon } from './icons.js';
import { mountInboxList } from './inbox-list.js';
import { STATUS_FILTERS } from '../state/views.js';

export const ROW_HEIGHT = 68;

export function mountInboxPane(el, { accountName } = {}) {
  el.classList.add('inbox-pane');
  const title = h('h1', { class: 'pane-title', id: 'inbox-title' });
  const scope = h('span', { class: 'pane-scope' });
  const count = h('span', { class: 'pane-count' });
  const status = h('select', {
    class: 'select select-sm', attrs: { 'aria-label': 'Status filter' },
    on: { change: () => emitAction(el, 'status_filter', { status: status.value }) },
  }, STATUS_FILTERS.map((f) => h('option', { value: f.id, text: f.label })));
  const create = h('button', {
    type: 'button', class: 'btn btn-ghost btn-sm', attrs: { title: 'New Chatwoot conversation' },
    on: { click: () => emitAction(el, 'create_conversation') },
  }, icon('plus'), h('span', { text: 'New' }));
  const refresh = h('button', {
    type: 'button', class: 'icon-btn', attrs: { 'aria-label': 'Refresh now', title: 'Refresh now' },
    on: { click: () => emitAction(el, 'refresh', { account: scopeAccount }) },
  }, icon('retry'));
  const head = h('header', { class: 'pane-head' },
    h('div', { class: 'pane-head-main' }, title, count, scope),
    h('div', { class: 'pane-head-tools' }, status, create, refresh));
  let scopeAccount = null;

  const listEl = h('div', { class: 'inbox-list', attrs: { 'aria-labelledby': 'inbox-title' } });
  const empty = h('div', { class: 'empty', hidden: true },
    h('div', { class: 'empty-art' }, icon('inbox', { size: 28 })),
    h('p', { class: 'empty-title' }), h('p', { class: 'empty-hint muted' }));
  const skeleton = h('div', { class: 'skeleton', attrs: { 'aria-hidden': 'true' } },
    Array.from({ length: 12 }, () => h('div', { class: 'sk-row' },
      h('span', { class: 'sk sk-icon' }),
      h('span', { class: 'sk-lines' }, h('span', { class: 'sk sk-l1' }), h('span', { class: 'sk sk-l2' }), h('span', { class: 'sk sk-l3' })))));
  const body = h('div', { class: 'inbox-body' }, listEl, empty, skeleton);
  el.append(head, body);

  const list = mountInboxList(listEl, { rowHeight: ROW_HEIGHT, accountName });
  let n = 0;

  function syncEmpty() {
    empty.hidden = n > 0 || !skeleton.hidden;
    setText(count, n ? n.toLocaleString() : '');
  }

  return {
    list,
    setLoading(on) {
      skeleton.hidden = !on;
      syncEmpty();
    },
    setHeader({ title: t, account, accountName, provider, status: st, canCreate, emptyTitle, emptyHint }) {
      setText(title, t);
      setText(scope, accountName || account || 'All accounts');
      scopeAccount = account || null;
      status.hidden = provider !== 'chatwoot';
      if (st) status.value = st;
      create.hidden = !canCreate;
      setText(empty.querySelector('.empty-title'), emptyTitle);
      setText(empty.querySelector('.empty-hint'), emptyHint || '');
    },
    setCount(total) {
      n = total;
      syncEmpty();
    },
  };
}
