// A thread as display rows: day separators between days, and messages that
// know whether they continue the previous one (same side, author and kind
// within a few minutes) so repeated headers can be dropped.
import { dayNumber, dayLabel } from './time.js';

const GROUP_SECS = 5 * 60;

export function messageKey(m) {
  return String(m.id || (m.delivery && m.delivery.outbox_id) || '');
}

export function messageSig(m) {
  const d = m.delivery || {};
  return `${d.state}|${d.outbox_id || ''}|${d.message || ''}|${d.reason || ''}|${d.retry_at || ''}|${m.kind}|${m.is_note ? 1 : 0}|${m.text}|${m.attachment_url || ''}|${m.author || ''}|${m.at}|${m.post ? `${m.post.title}|${m.post.url}` : ''}`;
}

export function buildRows(messages, nowSecs = Date.now() / 1000) {
  const rows = [];
  const seen = new Set();
  let prevDay = null;
  let prev = null;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const at = Number(m.at) || 0;
    const day = dayNumber(at);
    if (day !== prevDay) {
      rows.push({ type: 'day', key: `day:${day}`, label: dayLabel(at, nowSecs) });
      prevDay = day;
      prev = null;
    }
    let key = `msg:${messageKey(m)}`;
    if (seen.has(key)) key = `${key}#${i}`;
    seen.add(key);
    const grouped =
      !!prev &&
      prev.direction === m.direction &&
      !!prev.is_note === !!m.is_note &&
      (prev.author || '') === (m.author || '') &&
      prev.kind !== 'activity' &&
      m.kind !== 'activity' &&
      at - (Number(prev.at) || 0) < GROUP_SECS;
    rows.push({ type: 'msg', key, msg: m, grouped });
    prev = m;
  }
  return rows;
}

// A first guess of a row's height in px before it is measured; close guesses
// keep the scrollbar steady in a 10,000-message thread.
export function estimateHeight(row, width = 600) {
  if (row.type === 'day') return 40;
  const m = row.msg;
  const head = row.grouped ? 0 : 22;
  switch (m.kind) {
    case 'activity':
      return 30;
    case 'image':
      return head + 196;
    case 'file':
    case 'review':
      return head + 70;
    default: {
      const text = String(m.text || '');
      const perLine = Math.max(20, Math.floor((Math.min(width, 720) * 0.72 - 28) / 7.2));
      let lines = 0;
      for (const part of text.split('\n')) lines += Math.max(1, Math.ceil(part.length / perLine));
      const extra = (m.kind === 'comment' ? 28 : 0) + (m.delivery && (m.delivery.state === 'failed' || m.delivery.state === 'waiting') ? 56 : 0);
      return head + 22 + Math.min(lines, 400) * 20 + extra;
    }
  }
}

// Replaces the message with the same outbox id (or id), else appends.
export function upsertMessage(messages, message) {
  const oid = message.delivery && message.delivery.outbox_id;
  const idx = messages.findIndex(
    (m) => (oid && m.delivery && m.delivery.outbox_id === oid) || (message.id && m.id === message.id),
  );
  const out = messages.slice();
  if (idx >= 0) out[idx] = message;
  else out.push(message);
  return out;
}

export function removeMessage(messages, id) {
  return messages.filter((m) => m.id !== id);
}

// The incoming messages of `next` that `prev` did not have (for aria-live).
export function newIncoming(prev, next) {
  const had = new Set(prev.map(messageKey));
  return next.filter((m) => m.direction === 'incoming' && !m.is_note && !had.has(messageKey(m)));
}
