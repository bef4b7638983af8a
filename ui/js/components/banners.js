// Window-wide states: offline, accounts that cannot sync, demo mode.
import { h, emitAction } from './dom.js';
import { icon } from './icons.js';

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function outboxButton(label, account) {
  const btn = h('button', { type: 'button', class: 'btn btn-ghost btn-sm', text: label });
  btn.addEventListener('click', () => emitAction(btn, 'outbox_retry_all', account ? { account } : {}));
  return btn;
}

export function mountBanners(el) {
  el.classList.add('banners');
  let offline = false;
  let accounts = [];
  let queues = [];
  let notices = [];

  function render() {
    const rows = [];
    if (offline) {
      rows.push(h('div', { class: 'banner banner-offline', attrs: { role: 'status' } },
        icon('offline'),
        h('span', { text: 'You are offline. The inbox shows the last known state; replies wait in the outbox and go out by themselves when the connection is back.' })));
    }
    // State files set aside at start-up (Rust's state_file::Notice).
    notices.forEach((n, i) => {
      const close = h('button', { type: 'button', class: 'btn btn-ghost btn-sm', text: 'Dismiss' });
      close.addEventListener('click', () => {
        notices = notices.filter((_, j) => j !== i);
        render();
      });
      const what = n.file === 'outbox' ? `${plural(n.recovered, 'reply was', 'replies were')} recovered and wait in their conversations to be sent again or discarded.`
        : n.file === 'settings' ? `${plural(n.recovered, 'account was', 'accounts were')} recovered.` : '';
      rows.push(h('div', { class: 'banner banner-error', attrs: { role: 'alert' }, dataset: { notice: n.file } },
        icon('alert'),
        h('span', { class: 'banner-text' },
          h('strong', { text: `The ${n.file} file ${n.problem}. ` }),
          h('span', { text: n.kept_as ? `It was kept as ${n.kept_as}. ` : 'It could not be moved aside. ' }),
          h('span', { text: what })),
        n.file === 'outbox' && n.recovered > 0 ? outboxButton('Send them', null) : null,
        close));
    });
    for (const q of queues) {
      if (!q || !q.orphaned || !(q.pending + q.failed > 0)) continue;
      const drop = h('button', { type: 'button', class: 'btn btn-ghost btn-sm btn-danger-text', text: 'Discard them' });
      drop.addEventListener('click', () => emitAction(drop, 'outbox_discard_account', { account: q.account }));
      rows.push(h('div', { class: 'banner banner-error', attrs: { role: 'alert' }, dataset: { outboxAccount: q.account } },
        icon('alert'),
        h('span', { class: 'banner-text' },
          h('strong', { text: `${plural(q.pending + q.failed, 'unsent reply belongs', 'unsent replies belong')} to an account that is no longer set up.` }),
          h('span', { class: 'banner-hint', text: ' They cannot be sent anywhere.' })),
        drop));
    }
    // Replies that wait out a failure, per account (Rust's QueueSummary).
    for (const q of queues) {
      if (!q || q.orphaned || !(q.waiting > 0)) continue;
      const acc = accounts.find((a) => a.id === q.account);
      const name = acc ? acc.name : q.account;
      const btn = outboxButton('Retry now', q.account);
      rows.push(h('div', { class: 'banner banner-waiting', attrs: { role: 'status' }, dataset: { outboxAccount: q.account } },
        icon('clock'),
        h('span', { class: 'banner-text' },
          h('strong', { text: `${plural(q.waiting, 'reply', 'replies')} to ${name} not sent yet: ` }),
          h('span', { text: q.reason || 'the server did not answer' }),
          h('span', { class: 'banner-hint', text: ' — they go out by themselves, in order, as soon as the server answers.' })),
        btn));
    }
    for (const a of accounts) {
      if (a.status !== 'error') continue;
      const btn = h('button', { type: 'button', class: 'btn btn-ghost btn-sm', text: 'Retry now' });
      btn.addEventListener('click', () => emitAction(btn, 'refresh', { account: a.id }));
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
    setOutbox(list) {
      queues = Array.isArray(list) ? list : [];
      render();
    },
    setNotices(list) {
      notices = Array.isArray(list) ? list : [];
      render();
    },
  };
}

export function mountRibbon(el, demo) {
  el.hidden = !demo;
  el.className = 'ribbon';
  el.replaceChildren(h('span', { text: 'Demo — data from the built-in simulator' }));
}
