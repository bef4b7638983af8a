// Settings: each control saves on change through `set_settings` (partial), so
// there is no Save button to forget. Accounts can be removed or added here,
// their webhooks set up (settings-webhooks.js), canned replies edited, and the
// logs folder opened (for a support request).
import { h, uniqueId, withBusy } from './dom.js';
import { openDialog, errorBox, button } from './dialog.js';
import { icon } from './icons.js';
import { accountForm } from './account-form.js';
import { directorySection } from './settings-directory.js';
import { webhooksSection } from './settings-webhooks.js';
import { describeError } from '../state/errors.js';
import { normalizeCanned } from '../state/canned.js';

function check(label, checked, hint) {
  const id = uniqueId('set');
  const input = h('input', { type: 'checkbox', id, checked: !!checked, class: 'checkbox' });
  return { input, el: h('div', { class: 'field field-check' }, input, h('label', { for: id, text: label }), hint ? h('p', { class: 'field-hint', text: hint }) : null) };
}

export function openSettings({ settings, accounts, canned, api }) {
  const err = errorBox();
  const s = settings || {};
  const poll = h('input', { type: 'number', class: 'input input-narrow', min: 5, max: 3600, step: 1, value: String(s.poll_interval_secs ?? 30), id: uniqueId('set') });
  const theme = h('select', { class: 'select', id: uniqueId('set') },
    [['system', 'Follow the system'], ['light', 'Light'], ['dark', 'Dark']].map(([v, l]) => h('option', { value: v, text: l })));
  theme.value = s.theme || 'system';
  const dnd = check('Do not disturb', s.do_not_disturb, 'No notifications or sounds.');
  const sound = check('Notification sound', s.notification_sound);
  const login = check('Start at login', s.start_at_login);
  const enter = check('Enter sends', s.enter_sends, 'Off: Enter adds a line and Ctrl+Enter sends.');

  async function save(partial, control) {
    err.hide();
    try {
      await withBusy(control, api.setSettings(partial));
    } catch (e) {
      err.show(describeError(e));
    }
  }
  poll.addEventListener('change', () => {
    const n = Math.round(Number(poll.value));
    if (!Number.isFinite(n) || n < 5 || n > 3600) {
      err.show({ text: 'The poll interval is between 5 and 3600 seconds.' });
      return;
    }
    save({ poll_interval_secs: n }, poll);
  });
  theme.addEventListener('change', () => save({ theme: theme.value }, theme));
  for (const [c, k] of [[dnd, 'do_not_disturb'], [sound, 'notification_sound'], [login, 'start_at_login'], [enter, 'enter_sends']]) {
    c.input.addEventListener('change', () => save({ [k]: c.input.checked }, c.input));
  }

  const hooks = webhooksSection({ api });
  const accList = h('ul', { class: 'acc-list' });
  function renderAccounts(list, changed = false) {
    if (changed) hooks.refresh();
    accList.replaceChildren(...list.map((a) => {
      const rm = button('Remove', { kind: 'ghost', iconName: 'trash', attrs: { 'aria-label': `Remove account ${a.name}` } });
      rm.classList.add('btn-sm', 'btn-danger-text');
      rm.addEventListener('click', async () => {
        if (!rm.dataset.confirm) {
          rm.dataset.confirm = '1';
          rm.querySelector('.btn-label').textContent = 'Click again to remove';
          return;
        }
        err.hide();
        // Unsent replies are never dropped silently: Rust refuses with
        // `pending_replies`, and a second, explicit click discards them.
        const discard = rm.dataset.confirm === 'discard';
        try {
          await withBusy(rm, api.removeAccount(a.id, discard));
          renderAccounts(api.accounts(), true);
        } catch (e) {
          if (e && e.kind === 'pending_replies') {
            rm.dataset.confirm = 'discard';
            rm.querySelector('.btn-label').textContent = 'Remove and discard them';
            err.show({ text: `${e.message}. Removing ${a.name} discards them; send or wait for them first to keep them.` });
            return;
          }
          err.show(describeError(e));
        }
      });
      return h('li', { class: 'acc-row' },
        h('span', { class: ['status-dot', `is-${a.status}`] }),
        h('span', { class: 'acc-name', text: a.name }),
        h('span', { class: 'muted acc-meta', text: `${a.provider === 'chatwoot' ? 'Chatwoot' : 'Blinger'} · ${a.api_url || ''}` }),
        a.insecure ? h('span', { class: 'pill pill-warn', text: 'plain http', attrs: { title: 'The token crosses the network unencrypted (chosen for this account).' } }) : null,
        rm);
    }));
    if (!list.length) accList.append(h('li', { class: 'muted', text: 'No accounts.' }));
  }
  renderAccounts(accounts);

  const addWrap = h('div', { class: 'add-account', hidden: true });
  const addBtn = button('Add account', { kind: 'secondary', iconName: 'plus' });
  addBtn.addEventListener('click', () => {
    addWrap.hidden = !addWrap.hidden;
    if (!addWrap.hidden && !addWrap.firstChild) {
      addWrap.append(accountForm({
        onSubmit: async (args) => {
          await api.addAccount(args);
          renderAccounts(api.accounts(), true);
          addWrap.hidden = true;
          addWrap.replaceChildren();
        },
      }));
    }
    if (!addWrap.hidden) addWrap.querySelector('input[name=name]').focus();
  });

  const cannedRows = h('div', { class: 'canned-rows' });
  function cannedRow(r = { shortcut: '', text: '' }) {
    const sc = h('input', { class: 'input input-narrow', value: r.shortcut, placeholder: 'shortcut', attrs: { 'aria-label': 'Shortcut' } });
    const tx = h('textarea', { class: 'input', rows: 2, value: r.text, placeholder: 'Reply text', attrs: { 'aria-label': 'Reply text', dir: 'auto' } });
    const del = h('button', { type: 'button', class: 'icon-btn', attrs: { 'aria-label': 'Delete canned reply' }, on: { click: () => row.remove() } }, icon('trash'));
    const row = h('div', { class: 'canned-row' }, h('span', { class: 'slash', text: '/' }), sc, tx, del);
    return row;
  }
  for (const r of canned || []) cannedRows.append(cannedRow(r));
  const addCanned = button('Add reply', { kind: 'ghost', iconName: 'plus', onClick: () => cannedRows.append(cannedRow()) });
  const saveCanned = button('Save canned replies', { kind: 'secondary' });
  saveCanned.addEventListener('click', async () => {
    const rows = [...cannedRows.children].map((r) => ({ shortcut: r.querySelector('input').value, text: r.querySelector('textarea').value }));
    err.hide();
    try {
      await withBusy(saveCanned, api.saveCanned(normalizeCanned(rows)));
    } catch (e) {
      err.show(describeError(e));
    }
  });

  const openLogs = button('Open logs folder', { kind: 'secondary', iconName: 'external' });
  openLogs.addEventListener('click', async () => {
    err.hide();
    try {
      await withBusy(openLogs, api.openLogsFolder());
    } catch (e) {
      err.show(describeError(e));
    }
  });

  const lbl = (el, text) => h('label', { for: el.id, text });
  return openDialog({
    title: 'Settings',
    wide: true,
    className: 'dlg-settings',
    body: [
      err.el,
      h('section', { class: 'set-sec' }, h('h3', { text: 'General' }),
        h('div', { class: 'field field-inline' }, lbl(poll, 'Check for news every'), poll, h('span', { class: 'muted', text: 'seconds' })),
        h('div', { class: 'field field-inline' }, lbl(theme, 'Theme'), theme),
        enter.el, dnd.el, sound.el, login.el),
      h('section', { class: 'set-sec' }, h('h3', { text: 'Accounts' }), accList, addBtn, addWrap),
      directorySection({ accounts, api }),
      hooks.el,
      h('section', { class: 'set-sec' }, h('h3', { text: 'Canned replies' }),
        h('p', { class: 'muted', text: 'Type / in the composer to insert one. Kept on this computer.' }),
        cannedRows, h('div', { class: 'row-actions' }, addCanned, saveCanned)),
      h('section', { class: 'set-sec' }, h('h3', { text: 'Troubleshooting' }),
        h('p', { class: 'muted', text: 'The log files can go with a support request: they hold no tokens.' }),
        h('div', { class: 'row-actions' }, openLogs)),
    ],
  });
}
