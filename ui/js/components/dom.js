// DOM building without HTML strings. Every piece of text goes in through
// textContent / text nodes, so customer data can never become markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

// h('button', {class: 'btn', text: 'Send', attrs: {'aria-label': …}, on: {click}}, …children)
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  applyProps(el, props);
  append(el, children);
  return el;
}

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

function applyProps(el, props) {
  if (!props) return;
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    switch (k) {
      case 'class':
        el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
        break;
      case 'text':
        el.textContent = String(v);
        break;
      case 'for':
        el.htmlFor = v;
        break;
      case 'attrs':
        for (const [ak, av] of Object.entries(v)) {
          if (av !== undefined && av !== null && av !== false) el.setAttribute(ak, av === true ? '' : String(av));
        }
        break;
      case 'dataset':
        for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv);
        break;
      case 'style':
        // CSSOM, allowed by the CSP (style="" attributes are not).
        for (const [sk, sv] of Object.entries(v)) el.style.setProperty(sk, String(sv));
        break;
      case 'on':
        for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
        break;
      default:
        // Properties such as type, value, disabled, hidden, tabIndex, placeholder.
        el[k] = v;
    }
  }
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Sets text only when it changed: in-place row updates stay cheap.
export function setText(el, text) {
  const t = text == null ? '' : String(text);
  if (el.textContent !== t) el.textContent = t;
}

export function toggleClass(el, cls, on) {
  if (el.classList.contains(cls) !== !!on) el.classList.toggle(cls, !!on);
}

// Actions bubble up as one event type; the app decides what to do with them.
export function emitAction(el, type, detail = {}) {
  el.dispatchEvent(new CustomEvent('desk:action', { bubbles: true, detail: { type, ...detail } }));
}

let uid = 0;
export function uniqueId(prefix = 'id') {
  uid += 1;
  return `${prefix}-${uid}`;
}

// Marks a button busy while `promise` runs (disabled + aria-busy + spinner class).
export async function withBusy(button, promise) {
  if (!button) return promise;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.classList.add('is-busy');
  try {
    return await promise;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.classList.remove('is-busy');
  }
}
