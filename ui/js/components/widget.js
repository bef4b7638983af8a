// Blinger Widget API actions for one conversation: they address the widget's
// own conversation id (a UUID), entered here and remembered per conversation.
// The Widget API lists no agents: those the account assigned before (Rust keeps
// every agent id the server took) are offered under the agent field.
import { h, uniqueId, withBusy } from './dom.js';
import { openDialog, errorBox, button } from './dialog.js';
import { describeError } from '../state/errors.js';

export function openWidgetDialog({ widgetConv, onRemember, onAction, agents }) {
  const err = errorBox();
  const idInput = h('input', { type: 'text', class: 'input mono', value: widgetConv || '', placeholder: 'e.g. 3f0c…-…', id: uniqueId('w'), spellcheck: false, autocomplete: 'off' });
  const agentsList = h('datalist', { id: uniqueId('wa') });
  const agent = h('input', { type: 'text', class: 'input', placeholder: 'agent id', id: uniqueId('w'), autocomplete: 'off' });
  agent.setAttribute('list', agentsList.id);
  const text = h('textarea', { class: 'input', rows: 3, placeholder: 'Message sent through the widget', id: uniqueId('w'), attrs: { dir: 'auto' } });
  const file = h('input', { type: 'url', class: 'input', placeholder: 'https://…/file.pdf', id: uniqueId('w'), autocomplete: 'off' });
  const known = h('div', { class: 'agent-chips', hidden: true, attrs: { role: 'group', 'aria-label': 'Agents assigned before' } });
  Promise.resolve(agents).then((list) => {
    const all = (list || []).filter((a) => a && a.id !== undefined && a.id !== null);
    agentsList.replaceChildren(...all.map((a) => h('option', { value: String(a.id), text: a.name || `#${a.id}` })));
    known.replaceChildren(...all.slice(0, 12).map((a) => h('button', {
      type: 'button', class: 'chip', text: a.name || String(a.id),
      attrs: { title: String(a.id), 'aria-label': `Agent ${a.name ? `${a.name} (${a.id})` : a.id}` },
      on: { click: () => { agent.value = String(a.id); agent.focus(); } },
    })));
    known.hidden = !all.length;
  }).catch(() => {});

  const inFlight = new Set();
  function act(btn, name, build) {
    btn.addEventListener('click', async () => {
      if (inFlight.has(name)) return;
      const wc = idInput.value.trim();
      err.hide();
      if (!wc) {
        err.show({ text: 'Enter the widget conversation id first.' });
        idInput.focus();
        return;
      }
      const payload = build(wc);
      if (!payload) return;
      onRemember(wc);
      inFlight.add(name);
      try {
        await withBusy(btn, Promise.resolve(onAction(name, payload)));
        if (name === 'text') text.value = '';
        if (name === 'file') file.value = '';
      } catch (e) {
        err.show(describeError(e));
      } finally {
        inFlight.delete(name);
      }
    });
    return btn;
  }
  const need = (input, what) => {
    if (input.value.trim()) return true;
    err.show({ text: `Enter ${what} first.` });
    input.focus();
    return false;
  };
  const assignBtn = act(button('Assign agent', { kind: 'secondary' }), 'assign', (wc) => need(agent, 'an agent id') && { widget_conversation: wc, agent_id: agent.value.trim() });
  const textBtn = act(button('Send text', { kind: 'secondary', iconName: 'send' }), 'text', (wc) => need(text, 'a message') && { widget_conversation: wc, text: text.value });
  const fileBtn = act(button('Send file', { kind: 'secondary', iconName: 'clip' }), 'file', (wc) => need(file, 'a file URL') && { widget_conversation: wc, url: file.value.trim() });
  const reviewBtn = act(button('Request review', { kind: 'secondary', iconName: 'star' }), 'review', (wc) => ({ widget_conversation: wc }));

  const lbl = (el, t) => h('label', { for: el.id, text: t });
  return openDialog({
    title: 'Widget actions',
    className: 'dlg-widget',
    body: [
      h('div', { class: 'field' }, lbl(idInput, 'Widget conversation id'), idInput, h('p', { class: 'field-hint', text: 'Remembered for this conversation.' })),
      h('div', { class: 'widget-grid' },
        h('div', { class: 'field' }, lbl(agent, 'Agent'), h('div', { class: 'inline' }, agent, assignBtn), known, agentsList),
        h('div', { class: 'field' }, lbl(text, 'Text'), text, h('div', { class: 'row-actions' }, textBtn)),
        h('div', { class: 'field' }, lbl(file, 'File by URL'), h('div', { class: 'inline' }, file, fileBtn)),
        h('div', { class: 'field' }, h('span', { class: 'label', text: 'Review' }), h('div', { class: 'inline' }, h('span', { class: 'muted', text: 'Ask the customer to rate the conversation.' }), reviewBtn))),
      err.el,
    ],
  });
}
