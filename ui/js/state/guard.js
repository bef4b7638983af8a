// In-flight guard: one running call per key. A second click while the first
// is in flight gets null and sends nothing — double clicks never act twice.

export function createGuard() {
  const running = new Map();
  return {
    run(key, fn) {
      if (running.has(key)) return null;
      let p;
      try {
        p = Promise.resolve(fn());
      } catch (e) {
        p = Promise.reject(e);
      }
      const done = p.finally(() => running.delete(key));
      running.set(key, done);
      return done;
    },
    busy(key) {
      return running.has(key);
    },
  };
}
