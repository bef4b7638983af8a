// The inbox in headless Chromium with the IPC mocked: first paint, in-place
// updates, scopes and tabs, states (loading, empty, offline, errors, demo).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, emitDesk, callsOf, assertClean, openRow } from './support/harness.mjs';
import * as fx from './support/fixtures.js';

describe('inbox', () => {
  let h;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });

  it('renders 1000 conversations as a virtual listbox, newest first', async () => {
    const ctx = await h.page({ fixture: { itemCount: 1000 } });
    const { page } = ctx;
    await page.click('text=Recent');
    const info = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('.inbox-list .row')];
      return {
        role: document.querySelector('.inbox-list').getAttribute('role'),
        dom: rows.length,
        setsize: rows[0].getAttribute('aria-setsize'),
        first: [...rows].sort((a, b) => +a.getAttribute('aria-posinset') - +b.getAttribute('aria-posinset')).slice(0, 3).map((r) => r.querySelector('.row-name').textContent),
        roles: rows.every((r) => r.getAttribute('role') === 'option' && r.hasAttribute('aria-selected')),
      };
    });
    const all = fx.items(1000).filter((i) => i.key.account === fx.SUPPORT || i.key.account === fx.DIGITAL);
    assert.equal(info.role, 'listbox');
    assert.ok(info.dom < 40, `only visible rows in the DOM (${info.dom})`);
    assert.equal(info.setsize, String(all.length));
    assert.deepEqual(info.first, ['Anna Petrova', 'Marco Rossi', 'Liam O’Brien']);
    assert.ok(info.roles);
    await assertClean(assert, ctx);
  });

  it('applies an inbox_changed upsert in place: same row node, moved to the top', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await page.click('text=Recent');
    const items = fx.items(40);
    const target = items[5];
    await page.evaluate(() => {
      window.__rowsBefore = new Set(document.querySelectorAll('.inbox-list .row'));
      window.__target = [...document.querySelectorAll('.inbox-list .row')].find((r) => r.getAttribute('aria-posinset') === '6');
      window.__mut = 0;
      new MutationObserver((ms) => { window.__mut += ms.filter((m) => m.type === 'childList' && m.target.classList.contains('vlist-sizer')).length; })
        .observe(document.querySelector('.vlist-sizer'), { childList: true });
    });
    const updated = { ...target, preview: 'Sorry, one more question', unread: 3, last_activity: Math.floor(Date.now() / 1000) + 5 };
    await emitDesk(page, { type: 'inbox_changed', changes: [{ op: 'upsert', item: updated }], unread_total: 9 });
    const r = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('.inbox-list .row')];
      const top = rows.find((x) => x.getAttribute('aria-posinset') === '1');
      return {
        same: top === window.__target,
        allKept: rows.every((x) => window.__rowsBefore.has(x)),
        childMutations: window.__mut,
        preview: top.querySelector('.row-preview').textContent,
        badge: top.querySelector('.badge').textContent,
        title: document.title,
      };
    });
    assert.ok(r.same, 'the updated row is the same DOM node');
    assert.ok(r.allKept, 'no row was rebuilt');
    assert.equal(r.childMutations, 0, 'no row added or removed');
    assert.equal(r.preview, 'Sorry, one more question');
    assert.equal(r.badge, '3');
    assert.match(r.title, /^\(\d+\) Deskbell$/);
    await emitDesk(page, { type: 'inbox_changed', changes: [{ op: 'remove', key: target.key }], unread_total: 0 });
    assert.equal(await page.locator('.row', { hasText: 'Sorry, one more question' }).count(), 0);
    await assertClean(assert, ctx);
  });

  it('switches account scope, tabs and the Chatwoot status filter', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    await page.click('.rail .nav-item:has-text("99digital")');
    const tabs = await page.locator('[role=tab]').allTextContents();
    assert.deepEqual(tabs.map((t) => t.replace(/\d+$/, '').replace(/^\d/, '')), ['Mine', 'Unassigned', 'All']);
    // The tab is kept when the new scope has it.
    assert.equal(await page.textContent('#inbox-title'), 'Unassigned');
    assert.equal(await page.textContent('.pane-scope'), '99digital');
    await page.click('[role=tab]:has-text("Mine")');
    assert.equal(await page.textContent('#inbox-title'), 'Mine');
    const accounts = await page.locator('.inbox-list .row-account').allTextContents();
    assert.ok(accounts.every((a) => a === ''), 'no account column inside one account');
    await page.click('[role=tab]:has-text("All")');
    const openCount = await page.locator('.inbox-list .row').count();
    await page.selectOption('select[aria-label="Status filter"]', 'any');
    assert.ok(await page.locator('.inbox-list .row').count() > openCount);
    await page.selectOption('select[aria-label="Status filter"]', 'snoozed');
    assert.ok((await page.locator('.row-status').allTextContents()).every((s) => s === 'snoozed'));
    await page.click('.rail .nav-item:has-text("Support")');
    assert.deepEqual((await page.locator('[role=tab]').allTextContents()).map((t) => t.replace(/\d+$/, '').replace(/^\d/, '')), ['Unassigned', 'Unread', 'Not answered', 'Mine', 'Recent']);
    assert.equal(await page.getAttribute('[role=tab]:has-text("Unassigned")', 'aria-selected'), 'true');
    await assertClean(assert, ctx);
  });

  it('shows the empty state, loading skeleton, offline banner and account errors', async () => {
    const ctx = await h.page({ fixture: { items: [] } });
    const { page } = ctx;
    await page.waitForSelector('text=No unassigned conversations — nice.');
    await emitDesk(page, { type: 'connectivity', online: false });
    await page.waitForSelector('.banner-offline');
    assert.match(await page.textContent('.banner-offline'), /offline/);
    await emitDesk(page, { type: 'connectivity', online: true });
    assert.equal(await page.locator('.banner-offline').count(), 0);
    const acc = { ...fx.accounts()[0], status: 'error', error: 'HTTP 401: Invalid token' };
    await emitDesk(page, { type: 'account_status', account: acc });
    assert.match(await page.textContent('.banner-error'), /Support cannot sync: HTTP 401: Invalid token/);
    assert.equal(await page.getAttribute('.nav-item:has-text("Support") .status-dot', 'aria-label'), 'Error');
    assert.match(await page.getAttribute('.nav-item:has-text("Support")', 'title'), /HTTP 401: Invalid token/);
    await page.click('.banner-error >> text=Retry now');
    await page.click('.pane-head button[aria-label="Refresh now"]');
    assert.deepEqual(await callsOf(page, 'refresh'), [{ account: fx.SUPPORT }, {}]);
    await assertClean(assert, ctx);

    const slow = await h.page({ fixture: { latency: 400 }, wait: false });
    await slow.page.goto(h.server.url);
    await slow.page.waitForSelector('.skeleton:not([hidden])');
    await slow.page.waitForSelector('.inbox-list .row');
    assert.ok(await slow.page.locator('.skeleton').isHidden());
  });

  it('opens the conversation whose notification was clicked while the window was closed', async () => {
    const ctx = await h.page({ fixture: { openKey: { account: fx.SUPPORT, conversation: '305' } } });
    await ctx.page.waitForSelector('.conv-name:has-text("Emma Schulz")');
    assert.deepEqual(await callsOf(ctx.page, 'open_conversation'), [{ key: { account: fx.SUPPORT, conversation: '305' } }]);
  });

  it('demo mode shows the ribbon; no setup screen', async () => {
    const ctx = await h.page({ fixture: { accounts: [], demo: true } });
    assert.match(await ctx.page.textContent('#ribbon'), /Demo — data from the built-in simulator/);
    assert.ok(await ctx.page.locator('#setup').isHidden());
  });

  it('opens a conversation from an open_conversation event and follows thread / outbox events', async () => {
    const ctx = await h.page();
    const { page } = ctx;
    const key = { account: fx.SUPPORT, conversation: '303' };
    await emitDesk(page, { type: 'open_conversation', key });
    await page.waitForSelector('.conv-open:not([hidden])');
    assert.deepEqual((await callsOf(page, 'open_conversation')).at(-1), { key });
    const t = fx.thread(key, 3);
    // One outbox entry (its id is the echo's id), pending, then failed.
    const at = Math.floor(Date.now() / 1000);
    const failed = fx.message('failed', { text: 'On my way', at, delivery: { ...fx.RUST.messages.failed.delivery, message: 'Rate limited, try later' } });
    const pending = fx.message('pending', { id: failed.id, text: 'On my way', at, delivery: { state: 'pending', outbox_id: failed.id } });
    await emitDesk(page, { type: 'thread_changed', key, messages: [...t.messages, pending] });
    await page.waitForSelector('.msg.is-pending >> text=On my way');
    await emitDesk(page, { type: 'outbox_changed', key, message: failed });
    await page.waitForSelector('.delivery.is-failed >> text=Rate limited, try later');
    // A thread_changed for another conversation changes nothing here.
    await emitDesk(page, { type: 'thread_changed', key: { account: fx.SUPPORT, conversation: '999' }, messages: [] });
    assert.equal(await page.locator('.msg.is-failed').count(), 1);
    await assertClean(assert, ctx);
  });

  it('opens a 10,000-message thread at the bottom with only visible rows in the DOM', async () => {
    const ctx = await h.page({ fixture: { bigThread: { key: `${fx.SUPPORT}/300`, size: 10000 } } });
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.waitForSelector('.msg >> text=(9999)');
    const r = await page.evaluate(() => {
      const t = document.querySelector('.thread');
      return { rows: document.querySelectorAll('.thread .vrow').length, atBottom: t.scrollHeight - t.scrollTop - t.clientHeight < 2, h: t.scrollHeight };
    });
    assert.ok(r.rows < 80, `windowed (${r.rows} rows in the DOM)`);
    assert.ok(r.atBottom, 'starts at the newest message');
    assert.ok(r.h > 100000, 'the scrollbar stands for the whole thread');
    await page.evaluate(() => { document.querySelector('.thread').scrollTop = 0; });
    await page.waitForSelector('.msg >> text=(0)');
    assert.ok(await page.locator('.thread .vrow').count() < 80);
    await assertClean(assert, ctx);
  });

  it('links and images open only after a confirmation showing the full URL', async () => {
    const ctx = await h.page({ fixture: { richThread: `${fx.SUPPORT}/300` } });
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    const img = page.locator('.thumb-img');
    assert.equal(await img.getAttribute('referrerpolicy'), 'no-referrer');
    assert.equal(await img.getAttribute('loading'), 'lazy');
    await page.click('.msg .link:has-text("https://shop.example.com/orders/4471")');
    await page.waitForSelector('dialog.dlg-url');
    assert.equal(await page.textContent('.url-full'), 'https://shop.example.com/orders/4471');
    await page.click('dialog.dlg-url >> text=Cancel');
    assert.deepEqual(await callsOf(page, 'open_url'), []);
    await page.click('.thumb');
    await page.click('dialog.dlg-url >> text=Open in browser');
    await page.waitForSelector('dialog.dlg-url', { state: 'detached' });
    assert.deepEqual(await callsOf(page, 'open_url'), [{ url: 'https://static-api.blinger.io/files/new/67/cf/box.png' }]);
    assert.equal(page.url(), h.server.url, 'the webview never navigated');
    await assertClean(assert, ctx);
  });

  it('shows comments with their post, the customer in details, and stable hooks', async () => {
    const ctx = await h.page({ fixture: { richThread: `${fx.SUPPORT}/300` } });
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    const row = page.locator('.inbox-list .row.is-selected');
    assert.equal(await row.getAttribute('data-account'), fx.SUPPORT);
    assert.equal(await row.getAttribute('data-conversation'), '300');
    // Nobody has it yet: Take is the action that stands out, not Close.
    assert.match(await page.getAttribute('[data-act=take]', 'class'), /btn-primary/);
    assert.doesNotMatch(await page.getAttribute('[data-act=close]', 'class'), /btn-primary/);
    const comment = page.locator('.msg[data-message-id="c1"]');
    assert.equal((await comment.locator('.comment-ctx').textContent()).replace(/\s+/g, ' '), 'Comment on Spring collection is here');
    assert.equal(await page.getAttribute(`.msg[data-message-id="${fx.PENDING_ID}"]`, 'data-delivery'), 'pending');
    assert.equal(await page.getAttribute(`.msg[data-message-id="${fx.FAILED_ID}"]`, 'data-delivery'), 'failed');
    const details = await page.locator('.details').innerText();
    for (const want of ['+44 20 7946 0018', 'anna@example.com', 'Checkout — Example Shop', 'vip', 'order-issue']) {
      assert.ok(details.includes(want), `details show ${want}`);
    }
    // The post's link opens only through the confirmation, like every link.
    await comment.locator('.comment-ctx .link').click();
    await page.waitForSelector('dialog.dlg-url');
    assert.equal(await page.textContent('.url-full'), 'https://facebook.com/example/posts/123');
    await page.click('dialog.dlg-url >> text=Open in browser');
    await page.waitForSelector('dialog.dlg-url', { state: 'detached' });
    assert.deepEqual(await callsOf(page, 'open_url'), [{ url: 'https://facebook.com/example/posts/123' }]);
    await assertClean(assert, ctx);
  });

  it('reads everything again on resync (the agent restarted) and keeps the open thread and the draft', async () => {
    const ctx = await h.page({ fixture: { richThread: `${fx.SUPPORT}/300` } });
    const { page } = ctx;
    await openRow(page, 'Anna Petrova');
    await page.fill('textarea[aria-label="Reply to the customer"]', 'half-typed answer');
    const before = { state: (await callsOf(page, 'app_state')).length, opens: (await callsOf(page, 'open_conversation')).length };
    await emitDesk(page, { type: 'resync' });
    await page.waitForFunction((n) => window.__fake.callsOf('open_conversation').length > n, before.opens);
    assert.equal((await callsOf(page, 'app_state')).length, before.state + 1);
    assert.deepEqual((await callsOf(page, 'open_conversation')).at(-1), { key: { account: fx.SUPPORT, conversation: '300' } });
    await page.waitForSelector('.thread-state', { state: 'hidden' });
    assert.equal(await page.getAttribute('.inbox-list .row.is-selected', 'data-conversation'), '300');
    assert.equal(await page.inputValue('textarea[aria-label="Reply to the customer"]'), 'half-typed answer');
    await assertClean(assert, ctx);
  });

  it('follows the system theme unless settings choose one', async () => {
    const dark = await h.page({ colorScheme: 'dark' });
    const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(17, 18, 21)');
    const forced = await h.page({ colorScheme: 'dark', fixture: { settings: fx.settings({ theme: 'light' }) } });
    assert.equal(await forced.page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(246, 246, 247)');
    await emitDesk(forced.page, { type: 'settings_changed', settings: fx.settings({ theme: 'dark' }) });
    assert.equal(await forced.page.getAttribute('html', 'data-theme'), 'dark');
  });
});
