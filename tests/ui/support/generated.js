// The files the Rust contract tests generate (src-tauri/src/contract/), for Node.
// The test page imports page/generated.js under the same name instead: its CSP
// blocks fetch and JSON modules, and a module with top-level await there would let
// the app start before the fake backend is in place.
import { readFileSync } from 'node:fs';

const load = (file) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));

// JSON Schemas of every command's arguments and result, the event and the error.
export const SCHEMA = load('../../../docs/ipc.schema.json');
// Sample values serialized by Rust: the shapes every fixture starts from.
export const RUST = load('./fixtures.rust.json');
