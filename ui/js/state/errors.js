// Errors from Rust arrive as {kind, message}. `api` errors carry the server's
// own words, shown as they are; the others get a line on what to do.
import { own } from './lookup.js';

const HINTS = {
  unauthorized: 'Check the account token in Settings.',
  rate_limited: 'The server asked us to slow down; try again in a moment.',
  server: 'The server had a problem; try again shortly.',
  timeout: 'The server did not answer in time; check the connection and retry.',
  connect: 'Could not reach the server; check the network or the API URL.',
  connection: 'The connection dropped; check the network and retry.',
  incomplete_body: 'The answer was cut off; retry.',
  not_json: 'The server answered something unexpected; check the API URL.',
  decode: 'The server answered in an unexpected shape.',
  too_large: 'The answer was too large.',
  invalid_input: 'Check the values entered.',
  not_found: 'It was not found on the server.',
  keyring: 'The system keyring is locked or unavailable; unlock it and retry.',
  config: 'The app settings could not be read or saved.',
  unconfirmed: 'It may already have reached the customer; try again when the server answers.',
  already_sent: 'The thread shows it as delivered.',
  pending_replies: 'Send or discard them first, or remove the account and discard them.',
};

export function normalizeError(e) {
  if (e && typeof e === 'object' && typeof e.message === 'string') {
    return { kind: typeof e.kind === 'string' ? e.kind : 'unknown', message: e.message };
  }
  if (typeof e === 'string') return { kind: 'unknown', message: e };
  return { kind: 'unknown', message: 'Something went wrong.' };
}

// {text, hint}: `text` is exactly what the server / Rust said.
export function describeError(e) {
  const err = normalizeError(e);
  return { kind: err.kind, text: err.message || 'Something went wrong.', hint: err.kind === 'api' ? '' : own(HINTS, err.kind) || '' };
}
