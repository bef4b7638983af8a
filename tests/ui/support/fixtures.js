// Data for the UI tests, the benchmark and the preview screenshots. Plain ES
// module with no Node imports: the test server also serves it to the page.

export const NOW = Math.floor(Date.UTC(2025, 2, 12, 10, 30) / 1000);

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
export const OPERATORS = [{ id: '7', name: 'Kate (you)' }, { id: '8', name: 'Pavel' }, { id: '9', name: 'Irina' }, { id: '12', name: '' }];
export const GROUPS = [{ id: '1', name: 'Support L1' }, { id: '2', name: 'Billing' }, { id: '4', name: 'VIP' }];

export function accounts() {
  return [
    { name: 'Support', provider: 'blinger', api_url: 'https://app.blinger.io/api', operator_id: 7, group_ids: [1], widget: true, account_id: null, inbox_id: null, demo: false, status: 'online', error: null, unread: 0 },
    { name: '99digital', provider: 'chatwoot', api_url: 'https://online.99digital.co.il', operator_id: null, group_ids: [], widget: false, account_id: 3, inbox_id: 5, demo: false, status: 'online', error: null, unread: 0 },
  ];
}

export function settings(extra = {}) {
  return { poll_interval_secs: 30, do_not_disturb: false, notification_sound: true, start_at_login: false, enter_sends: true, theme: 'system', ...extra };
}

// n conversations spread over the two accounts and every list.
export function items(n = 40, now = NOW) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const [name, chan] = NAMES[i % NAMES.length];
    const cw = chan.startsWith('Channel::') || i % 5 === 4;
    const account = cw ? '99digital' : 'Support';
    const unassigned = i % 3 === 0;
    const lists = cw
      ? [unassigned ? 'unassigned' : 'mine', 'all']
      : [unassigned ? 'unassigned' : null, i % 4 === 1 ? 'unread' : null, i % 4 === 2 ? 'not_answered' : null].filter(Boolean);
    const unread = i % 4 === 1 || (cw && i % 2 === 1) ? 1 + (i % 3) : 0;
    const at = now - (i * 397 + (i % 7) * 13);
    out.push({
      key: { account, conversation: String(300 + i) },
      customer_name: i < NAMES.length ? name : `${name} ${Math.floor(i / NAMES.length) + 1}`,
      channel: cw ? (chan.startsWith('Channel::') ? chan : 'Channel::WebWidget') : chan,
      preview: PREVIEWS[i % PREVIEWS.length],
      last_activity: at,
      unread,
      status: cw ? ['open', 'open', 'pending', 'open', 'snoozed'][i % 5] : unassigned ? 'unassigned' : 'open',
      assignee: unassigned ? null : OPERATORS[i % 3],
      group: i % 2 ? GROUPS[i % 3] : null,
      lists: lists.length ? lists : ['recent'],
      marker: { at, seq: i },
      last_incoming: i % 2 === 0,
    });
  }
  return out;
}

export function thread(key, n = 14, now = NOW) {
  const msgs = [];
  const base = now - n * 600;
  const texts = [
    'Hi! My order #4471 still shows “processing”, can you check? It was paid on Friday.',
    'Hello Anna, thanks for writing. Let me look it up.',
    'Checked with the warehouse — it left yesterday, tracking is coming by email.',
    'Great, thank you! Also, could you send the invoice?',
  ];
  for (let i = 0; i < n; i++) {
    const out = i % 3 === 1;
    msgs.push({
      id: `m${i}`, text: texts[i % texts.length] + (n > 100 ? ` (${i})` : ''), kind: 'text',
      direction: out ? 'outgoing' : 'incoming', is_note: false,
      author: out ? 'Kate' : null, at: base + i * (n > 100 ? 40 : 600), attachment_url: null, delivery: { state: 'sent' },
    });
  }
  return {
    item: null,
    messages: msgs,
    details: {
      customer: { name: 'Anna Petrova', phone: '+44 20 7946 0018', email: 'anna@example.com', page_url: 'https://shop.example.com/checkout?step=2', page_title: 'Checkout — Example Shop', tags: ['vip', 'order-issue'] },
      channel: 'telegrambot', status: 'open', operator: { id: '7', name: 'Kate (you)' }, group: { id: '1', name: 'Support L1' },
      widget_conversation: null,
    },
    key,
  };
}

// A thread with every kind of row, for the screenshot and rendering tests.
export function richThread(now = NOW) {
  const t = thread({ account: 'Support', conversation: '300' }, 4, now);
  const at = now - 1800;
  t.messages.push(
    { id: 'n1', text: 'Customer is VIP — refund without the usual checks.', kind: 'text', direction: 'outgoing', is_note: true, author: 'Pavel', at: at + 60, attachment_url: null, delivery: { state: 'sent' } },
    { id: 'i1', text: 'Here is the photo of the damaged box', kind: 'image', direction: 'incoming', is_note: false, author: null, at: at + 120, attachment_url: 'https://static-api.blinger.io/files/new/67/cf/box.png', delivery: { state: 'sent' } },
    { id: 'f1', text: '', kind: 'file', direction: 'outgoing', is_note: false, author: 'Kate', at: at + 300, attachment_url: 'https://files.example.com/invoices/Invoice%20March%202025.pdf', delivery: { state: 'sent' } },
    { id: 'c1', text: 'Does this come in blue?', kind: 'comment', direction: 'incoming', is_note: false, author: null, at: at + 400, attachment_url: null, post: { title: 'Spring collection is here', url: 'https://facebook.com/example/posts/123' }, delivery: { state: 'sent' } },
    { id: 'a1', text: 'Conversation assigned to Kate', kind: 'activity', direction: 'outgoing', is_note: false, author: null, at: at + 500, attachment_url: null, delivery: { state: 'sent' } },
    { id: 'r1', text: 'How did we do? Rate this conversation.', kind: 'review', direction: 'outgoing', is_note: false, author: 'Kate', at: at + 600, attachment_url: null, delivery: { state: 'sent' } },
    { id: 'p1', text: 'I have sent the invoice to anna@example.com — see https://shop.example.com/orders/4471', kind: 'text', direction: 'outgoing', is_note: false, author: 'Kate', at: at + 700, attachment_url: null, delivery: { state: 'pending', outbox_id: 'ob-1' } },
    { id: 'x1', text: 'Anything else I can help with?', kind: 'text', direction: 'outgoing', is_note: false, author: 'Kate', at: at + 760, attachment_url: null, delivery: { state: 'failed', outbox_id: 'ob-2', message: 'The conversation is closed.' } },
  );
  return t;
}

export function bigThread(key, n = 10000, now = NOW) {
  return thread(key, n, now);
}
