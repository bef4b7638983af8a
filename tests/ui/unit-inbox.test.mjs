// Pure logic of the inbox: order, keyed in-place updates, views and counters.
import test from 'node:test';
import assert from 'node:assert/strict';
import { compareItems, lowerBound, indexOfItem, sortItems } from '../../ui/js/state/sort.js';
import { createInbox, applyChanges, buildView, applyDelta, countWith, countDelta, unreadByAccount, applyUnreadDelta } from '../../ui/js/state/inbox.js';
import { viewPredicate, tabsFor, tabPredicates, defaultTab } from '../../ui/js/state/views.js';
import { keyId, draftKey, sameKey } from '../../ui/js/state/keys.js';

const item = (conv, at, extra = {}) => ({
  key: { account: extra.account || 'A', conversation: String(conv) }, customer_name: `C${conv}`, channel: 'telegrambot',
  preview: '', last_activity: at, unread: 0, status: 'open', assignee: null, group: null, lists: ['unassigned'], ...extra,
});

test('sort: last_activity descending, ties by key, total order', () => {
  const xs = sortItems([item(1, 10), item(2, 30), item(3, 20), item(4, 30)]);
  assert.deepEqual(xs.map((x) => x.key.conversation), ['2', '4', '3', '1']);
  assert.equal(compareItems(item(1, 5), item(1, 5)), 0);
});

test('sort: lowerBound and indexOfItem find positions in O(log n)', () => {
  const xs = sortItems(Array.from({ length: 100 }, (_, i) => item(i, 1000 - i)));
  assert.equal(lowerBound(xs, item('x', 2000)), 0);
  assert.equal(lowerBound(xs, item('x', 0)), 100);
  assert.equal(indexOfItem(xs, xs[42]), 42);
  assert.equal(indexOfItem(xs, item(999, 1)), -1);
  // A stale sort key still finds the row by key (defensive fallback).
  assert.equal(indexOfItem(xs, { ...xs[10], last_activity: 5 }), 10);
});

test('keys: ids do not collide across "/" in names; draft keys match the contract', () => {
  assert.notEqual(keyId({ account: 'a/b', conversation: 'c' }), keyId({ account: 'a', conversation: 'b/c' }));
  assert.equal(draftKey({ account: 'Support', conversation: '300' }), 'Support/300');
  assert.ok(sameKey({ account: 'A', conversation: '1' }, { account: 'A', conversation: '1' }));
  assert.ok(!sameKey(null, { account: 'A', conversation: '1' }));
});

test('inbox: upsert moves exactly one row and reports from/to', () => {
  const inbox = createInbox([item(1, 100), item(2, 90), item(3, 80), item(4, 70)]);
  const pred = () => true;
  const view = buildView(inbox, pred);
  const [d] = applyChanges(inbox, [{ op: 'upsert', item: item(3, 200) }]);
  assert.deepEqual(applyDelta(view, d, pred), { from: 2, to: 0 });
  assert.deepEqual(view.map((x) => x.key.conversation), ['3', '1', '2', '4']);
});

test('inbox: update in place keeps the index when the order is unchanged', () => {
  const inbox = createInbox([item(1, 100), item(2, 90)]);
  const pred = () => true;
  const view = buildView(inbox, pred);
  const [d] = applyChanges(inbox, [{ op: 'upsert', item: item(2, 90, { preview: 'new' }) }]);
  assert.deepEqual(applyDelta(view, d, pred), { from: 1, to: 1 });
  assert.equal(view[1].preview, 'new');
});

test('inbox: insert, remove, leave and enter a filtered view', () => {
  const inbox = createInbox([item(1, 100), item(2, 90, { lists: ['unread'] })]);
  const pred = (x) => x.lists.includes('unassigned');
  const view = buildView(inbox, pred);
  assert.equal(view.length, 1);
  let [d] = applyChanges(inbox, [{ op: 'upsert', item: item(5, 95) }]);
  assert.deepEqual(applyDelta(view, d, pred), { from: -1, to: 1 });
  [d] = applyChanges(inbox, [{ op: 'upsert', item: item(1, 100, { lists: ['mine'] }) }]);
  assert.deepEqual(applyDelta(view, d, pred), { from: 0, to: -1 });
  [d] = applyChanges(inbox, [{ op: 'remove', key: { account: 'A', conversation: '5' } }]);
  assert.deepEqual(applyDelta(view, d, pred), { from: 0, to: -1 });
  assert.equal(view.length, 0);
  assert.deepEqual(applyChanges(inbox, [{ op: 'remove', key: { account: 'A', conversation: 'nope' } }]), []);
  assert.deepEqual(applyChanges(inbox, [{ op: 'bogus' }, null]), []);
});

test('inbox: a 1000-row view stays sorted through 2000 random upserts', () => {
  const inbox = createInbox(Array.from({ length: 1000 }, (_, i) => item(i, i * 3)));
  const pred = (x) => x.unread % 2 === 0;
  const view = buildView(inbox, pred);
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let k = 0; k < 2000; k++) {
    const c = rnd(1100);
    const ch = rnd(10) === 0 ? { op: 'remove', key: { account: 'A', conversation: String(c) } } : { op: 'upsert', item: item(c, rnd(5000), { unread: rnd(3) }) };
    for (const d of applyChanges(inbox, [ch])) applyDelta(view, d, pred);
  }
  assert.deepEqual(view, buildView(inbox, pred));
});

test('counters: per-tab counts and per-account unread follow deltas', () => {
  const inbox = createInbox([item(1, 1, { unread: 2 }), item(2, 2, { account: 'B', unread: 1 }), item(3, 3)]);
  const unread = unreadByAccount(inbox);
  assert.deepEqual([...unread], [['A', 1], ['B', 1]]);
  const pred = (x) => x.unread > 0;
  let n = countWith(inbox, pred);
  assert.equal(n, 2);
  for (const d of applyChanges(inbox, [{ op: 'upsert', item: item(3, 4, { unread: 1 }) }, { op: 'remove', key: { account: 'B', conversation: '2' } }])) {
    n += countDelta(d, pred);
    applyUnreadDelta(unread, d);
  }
  assert.equal(n, 2);
  assert.deepEqual([...unread], [['A', 2]]);
});

test('views: Blinger tabs, Chatwoot tabs × status, all-accounts view', () => {
  assert.deepEqual(tabsFor('blinger').map((t) => t.id), ['unassigned', 'unread', 'not_answered', 'mine', 'recent']);
  assert.deepEqual(tabsFor('chatwoot').map((t) => t.id), ['mine', 'unassigned', 'all']);
  assert.equal(defaultTab('chatwoot'), 'mine');
  const it = item(1, 1, { account: 'S', lists: ['unread'], unread: 0 });
  assert.ok(viewPredicate({ account: 'S', provider: 'blinger', tab: 'unread' })(it));
  assert.ok(viewPredicate({ account: 'S', provider: 'blinger', tab: 'recent' })(it));
  assert.ok(!viewPredicate({ account: 'T', provider: 'blinger', tab: 'recent' })(it));
  assert.ok(viewPredicate({ account: null, provider: null, tab: 'unread' })({ ...it, lists: [], unread: 3 }));
  const cw = item(2, 1, { account: 'C', lists: ['mine', 'all'], status: 'pending' });
  assert.ok(!viewPredicate({ account: 'C', provider: 'chatwoot', tab: 'mine', status: 'open' })(cw));
  assert.ok(viewPredicate({ account: 'C', provider: 'chatwoot', tab: 'mine', status: 'pending' })(cw));
  assert.ok(viewPredicate({ account: 'C', provider: 'chatwoot', tab: 'all', status: 'any' })(cw));
  assert.equal(tabPredicates({ account: 'C', provider: 'chatwoot', status: 'any' }).length, 3);
});
