// Pure logic: times, URL safety and linkify, errors, channels, forms.
import test from 'node:test';
import assert from 'node:assert/strict';
import { relativeTime, dayLabel, dayNumber, toLocalInputValue, fromLocalInputValue, fullTime } from '../../ui/js/state/time.js';
import { safeUrl, safeImageUrl, urlHost, fileName, linkify } from '../../ui/js/state/url.js';
import { normalizeError, describeError } from '../../ui/js/state/errors.js';
import { channelInfo } from '../../ui/js/state/channels.js';
import { accountArgs, conversationArgs, rowsToObject, parseIds, isLoopbackUrl } from '../../ui/js/state/forms.js';

const at = (y, m, d, hh = 12, mm = 0) => Math.floor(new Date(y, m - 1, d, hh, mm).getTime() / 1000);

test('relative time: now, minutes, hours, yesterday, weekday, dates', () => {
  const now = at(2025, 3, 12, 15, 0);
  assert.equal(relativeTime(now - 10, now), 'now');
  assert.equal(relativeTime(now - 60 * 5, now), '5m');
  assert.equal(relativeTime(now - 3600 * 3, now), '3h');
  assert.equal(relativeTime(at(2025, 3, 11, 23, 0), now), 'Yesterday');
  assert.match(relativeTime(at(2025, 3, 8), now, 'en-GB'), /^Sat/);
  assert.match(relativeTime(at(2025, 1, 2), now, 'en-GB'), /2 Jan/);
  assert.match(relativeTime(at(2023, 1, 2), now, 'en-GB'), /2023/);
  assert.equal(relativeTime(0, now), '');
  assert.equal(relativeTime(NaN, now), '');
  assert.equal(relativeTime(now + 30, now), 'now'); // clock skew never shows negative
});

test('day labels follow the local calendar', () => {
  const now = at(2025, 3, 12, 0, 30);
  assert.equal(dayLabel(at(2025, 3, 12, 0, 5), now), 'Today');
  assert.equal(dayLabel(at(2025, 3, 11, 23, 55), now), 'Yesterday');
  assert.match(dayLabel(at(2025, 3, 3), now, 'en-GB'), /Monday.*3 March/);
  assert.match(dayLabel(at(2024, 3, 3), now, 'en-GB'), /2024/);
  assert.equal(dayNumber(at(2025, 3, 12, 1)), dayNumber(at(2025, 3, 12, 23)));
  assert.ok(fullTime(now).length > 5);
});

test('datetime-local round trip', () => {
  const t = at(2025, 7, 21, 17, 32);
  assert.equal(toLocalInputValue(t), '2025-07-21T17:32');
  assert.equal(fromLocalInputValue('2025-07-21T17:32'), t);
  assert.equal(fromLocalInputValue('garbage'), null);
});

test('URL safety: only http(s) and mailto, as the parser sees them', () => {
  assert.equal(safeUrl('https://example.com/a?b=1'), 'https://example.com/a?b=1');
  assert.equal(safeUrl('  http://example.com '), 'http://example.com/');
  assert.equal(safeUrl('mailto:anna@example.com'), 'mailto:anna@example.com');
  for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', ' javascript:alert(1)', '\u0000javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', 'blob:https://x/1', '//evil.com', '/relative', 'http://', 'https:', 'tauri://localhost', 'ipc://x', '', null, 42, 'x'.repeat(9000)]) {
    assert.equal(safeUrl(bad), null, String(bad).slice(0, 40));
  }
  assert.equal(safeImageUrl('mailto:a@b.c'), null);
  assert.equal(safeImageUrl('https://cdn.example.com/a.png'), 'https://cdn.example.com/a.png');
  assert.equal(urlHost('https://xn--80ak6aa92e.com/'), 'xn--80ak6aa92e.com');
  assert.equal(urlHost(safeUrl('https://аррӏе.com/')), 'xn--80ak6aa92e.com'); // look-alike letters show as punycode
  assert.equal(fileName('https://f.example.com/inv/Invoice%20March.pdf?x=1'), 'Invoice March.pdf');
  assert.equal(fileName('https://f.example.com/'), 'f.example.com');
});

test('linkify: http(s) and www become links; everything else stays text', () => {
  const segs = linkify('see https://a.example/x, or www.b.example. javascript:alert(1) <b>hi</b>');
  assert.deepEqual(segs.filter((s) => s.url).map((s) => [s.text, s.url]), [['https://a.example/x', 'https://a.example/x'], ['www.b.example', 'https://www.b.example/']]);
  assert.equal(segs.map((s) => s.text).join(''), 'see https://a.example/x, or www.b.example. javascript:alert(1) <b>hi</b>');
  assert.deepEqual(linkify(''), []);
  assert.deepEqual(linkify('no links'), [{ text: 'no links' }]);
});

test('errors: server text kept verbatim; hints for transport kinds', () => {
  assert.deepEqual(describeError({ kind: 'api', message: 'The conversation is closed.' }), { kind: 'api', text: 'The conversation is closed.', hint: '' });
  assert.match(describeError({ kind: 'connect', message: 'dns error' }).hint, /network/);
  assert.deepEqual(normalizeError('boom'), { kind: 'unknown', message: 'boom' });
  assert.equal(normalizeError(undefined).kind, 'unknown');
});

test('channels: recognisable identity per channel, stable fallback', () => {
  assert.equal(channelInfo('telegrambot').label, 'Telegram');
  assert.equal(channelInfo('Channel::Email').id, 'email');
  assert.equal(channelInfo('whatsapp').color, '#25D366');
  const ids = ['telegrambot', 'whatsapp', 'viber', 'vk', 'livechat', 'email', 'facebook', 'chatwoot'].map((c) => channelInfo(c));
  assert.equal(new Set(ids.map((i) => i.color)).size, ids.length, 'distinct colours');
  assert.equal(new Set(ids.map((i) => i.glyph)).size, ids.length, 'distinct glyphs');
  assert.deepEqual(channelInfo('zzz'), channelInfo('zzz'));
  assert.equal(channelInfo('').label, 'Unknown');
});

test('forms: add_account arguments per provider, validation, token handling', () => {
  const ok = accountArgs({ provider: 'blinger', name: ' Support ', api_url: 'https://app.blinger.io/api', token: 't0k', operator_id: '7', group_ids: '1, 4', widget_url: 'https://widget.blinger.io/api/external/v1', widget_token: 'w' });
  assert.deepEqual(ok.args, { account: { name: 'Support', provider: 'blinger', api_url: 'https://app.blinger.io/api', operator_id: 7, group_ids: [1, 4], widget_url: 'https://widget.blinger.io/api/external/v1' }, token: 't0k', widget_token: 'w' });
  const cw = accountArgs({ provider: 'chatwoot', name: 'C', api_url: 'https://x.example', token: 't', account_id: '3', inbox_id: '' });
  assert.deepEqual(cw.args.account, { name: 'C', provider: 'chatwoot', api_url: 'https://x.example', account_id: 3 });
  assert.ok(accountArgs({ provider: 'chatwoot', name: 'C', api_url: 'https://x', token: 't' }).errors.account_id);
  assert.ok(accountArgs({ provider: 'blinger', name: 'a/b', api_url: 'https://x', token: 't' }).errors.name, 'no "/" in account names');
  const bad = accountArgs({ provider: 'blinger', name: '', api_url: 'javascript:x', token: '', operator_id: 'abc', group_ids: '1,x' });
  assert.deepEqual(Object.keys(bad.errors).sort(), ['api_url', 'group_ids', 'name', 'operator_id', 'token']);
  assert.deepEqual(parseIds(''), { ids: [] });
});

test('forms: tokens go over https unless the server is this machine or plain http is chosen', () => {
  const base = { provider: 'blinger', name: 'S', token: 't' };
  for (const local of ['http://127.0.0.1:8765/api', 'http://localhost/api', 'http://[::1]:80/x']) {
    assert.ok(isLoopbackUrl(local), local);
    assert.equal(accountArgs({ ...base, api_url: local }).args.account.insecure, undefined, local);
  }
  for (const remote of ['http://app.blinger.io/api', 'http://localhost.evil.io/api', 'http://127.0.0.1.nip.io/api', 'http://192.168.1.5/api']) {
    assert.ok(!isLoopbackUrl(remote), remote);
    assert.match(accountArgs({ ...base, api_url: remote }).errors.api_url, /unencrypted/, remote);
    assert.equal(accountArgs({ ...base, api_url: remote, insecure: true }).args.account.insecure, true, remote);
  }
  const widget = accountArgs({ ...base, api_url: 'https://app.blinger.io/api', widget_url: 'http://widget.blinger.io/v1', widget_token: 'w' });
  assert.match(widget.errors.widget_url, /unencrypted/);
  assert.equal(accountArgs({ ...base, api_url: 'https://x.io', insecure: true }).args.account.insecure, undefined, 'not needed for https');
});

test('forms: create_conversation arguments with key-value rows', () => {
  const r = conversationArgs({ account: 'C', inbox_id: '5', source_id: '+972', contact_id: '', status: 'open', assignee_id: '21', team_id: '',
    custom_attributes: [{ key: 'plan', value: 'pro' }, { key: '', value: '' }], additional_attributes: [{ key: 'browser', value: 'Firefox' }], message: 'Hello' });
  assert.deepEqual(r.args, { account: 'C', conversation: { inbox_id: '5', source_id: '+972', status: 'open', assignee_id: '21', custom_attributes: { plan: 'pro' }, additional_attributes: { browser: 'Firefox' }, message: 'Hello' } });
  const e = conversationArgs({ account: 'C', inbox_id: '', custom_attributes: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] });
  assert.ok(e.errors.inbox_id && e.errors.source_id && e.errors.custom_attributes);
  const proto = rowsToObject([{ key: '__proto__', value: 'x' }]);
  assert.equal(Object.getPrototypeOf(proto.value), Object.prototype);
  assert.equal(proto.value.__proto__, 'x');
});

test('look-ups by untrusted keys never reach Object.prototype', async () => {
  const { own } = await import('../../ui/js/state/lookup.js');
  for (const k of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    assert.equal(own({ a: 1 }, k), undefined);
    assert.equal(channelInfo(k).label, k);
    assert.equal(describeError({ kind: k, message: 'm' }).hint, '');
  }
  assert.equal(own({ a: 1 }, 'a'), 1);
  assert.equal(own({ a: 1 }, null), undefined);
});

test('images: the account server and its sibling hosts load without asking', async () => {
  const { siteOf, sameSite, createImageGate, ALWAYS_KEY } = await import('../../ui/js/state/images.js');
  assert.equal(siteOf('app.blinger.io'), 'blinger.io');
  assert.equal(siteOf('online.99digital.co.il'), '99digital.co.il');
  assert.equal(siteOf('blinger.io'), null, 'too short to have siblings');
  assert.equal(siteOf('desk.co.uk'), null, 'co.uk is everybody');
  assert.equal(siteOf('127.0.0.1'), null);
  assert.ok(sameSite('static-api.blinger.io', 'app.blinger.io'));
  assert.ok(sameSite('blinger.io', 'app.blinger.io'));
  assert.ok(sameSite('127.0.0.1', '127.0.0.1'));
  assert.ok(!sameSite('evilblinger.io', 'app.blinger.io'));
  assert.ok(!sameSite('blinger.io.evil.com', 'app.blinger.io'));
  assert.ok(!sameSite('other.co.uk', 'desk.co.uk'));

  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  const gate = createImageGate(storage);
  const api = 'https://app.blinger.io/api';
  assert.ok(gate.shouldLoad('https://static-api.blinger.io/a.png', api));
  assert.ok(!gate.shouldLoad('https://cdn.example/a.png', api));
  gate.loadOnce('https://cdn.example/a.png');
  assert.ok(gate.shouldLoad('https://cdn.example/a.png', api));
  assert.ok(!gate.shouldLoad('https://cdn.example/b.png', api), 'once is for one picture');
  gate.loadAlways('cdn.example');
  assert.deepEqual(JSON.parse(store.get(ALWAYS_KEY)), ['cdn.example']);
  assert.ok(createImageGate(storage).shouldLoad('https://cdn.example/b.png', api), 'remembered');
  assert.ok(createImageGate({ getItem: () => '{not json' }).shouldLoad('https://app.blinger.io/x.png', api));
});
