// Times for an operator's glance: compact relative times in the list, day
// separators in the thread, full date-times on hover. Formatters are built
// once: Intl constructors cost far more than formatting.

const cache = new Map();
function fmt(locale, opts) {
  const k = `${locale || ''}|${JSON.stringify(opts)}`;
  let f = cache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, opts);
    cache.set(k, f);
  }
  return f;
}

const MIN = 60;
const HOUR = 3600;
const DAY = 86400;

// A local-calendar day number, so "yesterday" follows the wall clock, not 24 h.
export function dayNumber(unixSecs) {
  const d = new Date(unixSecs * 1000);
  return Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86400000);
}

// "now", "5m", "3h" within the day; "Yesterday"; weekday within a week; then a date.
export function relativeTime(unixSecs, nowSecs = Date.now() / 1000, locale) {
  if (!Number.isFinite(unixSecs) || unixSecs <= 0) return '';
  const diff = nowSecs - unixSecs;
  if (diff < 45) return 'now';
  if (diff < HOUR) return `${Math.max(1, Math.floor(diff / MIN))}m`;
  const days = dayNumber(nowSecs) - dayNumber(unixSecs);
  if (days <= 0 && diff < DAY) return `${Math.floor(diff / HOUR)}h`;
  if (days === 1) return 'Yesterday';
  if (days < 7) return fmt(locale, { weekday: 'short' }).format(unixSecs * 1000);
  const sameYear = new Date(unixSecs * 1000).getFullYear() === new Date(nowSecs * 1000).getFullYear();
  return fmt(locale, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' }).format(
    unixSecs * 1000,
  );
}

// Thread day separators: "Today", "Yesterday", "Monday, 12 March" (+ year when not this year).
export function dayLabel(unixSecs, nowSecs = Date.now() / 1000, locale) {
  const days = dayNumber(nowSecs) - dayNumber(unixSecs);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const sameYear = new Date(unixSecs * 1000).getFullYear() === new Date(nowSecs * 1000).getFullYear();
  const opts = sameYear
    ? { weekday: 'long', day: 'numeric', month: 'long' }
    : { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
  return fmt(locale, opts).format(unixSecs * 1000);
}

export function clockTime(unixSecs, locale) {
  return fmt(locale, { hour: '2-digit', minute: '2-digit' }).format(unixSecs * 1000);
}

export function fullTime(unixSecs, locale) {
  if (!Number.isFinite(unixSecs) || unixSecs <= 0) return '';
  return fmt(locale, { dateStyle: 'full', timeStyle: 'short' }).format(unixSecs * 1000);
}

// <input type="datetime-local"> value ⇄ unix seconds, in local time.
export function toLocalInputValue(unixSecs) {
  const d = new Date(unixSecs * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function fromLocalInputValue(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || '');
  if (!m) return null;
  const d = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], 0, 0);
  return Math.floor(d.getTime() / 1000);
}
