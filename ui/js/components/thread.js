// The thread: windowed rendering with measured heights. Rows outside the
// viewport (±overscan) are not in the DOM; spacers above and below stand in
// for them. Heights start as estimates and are replaced by measurements as rows
// are seen; the first visible row is kept in place while that happens, and a
// thread scrolled to the bottom stays at the bottom when messages arrive.
import { h } from './dom.js';
import { icon } from './icons.js';
import { buildRows, estimateHeight, messageSig } from '../state/thread.js';
import { HeightIndex, variableWindow } from '../state/vwindow.js';
import { renderRow, wireThreadClicks } from './message.js';

const NEAR_BOTTOM = 32;

export function mountThread(el) {
  el.classList.add('thread');
  el.setAttribute('tabindex', '0');
  el.setAttribute('aria-label', 'Messages');
  const topPad = h('div', { class: 'vpad' });
  const bottomPad = h('div', { class: 'vpad' });
  const box = h('div', { class: 'thread-rows' });
  const content = h('div', { class: 'thread-content' }, topPad, box, bottomPad);
  const jump = h('button', { type: 'button', class: 'jump-new', hidden: true, on: { click: () => scrollToBottom() } },
    icon('chevron', { size: 14 }), h('span', { text: 'New messages' }));
  el.append(content);

  let rows = [];
  let heights = new HeightIndex([]);
  let mounted = new Map(); // row key → {el, sig, index}
  let order = [];
  let stick = true;
  let frame = 0;
  let ctx = { customerName: '' };
  let lastWidth = 0;

  function sigOf(row) {
    return row.type === 'day' ? `d|${row.label}` : `${row.grouped ? 1 : 0}|${messageSig(row.msg)}`;
  }

  function mountRange(start, end) {
    const next = new Map();
    const els = [];
    for (let i = start; i < end; i++) {
      const row = rows[i];
      const sig = sigOf(row);
      let m = mounted.get(row.key);
      if (!m || m.sig !== sig) m = { el: renderRow(row, ctx), sig, index: i };
      m.index = i;
      next.set(row.key, m);
      els.push(m.el);
    }
    mounted = next;
    const same = els.length === order.length && els.every((e, i) => e === order[i]);
    if (!same) {
      box.replaceChildren(...els);
      order = els;
    }
    return els;
  }

  function measure() {
    let changed = false;
    for (const m of mounted.values()) {
      const hgt = m.el.offsetHeight;
      if (hgt > 0 && heights.set(m.index, hgt) !== 0) changed = true;
    }
    return changed;
  }

  function render() {
    frame = 0;
    const vh = el.clientHeight || 600;
    let anchor = null;
    if (!stick && rows.length) {
      const i = heights.indexAt(el.scrollTop);
      anchor = { key: rows[i].key, delta: el.scrollTop - heights.offset(i) };
    }
    for (let pass = 0; pass < 4; pass++) {
      const top = stick ? Math.max(0, heights.total() - vh) : el.scrollTop;
      const { start, end } = variableWindow(heights, { scrollTop: top, viewport: vh, overscanPx: 600 });
      mountRange(start, end);
      const changed = measure();
      topPad.style.height = `${heights.offset(start)}px`;
      bottomPad.style.height = `${heights.total() - heights.offset(end)}px`;
      if (stick) el.scrollTop = el.scrollHeight;
      else if (anchor) {
        const m = mounted.get(anchor.key);
        const idx = m ? m.index : rows.findIndex((r) => r.key === anchor.key);
        if (idx >= 0) el.scrollTop = heights.offset(idx) + anchor.delta;
      }
      if (!changed) break;
    }
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  function scrollToBottom() {
    stick = true;
    jump.hidden = true;
    render();
  }

  el.addEventListener('scroll', () => {
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM;
    stick = atBottom;
    if (atBottom) jump.hidden = true;
    schedule();
  }, { passive: true });
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(() => {
      const w = el.clientWidth;
      if (w !== lastWidth) lastWidth = w;
      schedule();
    }).observe(el);
  }
  wireThreadClicks(el);
  // A row's content changed size (an image shown or given up): measure again.
  el.addEventListener('rowresize', schedule);

  function rebuild(messages, keepHeights) {
    const width = el.clientWidth || 600;
    const prev = new Map();
    if (keepHeights) for (let i = 0; i < rows.length; i++) prev.set(rows[i].key, heights.height(i));
    rows = buildRows(messages);
    heights = new HeightIndex(rows.map((r) => (keepHeights && prev.has(r.key) ? prev.get(r.key) : estimateHeight(r, width))));
  }

  return {
    jumpButton: jump,
    // A different conversation: start at its newest message.
    open(messages, context) {
      ctx = context || ctx;
      mounted = new Map();
      order = [];
      box.replaceChildren();
      rebuild(messages || [], false);
      stick = true;
      jump.hidden = true;
      render();
    },
    // The same conversation changed (thread_changed / outbox_changed / local echo).
    update(messages) {
      const before = rows.length;
      rebuild(messages || [], true);
      if (!stick && rows.length > before) jump.hidden = false;
      render();
    },
    clear() {
      rows = [];
      heights = new HeightIndex([]);
      mounted = new Map();
      order = [];
      box.replaceChildren();
      topPad.style.height = '0px';
      bottomPad.style.height = '0px';
    },
    scrollToBottom,
    renderedCount: () => mounted.size,
    rowCount: () => rows.length,
    setContext(c) {
      ctx = c;
    },
  };
}
