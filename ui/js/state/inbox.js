// The inbox model: every known conversation by id, plus sorted projections
// ("views") for the list. `inbox_changed` carries only real changes, so each
// change is applied in place: O(log n) to find the row, one splice to move it.
import { keyId } from './keys.js';
import { compareItems, indexOfItem, lowerBound } from './sort.js';

export function createInbox(items = []) {
  const byId = new Map();
  for (const it of items) if (it && it.key) byId.set(keyId(it.key), it);
  return { byId };
}

// Applies the `changes` of an `inbox_changed` event. Returns one delta per
// effective change: {id, before, after} (before/after null for insert/remove).
export function applyChanges(inbox, changes) {
  const deltas = [];
  for (const ch of changes || []) {
    if (ch && ch.op === 'upsert' && ch.item && ch.item.key) {
      const id = keyId(ch.item.key);
      const before = inbox.byId.get(id) || null;
      inbox.byId.set(id, ch.item);
      deltas.push({ id, before, after: ch.item });
    } else if (ch && ch.op === 'remove' && ch.key) {
      const id = keyId(ch.key);
      const before = inbox.byId.get(id);
      if (!before) continue;
      inbox.byId.delete(id);
      deltas.push({ id, before, after: null });
    }
  }
  return deltas;
}

export function buildView(inbox, pred) {
  const out = [];
  for (const it of inbox.byId.values()) if (pred(it)) out.push(it);
  return out.sort(compareItems);
}

// Moves one delta through a sorted view. Returns {from, to}: the row's old and
// new index (-1 when it was / is not in the view). The list component uses
// these two numbers to touch only that row.
export function applyDelta(view, delta, pred) {
  let from = -1;
  if (delta.before && pred(delta.before)) {
    from = indexOfItem(view, delta.before);
    if (from >= 0) view.splice(from, 1);
  }
  let to = -1;
  if (delta.after && pred(delta.after)) {
    to = lowerBound(view, delta.after);
    view.splice(to, 0, delta.after);
  }
  return { from, to };
}

// Counters kept up to date per delta (tab badges, per-account unread).
export function countWith(inbox, pred) {
  let n = 0;
  for (const it of inbox.byId.values()) if (pred(it)) n++;
  return n;
}

export function countDelta(delta, pred) {
  return (delta.after && pred(delta.after) ? 1 : 0) - (delta.before && pred(delta.before) ? 1 : 0);
}

export function unreadByAccount(inbox) {
  const out = new Map();
  for (const it of inbox.byId.values()) {
    if (it.unread > 0) out.set(it.key.account, (out.get(it.key.account) || 0) + 1);
  }
  return out;
}

export function applyUnreadDelta(map, delta) {
  const adj = (item, d) => {
    if (!item || !(item.unread > 0)) return;
    const a = item.key.account;
    const n = (map.get(a) || 0) + d;
    if (n > 0) map.set(a, n);
    else map.delete(a);
  };
  adj(delta.before, -1);
  adj(delta.after, +1);
}
