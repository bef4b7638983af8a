// Replies that have not reached the server, as Rust reports them (the samples come
// from Rust's own types, so these shapes are the app's): waiting ones say why and
// offer Retry now / Edit / Discard, removed ones leave the thread, the banner
// counts what waits per account, and files set aside at start-up are explained.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, callsOf, assertClean, openRow, emitDesk } from './support/harness.mjs';
import * as fx from './support/fixtures.js';

const ANNA = { account: fx.SUPPORT, conversation: '300' };

describe('outbox', () => {
  let h;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });

  it('a waiting reply says why and offers Retry now, Edit and Discard on its own outbox id', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    const waiting = fx.message('waiting');
    await emitDesk(page, { type: 'outbox_changed', key: ANNA, message: waiting });
    const row = page.locator('.delivery.is-waiting');
    await row.waitFor();
    assert.equal(await row.locator('.failed-reason').textContent(), waiting.delivery.reason);
    assert.match(await row.textContent(), /as soon as the server answers/);
    await row.locator('text=Retry now').click();
    await row.locator('text=Discard').click();
    const id = waiting.delivery.outbox_id;
    await page.waitForFunction(() => window.__fake.calls.filter((c) => c.cmd.startsWith('outbox_')).length >= 2);
    assert.deepEqual(await callsOf(page, 'outbox_retry'), [{ id }]);
    assert.deepEqual(await callsOf(page, 'outbox_discard'), [{ id }]);
    await row.locator('text=Edit').click();
    assert.equal(await page.inputValue('dialog textarea'), waiting.text);
    await page.fill('dialog textarea', 'We are still checking.');
    await page.click('dialog >> text=Save and send');
    await page.waitForSelector('dialog', { state: 'detached' });
    assert.deepEqual(await callsOf(page, 'outbox_edit'), [{ id, text: 'We are still checking.' }]);
    await assertClean(assert, ctx);
  });

  it('a removed reply leaves the thread; its delivered echo replaces the waiting one', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    const failed = fx.message('failed');
    await emitDesk(page, { type: 'outbox_changed', key: ANNA, message: failed });
    await page.waitForSelector('.delivery.is-failed');
    await emitDesk(page, { type: 'outbox_removed', key: ANNA, id: failed.delivery.outbox_id });
    await page.waitForSelector('.delivery.is-failed', { state: 'detached' });
    const pending = fx.message('pending');
    await emitDesk(page, { type: 'outbox_changed', key: ANNA, message: pending });
    await page.waitForSelector('.msg.is-pending');
    await emitDesk(page, { type: 'outbox_changed', key: ANNA, message: fx.message('delivered') });
    await page.waitForSelector('.msg.is-pending', { state: 'detached' });
    assert.equal(await page.locator(`.msg >> text=${pending.text.slice(0, 30)}`).count(), 1, 'one message, delivered');
    await assertClean(assert, ctx);
  });

  it('the banner counts waiting replies per account; Retry now resumes them', async () => {
    const ctx = await h.page({ fixture: { outbox: fx.RUST.outbox } });
    const { page } = ctx;
    const banner = page.locator('.banner-waiting');
    await banner.waitFor();
    const q = fx.RUST.outbox[0];
    assert.match(await banner.textContent(), new RegExp(`${q.waiting} repl\\w+ to Support not sent yet: ${q.reason}`));
    await banner.locator('text=Retry now').click();
    await page.waitForFunction(() => window.__fake.calls.some((c) => c.cmd === 'outbox_retry_all'));
    assert.deepEqual(await callsOf(page, 'outbox_retry_all'), [{ account: fx.SUPPORT }]);
    // Everything sent: the summary comes back empty and the banner goes.
    await emitDesk(page, { type: 'outbox_summary', queues: [] });
    await banner.waitFor({ state: 'detached' });
    await assertClean(assert, ctx);
  });

  it('replies of an account that is gone can be discarded; damaged files are explained', async () => {
    const orphan = { ...fx.RUST.outbox[0], account: 'removed-account', orphaned: true };
    const ctx = await h.page({ fixture: { outbox: [orphan], notices: fx.RUST.notices } });
    const { page } = ctx;
    const gone = page.locator('.banner[data-outbox-account="removed-account"]');
    await gone.waitFor();
    assert.match(await gone.textContent(), /no longer set up/);
    assert.equal(await page.locator('.banner-waiting').count(), 0, 'not offered as waiting');
    await gone.locator('text=Discard them').click();
    await page.waitForFunction(() => window.__fake.calls.some((c) => c.cmd === 'outbox_discard_account'));
    assert.deepEqual(await callsOf(page, 'outbox_discard_account'), [{ account: 'removed-account' }]);
    const notice = page.locator('.banner[data-notice="outbox"]');
    const n = fx.RUST.notices[0];
    const text = await notice.textContent();
    assert.ok(text.includes(n.problem) && text.includes(n.kept_as), text);
    assert.match(text, /2 replies were recovered/);
    await notice.locator('text=Send them').click();
    await page.waitForFunction(() => window.__fake.calls.some((c) => c.cmd === 'outbox_retry_all' && !c.args.account));
    await notice.locator('text=Dismiss').click();
    await notice.waitFor({ state: 'detached' });
    await assertClean(assert, ctx);
  });

  it('removing an account with unsent replies asks before discarding them', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await page.evaluate(() => window.__fake.failNext('remove_account', { kind: 'pending_replies', message: '2 replies to this account are not sent yet' }));
    await page.click('.rail >> text=Settings');
    const row = page.locator('dialog .acc-row', { hasText: 'Support' });
    const remove = row.locator('button:has-text("Remove")');
    await remove.click();
    await remove.click();
    await page.waitForSelector('dialog >> text=2 replies to this account are not sent yet');
    assert.equal((await remove.textContent()).trim(), 'Remove and discard them');
    await remove.click();
    await row.waitFor({ state: 'detached' });
    assert.deepEqual(await callsOf(page, 'remove_account'), [{ id: fx.SUPPORT }, { id: fx.SUPPORT, discard_pending: true }]);
    await assertClean(assert, ctx);
  });
});
