// Virtual-window arithmetic for the inbox (fixed row height) and the thread
// (measured heights). Only rows in [start, end) are in the DOM.

export function fixedWindow({ scrollTop, viewport, rowHeight, count, overscan = 4 }) {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start: Math.min(start, end), end };
}

// The scrollTop that brings row `index` fully into view (unchanged if it already is).
export function revealRow({ index, rowHeight, scrollTop, viewport }) {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewport) return Math.max(0, bottom - viewport);
  return scrollTop;
}

// Heights of variable rows: estimates first, measured values as rows are
// seen. Offsets are prefix sums, rebuilt lazily (O(n), ~20 µs for 10,000 rows).
export class HeightIndex {
  constructor(estimates = []) {
    this.h = Float64Array.from(estimates);
    this.off = new Float64Array(this.h.length + 1);
    this.dirty = true;
  }
  get count() {
    return this.h.length;
  }
  height(i) {
    return this.h[i];
  }
  // Returns the change in height.
  set(i, height) {
    const d = height - this.h[i];
    if (d !== 0) {
      this.h[i] = height;
      this.dirty = true;
    }
    return d;
  }
  rebuild() {
    if (!this.dirty) return;
    const off = this.off;
    off[0] = 0;
    for (let i = 0; i < this.h.length; i++) off[i + 1] = off[i] + this.h[i];
    this.dirty = false;
  }
  offset(i) {
    this.rebuild();
    return this.off[Math.max(0, Math.min(i, this.h.length))];
  }
  total() {
    return this.offset(this.h.length);
  }
  // The row containing pixel `y` (clamped).
  indexAt(y) {
    this.rebuild();
    const n = this.h.length;
    if (n === 0) return 0;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.off[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

export function variableWindow(index, { scrollTop, viewport, overscanPx = 400 }) {
  const n = index.count;
  if (n === 0) return { start: 0, end: 0 };
  const start = index.indexAt(Math.max(0, scrollTop - overscanPx));
  const last = index.indexAt(scrollTop + viewport + overscanPx);
  return { start, end: Math.min(n, last + 1) };
}
