// Window-wide states: offline, accounts that cannot sync, demo mode.
import { h, emitAction } from './dom.js';
import { icon } from './icons.js';

export function mountBanners(el) {
  el.classList.add('banners');
  let offline = false;
  let accounts = [];

  function render() {
    const rows = [];
    if (offline) {
      rows.push(h('div', { class: 'banner banner-offline', attrs: { role: 'status' } },
        icon('offline'),
        h('span', { text: 'You are offline. The inbox shows the last known state; replies wait in the outbox and go out when the connection is back.' })));
    }
    for (const a of accounts) {
      if (a.status !== 'error') continue;
      const btn = h('button', { type: 'button', class: 'btn btn-ghost btn-sm', text: 'Retry now' });
      btn.addEventListener('click', () => emitAction(btn, 'refresh', { account: a.name }));
      const settings = h('button', { type: 'button', class: 'btn btn-ghost btn-sm', text: 'Settings' });
      settings.addEventListener('click', () => emitAction(settings, 'settings'));
      rows.push(h('div', { class: 'banner banner-error', attrs: { role: 'alert' } },
        icon('alert'),
        h('span', { class: 'banner-text' },
          h('strong', { text: `${a.name} cannot sync: ` }),
          h('span', { text: a.error || 'unknown error' }),
          h('span', { class: 'banner-hint', text: ' — check the token and API URL, or retry.' })),
        btn, settings));
    }
    el.replaceChildren(...rows);
  }
  return {
    setOnline(on) {
      offline = !on;
      render();
    },
    setAccounts(list) {
      accounts = list;
      render();
    },
  };
}

export function mountRibbon(el, demo) {
  el.hidden = !demo;
  el.className = 'ribbon';
  el.replaceChildren(h('span', { text: 'Demo — data from the built-in simulator' }));
}
