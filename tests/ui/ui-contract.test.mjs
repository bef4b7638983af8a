// The fake backend holds to the contract generated from the Rust types: a mock
// result, event, error or argument that Rust would never send or read is refused
// and reported to the test, so UI tests cannot pass on an invented shape (as the
// Retry / Edit / Discard buttons once did on `{state: 'failed', outbox_id}`).
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, emitDesk, openRow } from './support/harness.mjs';
import * as fx from './support/fixtures.js';

const ANNA = { account: fx.SUPPORT, conversation: '300' };
// The delivery report the UI mocks invented: an outbox id, no message.
// A failed delivery as a hand-written mock might write it: no message, a field of its own.
const INVENTED = fx.like(fx.RUST.messages.failed, { delivery: { state: 'failed', outbox_id: fx.FAILED_ID, retryable: true } });

describe('the fake backend refuses shapes Rust never sends', () => {
  let h;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });
  // Each test here provokes violations on purpose and checks them; none may leak.
  afterEach(() => { h.violations.length = 0; });

  const invoke = (page, cmd, args) => page.evaluate(([c, a]) => window.__TAURI_INTERNALS__.invoke(c, a).then(
    (value) => ({ value }), (error) => ({ error })), [cmd, args]);

  it('an event with an invented delivery shape is not emitted', async () => {
    const { page } = await h.page();
    const event = { type: 'outbox_changed', key: ANNA, message: INVENTED };
    await assert.rejects(emitDesk(page, event), (e) => /delivery\.message: missing/.test(e.message) && /delivery\.retryable: not in the contract/.test(e.message));
    assert.equal(h.violations.length, 1);
    // The same event in Rust's shape goes through.
    await emitDesk(page, { ...event, message: fx.RUST.messages.failed });
    assert.equal(h.violations.length, 1);
  });

  it('a thread served with an invented delivery shape fails the test that opens it', async () => {
    const thread = fx.like(fx.thread(ANNA, 2), { messages: [INVENTED] });
    const ctx = await h.page({ fixture: { threads: { [`${fx.SUPPORT}/300`]: thread } } });
    await ctx.page.locator('.inbox-list .row', { hasText: 'Anna Petrova' }).first().click();
    await ctx.page.waitForFunction(() => window.__fake.callsOf('open_conversation').length === 1);
    await ctx.page.waitForTimeout(50);
    assert.equal(h.violations.length, 1);
    assert.match(h.violations[0], /the result served for open_conversation does not match docs\/ipc\.schema\.json/);
    assert.match(h.violations[0], /result\.messages\[0\]\.delivery\.message: missing/);
    assert.ok(ctx.problems.some((p) => p.includes('open_conversation')), 'reported as a page problem (assertClean fails)');
    assert.equal(await ctx.page.locator('.delivery.is-failed').count(), 0, 'the page never received it');
  });

  it('the same thread in Rust\'s shape opens cleanly', async () => {
    const ctx = await h.page({ fixture: { richThread: `${fx.SUPPORT}/300` } });
    await openRow(ctx.page, 'Anna Petrova');
    assert.equal(await ctx.page.locator('.delivery.is-failed').count(), 1);
    assert.deepEqual(h.violations, []);
  });

  it('arguments Rust would not read, and errors without a kind, are refused', async () => {
    const { page } = await h.page();
    const extra = await invoke(page, 'outbox_retry', { id: fx.FAILED_ID, outbox_id: fx.FAILED_ID });
    assert.equal(extra.error.kind, 'contract');
    assert.match(extra.error.message, /args\.outbox_id: not in the contract/);
    const camel = await invoke(page, 'add_account', { account: { name: 'W', provider: 'blinger', api_url: 'https://x.io/api' }, token: 't', widgetToken: 'w' });
    assert.match(camel.error.message, /args\.widgetToken: not in the contract/);
    const unknown = await invoke(page, 'retry_message', { id: fx.FAILED_ID });
    assert.match(unknown.error.message, /retry_message: no such command in Rust/);
    await page.evaluate(() => window.__fake.failNext('directory', { message: 'no kind' }));
    const error = await invoke(page, 'directory', { account: fx.SUPPORT });
    assert.match(error.error.message, /error\.kind: missing/);
    assert.equal(h.violations.length, 4);
  });
});
