// Test harness: a tiny static server for ui/ (with the app's CSP) plus the
// @tauri-apps/api mocks, and Debian's Chromium driven by playwright-core.
import http from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..', '..');
const UI = join(ROOT, 'ui');
const TAURI = join(ROOT, 'node_modules', '@tauri-apps', 'api');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function csp() {
  const conf = JSON.parse(await readFile(join(ROOT, 'tauri.conf.json'), 'utf8'));
  return conf.app.security.csp;
}

function within(base, rel) {
  const p = normalize(join(base, rel));
  return p.startsWith(base) ? p : null;
}

export async function startServer() {
  const policy = await csp();
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname);
    let file = null;
    if (url.pathname.startsWith('/__tauri/')) file = within(TAURI, url.pathname.slice('/__tauri/'.length));
    else if (url.pathname === '/__test/fixtures.js') file = join(here, 'fixtures.js');
    else if (url.pathname.startsWith('/__test/')) file = within(join(here, 'page'), url.pathname.slice('/__test/'.length));
    else file = within(UI, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1)));
    try {
      if (!file) throw new Error('outside');
      let body = await readFile(file);
      const type = TYPES[extname(file)] || 'application/octet-stream';
      const headers = { 'content-type': type, 'cache-control': 'no-store' };
      if (type.startsWith('text/html')) {
        // The page under test gets the fake backend first, then the app as shipped.
        body = Buffer.from(String(body).replace('<script type="module" src="js/main.js"></script>',
          '<script type="module" src="/__test/fake-backend.js"></script>\n  <script type="module" src="js/main.js"></script>'));
        headers['content-security-policy'] = policy;
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((r) => server.close(r)) };
}

// Where the page asks the app for a customer image (Windows' form of deskimg:).
export const IMAGE_PROXY = 'http://deskimg.localhost/';

// A picture for the thumbnails: no test ever reaches the internet.
const PLACEHOLDER = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="480" height="340" viewBox="0 0 480 340">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#c9d3f5"/><stop offset="1" stop-color="#e9d8c4"/></linearGradient></defs>
<rect width="480" height="340" fill="url(#g)"/><rect x="150" y="95" width="180" height="150" rx="10" fill="#b08a5f"/><path d="M150 150h180" stroke="#8d6a45" stroke-width="6"/>
<path d="M210 95l-18 55M270 95l18 55" stroke="#8d6a45" stroke-width="4"/></svg>`);

export async function launchBrowser() {
  const home = await mkdtemp(join(tmpdir(), 'deskbell-ui-home-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') },
  });
  return { browser, close: async () => { await browser.close(); await rm(home, { recursive: true, force: true }); } };
}

// One browser + server per test file; one fresh context (storage) per page.
export async function harness() {
  const server = await startServer();
  const { browser, close } = await launchBrowser();
  const open = [];
  return {
    server,
    browser,
    async page({ fixture = {}, viewport = { width: 1280, height: 800 }, colorScheme = 'light', wait = true } = {}) {
      const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
      open.push(context);
      const external = [];
      const images = [];
      await context.route((u) => !u.href.startsWith(server.url), (route) => {
        const url = route.request().url();
        external.push(url);
        // The app's image protocol (Windows' form, see fake-backend.js): a picture,
        // or a refusal for hosts named "refused…", as the app refuses a LAN address.
        if (url.startsWith(IMAGE_PROXY)) {
          const target = decodeURIComponent(url.slice(IMAGE_PROXY.length));
          images.push(target);
          if (/^https?:\/\/refused/.test(target)) return route.fulfill({ status: 403, body: '' });
          return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PLACEHOLDER });
        }
        return route.abort();
      });
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}${process.env.UI_STACKS ? e.stack : ''}`));
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
      await page.addInitScript((f) => {
        window.__DESK_FIXTURE = f;
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`));
      }, fixture);
      if (wait) await gotoApp(page, server.url);
      return { page, context, problems, external, images };
    },
    async close() {
      for (const c of open) await c.close().catch(() => {});
      await close();
      await server.close();
    },
  };
}

export async function gotoApp(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => !!window.__deskbell);
}

// Recorded invoke calls of one command (page side).
export function callsOf(page, cmd) {
  return page.evaluate((c) => window.__fake.callsOf(c), cmd);
}

export async function emitDesk(page, payload) {
  await page.evaluate((p) => window.__fake.emit(p), payload);
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__csp);
}

// Fails on anything the page complained about: script errors, console errors, CSP violations.
export async function assertClean(assert, ctx) {
  const csp = await ctx.page.evaluate(() => window.__csp).catch(() => []);
  assert.deepEqual(csp, [], 'no CSP violations');
  assert.deepEqual(ctx.problems, [], 'no page errors');
}

export async function openRow(page, name) {
  const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.locator('.inbox-list .row').filter({ has: page.locator('.row-name', { hasText: exact }) }).first().click();
  await page.waitForSelector('.conv-open:not([hidden])');
  await page.waitForSelector('.thread-state', { state: 'hidden' });
}
