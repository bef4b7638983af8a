// The directory of people: the Assign and Group pickers list a Blinger account's
// operators and groups by the names given in Settings (or the server's) with
// their id and email; Settings → People and groups names them; the widget
// dialog offers the agents assigned before.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, callsOf, assertClean, openRow } from './support/harness.mjs';
import * as fx from './support/fixtures.js';
import { like, RUST } from './support/fixtures.js';

const SUPPORT_300 = { account: fx.SUPPORT, conversation: '300' };

// A picker row by its visible name.
const option = (page, name) => page.locator('.dlg-picker .pick-opt').filter({ has: page.locator('.pick-name', { hasText: new RegExp(`^${name}$`) }) });

describe('directory of people', () => {
  let h;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });

  async function settings(page) {
    await page.click('.rail >> text=Settings');
    const section = page.locator('dialog.dlg-settings section[aria-label="People and groups"]');
    await section.locator('.dir-list').first().waitFor();
    return section;
  }

  it('the Assign picker shows names, emails and ids; search finds an email; a new id still works', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.click('.conv-actions [data-act="assign_operator"]');
    await option(page, 'Irina').waitFor();
    assert.equal(await option(page, 'Irina').locator('.pick-email').textContent(), 'irina@shop.example');
    assert.equal(await option(page, 'Irina').locator('.pick-id').textContent(), '#9');
    assert.equal(await option(page, 'Pavel').locator('.pick-email').count(), 0, 'no email, none shown');
    await page.fill('.dlg-picker input', 'shop.example');
    assert.deepEqual(await page.locator('.dlg-picker .pick-opt .pick-name').allTextContents(), ['Kate (you)', 'Irina']);
    await page.fill('.dlg-picker input', '55');
    await page.locator('.dlg-picker .pick-opt.is-manual >> text=Use operator id').click();
    await page.waitForSelector('.dlg-picker', { state: 'detached' });
    assert.deepEqual(await callsOf(page, 'act'), [{ key: SUPPORT_300, action: { action: 'assign_operator', operator_id: '55' } }]);
    await assertClean(assert, ctx);
  });

  it('a group named in Settings is in the Group picker at once, and assigning by its name works', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    const section = await settings(page);
    const vip = section.getByLabel('Name of group 4');
    assert.equal(await vip.inputValue(), 'VIP', 'the name given before');
    await vip.fill('Key accounts');
    await vip.press('Tab');
    await page.waitForFunction(() => window.__fake.callsOf('set_directory_name').length === 1);
    assert.deepEqual(await callsOf(page, 'set_directory_name'), [{ account: fx.SUPPORT, kind: 'group', id: '4', name: 'Key accounts' }]);
    await page.keyboard.press('Escape');
    await openRow(page, 'Anna Petrova');
    await page.click('.conv-actions [data-act="assign_group"]');
    await option(page, 'Key accounts').waitFor();
    assert.deepEqual(await page.locator('.dlg-picker .pick-opt .pick-name').allTextContents(), ['Support L1', 'Billing', 'Key accounts']);
    await page.fill('.dlg-picker input', 'key');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.dlg-picker', { state: 'detached' });
    assert.deepEqual(await callsOf(page, 'act'), [{ key: SUPPORT_300, action: { action: 'assign_group', group_id: '4' } }]);
    await assertClean(assert, ctx);
  });

  it('Settings lists who was seen, names a new id, clears a name, and keeps a refused one off', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    const section = await settings(page);
    const operators = section.locator('.dir-list[aria-label=Operators] .dir-row');
    assert.deepEqual(await operators.locator('.dir-id').allTextContents(), ['#7', '#8', '#9', '#12']);
    // The server's name is a hint, not the operator's own: the field stays empty.
    const kate = section.getByLabel('Name of operator 7');
    assert.equal(await kate.inputValue(), '');
    assert.equal(await kate.getAttribute('placeholder'), 'Kate (you)');
    assert.equal(await operators.nth(0).locator('.dir-email').textContent(), 'kate@shop.example');

    await section.getByLabel('New operator id').fill('abc');
    await section.getByLabel('New operator name').fill('Night shift');
    await section.getByRole('button', { name: 'Add operator name' }).click();
    await section.locator('.inline-error >> text=The operator id is a number.').waitFor();
    assert.deepEqual(await callsOf(page, 'set_directory_name'), [], 'nothing sent while invalid');
    await section.getByLabel('New operator id').fill('42');
    await section.getByRole('button', { name: 'Add operator name' }).click();
    await section.getByLabel('Name of operator 42').waitFor();
    assert.equal(await section.getByLabel('Name of operator 42').inputValue(), 'Night shift');

    const pavel = section.getByLabel('Name of operator 8');
    await pavel.fill('');
    await pavel.press('Tab');
    await page.waitForFunction(() => window.__fake.callsOf('set_directory_name').length === 2);

    await page.evaluate(() => window.__fake.failNext('set_directory_name', { kind: 'config', message: 'cannot write settings.json: disk full' }));
    const billing = section.getByLabel('Name of group 2');
    await billing.fill('Accounts');
    await billing.press('Tab');
    await section.locator('.inline-error >> text=cannot write settings.json: disk full').waitFor();
    assert.equal(await billing.inputValue(), 'Billing', 'a name that was not saved is not shown as saved');
    assert.deepEqual(await callsOf(page, 'set_directory_name'), [
      { account: fx.SUPPORT, kind: 'operator', id: '42', name: 'Night shift' },
      { account: fx.SUPPORT, kind: 'operator', id: '8', name: '' },
      { account: fx.SUPPORT, kind: 'group', id: '2', name: 'Accounts' },
    ]);
    await assertClean(assert, ctx);
  });

  it('names and emails are text, never markup', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const dir = fx.directory();
    dir.operators = [like(RUST.directory.operators[0], { id: '5', name: evil, email: `${evil}@x.io` })];
    dir.groups = [like(RUST.directory.groups[0], { id: '6', name: evil })];
    const ctx = await h.page({ fixture: { directory: dir } });
    const { page } = ctx;
    const section = await settings(page);
    assert.equal(await section.getByLabel('Name of group 6').inputValue(), evil);
    assert.equal(await section.locator('.dir-list[aria-label=Operators] .dir-email').textContent(), `${evil}@x.io`);
    await page.keyboard.press('Escape');
    await openRow(page, 'Anna Petrova');
    await page.click('.conv-actions [data-act="assign_operator"]');
    await page.locator('.dlg-picker .pick-opt').first().waitFor();
    assert.equal(await page.locator('.dlg-picker .pick-name').first().textContent(), evil);
    assert.equal(await page.locator('.dlg-picker img').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await assertClean(assert, ctx);
  });

  it('the widget dialog offers the agents assigned before, and one just assigned next time', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.click('.conv-actions [data-act="widget"]');
    const chips = page.locator('.dlg-widget .agent-chips .chip');
    await chips.first().waitFor();
    assert.deepEqual(await chips.allTextContents(), ['Dana', 'Omer']);
    await chips.filter({ hasText: 'Omer' }).click();
    assert.equal(await page.inputValue('.dlg-widget input >> nth=1'), '22');
    await page.fill('.dlg-widget input >> nth=0', '3f0c9a52-1b7e-4d1e-9a55-5d5f3c0e1a77');
    await page.fill('.dlg-widget input >> nth=1', 'c671d030-584e-4422-8710-9215c04b6a64');
    // Rust keeps the agent the server took: the next directory has it, named by the answer.
    await page.evaluate(() => window.__fake.state.directory.agents.push({ id: 'c671d030-584e-4422-8710-9215c04b6a64', name: 'Vadim Belorusov' }));
    await page.click('.dlg-widget >> text=Assign agent');
    await page.waitForSelector('.toast-success >> text=Agent assigned');
    await page.keyboard.press('Escape');
    await page.click('.conv-actions [data-act="widget"]');
    await page.locator('.dlg-widget .chip >> text=Vadim Belorusov').waitFor();
    assert.equal(await callsOf(page, 'directory').then((c) => c.length), 2, 'read again after the assignment');
    await assertClean(assert, ctx);
  });

  it('Settings says so when there is no Blinger account', async () => {
    const ctx = await h.page({ fixture: { accounts: fx.accounts().filter((a) => a.provider === 'chatwoot'), items: [] } });
    const { page } = ctx;
    await page.click('.rail >> text=Settings');
    const section = page.locator('dialog.dlg-settings section[aria-label="People and groups"]');
    await section.locator('text=No Blinger account.').waitFor();
    assert.deepEqual(await callsOf(page, 'directory'), []);
    await assertClean(assert, ctx);
  });
});
