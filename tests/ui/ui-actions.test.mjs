// Every conversation action calls the right command with the right arguments,
// shows progress, reports the server's own error text, and never runs twice.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, callsOf, assertClean, openRow } from './support/harness.mjs';
import * as fx from './support/fixtures.js';

const SUPPORT_300 = { account: fx.SUPPORT, conversation: '300' };
const CW_314 = { account: fx.DIGITAL, conversation: '314' }; // Ava Cohen, Chatwoot

describe('conversation actions', () => {
  let h;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });

  async function blinger() {
    const ctx = await h.page();
    await openRow(ctx.page, 'Anna Petrova');
    return ctx;
  }
  async function chatwoot() {
    const ctx = await h.page();
    await ctx.page.click('.rail .nav-item:has-text("99digital")');
    await ctx.page.click('[role=tab]:has-text("All")');
    await ctx.page.selectOption('select[aria-label="Status filter"]', 'any');
    await openRow(ctx.page, 'Ava Cohen');
    return ctx;
  }

  it('Blinger: take, close, unassign', async () => {
    const ctx = await blinger();
    const { page } = ctx;
    for (const act of ['take', 'close', 'unassign']) {
      await page.click(`.conv-actions [data-act="${act}"]`);
      await page.waitForFunction((a) => window.__fake.callsOf('act').some((c) => c.action.action === a), act);
    }
    assert.deepEqual(await callsOf(page, 'act'), [
      { key: SUPPORT_300, action: { action: 'take' } },
      { key: SUPPORT_300, action: { action: 'close' } },
      { key: SUPPORT_300, action: { action: 'unassign' } },
    ]);
    await assertClean(assert, ctx);
  });

  it('Blinger: assign operator and group from the directory, or by typed id', async () => {
    const ctx = await blinger();
    const { page } = ctx;
    await page.click('.conv-actions [data-act="assign_operator"]');
    await page.waitForSelector('.dlg-picker .pick-opt:has-text("Pavel")');
    assert.deepEqual(await callsOf(page, 'directory'), [{ account: fx.SUPPORT }]);
    assert.ok(await page.locator('.dlg-picker .pick-opt:has-text("Unnamed operator"):has-text("#12")').count(), 'a nameless operator shows its id');
    await page.fill('.dlg-picker input', 'pav');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.dlg-picker', { state: 'detached' });
    await page.click('.conv-actions [data-act="assign_group"]');
    await page.fill('.dlg-picker input', '77');
    await page.click('.dlg-picker .pick-opt.is-manual');
    await page.waitForSelector('.dlg-picker', { state: 'detached' });
    assert.deepEqual(await callsOf(page, 'act'), [
      { key: SUPPORT_300, action: { action: 'assign_operator', operator_id: '8' } },
      { key: SUPPORT_300, action: { action: 'assign_group', group_id: '77' } },
    ]);
    await assertClean(assert, ctx);
  });

  it('shows the server error text, keeps it until dismissed, and the picker stays open', async () => {
    const ctx = await blinger();
    const { page } = ctx;
    await page.evaluate(() => window.__fake.failNext('act', { kind: 'api', message: 'The conversation is closed.' }, 2));
    await page.click('.conv-actions [data-act="close"]');
    const toast = page.locator('.toast-error', { hasText: 'The conversation is closed.' });
    await toast.waitFor();
    assert.equal(await page.locator('.toast-error .toast-text').textContent(), 'The conversation is closed.');
    await page.waitForTimeout(4000);
    assert.equal(await toast.count(), 1, 'errors do not fade on their own');
    await toast.locator('button[aria-label=Dismiss]').click();
    assert.equal(await toast.count(), 0);
    await page.click('.conv-actions [data-act="assign_operator"]');
    await page.click('.dlg-picker .pick-opt:has-text("Irina")');
    await page.waitForSelector('.dlg-picker .inline-error:not([hidden]) >> text=The conversation is closed.');
    assert.ok(await page.locator('.dlg-picker').isVisible(), 'the picker stays open to try again');
    await assertClean(assert, ctx);
  });

  it('a double click acts once; the button is busy while the command runs', async () => {
    const ctx = await blinger();
    const { page } = ctx;
    await page.evaluate(() => window.__fake.hold('act'));
    await page.dblclick('.conv-actions [data-act="close"]');
    await page.click('.conv-actions [data-act="close"]', { force: true }).catch(() => {});
    const busy = await page.evaluate(() => {
      const b = document.querySelector('.conv-actions [data-act="close"]');
      return { disabled: b.disabled, aria: b.getAttribute('aria-busy') };
    });
    assert.deepEqual(busy, { disabled: true, aria: 'true' });
    await page.keyboard.press('e'); // the keyboard path goes through the same guard
    await page.evaluate(() => window.__fake.release('act'));
    await page.waitForSelector('.toast-success');
    assert.equal((await callsOf(page, 'act')).length, 1);
    assert.equal(await page.locator('.conv-actions [data-act="close"]').isDisabled(), false);
  });

  it('Widget: assign agent, send text, send file, request review; the id is remembered', async () => {
    const ctx = await blinger();
    const { page } = ctx;
    const wc = '3f0c9a52-1b7e-4d1e-9a55-5d5f3c0e1a77';
    await page.click('.conv-actions [data-act="widget"]');
    await page.fill('.dlg-widget input >> nth=0', wc);
    await page.fill('.dlg-widget input >> nth=1', '21');
    await page.click('.dlg-widget >> text=Assign agent');
    await page.waitForFunction(() => window.__fake.callsOf('act').length === 1);
    await page.fill('.dlg-widget textarea', 'Hello from the widget');
    await page.click('.dlg-widget >> text=Send text');
    await page.fill('.dlg-widget input[type=url]', 'https://files.example.com/a.pdf');
    await page.click('.dlg-widget >> text=Send file');
    await page.click('.dlg-widget >> text=Request review');
    await page.waitForFunction(() => window.__fake.callsOf('act').length === 2 && window.__fake.callsOf('send').length === 2);
    assert.deepEqual(await callsOf(page, 'act'), [
      { key: SUPPORT_300, action: { action: 'widget_assign_agent', widget_conversation: wc, agent_id: '21' } },
      { key: SUPPORT_300, action: { action: 'widget_request_review', widget_conversation: wc } },
    ]);
    assert.deepEqual(await callsOf(page, 'send'), [
      { key: SUPPORT_300, payload: { type: 'widget_text', widget_conversation: wc, text: 'Hello from the widget' } },
      { key: SUPPORT_300, payload: { type: 'widget_file', widget_conversation: wc, url: 'https://files.example.com/a.pdf' } },
    ]);
    await page.keyboard.press('Escape');
    await page.click('.conv-actions [data-act="widget"]');
    assert.equal(await page.inputValue('.dlg-widget input >> nth=0'), wc);
    await assertClean(assert, ctx);
  });

  it('Widget actions are offered only for accounts with widget: true', async () => {
    const ctx = await h.page({ fixture: { accounts: [{ ...fx.accountView({ name: 'Support', provider: 'blinger', api_url: 'https://app.blinger.io/api' }), status: 'online' }] } });
    await openRow(ctx.page, 'Anna Petrova');
    assert.equal(await ctx.page.locator('.conv-actions [data-act="widget"]').count(), 0);
  });

  it('Chatwoot: resolve, pending, snooze until a date-time, reopen, assign agent and team', async () => {
    const ctx = await chatwoot();
    const { page } = ctx;
    await page.click('.conv-actions [data-act="resolve"]');
    await page.waitForFunction(() => window.__fake.callsOf('act').length === 1);
    await page.click('.conv-actions [data-act="pending"]');
    await page.waitForFunction(() => window.__fake.callsOf('act').length === 2);
    await page.click('.conv-actions [data-act="snooze"]');
    await page.fill('dialog input[type=datetime-local]', '2030-07-21T17:32');
    await page.click('dialog >> text=Snooze >> nth=-1');
    await page.waitForFunction(() => window.__fake.callsOf('act').length === 3);
    await page.click('.conv-actions [data-act="assign_agent"]');
    await page.click('.dlg-picker .pick-opt:has-text("Dana")');
    await page.waitForSelector('.dlg-picker', { state: 'detached' });
    await page.click('.conv-actions [data-act="assign_team"]');
    await page.click('.dlg-picker .pick-opt:has-text("Sales")');
    await page.waitForSelector('.dlg-picker', { state: 'detached' });
    // A closed conversation offers Reopen.
    await page.evaluate(() => window.__fake.override('act', (a) => ({ ...window.__fake.state.items.find((i) => i.key.conversation === a.key.conversation), status: 'closed' })));
    await page.click('.conv-actions [data-act="resolve"]');
    await page.click('.conv-actions [data-act="reopen"]');
    await page.waitForFunction(() => window.__fake.callsOf('act').length === 7);
    const snoozeAt = Math.floor(new Date(2030, 6, 21, 17, 32).getTime() / 1000);
    assert.deepEqual(await callsOf(page, 'act'), [
      { key: CW_314, action: { action: 'chatwoot_toggle_status', status: 'resolved', snoozed_until: null } },
      { key: CW_314, action: { action: 'chatwoot_toggle_status', status: 'pending', snoozed_until: null } },
      { key: CW_314, action: { action: 'chatwoot_toggle_status', status: 'snoozed', snoozed_until: snoozeAt } },
      { key: CW_314, action: { action: 'chatwoot_assign', assignee: { to: 'agent', id: '21' } } },
      { key: CW_314, action: { action: 'chatwoot_assign', assignee: { to: 'team', id: '31' } } },
      { key: CW_314, action: { action: 'chatwoot_toggle_status', status: 'resolved', snoozed_until: null } },
      { key: CW_314, action: { action: 'chatwoot_toggle_status', status: 'open', snoozed_until: null } },
    ]);
    await assertClean(assert, ctx);
  });

  it('Chatwoot: create a conversation with every field of the API page', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await page.click('.pane-head >> text=New');
    const dlg = page.locator('dialog.dlg-create');
    await dlg.locator('text=Create conversation').click();
    await dlg.locator('text=Give a source id or a contact id.').waitFor();
    assert.deepEqual(await callsOf(page, 'create_conversation'), [], 'nothing sent while invalid');
    await dlg.getByLabel('Source id').fill('+972501234567');
    await dlg.getByLabel('Contact id').fill('42');
    await dlg.getByLabel('Status').selectOption('pending');
    await dlg.getByLabel('Assignee (agent id)').fill('21');
    await dlg.getByLabel('Team id').fill('31');
    await dlg.getByLabel('Custom attributes key').fill('plan');
    await dlg.getByLabel('Custom attributes value').fill('pro');
    await dlg.getByLabel('Additional attributes key').fill('browser');
    await dlg.getByLabel('Additional attributes value').fill('Firefox');
    await dlg.getByLabel('First message').fill('Hello! Following up on your call.');
    await page.evaluate(() => window.__fake.hold('create_conversation'));
    await dlg.locator('text=Create conversation').dblclick();
    await page.evaluate(() => window.__fake.release('create_conversation'));
    await page.waitForSelector('dialog.dlg-create', { state: 'detached' });
    assert.deepEqual(await callsOf(page, 'create_conversation'), [{
      account: fx.DIGITAL,
      conversation: { inbox_id: '5', source_id: '+972501234567', contact_id: '42', status: 'pending', assignee_id: '21', team_id: '31', custom_attributes: { plan: 'pro' }, additional_attributes: { browser: 'Firefox' }, message: 'Hello! Following up on your call.' },
    }]);
    await page.waitForSelector('.conv-name:has-text("New contact")');
    await assertClean(assert, ctx);
  });
});
