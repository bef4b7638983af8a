// Settings → Webhooks: per Blinger account a switch, its URL (shown there and
// nowhere else) with Copy, Send test event and its result, and where the
// receiver listens (another interface only by choice, with a warning).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, callsOf, assertClean, openRow } from './support/harness.mjs';
import * as fx from './support/fixtures.js';

const SAMPLE = fx.webhooks();
const [SUPPORT_HOOK, SALES_HOOK] = SAMPLE.accounts;
const SECRET = SUPPORT_HOOK.url.split('/').at(-1);

async function openWebhooks(page) {
  await page.click('.rail >> text=Settings');
  const sec = page.locator('dialog.dlg-settings section[aria-label="Webhooks"]');
  await sec.getByLabel('Webhooks for Support').waitFor();
  return sec;
}

// Where the secret is in the page: text anywhere, and the values of fields.
function secretPlaces(page, secret) {
  return page.evaluate((s) => {
    const fields = [...document.querySelectorAll('input, textarea')].filter((f) => f.value.includes(s));
    return {
      text: document.body.innerText.includes(s) || document.documentElement.outerHTML.includes(s),
      fields: fields.map((f) => f.getAttribute('aria-label')),
    };
  }, secret);
}

describe('settings: webhooks per account', () => {
  let h;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });

  it('shows each Blinger account with its switch, and its URL only while on, in this section only', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    const before = await secretPlaces(page, SECRET);
    assert.deepEqual(before, { text: false, fields: [] }, 'the URL is not in the page before Settings');
    const sec = await openWebhooks(page);
    assert.ok(await sec.getByLabel('Webhooks for Support').isChecked());
    assert.ok(!(await sec.getByLabel('Webhooks for Sales').isChecked()));
    assert.equal(await sec.getByLabel('Webhook URL for Support').inputValue(), SUPPORT_HOOK.url);
    assert.equal(await sec.getByLabel('Webhook URL for Sales').count(), 0, 'off: no URL');
    assert.equal(await sec.getByRole('button', { name: 'Send a test event to Sales' }).count(), 0);
    assert.equal(await sec.getByLabel('Listen on').inputValue(), '127.0.0.1:8787');
    await sec.locator('text=Listening on 127.0.0.1:8787.').waitFor();
    assert.ok(await sec.locator('.hook-warn').isHidden(), 'loopback: no warning');
    assert.deepEqual(await secretPlaces(page, SECRET), { text: false, fields: ['Webhook URL for Support'] });

    // Copy puts the whole URL on the clipboard.
    await page.evaluate(() => {
      window.__copied = [];
      Object.defineProperty(navigator.clipboard, 'writeText', { value: async (t) => { window.__copied.push(t); } });
    });
    await sec.getByRole('button', { name: 'Copy the webhook URL of Support' }).click();
    await sec.locator('button:has-text("Copied")').waitFor();
    assert.deepEqual(await page.evaluate(() => window.__copied), [SUPPORT_HOOK.url]);

    await page.keyboard.press('Escape');
    await page.locator('dialog.dlg-settings').waitFor({ state: 'detached' });
    assert.deepEqual(await secretPlaces(page, SECRET), { text: false, fields: [] }, 'gone with the dialog');
    await assertClean(assert, ctx);
  });

  it('switching an account on or off saves it and shows or hides its URL', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    const sec = await openWebhooks(page);
    await sec.getByLabel('Webhooks for Sales').check();
    await sec.getByLabel('Webhook URL for Sales').waitFor();
    assert.match(await sec.getByLabel('Webhook URL for Sales').inputValue(), /^http:\/\/127\.0\.0\.1:8787\/blinger\/[0-9a-f]{64}$/);
    await sec.getByLabel('Webhooks for Support').uncheck();
    await sec.getByLabel('Webhook URL for Support').waitFor({ state: 'detached' });
    assert.deepEqual(await callsOf(page, 'set_webhook'), [
      { account: SALES_HOOK.account, enabled: true },
      { account: SUPPORT_HOOK.account, enabled: false },
    ]);
    // Back on: the same URL as before (Blinger was given it).
    await sec.getByLabel('Webhooks for Support').check();
    await sec.getByLabel('Webhook URL for Support').waitFor();
    assert.equal(await sec.getByLabel('Webhook URL for Support').inputValue(), SUPPORT_HOOK.url);

    // Refused: the switch goes back and the reason shows.
    await page.evaluate(() => window.__fake.failNext('set_webhook', { kind: 'keyring', message: 'the keyring is locked' }));
    await sec.getByLabel('Webhooks for Sales').click();
    await sec.locator('.inline-error >> text=the keyring is locked').waitFor();
    assert.ok(await sec.getByLabel('Webhooks for Sales').isChecked(), 'the switch shows what is saved');
    await assertClean(assert, ctx);
  });

  for (const [outcome, heading] of [['applied', 'Received and applied'], ['refused', 'Refused'], ['unreachable', 'Could not connect']]) {
    it(`Send test event shows its result: ${outcome}`, async () => {
      const ctx = await h.page({ fixture: { webhookTest: outcome } });
      const { page } = ctx;
      const sec = await openWebhooks(page);
      await sec.getByRole('button', { name: 'Send a test event to Support' }).click();
      const result = sec.locator(`.hook-result.is-${outcome}`);
      await result.waitFor();
      const said = fx.webhookTest(outcome);
      assert.equal(await result.innerText(), `${heading}: ${said.message}`);
      assert.equal(await result.getAttribute('role'), 'status');
      assert.deepEqual(await callsOf(page, 'test_webhook'), [{ account: SUPPORT_HOOK.account }]);
      await assertClean(assert, ctx);
    });
  }

  it('switches clicked quickly end on the saved state, and a test result stays shown', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    const sec = await openWebhooks(page);
    await sec.getByRole('button', { name: 'Send a test event to Support' }).click();
    await sec.locator('.hook-result.is-applied').waitFor();
    // The first answer comes last.
    await page.evaluate(() => window.__fake.hold('set_webhook'));
    await sec.getByLabel('Webhooks for Sales').check();
    await sec.getByLabel('Webhooks for Support').uncheck();
    await page.waitForFunction(() => window.__fake.callsOf('set_webhook').length === 2);
    await page.evaluate(() => window.__fake.release('set_webhook'));
    await page.waitForFunction(() => window.__fake.callsOf('webhooks').length === 2);
    await sec.getByLabel('Webhook URL for Sales').waitFor();
    assert.equal(await sec.getByLabel('Webhook URL for Support').count(), 0);
    assert.ok(await sec.getByLabel('Webhooks for Sales').isChecked());
    assert.ok(!(await sec.getByLabel('Webhooks for Support').isChecked()));
    await sec.getByLabel('Webhooks for Support').check();
    await sec.getByLabel('Webhook URL for Support').waitFor();
    assert.match(await sec.locator('.hook-result.is-applied').innerText(), /^Received and applied: /);
    await assertClean(assert, ctx);
  });

  it('listening on another interface is an explicit choice, with a warning that events are unsigned', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    const sec = await openWebhooks(page);
    const warning = sec.locator('.hook-warn');
    await sec.getByLabel('Listen on').fill('0.0.0.0:8787');
    await warning.waitFor();
    assert.match(await warning.innerText(), /signs nothing/);
    // Rust refuses it without the explicit choice; the reason shows.
    await page.evaluate(() => window.__fake.failNext('set_webhook_listen', { kind: 'invalid_input', message: '0.0.0.0:8787 is reachable from other machines, and webhooks are unsigned' }));
    await sec.getByRole('button', { name: 'Save address' }).click();
    await sec.locator('.inline-error >> text=webhooks are unsigned').waitFor();
    await sec.getByLabel('Accept connections from other machines').check();
    await sec.getByRole('button', { name: 'Save address' }).click();
    await page.waitForFunction(() => window.__fake.callsOf('set_webhook_listen').length === 2);
    assert.deepEqual((await callsOf(page, 'set_webhook_listen')).at(-1), { listen: '0.0.0.0:8787', allow_remote: true });
    await sec.locator('text=Listening on 0.0.0.0:8787.').waitFor();
    assert.ok(await warning.isVisible(), 'the warning stays while it listens there');
    assert.match(await sec.getByLabel('Webhook URL for Support').inputValue(), /^http:\/\/0\.0\.0\.0:8787\/blinger\//);
    // Back to loopback: no warning.
    await sec.getByLabel('Accept connections from other machines').uncheck();
    await sec.getByLabel('Listen on').fill('127.0.0.1:9000');
    assert.ok(await warning.isHidden());
    await assertClean(assert, ctx);
  });
});

describe('details: the conversation tags webhooks bring', () => {
  let h;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });

  it('shows the row tags after the customer tags, each once, as text', async () => {
    const items = fx.items(6);
    const first = items[0];
    items[0] = fx.like(first, { tags: ['refund', 'vip', '<b>late</b>'] }, ['tags']);
    const ctx = await h.page({ fixture: { items } });
    const { page } = ctx;
    await openRow(page, first.customer_name);
    const tags = page.locator('.details .tags .tag');
    await tags.first().waitFor();
    // The sample customer's tags are vip and order-issue.
    assert.deepEqual(await tags.allInnerTexts(), ['vip', 'order-issue', 'refund', '<b>late</b>']);
    assert.equal(await page.locator('.details .tags b').count(), 0, 'text, not markup');
    await assertClean(assert, ctx);
  });
});
