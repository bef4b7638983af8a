// What a customer-supplied URL may become. Only http(s) and mailto are ever
// offered (Rust checks again before opening); anything else is shown as text.

const SAFE = new Set(['http:', 'https:', 'mailto:']);

// Returns the normalised href, or null when the string is not a URL we open.
// The WHATWG parser strips tabs/newlines and leading spaces the way a browser
// would, so "java\tscript:" is judged by what it really is.
export function safeUrl(raw) {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (!s || s.length > 8192) return null;
  let u;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (!SAFE.has(u.protocol)) return null;
  if ((u.protocol === 'http:' || u.protocol === 'https:') && !u.hostname) return null;
  return u.href;
}

// Thumbnails: http(s) only (never data:, blob:, file: from a customer).
export function safeImageUrl(raw) {
  const href = safeUrl(raw);
  return href && /^https?:/.test(href) ? href : null;
}

// Where the page loads a customer image from: the app's deskimg: protocol, never
// the image's host (the CSP allows no other). Tauri's convertFileSrc builds the
// URL the platform needs: deskimg://localhost/<url> on Linux and macOS,
// http://deskimg.localhost/<url> on Windows. Null outside the app.
export function proxiedImageUrl(href) {
  const t = globalThis.window && globalThis.window.__TAURI_INTERNALS__;
  if (!href || !t || typeof t.convertFileSrc !== 'function') return null;
  return t.convertFileSrc(href, 'deskimg');
}

// The host, as the parser sees it (punycode for look-alike letters), so the
// confirmation dialog can point at where the link really goes.
export function urlHost(href) {
  try {
    const u = new URL(href);
    return u.protocol === 'mailto:' ? u.pathname : u.host;
  } catch {
    return '';
  }
}

// A file's display name from its URL: the last path segment, decoded.
export function fileName(raw) {
  try {
    const u = new URL(raw);
    const seg = u.pathname.split('/').filter(Boolean).pop() || u.host;
    try {
      return decodeURIComponent(seg);
    } catch {
      return seg;
    }
  } catch {
    return String(raw || 'file');
  }
}

// Splits message text into text and link segments. Only http(s) URLs and
// www. hosts become links; trailing punctuation stays text.
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
export function linkify(text) {
  const out = [];
  if (!text) return out;
  let last = 0;
  URL_RE.lastIndex = 0;
  let m;
  while ((m = URL_RE.exec(text))) {
    let raw = m[0];
    const trail = /[).,;:!?\]}]+$/.exec(raw);
    if (trail) raw = raw.slice(0, -trail[0].length);
    const href = safeUrl(/^www\./i.test(raw) ? `https://${raw}` : raw);
    if (!href) continue;
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ text: raw, url: href });
    last = m.index + raw.length;
    URL_RE.lastIndex = last;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
