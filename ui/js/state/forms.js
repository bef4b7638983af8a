// Form values → command arguments, validated before anything is sent.

export function parseIds(text) {
  const parts = String(text || '').split(/[\s,;]+/).filter(Boolean);
  const bad = parts.find((p) => !/^\d+$/.test(p));
  if (bad) return { error: `“${bad}” is not a number.` };
  return { ids: parts.map(Number) };
}

function optDigits(v, name, errors) {
  const s = String(v ?? '').trim();
  if (!s) return undefined;
  if (!/^\d{1,18}$/.test(s)) {
    errors[name] = 'Digits only.';
    return undefined;
  }
  return s;
}

// add_account takes numbers (the app's settings store i64 ids).
function optInt(v, name, errors) {
  const s = optDigits(v, name, errors);
  return s === undefined ? undefined : Number(s);
}

// Key–value rows → object. Empty rows are skipped; a repeated key is an error.
export function rowsToObject(rows) {
  const out = {};
  let error = null;
  for (const { key, value } of rows || []) {
    const k = String(key || '').trim();
    if (!k && !String(value || '').trim()) continue;
    if (!k) {
      error = 'A value has no key.';
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(out, k)) error = `Key “${k}” appears twice.`;
    Object.defineProperty(out, k, { value: String(value ?? ''), enumerable: true, writable: true, configurable: true });
  }
  return { value: Object.keys(out).length ? out : undefined, error };
}

// Whether a URL's host is this machine (Rust's settings::is_loopback).
export function isLoopbackUrl(url) {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)/i.exec(String(url || ''));
  if (!m) return false;
  const host = m[1].toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

// Plain http to another machine: the token would cross the network unencrypted.
const unencrypted = (url) => /^http:\/\//i.test(url) && !isLoopbackUrl(url);
const PLAIN_HTTP = 'Plain http sends the token unencrypted: use https, or allow plain http below.';

// The setup form → `add_account` arguments.
export function accountArgs(f) {
  const errors = {};
  const name = String(f.name || '').trim();
  if (!name) errors.name = 'Give the account a name.';
  else if (name.length > 64 || name.includes('/')) errors.name = 'At most 64 characters, without “/”.';
  const api_url = String(f.api_url || '').trim();
  if (!/^https?:\/\/[^\s]+$/i.test(api_url)) errors.api_url = 'An http(s) URL, e.g. https://app.blinger.io/api';
  if (!String(f.token || '')) errors.token = 'The API token is needed.';
  const account = { name, provider: f.provider === 'chatwoot' ? 'chatwoot' : 'blinger', api_url };
  if (account.provider === 'blinger') {
    const op = optInt(f.operator_id, 'operator_id', errors);
    if (op !== undefined) account.operator_id = op;
    const g = parseIds(f.group_ids);
    if (g.error) errors.group_ids = g.error;
    else if (g.ids.length) account.group_ids = g.ids;
    const wurl = String(f.widget_url || '').trim();
    if (wurl) {
      if (!/^https?:\/\/[^\s]+$/i.test(wurl)) errors.widget_url = 'An http(s) URL.';
      else account.widget_url = wurl;
    }
    if (wurl && !String(f.widget_token || '')) errors.widget_token = 'The widget token goes with the widget URL.';
  } else {
    const acc = optInt(f.account_id, 'account_id', errors);
    if (acc === undefined && !errors.account_id) errors.account_id = 'The Chatwoot account id is needed.';
    else if (acc !== undefined) account.account_id = acc;
    const inbox = optInt(f.inbox_id, 'inbox_id', errors);
    if (inbox !== undefined) account.inbox_id = inbox;
  }
  const plain = [account.api_url, account.widget_url].filter((u) => u && unencrypted(u));
  if (plain.length && !f.insecure) {
    if (unencrypted(account.api_url)) errors.api_url = errors.api_url || PLAIN_HTTP;
    else errors.widget_url = errors.widget_url || PLAIN_HTTP;
  }
  if (plain.length && f.insecure) account.insecure = true;
  if (Object.keys(errors).length) return { errors };
  const args = { account, token: String(f.token) };
  if (account.provider === 'blinger' && account.widget_url) args.widget_token = String(f.widget_token);
  return { args };
}

// The Chatwoot "new conversation" form → `create_conversation` arguments.
// Ids travel as digit strings (as on the 99digital page); Rust parses them.
export function conversationArgs(f) {
  const errors = {};
  const conversation = {};
  const inbox = optDigits(f.inbox_id, 'inbox_id', errors);
  if (inbox === undefined && !errors.inbox_id) errors.inbox_id = 'The inbox id is required.';
  else if (inbox !== undefined) conversation.inbox_id = inbox;
  const source = String(f.source_id || '').trim();
  if (source) conversation.source_id = source;
  for (const k of ['contact_id', 'assignee_id', 'team_id']) {
    const v = optDigits(f[k], k, errors);
    if (v !== undefined) conversation[k] = v;
  }
  if (!source && conversation.contact_id === undefined && !errors.contact_id) {
    errors.source_id = 'Give a source id or a contact id.';
  }
  if (f.status) conversation.status = f.status;
  const custom = rowsToObject(f.custom_attributes);
  if (custom.error) errors.custom_attributes = custom.error;
  else if (custom.value) conversation.custom_attributes = custom.value;
  const extra = rowsToObject(f.additional_attributes);
  if (extra.error) errors.additional_attributes = extra.error;
  else if (extra.value) conversation.additional_attributes = extra.value;
  const msg = String(f.message || '');
  if (msg.trim()) conversation.message = msg;
  if (!f.account) errors.account = 'Choose the account.';
  if (Object.keys(errors).length) return { errors };
  return { args: { account: f.account, conversation } };
}
