// Keyboard-first: every shortcut, and none of them while typing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, callsOf, assertClean, openRow } from './support/harness.mjs';
import * as fx from './support/fixtures.js';

const selectedName = (page) => page.evaluate(() => {
  const r = document.querySelector('.inbox-list .row[aria-selected="true"]');
  return r ? r.querySelector('.row-name').textContent : null;
});

describe('keyboard', () => {
  let h;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });

  it('J/K and arrows move, Enter opens, Esc returns to the list', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await page.click('[role=tab]:has-text("Recent")');
    await page.focus('.inbox-list');
    assert.equal(await selectedName(page), 'Anna Petrova');
    await page.keyboard.press('j');
    assert.equal(await selectedName(page), 'Marco Rossi');
    await page.keyboard.press('ArrowDown');
    assert.equal(await selectedName(page), 'Liam O’Brien');
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('k'); // stays on the first row
    assert.equal(await selectedName(page), 'Anna Petrova');
    const active = await page.getAttribute('.inbox-list', 'aria-activedescendant');
    assert.equal(await page.getAttribute(`#${active}`, 'aria-selected'), 'true');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.conv-name:has-text("Marco Rossi")');
    assert.deepEqual((await callsOf(page, 'open_conversation')).at(-1), { key: { account: fx.SUPPORT, conversation: '301' } });
    await page.keyboard.press('r');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'composer-input');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('inbox-list')), true);
    await assertClean(assert, ctx);
  });

  it('1–5 switch tabs; E closes; A and G open the pickers', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await page.focus('.inbox-list');
    for (const [key, label] of [['2', 'Unread'], ['3', 'Not answered'], ['4', 'Mine'], ['5', 'Recent'], ['1', 'Unassigned']]) {
      await page.keyboard.press(key);
      assert.equal(await page.getAttribute(`[role=tab]:has-text("${label}")`, 'aria-selected'), 'true', label);
    }
    await page.keyboard.press('Enter');
    await page.waitForSelector('.conv-open:not([hidden])');
    await page.keyboard.press('e');
    await page.waitForFunction(() => window.__fake.callsOf('act').length === 1);
    assert.deepEqual((await callsOf(page, 'act'))[0], { key: { account: fx.SUPPORT, conversation: '300' }, action: { action: 'close' } });
    await page.keyboard.press('a');
    await page.waitForSelector('.dlg-picker .dlg-title:has-text("Assign to an operator")');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.dlg-picker', { state: 'detached' });
    await page.keyboard.press('g');
    await page.waitForSelector('.dlg-picker .dlg-title:has-text("Assign to a group")');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.dlg-picker', { state: 'detached' });
    assert.deepEqual((await callsOf(page, 'act'))[1].action, { action: 'assign_group', group_id: '2' });
    await assertClean(assert, ctx);
  });

  it('Ctrl+K finds by name, and opens any conversation by id', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await page.keyboard.press('Control+k');
    await page.waitForSelector('.dlg-palette');
    await page.keyboard.type('emma');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.conv-name:has-text("Emma Schulz")');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('#98765');
    const opts = await page.locator('.dlg-palette .pick-opt').allTextContents();
    assert.ok(opts.some((o) => o.includes('Open conversation #98765') && o.includes('in Support')));
    await page.locator('.dlg-palette .pick-opt', { hasText: 'in 99digital' }).click();
    await page.waitForSelector('.dlg-palette', { state: 'detached' });
    assert.deepEqual(await callsOf(page, 'find_conversation'), [{ account: fx.DIGITAL, conversation: '98765' }]);
    await page.evaluate(() => window.__fake.failNext('find_conversation', { kind: 'not_found', message: 'Conversation 5 not found' }));
    await page.keyboard.press('Control+k');
    await page.keyboard.type('5');
    await page.locator('.dlg-palette .pick-opt', { hasText: 'Open conversation #5' }).first().click();
    await page.waitForSelector('.dlg-palette .inline-error >> text=Conversation 5 not found');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.dlg-palette', { state: 'detached' });
    await assertClean(assert, ctx);
  });

  it('? lists the shortcuts; Esc closes it', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await page.keyboard.press('?');
    await page.waitForSelector('.dlg-help');
    const text = await page.textContent('.dlg-help');
    for (const s of ['Next conversation', 'Reply', 'private note', 'Close / resolve', 'Quick switch', 'Switch inbox tab']) assert.ok(text.includes(s), s);
    await page.keyboard.press('Escape');
    await page.waitForSelector('.dlg-help', { state: 'detached' });
  });

  it('shortcuts never fire while typing', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    const before = await selectedName(page);
    await page.click('.composer-input');
    await page.keyboard.type('jkrneag1234? ok');
    assert.equal(await page.inputValue('.composer-input'), 'jkrneag1234? ok');
    assert.equal(await selectedName(page), before);
    assert.deepEqual(await callsOf(page, 'act'), []);
    assert.equal(await page.locator('dialog').count(), 0);
    assert.equal(await page.getAttribute('[role=tab]:has-text("Unassigned")', 'aria-selected'), 'true');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('anna');
    assert.equal(await page.inputValue('.palette-input'), 'anna', 'typing inside a dialog is not a shortcut either');
    await assertClean(assert, ctx);
  });

  it('focus is always visible', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
    assert.equal(outline, 'solid 2px');
  });
});
