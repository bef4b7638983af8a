// The conversation list: a keyed virtual list. Rows are absolutely placed at
// index × rowHeight inside a sizer, and only the rows in view (plus a few)
// exist in the DOM. An `inbox_changed` upsert patches the one row whose item
// changed and moves it (a transform) when its sort position changed; rows it
// passed over shift by one. Nothing is ever rebuilt wholesale.
import { h, setText, toggleClass, emitAction } from './dom.js';
import { channelIcon, icon } from './icons.js';
import { keyId } from '../state/keys.js';
import { fixedWindow, revealRow } from '../state/vwindow.js';
import { relativeTime, fullTime } from '../state/time.js';
import { channelInfo } from '../state/channels.js';

let rowSeq = 0;

export function mountInboxList(el, { rowHeight = 68, accountName = (id) => id } = {}) {
  el.classList.add('vlist');
  el.setAttribute('role', 'listbox');
  el.setAttribute('tabindex', '0');
  const sizer = h('div', { class: 'vlist-sizer' });
  el.append(sizer);

  let items = [];
  let showAccount = true;
  let selectedId = null;
  let openId = null;
  const rendered = new Map(); // id → row record
  const byEl = new WeakMap();
  const pool = [];
  let frame = 0;

  function createRow() {
    // dir=auto isolates each name and preview: a Hebrew one keeps its order and cannot reorder the time beside it.
    const name = h('span', { class: 'row-name', attrs: { dir: 'auto' } });
    const time = h('time', { class: 'row-time' });
    const preview = h('span', { class: 'row-preview', attrs: { dir: 'auto' } });
    const badge = h('span', { class: 'badge', hidden: true });
    const assignee = h('span', { class: 'row-assignee' });
    const group = h('span', { class: 'row-group' });
    const status = h('span', { class: 'row-status', hidden: true });
    const account = h('span', { class: 'row-account' });
    const iconBox = h('span', { class: 'row-icon' });
    rowSeq += 1;
    const row = h('div', { id: `conv-row-${rowSeq}`, class: 'row', attrs: { role: 'option', 'aria-selected': 'false' } },
      iconBox,
      h('div', { class: 'row-main' },
        h('div', { class: 'row-line' }, name, time),
        h('div', { class: 'row-line' }, preview, badge),
        h('div', { class: 'row-line row-meta' }, icon('user', { size: 12 }), assignee, group, status, account)));
    const r = { el: row, item: null, index: -1, channel: null, refs: { name, time, preview, badge, assignee, group, status, account, iconBox } };
    byEl.set(row, r);
    return r;
  }

  // Writes only what differs from the row's previous item.
  function patch(r, it) {
    const p = r.item || {};
    const f = r.refs;
    if (p.customer_name !== it.customer_name) setText(f.name, it.customer_name || 'Unknown customer');
    if (p.last_activity !== it.last_activity) {
      setText(f.time, relativeTime(it.last_activity));
      f.time.title = fullTime(it.last_activity);
    }
    if (p.preview !== it.preview) setText(f.preview, it.preview || '');
    if (p.unread !== it.unread) {
      f.badge.hidden = !(it.unread > 0);
      setText(f.badge, it.unread > 99 ? '99+' : it.unread > 0 ? String(it.unread) : '');
      f.badge.setAttribute('aria-label', `${it.unread} unread`);
      toggleClass(r.el, 'is-unread', it.unread > 0);
    }
    const an = it.assignee ? it.assignee.name || `#${it.assignee.id}` : 'Unassigned';
    setText(f.assignee, an);
    toggleClass(f.assignee, 'is-none', !it.assignee);
    setText(f.group, it.group ? `· ${it.group.name || `#${it.group.id}`}` : '');
    const st = it.status && it.status !== 'open' && it.status !== 'unassigned' ? it.status : '';
    f.status.hidden = !st;
    setText(f.status, st === 'closed' ? 'Closed' : st);
    setText(f.account, showAccount ? accountName(it.key.account) : '');
    f.account.hidden = !showAccount;
    if (r.channel !== it.channel) {
      f.iconBox.replaceChildren(channelIcon(it.channel, 20));
      r.channel = it.channel;
    }
    const label = `${it.customer_name || 'Unknown customer'}, ${channelInfo(it.channel).label}${it.unread > 0 ? `, ${it.unread} unread` : ''}`;
    r.el.setAttribute('aria-label', label);
    // Stable hooks for tests and tooling: rows are recycled, so set on every paint.
    r.el.dataset.account = it.key.account;
    r.el.dataset.conversation = it.key.conversation;
    r.item = it;
  }

  function paintState(r, id) {
    const sel = id === selectedId;
    r.el.setAttribute('aria-selected', sel ? 'true' : 'false');
    toggleClass(r.el, 'is-selected', sel);
    toggleClass(r.el, 'is-open', id === openId);
  }

  function render() {
    frame = 0;
    const n = items.length;
    const height = `${n * rowHeight}px`;
    if (sizer.style.height !== height) sizer.style.height = height;
    const { start, end } = fixedWindow({ scrollTop: el.scrollTop, viewport: el.clientHeight || 900, rowHeight, count: n, overscan: 6 });
    const live = new Set();
    for (let i = start; i < end; i++) {
      const it = items[i];
      const id = keyId(it.key);
      live.add(id);
      let r = rendered.get(id);
      if (!r) {
        r = pool.pop() || createRow();
        r.item = null;
        r.index = -1;
        rendered.set(id, r);
        sizer.append(r.el);
        paintState(r, id);
      }
      if (r.item !== it) patch(r, it);
      if (r.index !== i) {
        r.el.style.transform = `translateY(${i * rowHeight}px)`;
        r.el.setAttribute('aria-posinset', String(i + 1));
        r.index = i;
      }
      if (r.size !== n) {
        r.el.setAttribute('aria-setsize', String(n));
        r.size = n;
      }
    }
    for (const [id, r] of rendered) {
      if (live.has(id)) continue;
      rendered.delete(id);
      r.el.remove();
      if (pool.length < 40) pool.push(r);
    }
    syncActiveDescendant();
  }

  function syncActiveDescendant() {
    const r = selectedId && rendered.get(selectedId);
    if (r) el.setAttribute('aria-activedescendant', r.el.id);
    else el.removeAttribute('aria-activedescendant');
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  el.addEventListener('scroll', schedule, { passive: true });
  if (typeof ResizeObserver === 'function') new ResizeObserver(schedule).observe(el);
  sizer.addEventListener('click', (e) => {
    const rowEl = e.target.closest('.row');
    const r = rowEl && byEl.get(rowEl);
    if (r && r.item) emitAction(el, 'open', { key: r.item.key });
  });

  function indexOfId(id) {
    const r = rendered.get(id);
    if (r && items[r.index] && keyId(items[r.index].key) === id) return r.index;
    return items.findIndex((it) => keyId(it.key) === id);
  }

  function setMarks(nextSelected, nextOpen) {
    const touched = new Set([selectedId, openId, nextSelected, nextOpen]);
    selectedId = nextSelected;
    openId = nextOpen;
    for (const id of touched) {
      const r = id && rendered.get(id);
      if (r) paintState(r, id);
    }
    syncActiveDescendant();
  }

  return {
    // A new view (scope or tab switch): the only time every row is replaced.
    setItems(view, { accountColumn = true } = {}) {
      items = view;
      if (showAccount !== accountColumn) {
        showAccount = accountColumn;
        for (const r of rendered.values()) r.item = null;
      }
      el.scrollTop = 0;
      render();
    },
    // The view array was already spliced by the model; redraw what is in view now
    // (synchronously, so the change is on screen in the next frame).
    changed() {
      render();
    },
    select(id, { reveal = true } = {}) {
      setMarks(id, openId);
      if (reveal && id) this.reveal(id);
    },
    setOpen(id) {
      setMarks(selectedId, id);
    },
    reveal(id) {
      const i = indexOfId(id);
      if (i < 0) return;
      const top = revealRow({ index: i, rowHeight, scrollTop: el.scrollTop, viewport: el.clientHeight || 0 });
      if (top !== el.scrollTop) {
        el.scrollTop = top;
        render();
      }
    },
    // Moves the selection by `delta` rows; returns the newly selected item.
    move(delta) {
      if (!items.length) return null;
      let i = selectedId ? indexOfId(selectedId) : -1;
      i = i < 0 ? (delta > 0 ? 0 : items.length - 1) : Math.max(0, Math.min(items.length - 1, i + delta));
      const it = items[i];
      this.select(keyId(it.key));
      return it;
    },
    selected() {
      const i = selectedId ? indexOfId(selectedId) : -1;
      return i >= 0 ? items[i] : null;
    },
    refreshTimes() {
      for (const r of rendered.values()) if (r.item) setText(r.refs.time, relativeTime(r.item.last_activity));
    },
    renderedCount: () => rendered.size,
    focus() {
      el.focus();
    },
  };
}
