// An in-page stand-in for the Rust side, built on @tauri-apps/api/mocks'
// mockIPC (with shouldMockEvents, so `plugin:event|listen` and emit() work as
// in the app). Every command call is recorded in window.__fake.calls. Loaded
// by the test page before main.js; the fixture comes from window.__DESK_FIXTURE.
//
// It holds to the contract generated from the Rust types (docs/ipc.schema.json):
// arguments the page sends, results and errors it serves and events it emits are
// checked, and a mismatch is reported to the test (window.__contractViolation)
// and refused, so a mock cannot serve a shape the app never sends.
import { mockIPC, mockConvertFileSrc } from '/__tauri/mocks.js';
import { emit } from '/__tauri/event.js';
import * as fx from '/__test/fixtures.js';
import { contract } from '/__test/contract.js';
import { SCHEMA } from '/__test/generated.js';

const cfg = window.__DESK_FIXTURE || {};
// Times relative to the real clock unless a test pins them.
const NOW = cfg.now ?? Math.floor(Date.now() / 1000);
const clone = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
const dk = (key) => `${key.account}/${key.conversation}`;

const state = {
  accounts: cfg.accounts ?? fx.accounts(),
  items: cfg.items ?? fx.items(cfg.itemCount ?? 40, NOW),
  settings: cfg.settings ?? fx.settings(),
  demo: !!cfg.demo,
  canned: cfg.canned ?? fx.canned(),
  directory: cfg.directory ?? fx.directory(),
  threads: cfg.threads || {},
  webhooks: cfg.webhooks ?? fx.webhooks(),
};

function loadDrafts() {
  try {
    const s = sessionStorage.getItem('fake.drafts');
    if (s) return JSON.parse(s);
  } catch { /* ignore */ }
  return cfg.drafts || {};
}
const drafts = loadDrafts();
const saveDrafts = () => sessionStorage.setItem('fake.drafts', JSON.stringify(drafts));

const calls = [];
const hookUrls = new Map(); // account → its webhook URL, kept while off
const failures = new Map(); // cmd → [error…]
const holds = new Map(); // cmd → [resolve…] pending gates
const overrides = new Map(); // cmd → value or function
let seq = 0;

function threadFor(key) {
  const id = dk(key);
  if (state.threads[id]) return clone(state.threads[id]);
  if (cfg.bigThread && id === cfg.bigThread.key) return fx.bigThread(key, cfg.bigThread.size, NOW);
  if (cfg.richThread && id === cfg.richThread) return fx.richThread(NOW);
  const t = fx.thread(key, 14, NOW);
  const item = state.items.find((it) => dk(it.key) === id) || null;
  t.item = clone(item);
  if (item) {
    t.details.customer.name = item.customer_name;
    t.details.channel = item.channel;
  }
  return t;
}

async function handle(cmd, args) {
  if (overrides.has(cmd)) {
    const o = overrides.get(cmd);
    return typeof o === 'function' ? o(args) : clone(o);
  }
  switch (cmd) {
    case 'app_state':
      return { accounts: clone(state.accounts), items: clone(state.items), settings: clone(state.settings), demo: state.demo, open_key: cfg.openKey ?? null, outbox: clone(cfg.outbox ?? []), notices: clone(cfg.notices ?? []) };
    case 'drafts':
      return { ...drafts };
    case 'save_draft':
      if (args.text) drafts[dk(args.key)] = args.text;
      else delete drafts[dk(args.key)];
      saveDrafts();
      return null;
    case 'canned_replies':
      return clone(state.canned);
    case 'save_canned_replies':
      state.canned = clone(args.replies);
      return clone(state.canned);
    case 'open_conversation':
      return threadFor(args.key);
    case 'find_conversation':
      return threadFor({ account: args.account, conversation: args.conversation });
    case 'close_view':
    case 'refresh':
    case 'open_url':
    case 'open_logs_folder':
    case 'outbox_retry':
    case 'outbox_retry_all':
    case 'outbox_discard':
    case 'outbox_discard_account':
    case 'outbox_edit':
    case 'remove_account':
      return null;
    case 'send':
      seq += 1;
      return fx.echo(seq, args.payload, Math.floor(Date.now() / 1000));
    case 'act':
      return null;
    case 'directory':
      return clone(state.directory);
    case 'set_directory_name':
      return setName(args);
    case 'set_settings':
      state.settings = { ...state.settings, ...args.settings };
      return clone(state.settings);
    case 'add_account': {
      const a = fx.accountView(args.account);
      state.accounts.push(a);
      return clone(a);
    }
    case 'webhooks':
      return clone(state.webhooks);
    case 'set_webhook': {
      const a = state.webhooks.accounts.find((x) => x.account === args.account);
      if (!a) throw { kind: 'not_found', message: `no account ${args.account}` };
      a.enabled = args.enabled;
      // As Rust does: the URL only while on, the same one when back on.
      if (a.url) hookUrls.set(a.account, a.url);
      a.url = args.enabled ? hookUrls.get(a.account) ?? fx.webhookUrl(state.webhooks.listen, a.account) : null;
      state.webhooks.listening = state.webhooks.accounts.some((x) => x.enabled);
      return clone(state.webhooks);
    }
    case 'set_webhook_listen':
      state.webhooks.listen = args.listen;
      state.webhooks.allow_remote = args.allow_remote;
      state.webhooks.loopback = /^(127\.|\[::1\])/.test(args.listen);
      for (const a of state.webhooks.accounts) if (a.url) a.url = a.url.replace(/^http:\/\/[^/]+/, `http://${args.listen}`);
      for (const [id, url] of hookUrls) hookUrls.set(id, url.replace(/^http:\/\/[^/]+/, `http://${args.listen}`));
      return clone(state.webhooks);
    case 'test_webhook':
      return fx.webhookTest(cfg.webhookTest ?? 'applied');
    case 'create_conversation':
      return { ...fx.items(1)[0], key: { account: args.account, conversation: '999' }, customer_name: 'New contact', lists: ['all'] };
    default:
      throw { kind: 'invalid_input', message: `unknown command ${cmd}` };
  }
}

// As Rust does: the name goes on the entry (`custom` only when set), an id not
// listed yet is added, an empty name leaves the entry unnamed.
function setName({ kind, id, name }) {
  const field = { operator: 'operators', group: 'groups' }[kind];
  if (!field) throw { kind: 'invalid_input', message: 'only operators and groups are named here' };
  const list = state.directory[field];
  let entry = list.find((o) => o.id === id.trim());
  if (!entry) list.push((entry = { id: id.trim(), name: '' }));
  entry.name = name.trim();
  if (entry.name) entry.custom = true;
  else delete entry.custom;
  return clone(state.directory);
}

const ipc = contract(SCHEMA);
// Results already checked, by identity: a benchmark serving one big prepared value
// again and again checks it once (served values are never changed in place).
const checked = new WeakSet();
function checkResult(cmd, result) {
  const object = result !== null && typeof result === 'object';
  if (object && checked.has(result)) return;
  const errors = ipc.result(cmd, result);
  if (errors.length) throw violation(`the result served for ${cmd}`, errors);
  if (object) checked.add(result);
}
// Reports a mismatch to the test and returns what the page gets instead.
function violation(what, errors) {
  const message = `contract: ${what} does not match docs/ipc.schema.json:\n  ${errors.join('\n  ')}`;
  if (window.__contractViolation) window.__contractViolation(message);
  return { kind: 'contract', message };
}

mockIPC(async (cmd, args) => {
  calls.push({ cmd, args: clone(args) });
  const argErrors = ipc.args(cmd, args ?? {});
  if (argErrors.length) throw violation(`the arguments the page sent to ${cmd}`, argErrors);
  const gate = holds.get(cmd);
  if (gate && gate.length) await new Promise((resolve) => gate.shift()(resolve));
  const fail = failures.get(cmd);
  if (fail && fail.length) {
    const err = fail.shift();
    const errors = ipc.error(err);
    throw errors.length ? violation(`the error served for ${cmd}`, errors) : err;
  }
  if (cfg.latency) await new Promise((r) => setTimeout(r, cfg.latency));
  // Tauri resolves a command that returns () with null.
  const result = (await handle(cmd, args || {})) ?? null;
  checkResult(cmd, result);
  return result;
}, { shouldMockEvents: true });
// Images come through the app's deskimg: protocol; Chromium cannot serve a
// custom scheme, so the page builds Windows' form (http://deskimg.localhost/…),
// which the harness answers like the app would.
mockConvertFileSrc('windows');

window.__fake = {
  calls,
  state,
  callsOf: (cmd) => calls.filter((c) => c.cmd === cmd).map((c) => c.args),
  failNext(cmd, err, times = 1) {
    const list = failures.get(cmd) || [];
    for (let i = 0; i < times; i++) list.push(err);
    failures.set(cmd, list);
  },
  // The next call of `cmd` waits until release() is called.
  hold(cmd) {
    let release;
    const opened = new Promise((r) => { release = r; });
    const list = holds.get(cmd) || [];
    list.push((resolve) => opened.then(resolve));
    holds.set(cmd, list);
    window.__fake.releases = window.__fake.releases || {};
    window.__fake.releases[cmd] = release;
  },
  release(cmd) {
    const r = window.__fake.releases && window.__fake.releases[cmd];
    if (r) r();
  },
  override(cmd, value) {
    overrides.set(cmd, value);
  },
  // Checks a value a test is about to serve (outside any timing).
  check: (cmd, value) => checkResult(cmd, value),
  emit(payload) {
    const errors = ipc.event(payload);
    if (errors.length) throw new Error(violation('an emitted desk://event', errors).message);
    return emit('desk://event', payload);
  },
  drafts,
};
