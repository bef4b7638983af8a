// Data for the UI tests, the benchmark and the preview screenshots. Plain ES
// module with no Node imports: the test server also serves it to the page.
//
// Every value starts from a sample serialized by Rust (fixtures.rust.json, written
// by the contract tests in src-tauri/src/contract/); these functions change values
// (names, ids, times), never shapes: `like` refuses a field the sample lacks, and
// the fake backend checks all it serves against docs/ipc.schema.json.
import { RUST } from './generated.js';

export { RUST };
export const NOW = RUST.now;

const copy = (v) => JSON.parse(JSON.stringify(v));

// A copy of a Rust sample with some values changed; a field the sample does not
// have is refused (`optional` names fields Rust may leave out, such as `post`).
export function like(sample, values = {}, optional = []) {
  const out = copy(sample);
  for (const [k, v] of Object.entries(values)) {
    if (!Object.hasOwn(out, k) && !optional.includes(k)) throw new Error(`fixtures: Rust never sends "${k}" here`);
    out[k] = v === undefined ? v : copy(v);
  }
  return out;
}

const NAMES = [
  ['Anna Petrova', 'telegrambot'], ['Marco Rossi', 'whatsapp'], ['Liam O’Brien', 'livechat'],
  ['Sofia Novak', 'viber'], ['Dmitry Orlov', 'vk'], ['Emma Schulz', 'email'], ['Noah Levi', 'facebook'],
  ['Chloé Martin', 'telegrambot'], ['Yusuf Demir', 'whatsapp'], ['Olivia Brown', 'livechat'],
  ['Hana Sato', 'instagram'], ['Lucas Silva', 'viber'], ['Mia Johansson', 'email'], ['Ivan Kuznetsov', 'vk'],
  ['Ava Cohen', 'Channel::WebWidget'], ['Ethan Wright', 'Channel::Email'], ['Zoe Müller', 'Channel::Whatsapp'],
];
const PREVIEWS = [
  'Hi! My order #4471 still shows “processing”, can you check?',
  'Thanks, that worked!',
  'Is there a discount for annual plans?',
  'The payment failed twice with my Visa card',
  'Can I change the delivery address?',
  'Where do I find the invoice for March?',
  'The app crashes when I open settings on Android 14',
  'Hello, is anyone there?',
  'I would like to cancel my subscription',
  'Sent you the screenshot',
];
// The sample accounts' ids: what `key.account` holds (names are labels).
export const SUPPORT = RUST.accounts[0].id;
export const DIGITAL = RUST.accounts[1].id;
// As a row's assignee and group (`Person`, `Group`: an id and a name).
const person = ({ id, name }) => ({ id, name });
export const OPERATORS = RUST.directory.operators.map(person);
export const GROUPS = RUST.directory.groups.map(person);
// The outbox ids of the sample thread's unsent replies.
export const PENDING_ID = RUST.messages.pending.delivery.outbox_id;
export const FAILED_ID = RUST.messages.failed.id;

export function accounts() {
  return RUST.accounts.map((a) => like(a, { status: 'online', error: null }));
}

// The account the app shows right after add_account (AccountView::of).
export function accountView(input) {
  const sample = RUST.accounts.find((a) => a.provider === input.provider) || RUST.accounts[0];
  const blinger = input.provider === 'blinger';
  return like(sample, {
    id: input.id || `0d3c2b1a-0000-4000-8000-${String(input.name.length).padStart(12, '0')}`,
    name: input.name,
    provider: input.provider,
    api_url: input.api_url,
    operator_id: blinger ? input.operator_id ?? null : null,
    group_ids: blinger ? input.group_ids ?? [] : [],
    widget: blinger && !!input.widget_url,
    account_id: blinger ? null : input.account_id ?? null,
    inbox_id: blinger ? null : input.inbox_id ?? null,
    demo: false,
    status: 'connecting',
    error: null,
    unread: 0,
  });
}

export function settings(extra = {}) {
  return like(RUST.settings, extra);
}

export const directory = () => copy(RUST.directory);
export const canned = () => copy(RUST.canned);

// n conversations spread over the two accounts and every list.
export function items(n = 40, now = NOW) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const [name, chan] = NAMES[i % NAMES.length];
    const cw = chan.startsWith('Channel::') || i % 5 === 4;
    const unassigned = i % 3 === 0;
    const lists = cw
      ? [unassigned ? 'unassigned' : 'mine', 'all']
      : [unassigned ? 'unassigned' : null, i % 4 === 1 ? 'unread' : null, i % 4 === 2 ? 'not_answered' : null].filter(Boolean);
    const unread = i % 4 === 1 || (cw && i % 2 === 1) ? 1 + (i % 3) : 0;
    const at = now - (i * 397 + (i % 7) * 13);
    out.push(like(cw ? RUST.items.chatwoot : RUST.items.blinger, {
      key: { account: cw ? DIGITAL : SUPPORT, conversation: String(300 + i) },
      customer_name: i < NAMES.length ? name : `${name} ${Math.floor(i / NAMES.length) + 1}`,
      channel: cw ? (chan.startsWith('Channel::') ? chan : 'Channel::WebWidget') : chan,
      preview: PREVIEWS[i % PREVIEWS.length],
      last_activity: at,
      unread,
      status: cw ? ['open', 'open', 'pending', 'open', 'snoozed'][i % 5] : unassigned ? 'unassigned' : 'open',
      assignee: unassigned ? null : OPERATORS[i % 3],
      group: i % 2 ? GROUPS[i % 3] : null,
      lists,
      marker: { at, seq: i },
      last_incoming: i % 2 === 0,
    }));
  }
  return out;
}

// A message from a Rust sample (`incoming`, `outgoing`, `note`, `image`, `file`,
// `comment`, `activity`, `review`, `refused`, `pending`, `waiting`, `failed`, `delivered`).
export function message(kind, values = {}) {
  return like(RUST.messages[kind], values, ['post']);
}

// The local echo `send` answers with, numbered `seq` (its id is its outbox id).
export function echo(seq, payload, at) {
  const id = `0b0e0000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  const file = payload.url !== undefined;
  return message('pending', {
    id,
    text: file ? '' : payload.text ?? payload.content ?? '',
    kind: file ? 'file' : 'text',
    is_note: payload.type === 'note' || payload.private === true,
    at,
    attachment_url: file ? payload.url : null,
    delivery: { state: 'pending', outbox_id: id },
  });
}

// What open_conversation answers: {item, messages, details}.
export function thread(key, n = 14, now = NOW) {
  const base = now - n * 600;
  const texts = [
    'Hi! My order #4471 still shows “processing”, can you check? It was paid on Friday.',
    'Hello Anna, thanks for writing. Let me look it up.',
    'Checked with the warehouse — it left yesterday, tracking is coming by email.',
    'Great, thank you! Also, could you send the invoice?',
  ];
  const messages = [];
  for (let i = 0; i < n; i++) {
    messages.push(message(i % 3 === 1 ? 'outgoing' : 'incoming', {
      id: `m${i}`,
      text: texts[i % texts.length] + (n > 100 ? ` (${i})` : ''),
      at: base + i * (n > 100 ? 40 : 600),
    }));
  }
  const details = like(RUST.opened.details, { operator: OPERATORS[0], group: GROUPS[0], status: 'open' });
  return like(RUST.opened, { item: null, messages, details });
}

// A thread with every kind of row, for the screenshot and rendering tests.
export function richThread(now = NOW) {
  const t = thread({ account: SUPPORT, conversation: '300' }, 4, now);
  const at = now - 1800;
  const rows = ['note', 'image', 'file', 'comment', 'activity', 'review', 'pending', 'failed'];
  t.messages.push(...rows.map((kind, i) => message(kind, { at: at + 60 + i * 100 })));
  return t;
}

export function bigThread(key, n = 10000, now = NOW) {
  return thread(key, n, now);
}

// Settings → Webhooks: Rust's sample (Support on, with its URL; Sales off).
export const webhooks = () => copy(RUST.webhooks.view);
// What *Send test event* answers: `applied`, `refused` or `unreachable`.
export const webhookTest = (outcome) => copy(RUST.webhooks.tests[outcome]);
// An account's URL on `listen`, shaped like Rust's (a 64-hex secret per account).
export function webhookUrl(listen, account) {
  const secret = (account.replace(/[^0-9a-f]/g, '') + '0'.repeat(64)).slice(0, 64);
  return `http://${listen}/blinger/${secret}`;
}
