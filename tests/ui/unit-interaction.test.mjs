// Pure logic: drafts, keyboard map, canned replies, virtual windows, thread rows, in-flight guard.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createDraftStore } from '../../ui/js/state/drafts.js';
import { keyAction, isTypingTarget, isSendKey, SHORTCUTS } from '../../ui/js/state/keymap.js';
import { slashQuery, filterCanned, applyCanned, normalizeCanned } from '../../ui/js/state/canned.js';
import { fixedWindow, revealRow, HeightIndex, variableWindow } from '../../ui/js/state/vwindow.js';
import { buildRows, estimateHeight, upsertMessage, newIncoming, messageKey } from '../../ui/js/state/thread.js';
import { createGuard } from '../../ui/js/state/guard.js';
import * as fx from './support/fixtures.js';
import { contract } from './support/contract.js';
import { SCHEMA } from './support/generated.js';

function fakeTimers() {
  let id = 0;
  const pending = new Map();
  return {
    setTimer: (fn) => { pending.set(++id, fn); return id; },
    clearTimer: (t) => pending.delete(t),
    runAll: () => { const fns = [...pending.values()]; pending.clear(); fns.forEach((f) => f()); },
    size: () => pending.size,
  };
}

test('drafts: debounced per conversation, flushed on switch, cleared after send', () => {
  const t = fakeTimers();
  const saved = [];
  const d = createDraftStore({ initial: { 'A/1': 'hello' }, save: (k, v) => saved.push([k, v]), ...t });
  assert.equal(d.get('A/1'), 'hello');
  d.set('A/2', 'h');
  d.set('A/2', 'hi');
  d.set('A/2', 'hi there');
  assert.equal(saved.length, 0, 'nothing written while typing');
  assert.equal(t.size(), 1, 'one timer per conversation');
  d.flush('A/2');
  assert.deepEqual(saved, [['A/2', 'hi there']]);
  d.flush('A/2');
  assert.equal(saved.length, 1, 'flush with nothing pending writes nothing');
  d.set('A/1', 'hello'); // unchanged from what Rust has
  t.runAll();
  assert.equal(saved.length, 1);
  d.clear('A/2');
  assert.deepEqual(saved.at(-1), ['A/2', '']);
  assert.equal(d.get('A/2'), '');
  d.set('A/3', 'x');
  d.flush();
  assert.deepEqual(saved.at(-1), ['A/3', 'x']);
});

test('drafts: a failed save is retried by the next change', () => {
  const t = fakeTimers();
  let fail = true;
  const saved = [];
  const d = createDraftStore({ save: (k, v) => { if (fail) throw new Error('x'); saved.push([k, v]); }, ...t });
  d.set('A/1', 'abc');
  d.flush();
  fail = false;
  d.set('A/1', 'abc');
  d.flush();
  assert.deepEqual(saved, [['A/1', 'abc']]);
});

test('keymap: letters, digits, arrows, modifiers', () => {
  const k = (key, extra = {}) => keyAction({ key, ...extra }, {});
  assert.deepEqual(k('j'), { action: 'next' });
  assert.deepEqual(k('ArrowUp'), { action: 'prev' });
  assert.deepEqual(k('Enter'), { action: 'open' });
  assert.deepEqual(k('r'), { action: 'reply' });
  assert.deepEqual(k('N'), { action: 'note' });
  assert.deepEqual(k('e'), { action: 'close' });
  assert.deepEqual(k('a'), { action: 'assign_operator' });
  assert.deepEqual(k('g'), { action: 'assign_group' });
  assert.deepEqual(k('3'), { action: 'tab', arg: 2 });
  assert.deepEqual(k('?'), { action: 'help' });
  assert.deepEqual(k('k', { ctrlKey: true }), { action: 'palette' });
  assert.deepEqual(k('K', { metaKey: true }), { action: 'palette' });
  assert.equal(k('r', { ctrlKey: true }), null, 'Ctrl+R is not R');
  assert.equal(k('x'), null);
});

test('keymap: nothing but Esc and Ctrl+K while typing or in a dialog', () => {
  for (const key of ['j', 'k', 'r', 'n', 'e', 'a', 'g', '1', '?', 'Enter', 'ArrowDown']) {
    assert.equal(keyAction({ key }, { typing: true }), null, key);
    assert.equal(keyAction({ key }, { dialogOpen: true }), null, key);
  }
  assert.deepEqual(keyAction({ key: 'Escape' }, { typing: true }), { action: 'escape' });
  assert.deepEqual(keyAction({ key: 'k', ctrlKey: true }, { typing: true }), { action: 'palette' });
});

test('keymap: shortcuts work on Russian, Hebrew, Dvorak and AZERTY layouts', () => {
  const k = (key, code, extra = {}) => keyAction({ key, code, ...extra }, {});
  // Russian ЙЦУКЕН: the key in J's place types "о", in R's place "к".
  assert.deepEqual(k('о', 'KeyJ'), { action: 'next' });
  assert.deepEqual(k('л', 'KeyK'), { action: 'prev' });
  assert.deepEqual(k('к', 'KeyR'), { action: 'reply' });
  assert.deepEqual(k('т', 'KeyN'), { action: 'note' });
  assert.deepEqual(k('у', 'KeyE'), { action: 'close' });
  assert.deepEqual(k('ф', 'KeyA'), { action: 'assign_operator' });
  assert.deepEqual(k('п', 'KeyG'), { action: 'assign_group' });
  assert.deepEqual(k('Л', 'KeyK', { ctrlKey: true }), { action: 'palette' });
  // Hebrew: J's key types "ח", R's types "ר", G's types "ע".
  assert.deepEqual(k('ח', 'KeyJ'), { action: 'next' });
  assert.deepEqual(k('ר', 'KeyR'), { action: 'reply' });
  assert.deepEqual(k('ע', 'KeyG'), { action: 'assign_group' });
  assert.deepEqual(k('ל', 'KeyK', { metaKey: true }), { action: 'palette' });
  // A Latin layout's own letter wins over the key's position (Dvorak's J is on C).
  assert.deepEqual(k('j', 'KeyC'), { action: 'next' });
  assert.equal(k('c', 'KeyJ'), null);
  // AZERTY's digit row types "&", "é"… unshifted.
  assert.deepEqual(k('&', 'Digit1'), { action: 'tab', arg: 0 });
  assert.deepEqual(k('(', 'Digit5'), { action: 'tab', arg: 4 });
  // Punctuation on a letter's key is not that letter; typing in another script stays typing.
  assert.equal(k(';', 'KeyJ'), null);
  assert.equal(keyAction({ key: 'ח', code: 'KeyJ' }, { typing: true }), null);
});

test('keymap: typing targets and send keys', () => {
  assert.ok(isTypingTarget({ tagName: 'TEXTAREA' }));
  assert.ok(isTypingTarget({ tagName: 'INPUT', type: 'text' }));
  assert.ok(isTypingTarget({ tagName: 'INPUT', type: 'password' }));
  assert.ok(isTypingTarget({ tagName: 'DIV', isContentEditable: true }));
  assert.ok(!isTypingTarget({ tagName: 'INPUT', type: 'checkbox' }));
  assert.ok(!isTypingTarget({ tagName: 'BUTTON' }));
  assert.ok(!isTypingTarget(null));
  assert.ok(isSendKey({ key: 'Enter' }, true));
  assert.ok(!isSendKey({ key: 'Enter', shiftKey: true }, true));
  assert.ok(!isSendKey({ key: 'Enter' }, false));
  assert.ok(isSendKey({ key: 'Enter', ctrlKey: true }, false));
  assert.ok(!isSendKey({ key: 'Enter', isComposing: true }, true), 'IME composition is not a send');
  assert.ok(SHORTCUTS.every((s) => s.keys.length && s.label));
});

test('canned: "/" query detection, ranking, insertion, cleaning', () => {
  assert.deepEqual(slashQuery('/he', 3), { start: 0, end: 3, query: 'he' });
  assert.deepEqual(slashQuery('Hi /th', 6), { start: 3, end: 6, query: 'th' });
  assert.equal(slashQuery('see http://x', 12), null);
  assert.equal(slashQuery('1/2', 3), null);
  assert.deepEqual(slashQuery('/', 1), { start: 0, end: 1, query: '' });
  const replies = [{ shortcut: 'thanks', text: 'Thank you!' }, { shortcut: 'hello', text: 'Hello there' }, { shortcut: 'refund', text: 'We sent the refund, thanks' }];
  assert.deepEqual(filterCanned(replies, 'th').map((r) => r.shortcut), ['thanks', 'hello', 'refund']);
  assert.deepEqual(filterCanned(replies, 'ref').map((r) => r.shortcut), ['refund']);
  assert.deepEqual(filterCanned(replies, 'zzz'), []);
  assert.equal(filterCanned(replies, '').length, 3);
  const s = slashQuery('Hi /he', 6);
  assert.deepEqual(applyCanned('Hi /he!', s, replies[1]), { text: 'Hi Hello there!', caret: 14 });
  assert.deepEqual(normalizeCanned([{ shortcut: '/a b', text: 'x' }, { shortcut: 'A-B', text: 'dup' }, { shortcut: '', text: 'y' }, { shortcut: 'z', text: ' ' }]), [{ shortcut: 'a-b', text: 'x' }]);
});

test('virtual window: fixed rows', () => {
  assert.deepEqual(fixedWindow({ scrollTop: 0, viewport: 680, rowHeight: 68, count: 1000, overscan: 4 }), { start: 0, end: 15 });
  assert.deepEqual(fixedWindow({ scrollTop: 6800, viewport: 680, rowHeight: 68, count: 1000, overscan: 4 }), { start: 96, end: 115 });
  assert.deepEqual(fixedWindow({ scrollTop: 68000, viewport: 680, rowHeight: 68, count: 1000, overscan: 4 }), { start: 996, end: 1000 });
  assert.deepEqual(fixedWindow({ scrollTop: 0, viewport: 680, rowHeight: 68, count: 0 }), { start: 0, end: 0 });
  assert.equal(revealRow({ index: 0, rowHeight: 68, scrollTop: 500, viewport: 680 }), 0);
  assert.equal(revealRow({ index: 20, rowHeight: 68, scrollTop: 0, viewport: 680 }), 21 * 68 - 680);
  assert.equal(revealRow({ index: 5, rowHeight: 68, scrollTop: 0, viewport: 680 }), 0);
});

test('virtual window: measured heights and offsets', () => {
  const idx = new HeightIndex([10, 20, 30, 40]);
  assert.equal(idx.total(), 100);
  assert.equal(idx.offset(2), 30);
  assert.equal(idx.indexAt(0), 0);
  assert.equal(idx.indexAt(29.9), 1);
  assert.equal(idx.indexAt(30), 2);
  assert.equal(idx.indexAt(1e9), 3);
  assert.equal(idx.set(1, 25), 5);
  assert.equal(idx.total(), 105);
  assert.equal(idx.offset(3), 65);
  assert.deepEqual(variableWindow(idx, { scrollTop: 35, viewport: 10, overscanPx: 0 }), { start: 2, end: 3 });
  const big = new HeightIndex(new Array(10000).fill(50));
  assert.deepEqual(variableWindow(big, { scrollTop: 500000 - 800, viewport: 800, overscanPx: 200 }), { start: 9980, end: 10000 });
  assert.deepEqual(variableWindow(new HeightIndex([]), { scrollTop: 0, viewport: 100 }), { start: 0, end: 0 });
});

test('thread rows: day separators, grouping, estimates, echoes', () => {
  const d = (day, h, m = 0) => Math.floor(new Date(2025, 2, day, h, m).getTime() / 1000);
  // Messages in Rust's shape (checked: the logic is tested on what the app receives).
  const ipc = contract(SCHEMA);
  const msg = (id, at, extra = {}) => {
    const m = fx.message('incoming', { id, text: 'hi', author: null, at, ...extra });
    assert.deepEqual(ipc.def('ThreadMessage', m), [], `message ${id}`);
    return m;
  };
  const rows = buildRows([msg('1', d(10, 9)), msg('2', d(10, 9, 2)), msg('3', d(10, 9, 3), { direction: 'outgoing' }), msg('4', d(11, 9)), msg('4', d(11, 9, 1))], d(11, 12));
  assert.deepEqual(rows.map((r) => r.type === 'day' ? r.label.slice(0, 3) : `${r.msg.id}${r.grouped ? 'g' : ''}`), [rows[0].label.slice(0, 3), '1', '2g', '3', 'Tod', '4', '4g']);
  assert.equal(new Set(rows.map((r) => r.key)).size, rows.length, 'row keys unique even with duplicate ids');
  assert.ok(estimateHeight({ type: 'msg', grouped: false, msg: msg('x', 0, { text: 'a'.repeat(2000) }) }) > estimateHeight({ type: 'msg', grouped: false, msg: msg('y', 0) }));
  assert.equal(estimateHeight({ type: 'day' }), 40);
  const pend = msg(fx.FAILED_ID, 1, { direction: 'outgoing', delivery: { state: 'pending', outbox_id: fx.FAILED_ID } });
  let list = upsertMessage([msg('1', 0)], pend);
  assert.equal(list.length, 2);
  list = upsertMessage(list, msg(fx.FAILED_ID, 1, { direction: 'outgoing', delivery: { ...fx.RUST.messages.failed.delivery, message: 'no' } }));
  assert.equal(list.length, 2);
  assert.equal(list[1].delivery.state, 'failed');
  assert.deepEqual(newIncoming([msg('1', 0)], [msg('1', 0), msg('2', 1), msg('3', 2, { direction: 'outgoing' })]).map((m) => m.id), ['2']);
  assert.equal(messageKey({ delivery: { outbox_id: 'o9' } }), 'o9');
});

test('guard: one call in flight per key', async () => {
  const g = createGuard();
  let calls = 0;
  let release;
  const p = g.run('a', () => { calls++; return new Promise((r) => { release = r; }); });
  assert.equal(g.run('a', () => { calls++; }), null);
  assert.ok(g.busy('a'));
  const q = g.run('b', () => { calls++; return 1; });
  assert.equal(await q, 1);
  release(5);
  assert.equal(await p, 5);
  assert.ok(!g.busy('a'));
  assert.equal(calls, 2);
  await assert.rejects(g.run('c', () => { throw new Error('x'); }));
  assert.ok(!g.busy('c'));
});
