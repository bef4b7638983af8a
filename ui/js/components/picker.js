// A filterable chooser for operators, groups, agents and teams, fed from the
// `directory` command (names given in Settings or by the server, emails the
// server gave), with manual id entry for anyone not seen yet. The choice runs
// `onPick`; the dialog stays open with the server's error if it fails.
import { h, uniqueId, setText } from './dom.js';
import { openDialog, errorBox } from './dialog.js';
import { icon } from './icons.js';
import { describeError } from '../state/errors.js';

export function filterOptions(options, query) {
  const q = query.trim().toLowerCase();
  if (!q) return options;
  const has = (text) => String(text || '').toLowerCase().includes(q);
  return options.filter((o) => has(o.name) || has(o.email) || String(o.id).toLowerCase().startsWith(q));
}

// What a row shows: the name, else the email, else that it has none.
function optionLabel(o, noun) {
  if (o.manual) return h('span', { class: 'pick-name' }, `Use ${noun} id `, h('strong', { text: o.id }));
  const name = o.name || o.email;
  return h('span', { class: 'pick-main' },
    h('span', { class: ['pick-name', !name && 'is-unnamed'], text: name || `Unnamed ${noun}` }),
    o.name && o.email ? h('span', { class: 'pick-email', text: o.email }) : null);
}

// options: Promise<[{id, name, email?}]> | [{id, name, email?}]
export function openPicker({ title, noun = 'operator', options, onPick, iconName = 'user' }) {
  const listId = uniqueId('pick-list');
  const input = h('input', {
    type: 'text', class: 'input', placeholder: `Search by name or type an id…`, autocomplete: 'off', spellcheck: false,
    attrs: { role: 'combobox', 'aria-expanded': 'true', 'aria-controls': listId, 'aria-autocomplete': 'list', 'aria-label': `Find ${noun}`, dir: 'auto' },
  });
  const list = h('ul', { class: 'pick-list', id: listId, attrs: { role: 'listbox', 'aria-label': `${noun}s` } });
  const status = h('p', { class: 'pick-status muted', text: 'Loading…' });
  const err = errorBox();
  let all = [];
  let shown = [];
  let active = 0;
  let busy = false;

  const dlg = openDialog({
    title,
    className: 'dlg-picker',
    body: [h('div', { class: 'search-field' }, icon('search'), input), status, list, err.el],
  });

  function render() {
    const q = input.value.trim();
    shown = filterOptions(all, q).slice(0, 200).map((o) => ({ ...o, manual: false }));
    if (q && /^[\w-]+$/.test(q) && !all.some((o) => String(o.id) === q)) {
      shown.push({ id: q, name: '', email: '', manual: true });
    }
    if (active >= shown.length) active = Math.max(0, shown.length - 1);
    const nodes = shown.map((o, i) => {
      const li = h('li', {
        id: `${listId}-${i}`, class: ['pick-opt', i === active && 'is-active', o.manual && 'is-manual'],
        attrs: { role: 'option', 'aria-selected': i === active ? 'true' : 'false' },
        on: { mousedown: (e) => e.preventDefault(), click: () => choose(i) },
      },
      icon(o.manual ? 'edit' : iconName),
      optionLabel(o, noun),
      o.manual ? null : h('span', { class: 'pick-id', text: `#${o.id}` }));
      return li;
    });
    list.replaceChildren(...nodes);
    input.setAttribute('aria-activedescendant', shown.length ? `${listId}-${active}` : '');
    setText(status, all.length ? '' : q ? '' : `No ${noun}s seen yet — type an id.`);
    status.hidden = !status.textContent;
    const el = list.children[active];
    if (el && el.scrollIntoView) el.scrollIntoView({ block: 'nearest' });
  }

  async function choose(i) {
    const o = shown[i];
    if (!o || busy) return;
    busy = true;
    dlg.el.classList.add('is-busy');
    input.disabled = true;
    const li = list.children[i];
    if (li) li.setAttribute('aria-busy', 'true');
    err.hide();
    try {
      await onPick(o);
      dlg.close(o);
    } catch (e) {
      err.show(describeError(e));
    } finally {
      busy = false;
      input.disabled = false;
      dlg.el.classList.remove('is-busy');
      if (li) li.removeAttribute('aria-busy');
      if (!dlg.closed) input.focus();
    }
  }

  input.addEventListener('input', () => {
    active = 0;
    render();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') active = Math.min(shown.length - 1, active + 1);
    else if (e.key === 'ArrowUp') active = Math.max(0, active - 1);
    else if (e.key === 'Enter') {
      e.preventDefault();
      choose(active);
      return;
    } else return;
    e.preventDefault();
    render();
  });

  Promise.resolve(options)
    .then((opts) => {
      all = (opts || []).filter((o) => o && o.id !== undefined && o.id !== null)
        .map((o) => ({ id: String(o.id), name: o.name || '', email: o.email || '' }));
      render();
    })
    .catch((e) => {
      all = [];
      render();
      err.show(describeError(e));
    });
  render();
  setText(status, 'Loading…');
  status.hidden = false;
  return dlg;
}
