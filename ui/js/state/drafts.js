// Drafts per conversation: read at once from memory, written to Rust
// (`save_draft`) after the operator pauses, and flushed immediately when they
// switch conversation or send. Timers are injected so this is tested without a clock.

export function createDraftStore({
  initial = {},
  save,
  delay = 400,
  setTimer = (fn, ms) => setTimeout(fn, ms),
  clearTimer = (t) => clearTimeout(t),
} = {}) {
  const texts = new Map(Object.entries(initial || {}));
  const timers = new Map();
  const saved = new Map(texts); // what Rust has, to skip needless writes

  function write(key) {
    timers.delete(key);
    const text = texts.get(key) || '';
    if ((saved.get(key) || '') === text) return;
    saved.set(key, text);
    try {
      const p = save(key, text);
      if (p && typeof p.catch === 'function') p.catch(() => saved.delete(key));
    } catch {
      saved.delete(key);
    }
  }

  return {
    get(key) {
      return texts.get(key) || '';
    },
    set(key, text) {
      if (text) texts.set(key, text);
      else texts.delete(key);
      const t = timers.get(key);
      if (t !== undefined) clearTimer(t);
      timers.set(key, setTimer(() => write(key), delay));
    },
    // Writes a pending change now (conversation switch, window hide).
    flush(key) {
      const keys = key === undefined ? [...timers.keys()] : [key];
      for (const k of keys) {
        const t = timers.get(k);
        if (t === undefined) continue;
        clearTimer(t);
        write(k);
      }
    },
    // After a send resolves: forget the draft here and in Rust, now.
    clear(key) {
      texts.delete(key);
      const t = timers.get(key);
      if (t !== undefined) clearTimer(t);
      write(key);
    },
    pending() {
      return timers.size;
    },
  };
}
