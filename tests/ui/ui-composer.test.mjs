// The composer: replies, notes, files, Chatwoot messages, pending echoes,
// errors, drafts across switches and reloads, canned replies, the outbox buttons.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, callsOf, assertClean, openRow, gotoApp, emitDesk } from './support/harness.mjs';
import * as fx from './support/fixtures.js';

const ANNA = { account: fx.SUPPORT, conversation: '300' };
const box = '.composer-input';

describe('composer', () => {
  let h;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });

  it('sends a reply with a pending echo at once; the text stays until send resolves', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.fill(box, 'Your refund is on its way.');
    await page.evaluate(() => window.__fake.hold('send'));
    await page.press(box, 'Enter');
    await page.waitForSelector('.msg.is-pending >> text=Your refund is on its way.');
    assert.equal(await page.inputValue(box), 'Your refund is on its way.', 'kept while in flight');
    assert.ok(await page.locator('.send-btn').isDisabled());
    await page.press(box, 'Enter'); // a second Enter while in flight sends nothing
    await page.evaluate(() => window.__fake.release('send'));
    await page.waitForFunction((b) => document.querySelector(b).value === '', box);
    assert.deepEqual(await callsOf(page, 'send'), [{ key: ANNA, payload: { type: 'text', text: 'Your refund is on its way.' } }]);
    assert.equal(await page.locator('.msg >> text=Your refund is on its way.').count(), 1, 'the echo is replaced, not duplicated');
    await assertClean(assert, ctx);
  });

  it('Hebrew typed into the composer runs right to left, English left to right', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    const direction = () => page.evaluate((b) => {
      const el = document.querySelector(b);
      return { rtl: el.matches(':dir(rtl)'), align: getComputedStyle(el).direction };
    }, box);
    await page.fill(box, 'שלום, ההזמנה שלך בדרך');
    assert.deepEqual(await direction(), { rtl: true, align: 'rtl' });
    await page.fill(box, 'Your order is on its way');
    assert.deepEqual(await direction(), { rtl: false, align: 'ltr' });
    await assertClean(assert, ctx);
  });

  it('a send answered after its delivery report leaves no "Sending…" behind', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.fill(box, 'Delivered before the answer');
    await page.evaluate(() => window.__fake.hold('send'));
    await page.press(box, 'Enter');
    await page.waitForSelector('.msg.is-pending >> text=Delivered before the answer');
    // Rust delivered it and re-read the thread before the `send` call's answer
    // (the first send of a page gets the fake backend's first echo, fx.echo(1)).
    const echo = fx.echo(1, { type: 'text', text: 'Delivered before the answer' }, Math.floor(Date.now() / 1000));
    await emitDesk(page, { type: 'outbox_changed', key: ANNA, message: { ...echo, delivery: { state: 'sent' } } });
    const server = { ...echo, id: '9001', author: 'Kate', delivery: { state: 'sent' } };
    // An older thread read, started while it was still pending, arrives last.
    await emitDesk(page, { type: 'thread_changed', key: ANNA, messages: [server] });
    await emitDesk(page, { type: 'thread_changed', key: ANNA, messages: [server, echo] });
    await page.evaluate(() => window.__fake.release('send'));
    await page.waitForFunction((b) => document.querySelector(b).value === '', box);
    await page.waitForTimeout(100);
    assert.equal(await page.locator('.msg >> text=Delivered before the answer').count(), 1, 'only the server copy');
    assert.equal(await page.locator('.msg.is-pending').count(), 0, 'nothing shown as sending');
    await assertClean(assert, ctx);
  });

  it('a send answered after its refusal stays refused, with its buttons', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.fill(box, 'Refused before the answer');
    await page.evaluate(() => window.__fake.hold('send'));
    await page.press(box, 'Enter');
    await page.waitForSelector('.msg.is-pending >> text=Refused before the answer');
    // The server refused it (a closed conversation) before the `send` call's
    // answer, which still carries the entry as it was when queued.
    const echo = fx.echo(1, { type: 'text', text: 'Refused before the answer' }, Math.floor(Date.now() / 1000));
    const refused = { ...echo, delivery: { state: 'failed', outbox_id: echo.delivery.outbox_id, message: 'The conversation is closed.' } };
    await emitDesk(page, { type: 'outbox_changed', key: ANNA, message: refused });
    await page.evaluate(() => window.__fake.release('send'));
    await page.waitForFunction((b) => document.querySelector(b).value === '', box);
    await page.waitForTimeout(100);
    assert.equal(await page.locator('.msg.is-pending').count(), 0, 'nothing shown as sending');
    await page.locator('.delivery.is-failed button[data-outbox=retry]').click();
    assert.deepEqual(await callsOf(page, 'outbox_retry'), [{ id: echo.delivery.outbox_id }]);
    await assertClean(assert, ctx);
  });

  it('a failed send keeps the text and shows the server text', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.evaluate(() => window.__fake.failNext('send', { kind: 'api', message: 'text is empty' }));
    await page.fill(box, 'Hello?');
    await page.click('.send-btn');
    await page.waitForSelector('.composer .inline-error:not([hidden]) >> text=text is empty');
    assert.equal(await page.inputValue(box), 'Hello?');
    assert.equal(await page.locator('.msg.is-pending').count(), 0, 'the echo is withdrawn');
    await page.click('.composer .inline-error button[aria-label="Dismiss error"]');
    assert.ok(await page.locator('.composer .inline-error').isHidden());
  });

  it('double-clicking Send sends once', async () => {
    const ctx = await h.page({ fixture: { latency: 150 } });
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.fill(box, 'Only once');
    await page.dblclick('.send-btn');
    await page.waitForFunction((b) => document.querySelector(b).value === '', box);
    assert.equal((await callsOf(page, 'send')).length, 1);
  });

  it('private notes are visibly different and sent as notes (N or the toggle)', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.focus('.inbox-list');
    await page.keyboard.press('n');
    assert.ok(await page.locator('.composer.is-note').count());
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('composer-input')), true);
    assert.equal(await page.getAttribute(box, 'aria-label'), 'Private note (operators only)');
    await page.keyboard.type('Customer is VIP');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.msg.is-note >> text=Customer is VIP');
    await page.click('.composer .seg:has-text("Reply")');
    assert.equal(await page.locator('.composer.is-note').count(), 0);
    assert.deepEqual(await callsOf(page, 'send'), [{ key: ANNA, payload: { type: 'note', text: 'Customer is VIP' } }]);
  });

  it('sends a file by URL; Chatwoot replies and notes use chatwoot_message', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.click('.composer button[aria-label="Send a file by URL"]');
    await page.fill('dialog input[type=url]', 'javascript:alert(1)');
    await page.click('dialog >> text=Send file');
    await page.waitForSelector('dialog >> text=Only http(s) URLs can be sent.');
    await page.fill('dialog input[type=url]', 'https://files.example.com/invoice.pdf');
    await page.click('dialog >> text=Send file');
    await page.waitForSelector('dialog', { state: 'detached' });
    await page.click('.rail .nav-item:has-text("99digital")');
    await page.click('[role=tab]:has-text("All")');
    await page.selectOption('select[aria-label="Status filter"]', 'any');
    await openRow(page, 'Ava Cohen');
    assert.ok(await page.locator('.composer button[aria-label="Send a file by URL"]').isHidden(), 'no file by URL for Chatwoot');
    await page.fill(box, 'Hi Ava');
    await page.press(box, 'Enter');
    await page.waitForFunction((b) => document.querySelector(b).value === '', box);
    await page.click('.composer .seg:has-text("Note")');
    await page.fill(box, 'internal');
    await page.press(box, 'Enter');
    await page.waitForFunction(() => window.__fake.callsOf('send').length === 3);
    assert.deepEqual(await callsOf(page, 'send'), [
      { key: ANNA, payload: { type: 'file', url: 'https://files.example.com/invoice.pdf' } },
      { key: { account: fx.DIGITAL, conversation: '314' }, payload: { type: 'chatwoot_message', content: 'Hi Ava', private: false } },
      { key: { account: fx.DIGITAL, conversation: '314' }, payload: { type: 'chatwoot_message', content: 'internal', private: true } },
    ]);
    await assertClean(assert, ctx);
  });

  it('with "Enter sends" off, Enter is a new line and Ctrl+Enter sends', async () => {
    const ctx = await h.page({ fixture: { settings: fx.settings({ enter_sends: false }) } });
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.click(box);
    await page.keyboard.type('line one');
    await page.keyboard.press('Enter');
    await page.keyboard.type('line two');
    assert.equal(await page.inputValue(box), 'line one\nline two');
    assert.deepEqual(await callsOf(page, 'send'), []);
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => window.__fake.callsOf('send').length === 1);
    assert.deepEqual((await callsOf(page, 'send'))[0].payload, { type: 'text', text: 'line one\nline two' });
  });

  it('drafts survive a conversation switch and a reload', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await page.click('[role=tab]:has-text("Recent")');
    await openRow(page, 'Anna Petrova');
    await page.fill(box, 'Draft for Anna');
    await openRow(page, 'Marco Rossi');
    assert.equal(await page.inputValue(box), '', 'each conversation has its own draft');
    assert.deepEqual((await callsOf(page, 'save_draft')).at(-1), { key: ANNA, text: 'Draft for Anna' }, 'written at once on switch');
    await page.fill(box, 'Draft for Marco');
    await openRow(page, 'Anna Petrova');
    assert.equal(await page.inputValue(box), 'Draft for Anna');
    await page.waitForFunction(() => window.__fake.callsOf('save_draft').some((c) => c.text === 'Draft for Marco'));
    await page.reload();
    await page.waitForFunction(() => !!window.__deskbell);
    await openRow(page, 'Marco Rossi');
    assert.equal(await page.inputValue(box), 'Draft for Marco');
    await openRow(page, 'Anna Petrova');
    assert.equal(await page.inputValue(box), 'Draft for Anna');
    await page.press(box, 'Enter');
    await page.waitForFunction((b) => document.querySelector(b).value === '', box);
    assert.deepEqual((await callsOf(page, 'save_draft')).at(-1), { key: ANNA, text: '' }, 'a sent draft is cleared');
  });

  it('canned replies: "/" opens a filtered picker; Enter inserts', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.click(box);
    await page.keyboard.type('Hi! /tha');
    await page.waitForSelector('.canned:not([hidden]) .canned-opt');
    assert.deepEqual(await page.locator('.canned-opt .canned-key').allTextContents(), ['/thanks', '/hello'], 'shortcut matches first, then text matches');
    await page.keyboard.press('Enter');
    assert.equal(await page.inputValue(box), 'Hi! Thank you, have a great day!');
    assert.ok(await page.locator('.canned').isHidden());
    assert.deepEqual(await callsOf(page, 'send'), [], 'Enter picked the reply, it did not send');
    await page.keyboard.type(' /');
    assert.equal(await page.locator('.canned-opt').count(), 2);
    await page.keyboard.press('Escape');
    assert.ok(await page.locator('.canned').isHidden());
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('composer-input')), true, 'Esc closed the picker only');
  });

  it('failed messages offer Retry, Edit and Discard', async () => {
    const ctx = await h.page({ fixture: { richThread: `${fx.SUPPORT}/300` } });
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    const failed = page.locator('.delivery.is-failed');
    assert.equal(await failed.locator('.failed-reason').textContent(), 'The conversation is closed.');
    await failed.locator('text=Retry').click();
    await failed.locator('text=Discard').click();
    await failed.locator('text=Edit').click();
    assert.equal(await page.inputValue('dialog textarea'), 'Anything else I can help with?');
    await page.fill('dialog textarea', 'Anything else, Anna?');
    await page.click('dialog >> text=Save and send');
    await page.waitForSelector('dialog', { state: 'detached' });
    assert.deepEqual(await callsOf(page, 'outbox_retry'), [{ id: fx.FAILED_ID }]);
    assert.deepEqual(await callsOf(page, 'outbox_discard'), [{ id: fx.FAILED_ID }]);
    assert.deepEqual(await callsOf(page, 'outbox_edit'), [{ id: fx.FAILED_ID, text: 'Anything else, Anna?' }]);
    await page.evaluate(() => window.__fake.failNext('outbox_retry', { kind: 'api', message: 'Conversation not found' }));
    await failed.locator('text=Retry').click();
    await page.waitForSelector('.toast-error >> text=Conversation not found');
    await assertClean(assert, ctx);
  });
});
