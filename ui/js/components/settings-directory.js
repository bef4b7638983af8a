// Settings → People and groups: names for a Blinger account's operators and
// groups, which Blinger knows only by number. Lists everyone the account's
// answers named (from `directory`); each name saves on change through
// `set_directory_name` (an empty one removes it), and an id not seen yet can be
// named too. The pickers then show these names.
import { h, uniqueId, withBusy } from './dom.js';
import { errorBox, button } from './dialog.js';
import { describeError } from '../state/errors.js';

const KINDS = [
  { kind: 'group', field: 'groups', title: 'Groups' },
  { kind: 'operator', field: 'operators', title: 'Operators' },
];

// api: { directory(account) → Promise<Directory>, setDirectoryName(account, kind, id, name) → Promise<Directory> }
export function directorySection({ accounts, api }) {
  const blinger = (accounts || []).filter((a) => a.provider === 'blinger');
  const err = errorBox();
  const body = h('div', { class: 'dir-body' });
  const section = h('section', { class: 'set-sec set-dir', attrs: { 'aria-label': 'People and groups' } },
    h('h3', { text: 'People and groups' }),
    h('p', { class: 'muted', text: 'Blinger knows operators and groups by number only. Name them here and the Assign and Group pickers show the names. Everyone this account’s conversations mention is listed.' }),
    err.el);
  if (!blinger.length) {
    section.append(h('p', { class: 'muted', text: 'No Blinger account.' }));
    return section;
  }
  let account = blinger[0];
  if (blinger.length > 1) {
    const pick = h('select', { class: 'select', id: uniqueId('dir') },
      blinger.map((a) => h('option', { value: a.id, text: a.name })));
    pick.addEventListener('change', () => {
      account = blinger.find((a) => a.id === pick.value) || blinger[0];
      load();
    });
    section.append(h('div', { class: 'field field-inline' }, h('label', { for: pick.id, text: 'Account' }), pick));
  }
  section.append(body);

  async function save(kind, id, name, control) {
    err.hide();
    try {
      return await withBusy(control, api.setDirectoryName(account.id, kind, id, name));
    } catch (e) {
      err.show(describeError(e));
      return null;
    }
  }

  function row(kind, o) {
    const input = h('input', {
      type: 'text', class: 'input', value: o.custom ? o.name : '', maxLength: 64, autocomplete: 'off', spellcheck: false,
      placeholder: (!o.custom && o.name) || 'No name',
      attrs: { 'aria-label': `Name of ${kind} ${o.id}` },
    });
    let saved = input.value;
    input.addEventListener('change', async () => {
      const name = input.value.trim();
      if (name === saved) return;
      if (await save(kind, o.id, name, input)) {
        saved = name;
        input.value = name;
      } else {
        input.value = saved;
      }
    });
    return h('li', { class: 'dir-row' },
      h('span', { class: 'dir-id', text: `#${o.id}` }),
      input,
      h('span', { class: 'dir-email muted', text: o.email || '' }));
  }

  // A name for an id nobody has mentioned yet.
  function adder(kind) {
    const id = h('input', { type: 'text', class: 'input input-narrow', placeholder: 'id', inputMode: 'numeric', autocomplete: 'off', attrs: { 'aria-label': `New ${kind} id` } });
    const name = h('input', { type: 'text', class: 'input', placeholder: 'name', maxLength: 64, autocomplete: 'off', attrs: { 'aria-label': `New ${kind} name` } });
    const add = button('Add', { kind: 'secondary', iconName: 'plus', attrs: { 'aria-label': `Add ${kind} name` } });
    add.classList.add('btn-sm');
    add.addEventListener('click', async () => {
      err.hide();
      const i = id.value.trim();
      const n = name.value.trim();
      if (!/^\d+$/.test(i)) return err.show({ text: `The ${kind} id is a number.` });
      if (!n) return err.show({ text: 'Type the name to give it.' });
      const dir = await save(kind, i, n, add);
      if (dir) render(dir);
    });
    return h('div', { class: 'dir-add inline' }, id, name, add);
  }

  function render(dir) {
    body.replaceChildren(h('div', { class: 'dir-cols' }, KINDS.map(({ kind, field, title }) => {
      const list = (dir && dir[field]) || [];
      return h('div', { class: 'dir-col' },
        h('h4', { text: title }),
        list.length
          ? h('ul', { class: 'dir-list', attrs: { 'aria-label': title } }, list.map((o) => row(kind, o)))
          : h('p', { class: 'muted dir-none', text: `No ${kind}s seen yet.` }),
        adder(kind));
    })),
    account.demo ? h('p', { class: 'field-hint', text: 'The demo keeps these names until the app restarts.' }) : null);
  }

  async function load() {
    err.hide();
    body.replaceChildren(h('p', { class: 'muted', text: 'Loading…' }));
    try {
      render(await api.directory(account.id));
    } catch (e) {
      body.replaceChildren();
      err.show(describeError(e));
    }
  }
  load();
  return section;
}
