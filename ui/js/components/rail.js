// The left rail: account switcher (with "All accounts"), the inbox tabs of the
// current scope with their counts, and the way to settings and shortcuts.
import { h, setText, emitAction, toggleClass } from './dom.js';
import { icon } from './icons.js';
import { own } from '../state/lookup.js';

const STATUS_TEXT = { online: 'Online', offline: 'Offline', connecting: 'Connecting…', error: 'Error' };

export function mountRail(el) {
  el.classList.add('rail');
  const accountsList = h('ul', { class: 'nav-list', attrs: { 'aria-label': 'Accounts' } });
  const tabsList = h('div', { class: 'nav-list', attrs: { role: 'tablist', 'aria-label': 'Inbox views', 'aria-orientation': 'vertical' } });
  const settingsBtn = h('button', { type: 'button', class: 'nav-item', on: { click: () => emitAction(el, 'settings') } },
    icon('sliders'), h('span', { class: 'nav-label', text: 'Settings' }));
  const helpBtn = h('button', { type: 'button', class: 'nav-item', attrs: { 'aria-keyshortcuts': '?' }, on: { click: () => emitAction(el, 'help') } },
    icon('keyboard'), h('span', { class: 'nav-label', text: 'Shortcuts' }), h('kbd', { text: '?' }));
  const paletteBtn = h('button', { type: 'button', class: 'nav-item', attrs: { 'aria-keyshortcuts': 'Control+K' }, on: { click: () => emitAction(el, 'palette') } },
    icon('search'), h('span', { class: 'nav-label', text: 'Go to…' }), h('kbd', { text: 'Ctrl K' }));

  el.append(
    h('div', { class: 'brand' }, brandMark(), h('span', { text: 'Deskbell' })),
    paletteBtn,
    h('h2', { class: 'nav-heading', text: 'Accounts' }),
    accountsList,
    h('h2', { class: 'nav-heading', text: 'Inbox' }),
    tabsList,
    h('div', { class: 'rail-spacer' }),
    h('div', { class: 'rail-foot' }, helpBtn, settingsBtn),
  );

  const countEls = new Map(); // account id ('' = all) → badge element
  const tabCountEls = new Map();

  function accountRow(id, label, status, error, selected, provider) {
    const badge = h('span', { class: 'nav-count' });
    countEls.set(id, badge);
    const dot = status ? h('span', { class: ['status-dot', `is-${status}`], attrs: { role: 'img', 'aria-label': own(STATUS_TEXT, status) || status } }) : icon('inbox');
    const btn = h('button', {
      type: 'button', class: ['nav-item', selected && 'is-current'],
      attrs: { 'aria-current': selected ? 'true' : undefined, title: error ? `${label}: ${error}` : status ? `${label} — ${own(STATUS_TEXT, status) || status}` : label },
      on: { click: () => emitAction(el, 'scope', { account: id || null }) },
    }, dot, h('span', { class: 'nav-label', text: label }),
    provider ? h('span', { class: 'nav-provider', text: provider === 'chatwoot' ? 'CW' : 'BL', attrs: { 'aria-hidden': 'true' } }) : null,
    badge);
    return h('li', {}, btn);
  }

  return {
    setAccounts(accounts, current) {
      countEls.clear();
      const rows = [accountRow('', 'All accounts', null, null, !current)];
      for (const a of accounts) rows.push(accountRow(a.id, a.name, a.status, a.error, current === a.id, a.provider));
      accountsList.replaceChildren(...rows);
    },
    setUnread(map) {
      let total = 0;
      for (const [id, elx] of countEls) {
        if (!id) continue;
        const n = map.get(id) || 0;
        total += n;
        setText(elx, n ? String(n) : '');
      }
      const all = countEls.get('');
      if (all) setText(all, total ? String(total) : '');
    },
    setTabs(tabs, currentTab) {
      tabCountEls.clear();
      tabsList.replaceChildren(...tabs.map((t, i) => {
        const c = h('span', { class: 'nav-count' });
        tabCountEls.set(t.id, c);
        const sel = t.id === currentTab;
        return h('button', {
          type: 'button', class: ['nav-item', sel && 'is-current'],
          attrs: { role: 'tab', 'aria-selected': sel ? 'true' : 'false', 'aria-keyshortcuts': String(i + 1), 'aria-controls': 'inbox' },
          on: { click: () => emitAction(el, 'tab', { tab: t.id }) },
        }, h('kbd', { class: 'nav-key', text: String(i + 1) }), h('span', { class: 'nav-label', text: t.label }), c);
      }));
    },
    setTabCounts(counts) {
      for (const [id, c] of tabCountEls) {
        const n = counts.get(id) || 0;
        setText(c, n ? n.toLocaleString() : '');
        toggleClass(c, 'is-zero', !n);
      }
    },
  };
}

function brandMark() {
  const m = h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } });
  m.append(icon('bell', { size: 14 }));
  return m;
}
