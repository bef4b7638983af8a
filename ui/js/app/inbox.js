// The inbox side of the window: scope (account) and tab, the sorted view the
// list shows, tab counts and per-account unread counts — all kept up to date
// per change, never recomputed from scratch on an `inbox_changed`.
import { createInbox, applyChanges, buildView, applyDelta, countWith, countDelta, unreadByAccount, applyUnreadDelta } from '../state/inbox.js';
import { tabsFor, viewPredicate, tabPredicates, defaultTab } from '../state/views.js';
import { keyId } from '../state/keys.js';

const SCOPE_KEY = 'deskbell.scope';

export function createInboxController(app) {
  const { ui } = app;
  const s = {
    inbox: createInbox([]),
    scope: { account: null, provider: null, tab: 'unassigned', status: 'open' },
    pred: () => true,
    view: [],
    tabPreds: [],
    tabCounts: new Map(),
    unread: new Map(),
  };

  function saveScope() {
    try {
      localStorage.setItem(SCOPE_KEY, JSON.stringify({ account: s.scope.account, tab: s.scope.tab, status: s.scope.status }));
    } catch {
      /* storage may be unavailable; the scope is a convenience */
    }
  }

  function loadScope() {
    try {
      return JSON.parse(localStorage.getItem(SCOPE_KEY) || 'null');
    } catch {
      return null;
    }
  }

  function setScope(next = {}, { keepScroll = false } = {}) {
    const merged = { ...s.scope, ...next };
    const acc = merged.account ? app.account(merged.account) : null;
    if (merged.account && !acc) merged.account = null;
    merged.provider = acc ? acc.provider : null;
    const tabs = tabsFor(merged.provider);
    if (!tabs.some((t) => t.id === merged.tab)) merged.tab = defaultTab(merged.provider);
    s.scope = merged;
    s.pred = viewPredicate(merged);
    s.view = buildView(s.inbox, s.pred);
    s.tabPreds = tabPredicates(merged);
    s.tabCounts = new Map(s.tabPreds.map((t) => [t.id, countWith(s.inbox, t.pred)]));
    const tab = tabs.find((t) => t.id === merged.tab);
    ui.rail.setAccounts(app.accounts(), merged.account);
    ui.rail.setUnread(s.unread);
    ui.rail.setTabs(tabs, merged.tab);
    ui.rail.setTabCounts(s.tabCounts);
    ui.pane.setHeader({
      title: tab.label,
      account: merged.account,
      accountName: acc ? acc.name : null,
      provider: merged.provider,
      status: merged.status,
      canCreate: app.accounts().some((a) => a.provider === 'chatwoot'),
      emptyTitle: tab.empty,
      emptyHint: merged.provider === 'chatwoot' && merged.status !== 'any' ? 'Try another status filter.' : '',
    });
    ui.pane.list.setItems(s.view, { accountColumn: !merged.account && app.accounts().length > 1 });
    ui.pane.setCount(s.view.length);
    if (!keepScroll) {
      const open = app.openKey();
      const openId = open ? keyId(open) : null;
      if (openId && s.view.some((it) => keyId(it.key) === openId)) ui.pane.list.select(openId);
      else ui.pane.list.select(s.view[0] ? keyId(s.view[0].key) : null, { reveal: false });
    }
    saveScope();
  }

  // `inbox_changed`: each change moves at most one row.
  function applyInboxChanges(changes) {
    const deltas = applyChanges(s.inbox, changes);
    if (!deltas.length) return deltas;
    for (const d of deltas) {
      applyDelta(s.view, d, s.pred);
      for (const t of s.tabPreds) {
        const c = countDelta(d, t.pred);
        if (c) s.tabCounts.set(t.id, (s.tabCounts.get(t.id) || 0) + c);
      }
      applyUnreadDelta(s.unread, d);
    }
    ui.pane.list.changed();
    ui.pane.setCount(s.view.length);
    ui.rail.setTabCounts(s.tabCounts);
    ui.rail.setUnread(s.unread);
    app.setTitleCount(totalUnread());
    return deltas;
  }

  function totalUnread() {
    let n = 0;
    for (const v of s.unread.values()) n += v;
    return n;
  }

  function load(items) {
    s.inbox = createInbox(items);
    s.unread = unreadByAccount(s.inbox);
    const saved = loadScope();
    setScope(saved ? { account: saved.account, tab: saved.tab, status: saved.status || 'open' } : {});
    app.setTitleCount(totalUnread());
  }

  return {
    load,
    setScope,
    applyInboxChanges,
    scope: () => s.scope,
    tabs: () => tabsFor(s.scope.provider),
    item: (key) => s.inbox.byId.get(keyId(key)) || null,
    items: () => [...s.inbox.byId.values()],
    view: () => s.view,
    refreshAccounts() {
      ui.rail.setAccounts(app.accounts(), s.scope.account);
      ui.rail.setUnread(s.unread);
    },
  };
}
