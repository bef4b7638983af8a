// The language's built-ins, frozen before any of the app's code runs (main.js
// imports this first). Script that got onto the page despite the CSP, or a
// crafted JSON key such as "__proto__" reaching a merge, cannot change what
// every object inherits or replace a method the app relies on.
const typedArray = Object.getPrototypeOf(Uint8Array);
const builtins = [
  Object, Array, Function, String, Number, Boolean, Symbol, BigInt, RegExp, Date, Promise,
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError,
  Map, Set, WeakMap, WeakSet, WeakRef, ArrayBuffer, DataView, typedArray,
];
for (const C of builtins.filter(Boolean)) {
  Object.freeze(C.prototype);
  Object.freeze(C);
}
for (const ns of [JSON, Math, Reflect, Atomics, Intl]) Object.freeze(ns);
// Iterators' shared prototypes (reached through instances; not globals).
Object.freeze(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
Object.freeze(Object.getPrototypeOf(async function* () {}).prototype);
