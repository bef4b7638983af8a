// Conversation keys. Rust sends {account, conversation}; the page needs one
// string per conversation for Maps and DOM bookkeeping. A control character
// separates the parts so an account name containing "/" cannot collide.

export function keyId(key) {
  return `${key.account}\u001f${key.conversation}`;
}

// The format the `drafts` / `save_draft` commands use ("account/conv").
export function draftKey(key) {
  return `${key.account}/${key.conversation}`;
}

export function sameKey(a, b) {
  return !!a && !!b && a.account === b.account && a.conversation === b.conversation;
}
