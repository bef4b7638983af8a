// The side panel: everything known about the customer and the conversation.
// Every value is untrusted text; the page URL opens only through the confirmation.
import { h, emitAction } from './dom.js';
import { icon } from './icons.js';
import { channelInfo } from '../state/channels.js';
import { safeUrl } from '../state/url.js';
import { own } from '../state/lookup.js';

function row(label, value, extra) {
  if (value === undefined || value === null || value === '') return null;
  return h('div', { class: 'kv' }, h('dt', { text: label }), h('dd', {}, h('span', { text: String(value) }), extra || null));
}

const STATUS = { open: 'Open', unassigned: 'Unassigned', closed: 'Closed', pending: 'Pending', snoozed: 'Snoozed' };

function person(p) {
  if (!p) return null;
  if (typeof p === 'string') return p;
  return p.name || (p.id !== undefined ? `#${p.id}` : null);
}

export function mountDetails(el) {
  el.classList.add('details');
  el.setAttribute('aria-label', 'Conversation details');
  const body = h('div', { class: 'details-body' });
  el.append(h('header', { class: 'details-head' }, h('h2', { text: 'Details' })), body);

  function section(title, ...rows) {
    const kids = rows.flat().filter(Boolean);
    if (!kids.length) return null;
    return h('section', { class: 'details-sec' }, h('h3', { text: title }), h('dl', {}, kids));
  }

  return {
    set(item, details, account, widgetConv) {
      const d = details || {};
      const c = d.customer || {};
      const channel = (item && item.channel) || d.channel;
      const pageHref = safeUrl(c.page_url);
      // The customer's tags, then the conversation's (Blinger names those in webhooks).
      const rowTags = item && Array.isArray(item.tags) ? item.tags : [];
      const tags = [...new Set([...(Array.isArray(c.tags) ? c.tags : []), ...rowTags]
        .map((t) => (t && typeof t === 'object' ? t.title || t.name || '' : t))
        .filter((t) => t !== null && t !== undefined && String(t).trim())
        .map(String))];
      const pageBtn = pageHref
        ? h('button', { type: 'button', class: 'link-btn', dataset: { url: pageHref }, attrs: { title: pageHref }, on: { click: () => emitAction(el, 'open_link', { url: pageHref }) } },
          icon('external', { size: 12 }), h('span', { text: 'Open' }))
        : null;
      const parts = [
        section('Customer',
          row('Name', c.name || (item && item.customer_name)),
          row('Phone', c.phone),
          row('Email', c.email)),
        section('Conversation',
          row('Channel', channel ? channelInfo(channel).label : ''),
          row('Id', item ? `#${item.key.conversation}` : ''),
          row('Account', account ? account.name : item ? item.key.account : ''),
          row('Status', own(STATUS, (item && item.status) || d.status) || (item && item.status) || d.status),
          row('Operator', person(d.operator) || person(item && item.assignee) || 'Unassigned'),
          row('Group', person(d.group) || person(item && item.group)),
          account && account.widget ? row('Widget conversation', widgetConv || d.widget_conversation || '—') : null),
        c.page_url || c.page_title
          ? section('Page', row('Title', c.page_title), row('URL', c.page_url, pageBtn))
          : null,
        tags.length
          ? h('section', { class: 'details-sec' }, h('h3', { text: 'Tags' }), h('ul', { class: 'tags' }, tags.map((t) => h('li', { class: 'tag', text: String(t) }))))
          : null,
      ].filter(Boolean);
      body.replaceChildren(...(parts.length ? parts : [h('p', { class: 'muted', text: 'No details.' })]));
    },
    clear() {
      body.replaceChildren(h('p', { class: 'muted details-empty', text: 'Open a conversation to see the customer and conversation details.' }));
    },
  };
}
