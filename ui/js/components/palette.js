// Ctrl+K: jump to a conversation by customer name or id among those known, or
// open any conversation by id on a chosen account (`find_conversation`).
import { h, uniqueId } from './dom.js';
import { openDialog, errorBox } from './dialog.js';
import { icon, channelIcon } from './icons.js';
import { describeError } from '../state/errors.js';
import { compareItems } from '../state/sort.js';

export function paletteResults(items, accounts, query, limit = 30) {
  const q = query.trim().toLowerCase();
  const out = [];
  if (q) {
    for (const it of items) {
      const name = String(it.customer_name || '').toLowerCase();
      const id = String(it.key.conversation).toLowerCase();
      if (name.includes(q) || id.startsWith(q.replace(/^#/, ''))) out.push({ type: 'item', item: it });
    }
    out.sort((a, b) => compareItems(a.item, b.item));
  } else {
    const recent = items.slice().sort(compareItems).slice(0, 10);
    for (const it of recent) out.push({ type: 'item', item: it });
  }
  const res = out.slice(0, limit);
  // Offer "open by id" for what looks like an id: digits (Blinger, Chatwoot) or a UUID (widget).
  const idq = q.replace(/^#/, '');
  if (/^(\d{1,20}|[0-9a-f-]{8,64})$/.test(idq)) {
    for (const a of accounts) res.push({ type: 'find', account: a.id, accountName: a.name, conversation: query.trim().replace(/^#/, '') });
  }
  return res;
}

export function openPalette({ items, accounts, accountName = (id) => id, onOpen, onFind }) {
  const listId = uniqueId('pal');
  const input = h('input', {
    type: 'text', class: 'input palette-input', placeholder: 'Customer name or conversation id…', autocomplete: 'off', spellcheck: false,
    attrs: { role: 'combobox', 'aria-expanded': 'true', 'aria-controls': listId, 'aria-label': 'Find a conversation', dir: 'auto' },
  });
  const list = h('ul', { class: 'pick-list palette-list', id: listId, attrs: { role: 'listbox', 'aria-label': 'Conversations' } });
  const err = errorBox();
  let res = [];
  let active = 0;
  let busy = false;
  const dlg = openDialog({ title: 'Go to conversation', className: 'dlg-palette', body: [h('div', { class: 'search-field' }, icon('search'), input), list, err.el] });

  function render() {
    res = paletteResults(items(), accounts(), input.value);
    if (active >= res.length) active = Math.max(0, res.length - 1);
    list.replaceChildren(...res.map((r, i) => h('li', {
      id: `${listId}-${i}`, class: ['pick-opt', i === active && 'is-active'],
      attrs: { role: 'option', 'aria-selected': String(i === active) },
      on: { mousedown: (e) => e.preventDefault(), click: () => choose(i) },
    }, r.type === 'item'
      ? [channelIcon(r.item.channel, 16), h('span', { class: 'pick-name', text: r.item.customer_name || 'Unknown customer' }),
        h('span', { class: 'pick-id', text: `${accountName(r.item.key.account)} · #${r.item.key.conversation}` })]
      : [icon('search', { size: 16 }), h('span', { class: 'pick-name' }, 'Open conversation ', h('strong', { text: `#${r.conversation}` })),
        h('span', { class: 'pick-id', text: `in ${r.accountName || r.account}` })])));
    if (!res.length) list.append(h('li', { class: 'pick-empty muted', text: 'No match. Type a conversation id to open it from the server.' }));
    input.setAttribute('aria-activedescendant', res.length ? `${listId}-${active}` : '');
    const el = list.children[active];
    if (el && el.scrollIntoView) el.scrollIntoView({ block: 'nearest' });
  }

  async function choose(i) {
    const r = res[i];
    if (!r || busy) return;
    if (r.type === 'item') {
      dlg.close();
      onOpen(r.item.key);
      return;
    }
    busy = true;
    err.hide();
    dlg.el.classList.add('is-busy');
    try {
      await onFind(r.account, r.conversation);
      dlg.close();
    } catch (e) {
      err.show(describeError(e));
    } finally {
      busy = false;
      dlg.el.classList.remove('is-busy');
    }
  }

  input.addEventListener('input', () => {
    active = 0;
    render();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') active = Math.min(res.length - 1, active + 1);
    else if (e.key === 'ArrowUp') active = Math.max(0, active - 1);
    else if (e.key === 'Enter') {
      e.preventDefault();
      choose(active);
      return;
    } else return;
    e.preventDefault();
    render();
  });
  render();
  return dlg;
}
