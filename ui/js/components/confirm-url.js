// Every link leaves the app only through this dialog: the operator sees the
// whole URL (and where it really goes) before Rust opens the system browser.
import { h } from './dom.js';
import { openDialog, errorBox, button } from './dialog.js';
import { safeUrl, urlHost } from '../state/url.js';
import { describeError } from '../state/errors.js';

export function confirmOpenUrl(raw, openUrl) {
  const href = safeUrl(raw);
  if (!href) return null;
  const err = errorBox();
  const host = urlHost(href);
  const openBtn = button('Open in browser', { kind: 'primary', iconName: 'external' });
  const cancel = button('Cancel');
  const dlg = openDialog({
    title: 'Open this link?',
    className: 'dlg-url',
    body: [
      h('p', { class: 'muted', text: 'It opens in your web browser. Customers can send any link — check where it goes.' }),
      host ? h('p', { class: 'url-host' }, h('span', { class: 'muted', text: 'Goes to ' }), h('strong', { text: host })) : null,
      h('p', { class: 'url-full', text: href, attrs: { 'aria-label': 'Full address' } }),
      err.el,
    ],
    footer: [cancel, openBtn],
  });
  cancel.addEventListener('click', () => dlg.close());
  let inFlight = false;
  openBtn.addEventListener('click', async () => {
    if (inFlight) return;
    inFlight = true;
    openBtn.disabled = true;
    try {
      await openUrl(href);
      dlg.close();
    } catch (e) {
      err.show(describeError(e));
    } finally {
      inFlight = false;
      openBtn.disabled = false;
    }
  });
  openBtn.focus();
  return dlg;
}
