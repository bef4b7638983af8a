// Settings → Webhooks: per Blinger account, whether Blinger's events reach the
// desk at once (instead of at the next check), the URL to give Blinger with a
// Copy button, where the receiver listens, and *Send test event*. The URL's
// secret path is what authenticates Blinger: it is shown here and nowhere else
// in the page, and this section forgets it when the dialog closes.
import { h, uniqueId, withBusy } from './dom.js';
import { errorBox, button } from './dialog.js';
import { describeError } from '../state/errors.js';

const OUTCOME = {
  applied: 'Received and applied',
  refused: 'Refused',
  unreachable: 'Could not connect',
};

const UNSIGNED = 'Blinger signs nothing: anyone who can reach this address and knows an account’s URL can post events as Blinger. Listen on another interface only behind a reverse proxy or tunnel you trust.';

// The text is put in a field and copied from there if the Clipboard API is refused.
async function copyText(input) {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.select();
    return document.execCommand('copy');
  }
}

function isLoopbackAddress(listen) {
  const host = String(listen).trim().replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return /^127\./.test(host) || host === '::1' || host === 'localhost';
}

// api: {webhooks, setWebhook, setWebhookListen, testWebhook}.
export function webhooksSection({ api }) {
  const err = errorBox();
  const listen = h('input', { class: 'input input-mid', id: uniqueId('hook'), attrs: { spellcheck: 'false', placeholder: '127.0.0.1:8787' } });
  const remoteId = uniqueId('hook');
  const remote = h('input', { type: 'checkbox', id: remoteId, class: 'checkbox' });
  const warning = h('p', { class: 'hook-warn', hidden: true, attrs: { role: 'note' }, text: UNSIGNED });
  const saveListen = button('Save address', { kind: 'secondary' });
  saveListen.classList.add('btn-sm');
  const status = h('p', { class: 'muted hook-status' });
  const list = h('ul', { class: 'acc-list hook-list', attrs: { 'aria-label': 'Webhooks per account' } });

  // The last test result per account, kept when the section is drawn again.
  const results = new Map();
  // Changes may overlap (two switches clicked quickly) and answer out of order:
  // each answer is the state as of its own change, so once several were in
  // flight the section asks for the state again when the last one is back.
  let inFlight = 0;
  let overlapped = false;
  async function change(promise) {
    overlapped ||= inFlight > 0;
    inFlight += 1;
    try {
      const view = await promise;
      if (inFlight === 1 && !overlapped) render(view);
    } finally {
      inFlight -= 1;
      if (inFlight === 0 && overlapped) {
        overlapped = false;
        refresh();
      }
    }
  }

  function showResult(result, said) {
    result.className = `hook-result is-${said.outcome}`;
    result.replaceChildren(h('strong', { text: `${OUTCOME[said.outcome] || said.outcome}: ` }), h('span', { text: said.message }));
    result.hidden = false;
  }

  function showWarning() {
    warning.hidden = !(remote.checked || (listen.value.trim() && !isLoopbackAddress(listen.value)));
  }
  listen.addEventListener('input', showWarning);
  remote.addEventListener('change', showWarning);

  function accountRow(a) {
    const toggleId = uniqueId('hook');
    const toggle = h('input', { type: 'checkbox', id: toggleId, class: 'checkbox', checked: !!a.enabled, attrs: { 'aria-label': `Webhooks for ${a.name}` } });
    const result = h('p', { class: 'hook-result', hidden: true, attrs: { role: 'status' } });
    const parts = [h('div', { class: 'hook-head' }, toggle,
      h('label', { for: toggleId, class: 'acc-name', text: a.name }),
      h('span', { class: 'muted', text: a.enabled ? 'on' : 'off' }))];
    toggle.addEventListener('change', async () => {
      err.hide();
      try {
        await change(withBusy(toggle, api.setWebhook(a.account, toggle.checked)));
      } catch (e) {
        toggle.checked = !toggle.checked;
        err.show(describeError(e));
      }
    });
    if (a.enabled && a.url) {
      const url = h('input', { class: 'input hook-url', readOnly: true, value: a.url, attrs: { spellcheck: 'false', 'aria-label': `Webhook URL for ${a.name}` } });
      const copy = button('Copy', { kind: 'secondary', attrs: { 'aria-label': `Copy the webhook URL of ${a.name}` } });
      const test = button('Send test event', { kind: 'secondary', attrs: { 'aria-label': `Send a test event to ${a.name}` } });
      copy.classList.add('btn-sm');
      test.classList.add('btn-sm');
      copy.addEventListener('click', async () => {
        const done = await copyText(url);
        copy.querySelector('.btn-label').textContent = done ? 'Copied' : 'Select and copy';
      });
      test.addEventListener('click', async () => {
        err.hide();
        result.hidden = true;
        try {
          const said = await withBusy(test, api.testWebhook(a.account));
          results.set(a.account, said);
          showResult(result, said);
        } catch (e) {
          err.show(describeError(e));
        }
      });
      if (results.has(a.account)) showResult(result, results.get(a.account));
      parts.push(h('div', { class: 'inline hook-url-row' }, url, copy, test), result);
    }
    return h('li', { class: 'hook-row', dataset: { account: a.account } }, parts);
  }

  function render(view) {
    listen.value = view.listen;
    remote.checked = !!view.allow_remote;
    showWarning();
    if (view.error) status.textContent = `Not listening: ${view.error}`;
    else if (view.listening) status.textContent = `Listening on ${view.listen}.`;
    else status.textContent = 'Not listening: no account has webhooks on.';
    status.classList.toggle('is-error', !!view.error);
    list.replaceChildren(...view.accounts.map(accountRow));
    if (!view.accounts.length) list.append(h('li', { class: 'muted hook-row', text: 'No Blinger account.' }));
  }

  saveListen.addEventListener('click', async () => {
    err.hide();
    try {
      await change(withBusy(saveListen, api.setWebhookListen(listen.value.trim(), remote.checked)));
    } catch (e) {
      err.show(describeError(e));
    }
  });

  async function refresh() {
    try {
      await change(api.webhooks());
    } catch (e) {
      err.show(describeError(e));
    }
  }
  refresh();

  const el = h('section', { class: 'set-sec set-webhooks', attrs: { 'aria-label': 'Webhooks' } },
    h('h3', { text: 'Webhooks' }),
    h('p', { class: 'muted', text: 'Blinger can tell Deskbell about a conversation the moment it changes, instead of at the next check. Turn webhooks on for an account and give Blinger its URL (Blinger must be able to reach it: through a tunnel or reverse proxy to this address).' }),
    err.el,
    list,
    h('div', { class: 'field field-inline' }, h('label', { for: listen.id, text: 'Listen on' }), listen, saveListen),
    h('div', { class: 'field field-check' }, remote, h('label', { for: remoteId, text: 'Accept connections from other machines' })),
    warning,
    status);
  return { el, refresh };
}
