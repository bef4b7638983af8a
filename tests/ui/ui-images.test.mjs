// Customer images in the page: loaded only through the app's image protocol,
// from unknown hosts only after a click ("Always" remembered), replaced by a
// file card when the app refuses them.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, assertClean, openRow, gotoApp, IMAGE_PROXY } from './support/harness.mjs';
import * as fx from './support/fixtures.js';

const KNOWN = 'https://static-api.blinger.io/files/new/67/cf/box.png'; // beside app.blinger.io
const UNKNOWN = 'https://cdn.tracker.example/pixel.png?u=anna';
const UNKNOWN_2 = 'https://cdn.tracker.example/second.png';
const REFUSED = 'https://refused.blinger.io/lan.png';

function imageThread() {
  const t = fx.richThread();
  const at = t.messages[t.messages.length - 1].at + 10;
  const img = (id, url, text) => ({ id, text, kind: 'image', direction: 'incoming', is_note: false, author: null, at, attachment_url: url, delivery: { state: 'sent' } });
  t.messages = [
    img('k1', KNOWN, 'The box'),
    img('u1', UNKNOWN, 'From elsewhere'),
    img('u2', UNKNOWN_2, 'Also from elsewhere'),
    img('x1', REFUSED, 'Refused by the app'),
  ];
  return t;
}

// The thread's refused picture logs its 403 in Chromium's console: that is the
// refusal itself, not a fault of the page.
// The element exists before the app's protocol has answered; a picture that has
// decoded was necessarily fetched through it.
async function loaded(page, id) {
  await page.waitForFunction((sel) => {
    const i = document.querySelector(sel);
    return i && i.complete && i.naturalWidth > 0;
  }, `.msg[data-message-id="${id}"] .thumb-img`);
}

async function clean(ctx) {
  const refusal = /Failed to load resource: the server responded with a status of 403/;
  ctx.problems.splice(0, ctx.problems.length, ...ctx.problems.filter((p) => !refusal.test(p)));
  await assertClean(assert, ctx);
}

describe('images', () => {
  let h;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });

  async function openImages(fixture = {}) {
    const ctx = await h.page({ fixture: { threads: { [`${fx.SUPPORT}/300`]: imageThread() }, ...fixture } });
    await openRow(ctx.page, 'Anna Petrova');
    return ctx;
  }

  it('loads a picture from the account server through the app, never from its host', async () => {
    const ctx = await openImages();
    const { page } = ctx;
    const img = page.locator('.msg[data-message-id="k1"] .thumb-img');
    await loaded(page, 'k1');
    assert.equal(await img.getAttribute('src'), IMAGE_PROXY + encodeURIComponent(KNOWN));
    assert.equal(await img.getAttribute('referrerpolicy'), 'no-referrer');
    assert.ok(ctx.images.includes(KNOWN), `asked the app for it: ${ctx.images}`);
    assert.ok(ctx.external.every((u) => u.startsWith(IMAGE_PROXY)), `nothing else left the page: ${ctx.external}`);
    await clean(ctx);
  });

  it('asks before loading from another host, and remembers "Always"', async () => {
    const ctx = await openImages();
    const { page } = ctx;
    const card = page.locator('.msg[data-message-id="u1"] .img-gate');
    await card.waitFor();
    assert.match(await card.textContent(), /Image from cdn\.tracker\.example/);
    assert.equal(await page.locator('.msg[data-message-id="u1"] img').count(), 0);
    assert.ok(!ctx.images.some((u) => u.includes('tracker')), 'nothing fetched before the click');

    await page.click('.msg[data-message-id="u1"] [data-img-load="once"]');
    await loaded(page, 'u1');
    assert.ok(ctx.images.includes(UNKNOWN));
    // "Load" was for that one picture: the other one from the host still asks.
    assert.equal(await page.locator('.msg[data-message-id="u2"] .img-gate').count(), 1);

    await page.click('.msg[data-message-id="u2"] [data-img-load="always"]');
    await loaded(page, 'u2');
    assert.ok(ctx.images.includes(UNKNOWN_2));

    // After a restart of the page the host is still trusted.
    await gotoApp(page, h.server.url);
    await openRow(page, 'Anna Petrova');
    await page.locator('.msg[data-message-id="u1"] .thumb-img').waitFor();
    assert.equal(await page.locator('.img-gate').count(), 0);
    await clean(ctx);
  });

  it('shows a file card when the app refuses the picture', async () => {
    const ctx = await openImages();
    const { page } = ctx;
    await page.locator('.msg[data-message-id="x1"] .file-card:not(.img-gate)').waitFor();
    assert.equal(await page.locator('.msg[data-message-id="x1"] img').count(), 0);
    assert.ok(ctx.images.includes(REFUSED));
    // Still openable in the browser, through the confirmation.
    await page.click('.msg[data-message-id="x1"] .file-card button');
    await page.waitForSelector('dialog.dlg-url');
    assert.equal(await page.textContent('.url-full'), REFUSED);
    await clean(ctx);
  });
});
