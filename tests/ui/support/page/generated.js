// The page's side of support/generated.js (served as /__test/generated.js): the
// generated JSON files, which the test server wraps as modules.
export { default as SCHEMA } from '/__test/ipc.schema.js';
export { default as RUST } from '/__test/fixtures.rust.js';
