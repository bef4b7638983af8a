// Inbox order: most recent activity first; ties broken by the key so the order
// is total and stable (two rows with the same second never swap on refresh).
import { keyId } from './keys.js';

export function compareItems(a, b) {
  const d = (b.last_activity || 0) - (a.last_activity || 0);
  if (d !== 0) return d;
  const ka = keyId(a.key);
  const kb = keyId(b.key);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

// First index whose item sorts at or after `item` (binary search, O(log n)).
export function lowerBound(arr, item, cmp = compareItems) {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(arr[mid], item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Index of the element equal (by key) to `item`, located through its sort
// position; -1 when absent. `item` must carry the sort fields the array was
// sorted with (i.e. the *old* version of an updated row).
export function indexOfItem(arr, item, cmp = compareItems) {
  const i = lowerBound(arr, item, cmp);
  if (i < arr.length && cmp(arr[i], item) === 0) return i;
  // Defensive fallback: an array sorted with stale data still finds the row.
  const id = keyId(item.key);
  return arr.findIndex((x) => keyId(x.key) === id);
}

export function sortItems(items) {
  return items.slice().sort(compareItems);
}
