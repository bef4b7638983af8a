// The contract generated from the Rust types (docs/ipc.schema.json) and the
// samples Rust serialized (support/fixtures.rust.json): the samples fit the schema,
// every fixture built from them does too, the page calls only commands Rust has,
// and the in-page validator agrees with ajv on what passes and what does not.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { contract } from './support/contract.js';
import { SCHEMA, RUST } from './support/generated.js';
import * as fx from './support/fixtures.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ipc = contract(SCHEMA);

// Each Rust sample and where the contract describes it.
function samples() {
  const out = [];
  const def = (name) => (label, value) => out.push({ label, value, pointer: `#/$defs/${name}` });
  const result = (cmd) => (label, value) => out.push({ label, value, pointer: `#/commands/${cmd}/result` });
  RUST.accounts.forEach((a, i) => def('AccountView')(`accounts[${i}]`, a));
  def('Settings')('settings', RUST.settings);
  for (const [k, v] of Object.entries(RUST.items)) def('InboxItem')(`items.${k}`, v);
  for (const [k, v] of Object.entries(RUST.messages)) def('ThreadMessage')(`messages.${k}`, v);
  result('open_conversation')('opened', RUST.opened);
  result('directory')('directory', RUST.directory);
  result('canned_replies')('canned', RUST.canned);
  result('drafts')('drafts', RUST.drafts);
  result('webhooks')('webhooks.view', RUST.webhooks.view);
  for (const [k, v] of Object.entries(RUST.webhooks.tests)) result('test_webhook')(`webhooks.tests.${k}`, v);
  for (const [k, v] of Object.entries(RUST.events)) out.push({ label: `events.${k}`, value: v, pointer: '#/event' });
  RUST.errors.forEach((e, i) => out.push({ label: `errors[${i}]`, value: e, pointer: '#/error' }));
  return out;
}

// A delivery report in the shape the UI mocks once invented and Rust never sent.
const INVENTED_FAILED = { state: 'failed', outbox_id: fx.FAILED_ID, retryable: true };

// Payloads Rust would never send, each with the pointer it is checked under.
function inventions() {
  const m = RUST.messages.failed;
  return [
    ['failed delivery with no message and a field of its own', '#/$defs/ThreadMessage', { ...m, delivery: INVENTED_FAILED }],
    ['an outbox id that is no UUID', '#/$defs/ThreadMessage', { ...RUST.messages.pending, delivery: { state: 'pending', outbox_id: 'ob-1' } }],
    ['a delivery state Rust lacks', '#/$defs/ThreadMessage', { ...m, delivery: { state: 'queued' } }],
    ['a field Rust never sends', '#/$defs/InboxItem', { ...RUST.items.blinger, widget_conversation: 'x' }],
    ['a list Rust has no name for', '#/$defs/InboxItem', { ...RUST.items.blinger, lists: ['recent'] }],
    ['a missing field', '#/$defs/AccountView', (({ unread, ...a }) => a)(RUST.accounts[0])],
    ['a number as a string', '#/$defs/InboxItem', { ...RUST.items.blinger, unread: '2' }],
    ['an event type Rust lacks', '#/event', { type: 'thread_updated', key: RUST.opened.item.key, messages: [] }],
    ['an event with an invented field', '#/event', { ...RUST.events.connectivity, reason: 'dns' }],
    ['an error without its kind', '#/error', { message: 'boom' }],
    ['a send payload type Rust lacks', '#/commands/send/args', { key: RUST.opened.item.key, payload: { type: 'html', text: 'x' } }],
    ['an argument Rust drops', '#/commands/outbox_retry/args', { id: fx.FAILED_ID, outbox_id: fx.FAILED_ID }],
    ['a camelCase argument name', '#/commands/add_account/args', { account: { name: 'W', provider: 'blinger', api_url: 'https://x.io/api' }, token: 't', widgetToken: 'w' }],
  ];
}

test('every sample Rust serialized fits the generated schema', () => {
  const all = samples();
  assert.ok(all.length > 25, `${all.length} samples`);
  for (const { label, value, pointer } of all) assert.deepEqual(ipc.at(pointer, value), [], label);
  assert.deepEqual(Object.keys(RUST.events).sort(), ['account_status', 'connectivity', 'inbox_changed', 'open_conversation', 'outbox_changed', 'outbox_removed', 'outbox_summary', 'resync', 'settings_changed', 'thread_changed'],
    'a sample of every event');
  const states = new Set(Object.values(RUST.messages).map((m) => m.delivery.state));
  assert.deepEqual([...states].sort(), ['failed', 'pending', 'sent', 'waiting'], 'messages in every delivery state');
  for (const m of Object.values(RUST.messages)) {
    // Every echo of ours names its outbox entry, in every state; server messages do not.
    const ours = m.delivery.outbox_id !== undefined;
    assert.equal(ours, m.delivery.state === 'pending' || m.delivery.state === 'waiting' || (m.id === m.delivery.outbox_id), m.id);
  }
});

test('the fixtures built from the samples fit the schema too', () => {
  const key = { account: fx.SUPPORT, conversation: '300' };
  assert.deepEqual(fx.accounts().flatMap((a) => ipc.def('AccountView', a)), []);
  assert.deepEqual(ipc.def('Settings', fx.settings({ theme: 'dark', enter_sends: false })), []);
  assert.deepEqual(fx.items(60).flatMap((i) => ipc.def('InboxItem', i)), []);
  for (const t of [fx.thread(key), fx.richThread(), fx.bigThread(key, 300)]) assert.deepEqual(ipc.result('open_conversation', t), []);
  const payloads = [{ type: 'text', text: 'a' }, { type: 'note', text: 'b' }, { type: 'file', url: 'https://x.io/f.pdf' },
    { type: 'widget_text', widget_conversation: 'w', text: 'c' }, { type: 'widget_file', widget_conversation: 'w', url: 'https://x.io/g' },
    { type: 'chatwoot_message', content: 'd', private: true }];
  for (const [i, payload] of payloads.entries()) {
    assert.deepEqual(ipc.args('send', { key, payload }), [], `send ${payload.type}`);
    assert.deepEqual(ipc.result('send', fx.echo(i + 1, payload, fx.NOW)), [], `echo of ${payload.type}`);
  }
  for (const account of [{ name: 'W', provider: 'blinger', api_url: 'https://x.io/api', operator_id: 7, group_ids: [1], widget_url: 'https://w.io' },
    { name: 'C', provider: 'chatwoot', api_url: 'https://c.io', account_id: 3 }]) {
    assert.deepEqual(ipc.args('add_account', { account, token: 't', widget_token: 'w' }), []);
    assert.deepEqual(ipc.result('add_account', fx.accountView(account)), []);
  }
  assert.throws(() => fx.message('failed', { delivery: INVENTED_FAILED, retry_id: 1 }), /Rust never sends "retry_id"/);
});

test('a payload with an invented shape is refused, with a reason that names the field', () => {
  const [first] = inventions();
  const errors = ipc.at(first[1], first[2]);
  assert.ok(errors.some((e) => e.includes('delivery.message: missing')), errors.join('\n'));
  assert.ok(errors.some((e) => e.includes('delivery.retryable: not in the contract')), errors.join('\n'));
  for (const [label, pointer, value] of inventions()) assert.notDeepEqual(ipc.at(pointer, value), [], label);
});

test('the validator agrees with ajv on every sample and every invention', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  ajv.addVocabulary(['commands', 'event', 'error']);
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  for (const f of ['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64']) ajv.addFormat(f, { type: 'number', validate: Number.isInteger });
  ajv.addSchema(SCHEMA, 'ipc');
  const cases = [
    ...samples().map(({ label, value, pointer }) => [label, pointer, value]),
    ...inventions(),
  ];
  for (const [label, pointer, value] of cases) {
    const ours = ipc.at(pointer, value).length === 0;
    const theirs = ajv.validate({ $ref: `ipc${pointer}` }, value);
    assert.equal(ours, theirs, `${label}: ours ${ours}, ajv ${theirs} ${JSON.stringify(ajv.errors)}`);
  }
});

test('the validator refuses a schema it cannot check', () => {
  const odd = contract({ $defs: { X: { type: 'string', pattern: '^a' } }, commands: {} });
  assert.throws(() => odd.def('X', 'a'), /unsupported schema keyword "pattern"/);
});

test('every command the page calls exists in Rust, and every Rust command is described', async () => {
  const api = await readFile(join(ROOT, 'ui', 'js', 'app', 'api.js'), 'utf8');
  const called = [...api.matchAll(/invoke\('([a-z_]+)'/g)].map((m) => m[1]);
  assert.ok(called.length >= 20, called.join(' '));
  for (const cmd of called) assert.ok(SCHEMA.commands[cmd], `the page calls ${cmd}`);
  for (const [cmd, spec] of Object.entries(SCHEMA.commands)) {
    assert.equal(spec.args.type, 'object', cmd);
    assert.ok(spec.result !== undefined, cmd);
  }
  assert.match(SCHEMA.$comment, /DESKBELL_CONTRACT=write cargo test/);
});
