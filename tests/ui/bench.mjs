// UI benchmark (not a test): node tests/ui/bench.mjs [--runs N] [--write]
// Times, inside the page with performance.now(), (1) rendering a 1000-row
// inbox, (2) applying one `inbox_changed` upsert that moves a row to the top,
// (3) opening a 10,000-message thread — each until the next frame has been
// painted (a requestAnimationFrame, then a task after it) — and counts DOM
// nodes. Reports the median (and p90) of N runs. --write updates docs/benchmarks-ui.md.
import os from 'node:os';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { harness, ROOT } from './support/harness.mjs';
import * as fx from './support/fixtures.js';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 30;
const WRITE = args.includes('--write');

const stats = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p90: q(0.9), min: s[0], max: s[s.length - 1], n: s.length };
};

const h = await harness();
try {
  const ctx = await h.page({ fixture: { itemCount: 1000, bigThread: { key: `${fx.SUPPORT}/300`, size: 10000 } }, viewport: { width: 1280, height: 800 } });
  const { page } = ctx;
  const result = await page.evaluate(async (runs) => {
    const app = window.__deskbell;
    const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const nodes = () => document.getElementsByTagName('*').length;
    const fx = await import('/__test/fixtures.js');
    await painted();
    // Forces style and layout now, so "work" includes them (paint happens in the frame after).
    const layout = () => document.body.getBoundingClientRect().height + document.querySelector('.inbox-list').scrollHeight;
    const out = { inbox: [], upsert: [], thread: [], inboxWork: [], upsertWork: [], threadWork: [] };

    // 1. A 1000-row inbox, rendered from scratch (fresh objects, every visible row patched).
    app.inbox.setScope({ account: null, tab: 'recent' });
    const base = fx.items(1000, Math.floor(Date.now() / 1000));
    for (let i = 0; i < runs; i++) {
      const items = JSON.parse(JSON.stringify(base));
      await painted();
      const t0 = performance.now();
      app.inbox.load(items);
      layout();
      out.inboxWork.push(performance.now() - t0);
      await painted();
      out.inbox.push(performance.now() - t0);
    }
    out.inboxNodes = nodes();
    out.inboxRows = document.querySelectorAll('.inbox-list .row').length;
    out.inboxSize = app.inbox.view().length;

    // 2. One new message: an upsert that moves a row from the middle to the top.
    let now = Math.floor(Date.now() / 1000) + 10;
    for (let i = 0; i < runs; i++) {
      const view = app.inbox.view();
      const victim = view[Math.min(view.length - 1, 3 + ((i * 37) % 12))]; // a row in view, moving to the top
      const item = { ...victim, preview: `New message ${i}`, unread: victim.unread + 1, last_activity: ++now };
      await painted();
      const t0 = performance.now();
      // The mocked event plugin runs the listener synchronously inside emit().
      const done = window.__fake.emit({ type: 'inbox_changed', changes: [{ op: 'upsert', item }], unread_total: 1 });
      layout();
      out.upsertWork.push(performance.now() - t0);
      await done;
      await painted();
      out.upsert.push(performance.now() - t0);
    }
    out.upsertNodes = nodes();

    // 3. A 10,000-message thread (data prepared beforehand: only the page's work is timed).
    const key = { account: fx.SUPPORT, conversation: '300' };
    const data = fx.bigThread(key, 10000);
    window.__fake.check('open_conversation', data); // against the contract, untimed
    window.__fake.override('open_conversation', () => data);
    for (let i = 0; i < Math.max(5, Math.floor(runs / 2)); i++) {
      app.conversation.close();
      await painted();
      const t0 = performance.now();
      await app.conversation.open(key);
      layout();
      out.threadWork.push(performance.now() - t0);
      await painted();
      out.thread.push(performance.now() - t0);
    }
    out.threadNodes = nodes();
    out.threadRows = document.querySelectorAll('.thread .vrow').length;
    out.threadMessages = data.messages.length;
    return out;
  }, RUNS);

  const machine = {
    cpu: os.cpus()[0].model, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`, node: process.version, chromium: h.browser.version(),
  };
  const fmt = (s) => `${s.median.toFixed(1)} ms (p90 ${s.p90.toFixed(1)}, min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)}, n=${s.n})`;
  const inbox = stats(result.inbox);
  const upsert = stats(result.upsert);
  const thread = stats(result.thread);
  const upsertWork = stats(result.upsertWork);
  const lines = [
    `| what | work: script + style + layout (median) | until the next frame is painted (median) | DOM nodes (whole page) |`,
    `|---|---|---|---|`,
    `| render the ${result.inboxSize}-row inbox | ${fmt(stats(result.inboxWork))} | ${fmt(inbox)} | ${result.inboxNodes} (${result.inboxRows} rows in the DOM) |`,
    `| apply one new message (one \`inbox_changed\` upsert, row moves to the top) | ${fmt(upsertWork)} | ${fmt(upsert)} | ${result.upsertNodes} |`,
    `| open a ${result.threadMessages.toLocaleString('en')}-message thread | ${fmt(stats(result.threadWork))} | ${fmt(thread)} | ${result.threadNodes} (${result.threadRows} thread rows in the DOM) |`,
  ];
  console.log(lines.join('\n'));
  console.log(`\nmachine: ${JSON.stringify(machine)}`);
  const met = upsertWork.median <= 16 && upsert.median <= 2 * 16.7;
  console.log(`target: one new message ≤ 16 ms → ${met ? 'met' : 'NOT met'} (work ${upsertWork.median.toFixed(2)} ms, on screen in the next frame: ${upsert.median.toFixed(1)} ms)`);
  if (WRITE) {
    const doc = `# UI benchmarks

Figures from \`node tests/ui/bench.mjs --runs ${RUNS} --write\` (the script rewrites this file).

${lines.join('\n')}

Target: one new message applied in ≤ 16 ms (one frame at 60 Hz) — **${met ? 'met' : 'not met'}**: the page's work
for it takes ${upsertWork.median.toFixed(2)} ms (median), and it is on screen in the next frame.

## How they are taken
- The page is \`ui/\` as shipped, served by the test server with the app's CSP, in Debian's Chromium
  (headless, \`--disable-gpu\`) driven by playwright-core, window 1280×800; the IPC is the in-page fake
  backend of the UI tests (\`tests/ui/support/page/fake-backend.js\`, built on \`@tauri-apps/api/mocks\`).
- Both columns are \`performance.now()\` inside the page, starting right after a frame was painted.
  *Work*: until the change is applied and style and layout are done (forced by reading layout).
  *Until painted*: until the next frame has been painted — a \`requestAnimationFrame\` callback (paint
  follows it) and then a task queued from it. The frame clock runs at 60 Hz, so this column is quantised
  to one frame (~16.7 ms) whenever the work fits in it: it shows the change lands in the next frame.
  Median, p90, min and max over n runs.
- Inbox: \`load()\` of 1000 fresh conversation objects with the "Recent" tab of "All accounts" (all 1000
  in the view): the model, the sorted view, tab and unread counts, and the virtual list's visible rows.
- New message: one \`desk://event\` \`inbox_changed\` with one upsert (new preview, unread + 1, newest
  activity) delivered through the mocked event plugin, so the row moves from the visible area to the top.
- Thread: \`open_conversation\` answered at once with 10,000 prepared messages (generating them is not
  timed); the work is building day separators and rows, height estimates, and rendering the visible
  window at the bottom with its measurements.
- The fake backend checks every payload against the contract (\`docs/ipc.schema.json\`): the
  \`inbox_changed\` event's check is inside the new-message timing (tens of µs, see docs/benchmarks.md);
  the prepared thread is checked once, before the timing.
- DOM nodes: \`document.getElementsByTagName('*').length\` after each step (the list and thread only
  keep the visible rows, so these stay flat whatever the inbox or thread size).

## Machine
- CPU: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB RAM
- OS: ${machine.os}
- Node ${machine.node}, Chromium ${machine.chromium}

The desktop app renders in WebKitGTK, not Chromium: these figures show the page's own cost and how it
scales; the real window's will differ by the engine.
`;
    await writeFile(join(ROOT, 'docs', 'benchmarks-ui.md'), doc);
    console.log('wrote docs/benchmarks-ui.md');
  }
} finally {
  await h.close();
}
