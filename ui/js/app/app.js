// Wires the window together: mounts the components, loads the first paint from
// `app_state`, follows `desk://event`, and routes the components' actions
// (bubbling `desk:action` events) to the controllers. Data goes down through
// component methods; actions come up as events.
import { onEvent } from '../ipc.js';
import { api } from './api.js';
import { createGuard } from '../state/guard.js';
import { describeError } from '../state/errors.js';
import { draftKey, sameKey } from '../state/keys.js';
import { mountRail } from '../components/rail.js';
import { mountInboxPane } from '../components/inbox-pane.js';
import { mountConvPane } from '../components/conv-pane.js';
import { mountDetails } from '../components/details.js';
import { mountToasts } from '../components/toast.js';
import { mountBanners, mountRibbon } from '../components/banners.js';
import { mountSetup } from '../components/setup.js';
import { confirmOpenUrl } from '../components/confirm-url.js';
import { openPalette } from '../components/palette.js';
import { openHelp } from '../components/help.js';
import { openSettings } from '../components/settings.js';
import { createInboxController } from './inbox.js';
import { createConversationController } from './conversation.js';
import { createActions } from './actions.js';
import { installKeyboard } from './keyboard.js';

const WIDGET_KEY = 'deskbell.widget.';
const DETAILS_KEY = 'deskbell.details';

export async function startApp(doc = document) {
  const $ = (id) => doc.getElementById(id);
  const root = $('app');
  const toast = mountToasts($('toasts'));
  const state = { accounts: [], settings: {}, demo: false, canned: [] };
  const pane = mountInboxPane($('inbox'), { accountName: (id) => (state.accounts.find((a) => a.id === id) || {}).name || id });
  const conv = mountConvPane($('conversation'));
  const ui = { rail: mountRail($('rail')), pane, conv, header: conv.header, thread: conv.thread, composer: conv.composer, details: mountDetails($('details')), banners: mountBanners($('banners')) };

  const app = {
    ui, api, toast, guard: createGuard(),
    accounts: () => state.accounts,
    account: (id) => state.accounts.find((a) => a.id === id) || null,
    accountName: (id) => (state.accounts.find((a) => a.id === id) || {}).name || id,
    openKey: () => app.conversation.key(),
    setTitleCount(n) {
      doc.title = n > 0 ? `(${n}) Deskbell` : 'Deskbell';
    },
    announce(text) {
      const live = $('sr-live');
      live.textContent = '';
      setTimeout(() => { live.textContent = text; }, 30);
    },
    widgetConv(key, details) {
      if (!key) return '';
      try {
        return localStorage.getItem(WIDGET_KEY + draftKey(key)) || (details && details.widget_conversation) || '';
      } catch {
        return (details && details.widget_conversation) || '';
      }
    },
    rememberWidgetConv(key, wc) {
      try {
        localStorage.setItem(WIDGET_KEY + draftKey(key), wc);
      } catch {
        /* not remembered; the field is filled again next time */
      }
    },
    focusComposer(mode) {
      if (!app.conversation.key()) {
        const it = ui.pane.list.selected();
        if (!it) return;
        app.conversation.open(it.key);
      }
      ui.composer.setMode(mode === 'note' ? 'note' : 'reply', true);
    },
    openPalette: () => openPalette({
      items: () => app.inbox.items(),
      accounts: () => state.accounts,
      accountName: app.accountName,
      onOpen: (key) => app.conversation.open(key),
      onFind: (account, conversation) => app.conversation.open({ account, conversation }, { find: true }),
    }),
    openHelp,
    openLink: (url) => confirmOpenUrl(url, api.openUrl),
  };
  app.inbox = createInboxController(app);
  app.conversation = createConversationController(app);
  app.actions = createActions(app);

  function applySettings(settings) {
    state.settings = { ...state.settings, ...(settings || {}) };
    const t = state.settings.theme;
    if (t === 'light' || t === 'dark') doc.documentElement.dataset.theme = t;
    else delete doc.documentElement.dataset.theme;
    ui.composer.setEnterSends(state.settings.enter_sends !== false);
  }

  function setDetailsShown(on) {
    root.classList.toggle('details-collapsed', !on);
    ui.header.setDetailsShown(on);
    try {
      localStorage.setItem(DETAILS_KEY, on ? '1' : '0');
    } catch { /* a preference only */ }
  }

  function upsertAccount(acc) {
    const i = state.accounts.findIndex((a) => a.id === acc.id);
    if (i >= 0) state.accounts[i] = acc;
    else state.accounts.push(acc);
    app.inbox.refreshAccounts();
    ui.banners.setAccounts(state.accounts);
  }

  // Events that arrive before the first paint wait for it, then replay.
  let loaded = false;
  const early = [];
  function onDeskEvent(ev) {
    if (!ev || typeof ev.type !== 'string') return;
    if (!loaded) {
      early.push(ev);
      return;
    }
    switch (ev.type) {
      case 'inbox_changed': {
        const deltas = app.inbox.applyInboxChanges(ev.changes || []);
        for (const d of deltas) if (d.after) app.conversation.onItemChanged(d.after);
        // The title follows Rust's total, the same number as the tray.
        if (typeof ev.unread_total === 'number') app.setTitleCount(ev.unread_total);
        break;
      }
      case 'account_status':
        if (ev.account && ev.account.id) upsertAccount(ev.account);
        break;
      case 'thread_changed':
        app.conversation.onThreadChanged(ev);
        break;
      case 'outbox_changed':
        app.conversation.onOutboxChanged(ev);
        // Failures outside the open thread (widget sends are keyed by the widget's own id) must still be seen.
        if (ev.message?.delivery?.state === 'failed' && !sameKey(ev.key, app.conversation.key())) {
          toast.error('A message could not be sent', describeError({ kind: 'api', message: ev.message.delivery.message || 'Delivery failed.' }));
        }
        break;
      case 'outbox_removed':
        app.conversation.onOutboxRemoved(ev);
        break;
      case 'outbox_summary':
        ui.banners.setOutbox(ev.queues || []);
        break;
      case 'open_conversation':
        if (ev.key) app.conversation.open(ev.key);
        break;
      case 'settings_changed':
        applySettings(ev.settings);
        break;
      case 'connectivity':
        ui.banners.setOnline(ev.online !== false);
        break;
      case 'resync':
        resync();
        break;
      default:
    }
  }

  // Events were missed (the agent restarted, or this window fell behind): read
  // everything again, as at start, and keep the operator where they were.
  async function resync() {
    let fresh;
    try {
      fresh = await api.appState();
    } catch (e) {
      toast.error('Could not reload the inbox', describeError(e));
      return;
    }
    state.accounts = (fresh && fresh.accounts) || [];
    applySettings(fresh && fresh.settings);
    ui.banners.setAccounts(state.accounts);
    ui.banners.setOutbox((fresh && fresh.outbox) || []);
    ui.banners.setNotices((fresh && fresh.notices) || []);
    app.inbox.load((fresh && fresh.items) || []);
    await app.conversation.reopen();
  }

  // Actions bubbling up from the components.
  root.addEventListener('desk:action', (e) => handle(e.detail, e.target));
  $('dialogs').addEventListener('desk:action', (e) => handle(e.detail, e.target));
  function handle(d, source) {
    switch (d.type) {
      case 'scope': return app.inbox.setScope({ account: d.account });
      case 'tab': return app.inbox.setScope({ tab: d.tab });
      case 'status_filter': return app.inbox.setScope({ status: d.status });
      case 'open': return app.conversation.open(d.key);
      case 'send': return app.conversation.sendFromComposer(d.mode, d.text);
      case 'send_file': return app.conversation.sendFile();
      case 'draft': return app.conversation.draftInput(d.text);
      case 'conv_action': return app.actions.run(d.act, source.closest('button'));
      case 'outbox_retry': return app.conversation.outbox('retry', d.id, source.closest('button'));
      case 'outbox_discard': return app.conversation.outbox('discard', d.id, source.closest('button'));
      case 'outbox_edit': return app.conversation.outbox('edit', d.id);
      case 'outbox_retry_all':
        return api.outboxRetryAll(d.account).catch((err) => toast.error('Could not retry', describeError(err)));
      case 'outbox_discard_account':
        return api.outboxDiscardAccount(d.account).catch((err) => toast.error('Could not discard', describeError(err)));
      case 'open_link': return app.openLink(d.url);
      case 'toggle_details': return setDetailsShown(root.classList.contains('details-collapsed'));
      case 'create_conversation': return app.actions.createConversation();
      case 'palette': return app.openPalette();
      case 'help': return openHelp();
      case 'refresh':
        return api.refresh(d.account).then(() => toast.info('Refreshing…')).catch((err) => toast.error('Could not refresh', describeError(err)));
      case 'settings': return showSettings();
      default:
    }
  }

  function showSettings() {
    api.cannedReplies().catch(() => state.canned).then((canned) => openSettings({
      settings: state.settings,
      accounts: state.accounts,
      canned: Array.isArray(canned) ? canned : state.canned,
      api: {
        accounts: () => state.accounts,
        setSettings: async (partial) => applySettings(await api.setSettings(partial)),
        removeAccount: async (id, discardPending) => {
          await api.removeAccount(id, discardPending);
          state.accounts = state.accounts.filter((a) => a.id !== id);
          app.inbox.setScope({});
          ui.banners.setAccounts(state.accounts);
        },
        addAccount: async (args) => upsertAccount(await api.addAccount(args)),
        saveCanned: async (replies) => {
          const saved = await api.saveCannedReplies(replies);
          state.canned = Array.isArray(saved) ? saved : replies;
          ui.composer.setCanned(state.canned);
          toast.success('Canned replies saved');
        },
        openLogsFolder: () => api.openLogsFolder(),
        directory: (account) => app.actions.directory(account, { fresh: true }),
        setDirectoryName: (...args) => app.actions.setDirectoryName(...args),
        webhooks: () => api.webhooks(),
        setWebhook: (account, enabled) => api.setWebhook(account, enabled),
        setWebhookListen: (listen, allowRemote) => api.setWebhookListen(listen, allowRemote),
        testWebhook: (account) => api.testWebhook(account),
      },
    }));
  }

  installKeyboard(app);
  // Belt and braces: nothing may navigate the webview away from the app.
  doc.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href]');
    if (a) e.preventDefault();
  });
  for (const t of ['dragover', 'drop']) doc.addEventListener(t, (e) => e.preventDefault());
  window.addEventListener('pagehide', () => app.conversation.flushDrafts());
  doc.addEventListener('visibilitychange', () => doc.visibilityState === 'hidden' && app.conversation.flushDrafts());
  setInterval(() => ui.pane.list.refreshTimes(), 60_000);

  let detailsShown = true;
  try {
    detailsShown = localStorage.getItem(DETAILS_KEY) !== '0';
  } catch { /* default */ }
  setDetailsShown(detailsShown);
  ui.details.clear();
  pane.setLoading(true);

  // Subscribe before the first read so nothing that happens in between is lost.
  const ready = onEvent(onDeskEvent).catch((e) => toast.error('Live updates are off', describeError(e)));
  let first;
  try {
    [first] = await Promise.all([api.appState(), ready]);
  } catch (e) {
    pane.setLoading(false);
    toast.error('Could not load the inbox', describeError(e));
    return app;
  }
  state.accounts = (first && first.accounts) || [];
  state.demo = !!(first && first.demo);
  applySettings(first && first.settings);
  mountRibbon($('ribbon'), state.demo);
  ui.banners.setAccounts(state.accounts);
  ui.banners.setOutbox((first && first.outbox) || []);
  ui.banners.setNotices((first && first.notices) || []);

  const [drafts, canned] = await Promise.all([api.drafts().catch(() => ({})), api.cannedReplies().catch(() => [])]);
  app.conversation.setDrafts(drafts || {});
  state.canned = Array.isArray(canned) ? canned : [];
  ui.composer.setCanned(state.canned);

  if (!state.accounts.length && !state.demo) {
    showSetup(first);
  } else {
    root.hidden = false;
    $('setup').hidden = true;
    app.inbox.load((first && first.items) || []);
    pane.setLoading(false);
  }
  loaded = true;
  for (const ev of early.splice(0)) onDeskEvent(ev);
  // A notification clicked while the window was closed: Rust keeps its key for the next paint.
  if (first && first.open_key && first.open_key.account) app.conversation.open(first.open_key);

  function showSetup() {
    root.hidden = true;
    const setupEl = $('setup');
    setupEl.hidden = false;
    mountSetup(setupEl, {
      onSubmit: async (args) => {
        const acc = await api.addAccount(args);
        state.accounts = [acc];
        setupEl.hidden = true;
        setupEl.replaceChildren();
        root.hidden = false;
        ui.banners.setAccounts(state.accounts);
        // Keep whatever the new account already sent while add_account was running.
        app.inbox.load(app.inbox.items());
        pane.setLoading(false);
        toast.success(`${acc.name} connected. Conversations appear as they sync.`);
      },
    });
  }

  return app;
}
