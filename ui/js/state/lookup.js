// Table look-ups by untrusted keys. `table[key]` with key "constructor" or
// "__proto__" returns Object.prototype's members; this returns only own entries.
export function own(table, key) {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
