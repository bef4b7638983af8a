// Canned replies: typing "/" at the start of a word opens a picker filtered
// by what follows; choosing one replaces the "/word" with the reply's text.

// The "/query" being typed at `caret`, or null. The slash must start the text
// or follow whitespace, so URLs and dates ("1/2") do not open the picker.
export function slashQuery(text, caret) {
  const upto = text.slice(0, caret);
  const m = /(^|\s)\/([^\s/]*)$/.exec(upto);
  if (!m) return null;
  return { start: caret - m[2].length - 1, end: caret, query: m[2] };
}

// Ranked, case-insensitive: shortcut prefix, then shortcut substring, then text.
export function filterCanned(replies, query, limit = 8) {
  const q = (query || '').toLowerCase();
  const scored = [];
  for (const r of replies || []) {
    const s = String(r.shortcut || '').toLowerCase();
    const t = String(r.text || '').toLowerCase();
    let score;
    if (!q) score = 3;
    else if (s.startsWith(q)) score = 0;
    else if (s.includes(q)) score = 1;
    else if (t.includes(q)) score = 2;
    else continue;
    scored.push({ r, score });
  }
  scored.sort((a, b) => a.score - b.score || String(a.r.shortcut).localeCompare(String(b.r.shortcut)));
  return scored.slice(0, limit).map((x) => x.r);
}

export function applyCanned(text, slash, reply) {
  const before = text.slice(0, slash.start);
  const after = text.slice(slash.end);
  const insert = String(reply.text || '');
  return { text: before + insert + after, caret: before.length + insert.length };
}

// Cleans the settings editor's rows before `save_canned_replies`.
export function normalizeCanned(rows) {
  const seen = new Set();
  const out = [];
  for (const row of rows || []) {
    const shortcut = String(row.shortcut || '').trim().replace(/^\/+/, '').replace(/\s+/g, '-');
    const text = String(row.text || '');
    if (!shortcut || !text.trim() || seen.has(shortcut.toLowerCase())) continue;
    seen.add(shortcut.toLowerCase());
    out.push({ shortcut, text });
  }
  return out;
}
