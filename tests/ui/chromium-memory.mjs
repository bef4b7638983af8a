// Memory of the same inbox in a Chromium window, for comparison with the app's own
// window (docs/benchmarks.md). Not a test. Needs a display:
//   scripts/desktop-session.sh node tests/ui/chromium-memory.mjs [ITEMS]
// Serves ui/ as the UI tests do (the IPC answered by the fake backend with ITEMS
// conversations, default 150, about the demo's size), opens one conversation in a
// headed 1280×800 Chromium window (Debian's, via playwright-core), waits 10 s, and
// sums RSS and PSS over the browser's whole process tree (/proc/PID/smaps_rollup).
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, gotoApp } from './support/harness.mjs';
import * as fx from './support/fixtures.js';

const ITEMS = Number(process.argv[2]) || 150;

function children(pid) {
  let out = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (kids) out = out.concat(kids.split(/\s+/).map(Number));
  }
  return out;
}

function tree(pid) {
  return [pid, ...children(pid).flatMap(tree)];
}

function memory(pid) {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kib = (key) => Number((rollup.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm')) || [0, 0])[1]);
  const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  return { pid, name, rss: kib('Rss'), pss: kib('Pss') };
}

const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;

const server = await startServer();
const home = await mkdtemp(join(tmpdir(), 'deskbell-chromium-home-'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: false,
  // As a user's window, minus what cannot work here (sandbox as root, Google's services).
  args: ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') },
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript((f) => { window.__DESK_FIXTURE = f; }, { itemCount: ITEMS, richThread: `${fx.SUPPORT}/300` });
  await gotoApp(page, server.url);
  await page.click('.inbox-list .row[data-conversation="300"]');
  await page.waitForSelector('.conv-open:not([hidden])');
  await new Promise((r) => setTimeout(r, 10_000));
  // The browser and its helpers (a notification daemon the session bus started may sit here too).
  const procs = children(process.pid).flatMap(tree).map(memory).filter((p) => p.name.startsWith('chrom'));
  const sum = (k) => procs.reduce((a, p) => a + p[k], 0);
  console.log(`Chromium ${browser.version()}, ${ITEMS} conversations, one thread open, 10 s after opening it:`);
  for (const p of procs) console.log(`  ${p.name.padEnd(16)} RSS ${mib(p.rss).padStart(8)}  PSS ${mib(p.pss).padStart(8)}`);
  console.log(`  ${procs.length} processes: RSS ${mib(sum('rss'))} (sum), PSS ${mib(sum('pss'))} (sum)`);
} finally {
  await browser.close();
  await server.close();
  await rm(home, { recursive: true, force: true });
}
