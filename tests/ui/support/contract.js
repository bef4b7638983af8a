// Checks payloads against the page's contract (docs/ipc.schema.json, generated
// from the Rust types). Plain ES module with no Node imports: the fake backend
// runs it in the page, whose CSP forbids the eval a schema compiler needs. It
// knows the JSON Schema keywords schemars emits and throws on any other, so a
// schema it cannot check is never passed silently (unit-contract.test.mjs checks
// it agrees with ajv).

const ANNOTATIONS = new Set(['$schema', '$comment', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RANGES = { int8: [-(2 ** 7), 2 ** 7 - 1], int16: [-(2 ** 15), 2 ** 15 - 1], int32: [-(2 ** 31), 2 ** 31 - 1], uint8: [0, 2 ** 8 - 1], uint16: [0, 2 ** 16 - 1], uint32: [0, 2 ** 32 - 1] };

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : v === undefined ? 'nothing' : typeof v);
const show = (v) => {
  const s = JSON.stringify(v);
  return s === undefined ? '' : s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
const equal = (a, b) => canonical(a) === canonical(b);

function hasType(type, v) {
  switch (type) {
    case 'integer': return Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'object': return isObject(v);
    default: return typeOf(v) === type;
  }
}

function formatError(format, v) {
  if (format === 'uuid') return typeof v === 'string' && !UUID.test(v) ? 'is not a UUID' : null;
  if (/^u?int(8|16|32|64)?$/.test(format)) {
    if (typeof v !== 'number') return null;
    if (!Number.isInteger(v)) return `is not an integer (${format})`;
    const range = RANGES[format];
    return range && (v < range[0] || v > range[1]) ? `is out of ${format} range` : null;
  }
  if (format === 'double' || format === 'float') return null;
  throw new Error(`contract: unsupported format "${format}"`);
}

// Whether a value carries the tag a variant declares (a `const` property).
function tagMatches(variant, v) {
  const tags = Object.entries((variant && variant.properties) || {}).filter(([, p]) => p && Object.hasOwn(p, 'const'));
  return tags.length > 0 && isObject(v) && tags.every(([k, p]) => equal(p.const, v[k]));
}

export function contract(doc) {
  function resolve(ref) {
    if (!ref.startsWith('#/')) throw new Error(`contract: unsupported $ref ${ref}`);
    const node = ref.slice(2).split('/').reduce((n, part) => n && n[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    if (node === undefined) throw new Error(`contract: dangling $ref ${ref}`);
    return node;
  }

  // Returns {errors, seen}: `seen` holds the property names this schema evaluated,
  // which `unevaluatedProperties` needs across $ref and oneOf/anyOf/allOf.
  function run(schema, v, path) {
    if (schema === true) return { errors: [], seen: new Set() };
    if (schema === false) return { errors: [`${path}: nothing is allowed here`], seen: new Set() };
    const errors = [];
    const seen = new Set();
    const take = (r) => { errors.push(...r.errors); r.seen.forEach((k) => seen.add(k)); };
    const at = (key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
    for (const [kw, arg] of Object.entries(schema)) {
      switch (kw) {
        case '$ref': take(run(resolve(arg), v, path)); break;
        case 'type': {
          const types = Array.isArray(arg) ? arg : [arg];
          if (!types.some((t) => hasType(t, v))) errors.push(`${path}: expected ${types.join(' or ')}, got ${typeOf(v)} ${show(v)}`);
          break;
        }
        case 'enum': if (!arg.some((a) => equal(a, v))) errors.push(`${path}: ${show(v)} is not one of ${show(arg)}`); break;
        case 'const': if (!equal(arg, v)) errors.push(`${path}: expected ${show(arg)}, got ${show(v)}`); break;
        case 'format': { const e = formatError(arg, v); if (e) errors.push(`${path}: ${show(v)} ${e}`); break; }
        case 'minimum': if (typeof v === 'number' && v < arg) errors.push(`${path}: ${v} is below ${arg}`); break;
        case 'maximum': if (typeof v === 'number' && v > arg) errors.push(`${path}: ${v} is above ${arg}`); break;
        case 'minLength': if (typeof v === 'string' && [...v].length < arg) errors.push(`${path}: shorter than ${arg}`); break;
        case 'maxLength': if (typeof v === 'string' && [...v].length > arg) errors.push(`${path}: longer than ${arg}`); break;
        case 'minItems': if (Array.isArray(v) && v.length < arg) errors.push(`${path}: fewer than ${arg} items`); break;
        case 'maxItems': if (Array.isArray(v) && v.length > arg) errors.push(`${path}: more than ${arg} items`); break;
        case 'uniqueItems':
          if (arg && Array.isArray(v) && new Set(v.map(canonical)).size !== v.length) errors.push(`${path}: items repeat`);
          break;
        case 'items': if (Array.isArray(v)) v.forEach((item, i) => take(run(arg, item, `${path}[${i}]`))); break;
        case 'properties':
          if (isObject(v)) {
            for (const [key, sub] of Object.entries(arg)) {
              if (Object.hasOwn(v, key)) { seen.add(key); errors.push(...run(sub, v[key], at(key)).errors); }
            }
          }
          break;
        case 'required':
          if (isObject(v)) for (const key of arg) if (!Object.hasOwn(v, key)) errors.push(`${at(key)}: missing`);
          break;
        case 'additionalProperties':
          if (isObject(v)) {
            for (const key of Object.keys(v)) {
              if (schema.properties && Object.hasOwn(schema.properties, key)) continue;
              seen.add(key);
              errors.push(...run(arg, v[key], at(key)).errors);
            }
          }
          break;
        case 'unevaluatedProperties': break; // after every other keyword
        case 'allOf': arg.forEach((sub) => take(run(sub, v, path))); break;
        case 'anyOf':
        case 'oneOf': {
          const results = arg.map((sub) => run(sub, v, path));
          const passed = results.filter((r) => !r.errors.length);
          if (passed.length === 0) {
            // The variant named by the value's tag (`state`, `type`, `op`…) says best
            // what is wrong; else the one with the fewest complaints.
            const tagged = results.filter((_, i) => tagMatches(arg[i], v));
            const pool = tagged.length ? tagged : results;
            const closest = pool.reduce((a, b) => (b.errors.length < a.errors.length ? b : a));
            errors.push(...closest.errors.map((e) => `${e} (no variant matches; the closest says so)`));
          } else if (kw === 'oneOf' && passed.length > 1) {
            errors.push(`${path}: ${show(v)} matches ${passed.length} variants, not one`);
          }
          passed.forEach((r) => r.seen.forEach((k) => seen.add(k)));
          break;
        }
        default:
          if (!ANNOTATIONS.has(kw)) throw new Error(`contract: unsupported schema keyword "${kw}" at ${path}`);
      }
    }
    if (Object.hasOwn(schema, 'unevaluatedProperties') && isObject(v)) {
      for (const key of Object.keys(v)) {
        if (seen.has(key)) continue;
        if (schema.unevaluatedProperties === false) errors.push(`${at(key)}: not in the contract (Rust has no such field)`);
        else { seen.add(key); errors.push(...run(schema.unevaluatedProperties, v[key], at(key)).errors); }
      }
    }
    return { errors, seen };
  }

  const check = (schema, value, path) => run(schema, value, path).errors;
  const command = (name) => {
    const c = doc.commands[name];
    if (!c) throw new Error(`contract: no command "${name}" in Rust`);
    return c;
  };
  return {
    // Each returns the mismatches, [] when the value fits.
    args: (name, args) => (doc.commands[name] ? check(command(name).args, args, 'args') : [`${name}: no such command in Rust`]),
    result: (name, value) => check(command(name).result, value, 'result'),
    event: (payload) => check(doc.event, payload, 'event'),
    error: (err) => check(doc.error, err, 'error'),
    def: (name, value) => check({ $ref: `#/$defs/${name}` }, value, name),
    // Any schema of the document, by JSON pointer (`#/commands/send/args`).
    at: (pointer, value) => check({ $ref: pointer }, value, pointer.slice(2)),
  };
}
