// First run (no account), adding accounts, and the settings dialog.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, callsOf, assertClean } from './support/harness.mjs';
import * as fx from './support/fixtures.js';

describe('setup and settings', () => {
  let h;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });

  it('first run: the setup screen adds a Blinger account and clears the token', async () => {
    const ctx = await h.page({ fixture: { accounts: [], items: [] } });
    const { page } = ctx;
    await page.waitForSelector('#setup:not([hidden]) >> text=Welcome to Deskbell');
    assert.ok(await page.locator('#app').isHidden());
    assert.equal(await page.inputValue('input[name=api_url]'), 'https://app.blinger.io/api');
    assert.equal(await page.getAttribute('input[name=token]', 'type'), 'password');
    await page.fill('input[name=name]', 'Support');
    await page.fill('input[name=token]', 's3cr3t-token');
    await page.fill('input[name=operator_id]', '7');
    await page.fill('input[name=group_ids]', '1, 4');
    await page.fill('input[name=widget_url]', 'https://widget.blinger.io/api/external/v1');
    await page.fill('input[name=widget_token]', 'w1dget');
    await page.evaluate(() => window.__fake.failNext('add_account', { kind: 'unauthorized', message: 'HTTP 401' }));
    await page.click('text=Connect account');
    await page.waitForSelector('.account-form .inline-error >> text=HTTP 401');
    assert.equal(await page.inputValue('input[name=token]'), '', 'cleared after a failed try too');
    await page.fill('input[name=token]', 's3cr3t-token');
    await page.fill('input[name=widget_token]', 'w1dget');
    await page.click('text=Connect account');
    await page.waitForSelector('#app:not([hidden])');
    assert.deepEqual((await callsOf(page, 'add_account')).at(-1), {
      account: { name: 'Support', provider: 'blinger', api_url: 'https://app.blinger.io/api', operator_id: 7, group_ids: [1, 4], widget_url: 'https://widget.blinger.io/api/external/v1' },
      token: 's3cr3t-token', widget_token: 'w1dget',
    });
    assert.equal(await page.locator('input[name=token]').count(), 0, 'the form is gone');
    assert.ok(!(await page.content()).includes('s3cr3t-token'), 'the token is nowhere in the page');
    await page.waitForSelector('.nav-item:has-text("Support")');
    await assertClean(assert, ctx);
  });

  it('first run: a Chatwoot account asks for account and inbox ids', async () => {
    const ctx = await h.page({ fixture: { accounts: [], items: [] } });
    const { page } = ctx;
    await page.click('label:has-text("Chatwoot / 99digital")');
    assert.ok(await page.locator('input[name=operator_id]').isHidden());
    await page.fill('input[name=name]', '99digital');
    await page.fill('input[name=api_url]', 'https://online.99digital.co.il');
    await page.fill('input[name=token]', 'tok');
    await page.click('text=Connect account');
    await page.waitForSelector('text=The Chatwoot account id is needed.');
    assert.deepEqual(await callsOf(page, 'add_account'), []);
    await page.fill('input[name=token]', 'tok');
    await page.fill('input[name=account_id]', '3');
    await page.fill('input[name=inbox_id]', '5');
    await page.click('text=Connect account');
    await page.waitForSelector('#app:not([hidden])');
    assert.deepEqual(await callsOf(page, 'add_account'), [{ account: { name: '99digital', provider: 'chatwoot', api_url: 'https://online.99digital.co.il', account_id: 3, inbox_id: 5 }, token: 'tok' }]);
  });

  it('settings save each change, remove accounts and edit canned replies', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await page.click('.rail >> text=Settings');
    const dlg = page.locator('dialog.dlg-settings');
    await dlg.getByLabel('Enter sends').uncheck();
    await dlg.getByLabel('Do not disturb').check();
    await dlg.getByLabel('Notification sound').uncheck();
    await dlg.getByLabel('Start at login').check();
    await dlg.getByLabel('Theme').selectOption('dark');
    await dlg.getByLabel('Check for news every').fill('45');
    await dlg.getByLabel('Check for news every').press('Tab');
    await page.waitForFunction(() => window.__fake.callsOf('set_settings').length === 6);
    assert.deepEqual(await callsOf(page, 'set_settings'), [
      { settings: { enter_sends: false } }, { settings: { do_not_disturb: true } }, { settings: { notification_sound: false } },
      { settings: { start_at_login: true } }, { settings: { theme: 'dark' } }, { settings: { poll_interval_secs: 45 } },
    ]);
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    await page.evaluate(() => window.__fake.failNext('set_settings', { kind: 'config', message: 'disk full' }));
    await dlg.getByLabel('Enter sends').check();
    await dlg.locator('.inline-error >> text=disk full').waitFor();
    await dlg.locator('button[aria-label="Remove account 99digital"]').click();
    assert.deepEqual(await callsOf(page, 'remove_account'), [], 'asks for a second click first');
    await dlg.locator('button[aria-label="Remove account 99digital"]').click();
    await page.waitForFunction(() => window.__fake.callsOf('remove_account').length === 1);
    assert.deepEqual(await callsOf(page, 'remove_account'), [{ id: fx.DIGITAL }]);
    await dlg.locator('.acc-row', { hasText: '99digital' }).waitFor({ state: 'detached' });
    await dlg.locator('text=Add reply').click();
    await dlg.getByLabel('Shortcut').last().fill('/refund');
    await dlg.getByLabel('Reply text').last().fill('Your refund is on its way.');
    await dlg.locator('text=Save canned replies').click();
    await page.waitForFunction(() => window.__fake.callsOf('save_canned_replies').length === 1);
    assert.deepEqual((await callsOf(page, 'save_canned_replies'))[0].replies.at(-1), { shortcut: 'refund', text: 'Your refund is on its way.' });
    await dlg.locator('text=Add account').click();
    await dlg.locator('input[name=name]').fill('Second');
    await dlg.locator('input[name=token]').fill('t2');
    await dlg.locator('button:has-text("Add account")').last().click();
    await page.waitForFunction(() => window.__fake.callsOf('add_account').length === 1);
    await page.keyboard.press('Escape');
    await page.waitForSelector('.rail .nav-item:has-text("Second")');
    assert.equal(await page.locator('.rail .nav-item:has-text("99digital")').count(), 0);
  });

  it('settings open the logs folder, and say why when it cannot be', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await page.click('.rail >> text=Settings');
    const dlg = page.locator('dialog.dlg-settings');
    const open = dlg.getByRole('button', { name: 'Open logs folder' });
    await open.click();
    await page.waitForFunction(() => window.__fake.callsOf('open_logs_folder').length === 1);
    assert.deepEqual(await callsOf(page, 'open_logs_folder'), [{}]);
    assert.equal(await dlg.locator('.inline-error:visible').count(), 0);
    await page.evaluate(() => window.__fake.failNext('open_logs_folder', { kind: 'open', message: 'no file manager' }));
    await open.click();
    await dlg.locator('.inline-error >> text=no file manager').waitFor();
    assert.equal(await callsOf(page, 'open_logs_folder').then((c) => c.length), 2);
    await assertClean(assert, ctx);
  });
});
