// Checks payloads against the page's contract (docs/ipc.schema.json, generated
// from the Rust types). Plain ES module with no Node imports: the fake backend
// runs it in the page, whose CSP forbids the eval a schema compiler like ajv
// needs, so each schema is turned into plain closures once instead. It knows the
// JSON Schema keywords schemars emits and throws on any other, so a schema it
// cannot check is never passed silently (unit-contract.test.mjs checks it agrees
// with ajv).

const ANNOTATIONS = new Set(['$schema', '$comment', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RANGES = { int8: [-(2 ** 7), 2 ** 7 - 1], int16: [-(2 ** 15), 2 ** 15 - 1], int32: [-(2 ** 31), 2 ** 31 - 1], uint8: [0, 2 ** 8 - 1], uint16: [0, 2 ** 16 - 1], uint32: [0, 2 ** 32 - 1] };

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : v === undefined ? 'nothing' : typeof v);
const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const label = (key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);
const show = (v) => {
  const s = JSON.stringify(v);
  return s === undefined ? '' : s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
const equal = (a, b) => (a === b || (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && canonical(a) === canonical(b)));

function hasType(type, v) {
  switch (type) {
    case 'integer': return Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'object': return isObject(v);
    default: return typeOf(v) === type;
  }
}

function formatCheck(format) {
  if (format === 'uuid') return (v) => (typeof v === 'string' && !UUID.test(v) ? 'is not a UUID' : null);
  if (/^u?int(8|16|32|64)?$/.test(format)) {
    const range = RANGES[format];
    return (v) => {
      if (typeof v !== 'number') return null;
      if (!Number.isInteger(v)) return `is not an integer (${format})`;
      return range && (v < range[0] || v > range[1]) ? `is out of ${format} range` : null;
    };
  }
  if (format === 'double' || format === 'float') return () => null;
  throw new Error(`contract: unsupported format "${format}"`);
}

// The tags a variant declares (its required `const` properties: `state`, `type`, `op`…).
const tagsOf = (variant) => Object.entries((variant && variant.properties) || {})
  .filter(([k, p]) => p && own(p, 'const') && (variant.required || []).includes(k));
const tagsMatch = (tags, v) => tags.length > 0 && isObject(v) && tags.every(([k, p]) => equal(p.const, v[k]));

export function contract(doc) {
  const compiled = new WeakMap();

  function resolve(ref) {
    if (!ref.startsWith('#/')) throw new Error(`contract: unsupported $ref ${ref}`);
    const node = ref.slice(2).split('/').reduce((n, part) => n && n[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    if (node === undefined) throw new Error(`contract: dangling $ref ${ref}`);
    return node;
  }

  // A schema as a function (value, path, errors, seen): pushes what is wrong onto
  // `errors`, and adds the property names it evaluated to `seen` (when given), which
  // `unevaluatedProperties` needs across $ref and oneOf/anyOf/allOf.
  function compile(schema) {
    if (typeof schema === 'boolean') return build(schema);
    let fn = compiled.get(schema);
    if (!fn) {
      let real;
      fn = (v, path, errors, seen) => real(v, path, errors, seen); // recursive $refs
      compiled.set(schema, fn);
      real = build(schema);
    }
    return fn;
  }

  function build(schema) {
    if (schema === true) return () => {};
    if (schema === false) return (v, path, errors) => errors.push(`${path}: nothing is allowed here`);
    const checks = [];
    for (const [kw, arg] of Object.entries(schema)) {
      switch (kw) {
        case '$ref': {
          let target = null;
          checks.push((v, path, errors, seen) => (target ||= compile(resolve(arg)))(v, path, errors, seen));
          break;
        }
        case 'type': {
          const types = Array.isArray(arg) ? arg : [arg];
          checks.push((v, path, errors) => {
            if (!types.some((t) => hasType(t, v))) errors.push(`${path}: expected ${types.join(' or ')}, got ${typeOf(v)} ${show(v)}`);
          });
          break;
        }
        case 'enum': checks.push((v, path, errors) => { if (!arg.some((a) => equal(a, v))) errors.push(`${path}: ${show(v)} is not one of ${show(arg)}`); }); break;
        case 'const': checks.push((v, path, errors) => { if (!equal(arg, v)) errors.push(`${path}: expected ${show(arg)}, got ${show(v)}`); }); break;
        case 'format': {
          const check = formatCheck(arg);
          checks.push((v, path, errors) => { const e = check(v); if (e) errors.push(`${path}: ${show(v)} ${e}`); });
          break;
        }
        case 'minimum': checks.push((v, path, errors) => { if (typeof v === 'number' && v < arg) errors.push(`${path}: ${v} is below ${arg}`); }); break;
        case 'maximum': checks.push((v, path, errors) => { if (typeof v === 'number' && v > arg) errors.push(`${path}: ${v} is above ${arg}`); }); break;
        case 'minItems': checks.push((v, path, errors) => { if (Array.isArray(v) && v.length < arg) errors.push(`${path}: fewer than ${arg} items`); }); break;
        case 'maxItems': checks.push((v, path, errors) => { if (Array.isArray(v) && v.length > arg) errors.push(`${path}: more than ${arg} items`); }); break;
        case 'uniqueItems':
          if (arg) checks.push((v, path, errors) => { if (Array.isArray(v) && new Set(v.map(canonical)).size !== v.length) errors.push(`${path}: items repeat`); });
          break;
        case 'items': {
          const item = compile(arg);
          checks.push((v, path, errors) => { if (Array.isArray(v)) for (let i = 0; i < v.length; i++) item(v[i], `${path}[${i}]`, errors, null); });
          break;
        }
        case 'properties': {
          const props = Object.entries(arg).map(([k, s]) => [k, compile(s), label(k)]);
          checks.push((v, path, errors, seen) => {
            if (!isObject(v)) return;
            for (const [k, check, lab] of props) {
              if (!own(v, k)) continue;
              if (seen) seen.add(k);
              check(v[k], path + lab, errors, null);
            }
          });
          break;
        }
        case 'required':
          checks.push((v, path, errors) => { if (isObject(v)) for (const k of arg) if (!own(v, k)) errors.push(`${path}${label(k)}: missing`); });
          break;
        case 'additionalProperties': {
          const check = compile(arg);
          const named = new Set(Object.keys(schema.properties || {}));
          checks.push((v, path, errors, seen) => {
            if (!isObject(v)) return;
            for (const k of Object.keys(v)) {
              if (named.has(k)) continue;
              if (seen) seen.add(k);
              check(v[k], path + label(k), errors, null);
            }
          });
          break;
        }
        case 'unevaluatedProperties': break; // wraps the rest, below
        case 'allOf': {
          const subs = arg.map(compile);
          checks.push((v, path, errors, seen) => subs.forEach((sub) => sub(v, path, errors, seen)));
          break;
        }
        case 'anyOf':
        case 'oneOf': checks.push(variants(kw, arg)); break;
        default:
          if (!ANNOTATIONS.has(kw)) throw new Error(`contract: unsupported schema keyword "${kw}"`);
      }
    }
    const all = (v, path, errors, seen) => { for (const check of checks) check(v, path, errors, seen); };
    if (!own(schema, 'unevaluatedProperties')) return all;
    const rest = compile(schema.unevaluatedProperties);
    return (v, path, errors, seen) => {
      if (!isObject(v)) return all(v, path, errors, seen);
      const local = new Set();
      all(v, path, errors, local);
      for (const k of Object.keys(v)) {
        if (local.has(k)) continue;
        if (schema.unevaluatedProperties === false) errors.push(`${path}${label(k)}: not in the contract (Rust has no such field)`);
        else rest(v[k], path + label(k), errors, null);
        local.add(k);
      }
      if (seen) local.forEach((k) => seen.add(k));
    };
  }

  // oneOf / anyOf. A variant whose tag the value does not carry fails without a
  // look inside; when none passes, the variant named by the value's tag (else the
  // one with the fewest complaints) says what is wrong.
  function variants(kw, list) {
    const subs = list.map((s) => ({ check: compile(s), tags: tagsOf(s) }));
    return (v, path, errors, seen) => {
      const results = subs.map(({ check, tags }) => {
        if (tags.length && isObject(v) && !tagsMatch(tags, v)) return null;
        const r = { errors: [], seen: seen ? new Set() : null };
        check(v, path, r.errors, r.seen);
        return r;
      });
      const passed = results.filter((r) => r && !r.errors.length);
      if (passed.length === 0) {
        let pool = results.filter(Boolean);
        if (!pool.length) {
          pool = subs.map(({ check }) => { const r = { errors: [] }; check(v, path, r.errors, null); return r; });
        }
        const closest = pool.reduce((a, b) => (b.errors.length < a.errors.length ? b : a));
        errors.push(...closest.errors.map((e) => `${e} (no variant matches; the closest says so)`));
      } else if (kw === 'oneOf' && passed.length > 1) {
        errors.push(`${path}: ${show(v)} matches ${passed.length} variants, not one`);
      }
      if (seen) for (const r of passed) r.seen.forEach((k) => seen.add(k));
    };
  }

  const check = (schema, value, path) => {
    const errors = [];
    compile(schema)(value, path, errors, null);
    return errors;
  };
  const command = (name) => {
    const c = doc.commands[name];
    if (!c) throw new Error(`contract: no command "${name}" in Rust`);
    return c;
  };
  const refs = new Map(); // one schema object per pointer, so it compiles once
  const at = (pointer) => {
    if (!refs.has(pointer)) refs.set(pointer, { $ref: pointer });
    return refs.get(pointer);
  };
  return {
    // Each returns the mismatches, [] when the value fits.
    args: (name, args) => (own(doc.commands, name) ? check(command(name).args, args, 'args') : [`${name}: no such command in Rust`]),
    result: (name, value) => check(command(name).result, value, 'result'),
    event: (payload) => check(doc.event, payload, 'event'),
    error: (err) => check(doc.error, err, 'error'),
    def: (name, value) => check(at(`#/$defs/${name}`), value, name),
    // Any schema of the document, by JSON pointer (`#/commands/send/args`).
    at: (pointer, value) => check(at(pointer), value, pointer.slice(2)),
  };
}
