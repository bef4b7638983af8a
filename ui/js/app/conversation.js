// The open conversation: loading it, keeping its thread current from events,
// sending (pending echo at once, text kept until `send` resolves), the outbox
// buttons, and drafts kept per conversation.
import { keyId, draftKey, sameKey } from '../state/keys.js';
import { createDraftStore } from '../state/drafts.js';
import { upsertMessage, newIncoming } from '../state/thread.js';
import { describeError } from '../state/errors.js';
import { safeUrl } from '../state/url.js';
import { promptDialog } from '../components/prompt.js';

let localSeq = 0;

export function createConversationController(app) {
  const { ui, api, guard } = app;
  const s = { key: null, item: null, details: null, messages: [], locals: [], seq: 0, loading: false };
  const draftKeys = new Map(); // "account/conv" → ConvKey, for save_draft
  let drafts = createDraftStore({ save: saveDraft });

  function saveDraft(dk, text) {
    const key = draftKeys.get(dk);
    return key ? api.saveDraft(key, text) : null;
  }

  function account() {
    return s.key ? app.account(s.key.account) : null;
  }

  function shown() {
    return s.locals.length ? s.messages.concat(s.locals) : s.messages;
  }

  function paintHead() {
    const acc = account();
    ui.header.set(s.item, acc, s.details);
    ui.details.set(s.item, s.details, acc, app.widgetConv(s.key, s.details));
    ui.composer.setFileAllowed(!acc || acc.provider !== 'chatwoot');
  }

  // Opens `key`. With `find`, the conversation is fetched by id first
  // (`find_conversation`) and a failure is thrown to the caller (the quick
  // switcher shows it) instead of replacing the open conversation.
  async function open(key, { find = false } = {}) {
    if (!key) return;
    if (sameKey(key, s.key) && !find) {
      ui.conv.showOpen(true);
      return;
    }
    const prefetched = find ? await api.findConversation(key.account, key.conversation) : null;
    leave();
    const seq = ++s.seq;
    s.key = key;
    s.item = app.inbox.item(key);
    s.details = null;
    s.messages = [];
    s.locals = [];
    const id = keyId(key);
    draftKeys.set(draftKey(key), key);
    ui.pane.list.setOpen(id);
    ui.pane.list.select(id);
    ui.conv.showOpen(true);
    paintHead();
    ui.composer.setText(drafts.get(draftKey(key)));
    ui.composer.setMode('reply');
    if (prefetched) return show(prefetched);
    ui.conv.setState('loading');
    ui.thread.open([], threadContext());
    try {
      const res = await api.openConversation(key);
      if (seq === s.seq) show(res);
    } catch (e) {
      if (seq !== s.seq) return;
      ui.conv.setState('error', describeError(e), () => {
        s.key = null;
        open(key);
      });
    }
  }

  function show(res) {
    s.item = (res && res.item) || app.inbox.item(s.key) || s.item;
    s.details = (res && res.details) || null;
    s.messages = res && Array.isArray(res.messages) ? res.messages : [];
    ui.conv.setState(null);
    paintHead();
    ui.thread.open(shown(), threadContext());
  }

  // What rows need to know: the customer's name, and the account's server
  // (its images load without asking).
  function threadContext() {
    const account = s.key && app.account(s.key.account);
    return { customerName: customerName(), accountUrl: account ? account.api_url : '' };
  }

  function customerName() {
    return (s.item && s.item.customer_name) || (s.details && s.details.customer && s.details.customer.name) || '';
  }

  // Leaving a conversation: write its draft now and tell Rust the view closed.
  function leave() {
    if (!s.key) return;
    drafts.flush(draftKey(s.key));
    const prev = s.key;
    api.closeView(prev).catch(() => {});
  }

  function close() {
    leave();
    s.key = null;
    s.seq++;
    ui.pane.list.setOpen(null);
    ui.conv.showOpen(false);
    ui.thread.clear();
    ui.details.clear();
  }

  // Replies the server has confirmed, by outbox id. The events about a reply and
  // the answer to its `send` call travel separately: a late answer or thread read
  // must not bring back a "Sending…" echo of a reply that is already delivered.
  const delivered = new Set();
  const stale = (m) => m && m.delivery && m.delivery.state !== 'sent' && delivered.has(m.id);

  function onThreadChanged({ key, messages }) {
    if (!sameKey(key, s.key) || !Array.isArray(messages)) return;
    messages = messages.filter((m) => !stale(m));
    const fresh = newIncoming(s.messages, messages);
    s.messages = messages;
    ui.thread.update(shown());
    if (fresh.length) app.announce(`New message from ${customerName() || 'the customer'}: ${String(fresh[fresh.length - 1].text || '').slice(0, 140)}`);
  }

  function onOutboxChanged({ key, message }) {
    if (message && message.delivery && message.delivery.state === 'sent') {
      if (delivered.size > 1000) delivered.clear();
      delivered.add(message.id);
    }
    if (!sameKey(key, s.key) || !message) return;
    s.messages = upsertMessage(s.messages, message);
    ui.thread.update(shown());
  }

  // A reply left the outbox unsent (discarded, or replaced by its edited text).
  function onOutboxRemoved({ key, id }) {
    if (!sameKey(key, s.key) || !id) return;
    s.messages = s.messages.filter((m) => m.id !== id && !(m.delivery && m.delivery.outbox_id === id));
    ui.thread.update(shown());
  }

  function onItemChanged(item) {
    if (!s.key || !item || !sameKey(item.key, s.key)) return;
    s.item = item;
    paintHead();
  }

  function payloadFor(mode, text) {
    const acc = account();
    if (acc && acc.provider === 'chatwoot') return { type: 'chatwoot_message', content: text, private: mode === 'note' };
    return mode === 'note' ? { type: 'note', text } : { type: 'text', text };
  }

  // Sends with a local pending echo at once; the composer keeps the text until
  // Rust accepts it (then the outbox owns it), or shows why it did not.
  function send(payload, echo, { fromComposer }) {
    const key = s.key;
    if (!key) return null;
    const run = guard.run(`send:${keyId(key)}`, async () => {
      const local = { id: `local:${++localSeq}`, author: null, at: Math.floor(Date.now() / 1000), direction: 'outgoing', attachment_url: null, delivery: { state: 'pending', outbox_id: null }, ...echo };
      s.locals.push(local);
      ui.thread.update(shown());
      ui.thread.scrollToBottom();
      if (fromComposer) ui.composer.setSending(true);
      try {
        const sent = await api.send(key, payload);
        s.locals = s.locals.filter((m) => m !== local);
        if (sameKey(key, s.key)) {
          // The answer shows the entry as it was queued; a delivery report may have
          // come first (refused, waiting, sent), and it is newer.
          const reported = (m) => m.delivery && m.delivery.outbox_id && m.delivery.outbox_id === sent.delivery.outbox_id;
          if (sent && sent.delivery && !stale(sent) && !s.messages.some(reported)) s.messages = upsertMessage(s.messages, sent);
          ui.thread.update(shown());
        }
        if (fromComposer) {
          drafts.clear(draftKey(key));
          if (sameKey(key, s.key)) ui.composer.setText('');
        }
        return sent;
      } catch (e) {
        s.locals = s.locals.filter((m) => m !== local);
        if (sameKey(key, s.key)) ui.thread.update(shown());
        throw e;
      } finally {
        if (fromComposer) ui.composer.setSending(false);
      }
    });
    return run;
  }

  function sendFromComposer(mode, text) {
    const p = send(payloadFor(mode, text), { text, kind: 'text', is_note: mode === 'note' }, { fromComposer: true });
    if (!p) return;
    ui.composer.hideError();
    p.catch((e) => {
      if (s.key) ui.composer.showError(describeError(e));
    });
  }

  function sendFile() {
    if (!s.key) return;
    promptDialog({
      title: 'Send a file by URL',
      intro: 'The customer receives the file at this address (http or https).',
      fields: [{ name: 'url', label: 'File URL', type: 'url', placeholder: 'https://…/invoice.pdf', required: true, autofocus: true }],
      submitLabel: 'Send file',
      onSubmit: ({ url }) => {
        const href = safeUrl(url);
        if (!href || !/^https?:/.test(href)) throw { kind: 'invalid_input', message: 'Only http(s) URLs can be sent.' };
        const p = send({ type: 'file', url: href }, { text: '', kind: 'file', is_note: false, attachment_url: href }, { fromComposer: false });
        return p || Promise.reject({ kind: 'invalid_input', message: 'A message is already being sent.' });
      },
    });
  }

  function findMessage(outboxId) {
    return shown().find((m) => m.delivery && m.delivery.outbox_id === outboxId);
  }

  function outbox(kind, id, button) {
    if (!id) return;
    if (kind === 'edit') {
      const m = findMessage(id);
      promptDialog({
        title: 'Edit the message',
        intro: 'It is sent again with your changes.',
        fields: [{ name: 'text', label: 'Message', type: 'textarea', value: m ? m.text : '', required: true, autofocus: true }],
        submitLabel: 'Save and send',
        onSubmit: ({ text }) => api.outboxEdit(id, text),
      });
      return;
    }
    const call = kind === 'retry' ? () => api.outboxRetry(id) : () => api.outboxDiscard(id);
    const p = guard.run(`outbox:${id}`, call);
    if (!p) return;
    if (button) {
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
    }
    p.catch((e) => app.toast.error(kind === 'retry' ? 'Could not retry the message' : 'Could not discard the message', describeError(e)))
      .finally(() => {
        if (button && button.isConnected) {
          button.disabled = false;
          button.removeAttribute('aria-busy');
        }
      });
  }

  // After the agent restarted: read the open thread again, which also tells
  // the new agent which thread to watch. The composer keeps its text (drafts).
  function reopen() {
    if (!s.key) return;
    const key = s.key;
    drafts.flush(draftKey(key));
    s.key = null;
    return open(key);
  }

  return {
    open,
    reopen,
    close,
    key: () => s.key,
    item: () => s.item,
    details: () => s.details,
    account,
    onThreadChanged,
    onOutboxChanged,
    onOutboxRemoved,
    onItemChanged,
    sendFromComposer,
    sendFile,
    send,
    outbox,
    setDrafts(initial) {
      for (const k of Object.keys(initial || {})) {
        const i = k.indexOf('/');
        if (i > 0 && !draftKeys.has(k)) draftKeys.set(k, { account: k.slice(0, i), conversation: k.slice(i + 1) });
      }
      drafts = createDraftStore({ initial, save: saveDraft });
    },
    draftInput(text) {
      if (s.key) drafts.set(draftKey(s.key), text);
    },
    flushDrafts() {
      drafts.flush();
    },
    repaint: paintHead,
  };
}
