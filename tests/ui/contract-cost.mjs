// What the UI tests' contract check costs (support/contract.js, run by the fake
// backend on every payload): `node tests/ui/contract-cost.mjs`. Figures in docs/benchmarks.md.
import { contract } from './support/contract.js';
import { SCHEMA } from './support/generated.js';
import * as fx from './support/fixtures.js';

const ipc = contract(SCHEMA);
function time(label, runs, fn) {
  for (let i = 0; i < Math.min(runs, 20); i++) fn(); // compiles the schemas, warms the JIT
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) if (fn().length) throw new Error(`${label}: does not fit`);
  const ms = (performance.now() - t0) / runs;
  console.log(`${label}: ${ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`} per check (${runs} runs)`);
}

const item = fx.items(1)[0];
time('inbox_changed event, one upsert', 10000, () => ipc.event({ type: 'inbox_changed', changes: [{ op: 'upsert', item }], unread_total: 1 }));
const items = fx.items(1000);
time('app_state with 1000 conversations', 20, () => ipc.result('app_state', { accounts: fx.accounts(), items, settings: fx.settings(), demo: false, open_key: null }));
const thread = fx.bigThread({ account: fx.SUPPORT, conversation: '300' }, 10000);
time('open_conversation with 10,000 messages', 20, () => ipc.result('open_conversation', thread));
