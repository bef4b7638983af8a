// Every command of docs/ipc.md, with its exact argument shape, in one place.
import { invoke } from '../ipc.js';

export const api = {
  appState: () => invoke('app_state'),
  addAccount: (args) => invoke('add_account', args),
  removeAccount: (id, discardPending) => invoke('remove_account', discardPending ? { id, discard_pending: true } : { id }),
  refresh: (account) => invoke('refresh', account ? { account } : {}),
  openConversation: (key) => invoke('open_conversation', { key }),
  closeView: (key) => invoke('close_view', { key }),
  findConversation: (account, conversation) => invoke('find_conversation', { account, conversation }),
  send: (key, payload) => invoke('send', { key, payload }),
  outboxRetry: (id) => invoke('outbox_retry', { id }),
  outboxRetryAll: (account) => invoke('outbox_retry_all', account ? { account } : {}),
  outboxDiscardAccount: (account) => invoke('outbox_discard_account', { account }),
  outboxDiscard: (id) => invoke('outbox_discard', { id }),
  outboxEdit: (id, text) => invoke('outbox_edit', { id, text }),
  act: (key, action) => invoke('act', { key, action }),
  createConversation: (args) => invoke('create_conversation', args),
  directory: (account) => invoke('directory', { account }),
  setDirectoryName: (account, kind, id, name) => invoke('set_directory_name', { account, kind, id, name }),
  setSettings: (settings) => invoke('set_settings', { settings }),
  openUrl: (url) => invoke('open_url', { url }),
  openLogsFolder: () => invoke('open_logs_folder'),
  cannedReplies: () => invoke('canned_replies'),
  saveCannedReplies: (replies) => invoke('save_canned_replies', { replies }),
  drafts: () => invoke('drafts'),
  saveDraft: (key, text) => invoke('save_draft', { key, text }),
};
