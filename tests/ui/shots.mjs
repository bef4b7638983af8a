// Preview screenshots (not a test): node tests/ui/shots.mjs [outdir]
// Writes PNGs of the main screens to docs/ui-preview/ (default).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { harness, ROOT, openRow } from './support/harness.mjs';
import * as fx from './support/fixtures.js';

const out = process.argv[2] || join(ROOT, 'docs', 'ui-preview');
await mkdir(out, { recursive: true });
const h = await harness();
const shot = (page, name) => page.screenshot({ path: join(out, `${name}.png`) });
try {
  for (const scheme of ['light', 'dark']) {
    const { page } = await h.page({ colorScheme: scheme, fixture: { richThread: `${fx.SUPPORT}/300` } });
    await page.click('[role=tab]:has-text("Recent")');
    await page.focus('.inbox-list');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await shot(page, `inbox-${scheme}`);
    await openRow(page, 'Anna Petrova');
    await page.waitForTimeout(150);
    await shot(page, `thread-${scheme}`);
    if (scheme === 'light') {
      await page.evaluate(() => { document.querySelector('.thread').scrollTop -= 420; });
      await page.waitForTimeout(150);
      await shot(page, 'thread-notes-images');
      await page.keyboard.press('Escape');
      await page.keyboard.press('a');
      await page.waitForSelector('.dlg-picker .pick-opt');
      await page.keyboard.type('1');
      await shot(page, 'picker-operator');
      await page.keyboard.press('Escape');
      await page.click('.composer-input');
      await page.keyboard.type('Thanks for waiting! /');
      await shot(page, 'composer-canned');
      await page.keyboard.press('Escape');
      await page.click('.composer .seg:has-text("Note")');
      await page.fill('.composer-input', 'Refund approved by Pavel — ticket #8812');
      await shot(page, 'composer-note');
      await page.fill('.composer-input', '');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+k');
      await page.keyboard.type('ma');
      await shot(page, 'quick-switch');
      await page.keyboard.press('Escape');
      await page.keyboard.press('?');
      await shot(page, 'shortcuts');
      await page.keyboard.press('Escape');
      await page.evaluate(() => window.__fake.failNext('act', { kind: 'api', message: 'The conversation is closed.' }));
      await page.click('.conv-actions [data-act="close"]');
      await page.waitForSelector('.toast-error');
      await page.evaluate(() => window.__fake.emit({ type: 'connectivity', online: false }));
      await shot(page, 'error-offline');
    }
  }
  {
    const { page } = await h.page({ viewport: { width: 1920, height: 1080 }, fixture: { richThread: `${fx.SUPPORT}/300`, itemCount: 1000 } });
    await page.click('[role=tab]:has-text("Recent")');
    await openRow(page, 'Anna Petrova');
    await page.waitForTimeout(150);
    await shot(page, 'wide-1920');
    await page.click('.rail .nav-item:has-text("99digital")');
    await page.click('[role=tab]:has-text("All")');
    await page.selectOption('select[aria-label="Status filter"]', 'any');
    await openRow(page, 'Ava Cohen');
    await shot(page, 'chatwoot-1920');
    await page.click('.pane-head >> text=New');
    await shot(page, 'chatwoot-create');
    await page.keyboard.press('Escape');
    await page.click('.conv-actions [data-act="snooze"]');
    await shot(page, 'chatwoot-snooze');
  }
  {
    const { page } = await h.page({ fixture: { richThread: `${fx.SUPPORT}/300` } });
    await openRow(page, 'Anna Petrova');
    await page.click('.conv-actions [data-act="widget"]');
    await shot(page, 'widget');
    await page.keyboard.press('Escape');
    await page.click('.msg .link');
    await shot(page, 'confirm-link');
    await page.keyboard.press('Escape');
    await page.click('.rail >> text=Settings');
    await shot(page, 'settings');
  }
  {
    const { page } = await h.page({ fixture: { accounts: [], items: [] } });
    await shot(page, 'setup');
    const dark = await h.page({ colorScheme: 'dark', fixture: { accounts: [], items: [] } });
    await shot(dark.page, 'setup-dark');
    const demo = await h.page({ fixture: { demo: true, items: [] } });
    await shot(demo.page, 'empty-demo');
  }
  console.log(`screenshots in ${out}`);
} finally {
  await h.close();
}
