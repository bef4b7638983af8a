// One thread row as DOM. Customer text only ever becomes text nodes; links are
// anchors without href that ask before opening; images of http(s) URLs load
// through the app (deskimg:), lazily, and from unknown hosts only after a click.
import { h, emitAction } from './dom.js';
import { icon } from './icons.js';
import { clockTime, fullTime } from '../state/time.js';
import { linkify, proxiedImageUrl, safeImageUrl, safeUrl, fileName } from '../state/url.js';
import { createImageGate, hostOf } from '../state/images.js';

const gate = createImageGate(localStore());

function localStore() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null;
  }
}

function linkEl(text, url) {
  return h('a', {
    class: 'link', tabIndex: 0, text,
    attrs: { role: 'link', title: url },
    dataset: { url },
  });
}

export function richText(text, cls = 'msg-text') {
  // dir=auto: a Hebrew or Arabic message reads right to left, an English one left to right.
  const p = h('p', { class: cls, attrs: { dir: 'auto' } });
  for (const seg of linkify(String(text ?? ''))) p.append(seg.url ? linkEl(seg.text, seg.url) : document.createTextNode(seg.text));
  return p;
}

// The outbox states Rust sends (crates/desk thread.rs `DeliveryState`): every echo
// of ours names its outbox entry in `outbox_id`, whatever its state.
function outboxButtons(id, retryLabel) {
  const act = (type, label, iconName, kind) =>
    h('button', { type: 'button', class: ['btn', 'btn-sm', kind], dataset: { outbox: type }, attrs: { 'data-outbox-id': id } }, icon(iconName, { size: 14 }), h('span', { text: label }));
  return h('div', { class: 'failed-actions' },
    act('retry', retryLabel, 'retry', 'btn-secondary'),
    act('edit', 'Edit', 'edit', 'btn-ghost'),
    act('discard', 'Discard', 'trash', 'btn-ghost btn-danger-text'));
}

function deliveryEl(m) {
  const d = m.delivery || { state: 'sent' };
  if (d.state === 'pending') {
    return h('div', { class: 'delivery is-pending', attrs: { role: 'status' } }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), h('span', { text: 'Sending…' }));
  }
  if (d.state === 'waiting') {
    const at = Number(d.retry_at) ? ` Next try at ${clockTime(d.retry_at)}, or as soon as the server answers.` : '';
    return h('div', { class: 'delivery is-waiting', attrs: { role: 'status' } },
      h('p', { class: 'failed-text' }, icon('clock', { size: 14 }), h('span', { text: 'Not sent yet: ' }),
        h('span', { class: 'failed-reason', text: d.reason || 'the server did not answer' }), h('span', { class: 'muted', text: `.${at}` })),
      d.outbox_id ? outboxButtons(d.outbox_id, 'Retry now') : null);
  }
  if (d.state === 'failed') {
    const ours = !!d.outbox_id;
    return h('div', { class: 'delivery is-failed', attrs: { role: 'alert' } },
      h('p', { class: 'failed-text' }, icon('alert', { size: 14 }), h('span', { text: ours ? 'Not sent: ' : 'Not delivered: ' }), h('span', { class: 'failed-reason', text: d.message || 'unknown error' })),
      ours ? outboxButtons(d.outbox_id, 'Retry') : null);
  }
  return null;
}

function bodyEl(m, ctx) {
  const parts = [];
  const url = m.attachment_url;
  switch (m.kind) {
    case 'image': {
      parts.push(imageEl(safeImageUrl(url), url, m.text, ctx));
      if (m.text && m.text !== url) parts.push(richText(m.text));
      break;
    }
    case 'file':
      parts.push(fileCard(url || m.text, 'file'));
      if (m.text && m.text !== url) parts.push(richText(m.text));
      break;
    case 'review':
      parts.push(h('div', { class: 'review-card' }, icon('star'), h('div', {},
        h('p', { class: 'review-title', text: 'Review requested' }),
        m.text ? richText(m.text, 'review-text') : null)));
      break;
    case 'comment': {
      const post = m.post || {};
      const purl = safeUrl(post.url);
      const title = post.title || (purl ? purl : 'a post');
      parts.push(h('div', { class: 'comment-ctx' }, icon('message', { size: 14 }), h('span', { text: 'Comment on ' }),
        purl ? linkEl(title, purl) : h('strong', { text: title })));
      parts.push(richText(m.text));
      break;
    }
    default:
      parts.push(richText(m.text));
      if (url) parts.push(fileCard(url, 'file'));
  }
  return parts;
}

// The picture itself when it may load, a "Load?" card for an unknown host, or
// the file card when it cannot be shown (refused by the app, not a picture…).
function imageEl(href, raw, text, ctx) {
  const alt = text ? text.slice(0, 120) : 'Image from the conversation';
  if (!href || !proxiedImageUrl(href) || gate.failed(href)) return fileCard(raw, 'image');
  if (!gate.shouldLoad(href, ctx && ctx.accountUrl)) return imageGateEl(href, alt);
  return thumbEl(href, alt);
}

function thumbEl(href, alt) {
  const img = h('img', { class: 'thumb-img', alt, decoding: 'async' });
  img.setAttribute('referrerpolicy', 'no-referrer');
  img.setAttribute('loading', 'lazy');
  const thumb = h('button', { type: 'button', class: 'thumb', dataset: { url: href }, attrs: { 'aria-label': 'Open image in browser', title: href } }, img);
  img.addEventListener('error', () => {
    gate.markFailed(href);
    swap(thumb, fileCard(href, 'image'));
  }, { once: true });
  img.src = proxiedImageUrl(href);
  return thumb;
}

function imageGateEl(href, alt) {
  const host = hostOf(href);
  const btn = (how, label, title) => h('button', { type: 'button', class: 'btn btn-sm btn-secondary', dataset: { imgLoad: how }, attrs: { title } }, h('span', { text: label }));
  return h('div', { class: 'file-card img-gate', dataset: { imgHref: href, imgHost: host, imgAlt: alt } }, icon('image'),
    h('span', { class: 'file-name', text: `Image from ${host}`, attrs: { title: href } }),
    btn('once', 'Load', `Load this image from ${host}`),
    btn('always', 'Always', `Always load images from ${host}`));
}

// Replaces a row's part and lets the thread measure the row again.
function swap(old, next) {
  if (!old.isConnected) return;
  old.replaceWith(next);
  next.dispatchEvent(new Event('rowresize', { bubbles: true }));
}

function loadGated(threadEl, card, always) {
  const { imgHref: href, imgHost: host } = card.dataset;
  if (always) gate.loadAlways(host);
  else gate.loadOnce(href);
  const cards = always ? [...threadEl.querySelectorAll('.img-gate')].filter((c) => c.dataset.imgHost === host) : [card];
  for (const c of cards) swap(c, thumbEl(c.dataset.imgHref, c.dataset.imgAlt));
}

function fileCard(url, kind) {
  const href = safeUrl(url);
  const name = url ? fileName(url) : 'Attachment';
  return h('div', { class: 'file-card' }, icon(kind === 'image' ? 'image' : 'file'),
    h('span', { class: 'file-name', text: name, attrs: { title: url || '' } }),
    href ? h('button', { type: 'button', class: 'btn btn-sm btn-secondary', dataset: { url: href }, attrs: { 'aria-label': `Open ${name}` } }, icon('external', { size: 14 }), h('span', { text: 'Open' })) : h('span', { class: 'muted', text: 'unsafe link' }));
}

export function renderRow(row, ctx) {
  if (row.type === 'day') {
    return h('div', { class: 'vrow day-sep', attrs: { role: 'separator' } }, h('span', { text: row.label }));
  }
  const m = row.msg;
  if (m.kind === 'activity') {
    return h('div', { class: 'vrow activity' }, h('span', { text: m.text || '' }), h('time', { class: 'msg-time', text: clockTime(m.at), attrs: { title: fullTime(m.at) } }));
  }
  const out = m.direction === 'outgoing';
  const note = !!m.is_note;
  const author = m.author || (out ? 'Operator' : ctx.customerName || 'Customer');
  const cls = ['vrow', 'msg', out ? 'is-out' : 'is-in', note && 'is-note', row.grouped && 'is-grouped', `kind-${m.kind}`,
    m.delivery && m.delivery.state !== 'sent' && `is-${m.delivery.state}`];
  const hooks = { messageId: String(m.id), delivery: (m.delivery && m.delivery.state) || 'sent' };
  return h('div', { class: cls, dataset: hooks, attrs: { 'aria-label': `${note ? 'Note' : out ? 'Sent' : 'Received'} message from ${author}` } },
    row.grouped ? null : h('div', { class: 'msg-head' },
      h('span', { class: 'msg-author', text: author }),
      h('time', { class: 'msg-time', text: clockTime(m.at), attrs: { title: fullTime(m.at) } })),
    h('div', { class: 'bubble', attrs: { title: row.grouped ? fullTime(m.at) : undefined } },
      note ? h('span', { class: 'note-label' }, icon('note', { size: 12 }), h('span', { text: 'Note' })) : null,
      bodyEl(m, ctx)),
    out ? deliveryEl(m) : null);
}

// Clicks inside the thread: links and files go through the confirmation,
// outbox buttons become actions. One delegated listener for all rows.
export function wireThreadClicks(el) {
  const activate = (target) => {
    const load = target.closest('[data-img-load]');
    if (load) {
      loadGated(el, load.closest('.img-gate'), load.dataset.imgLoad === 'always');
      return true;
    }
    const ob = target.closest('[data-outbox]');
    if (ob) {
      emitAction(el, `outbox_${ob.dataset.outbox}`, { id: ob.getAttribute('data-outbox-id') });
      return true;
    }
    const link = target.closest('[data-url]');
    if (link) {
      emitAction(el, 'open_link', { url: link.dataset.url });
      return true;
    }
    return false;
  };
  el.addEventListener('click', (e) => {
    if (activate(e.target)) e.preventDefault();
  });
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.classList && e.target.classList.contains('link') && activate(e.target)) e.preventDefault();
  });
}
