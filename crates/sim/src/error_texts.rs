//! Every error text the simulator answers with, in one place.
//!
//! The first group is verbatim from the Blinger API docs. The second group
//! covers cases the docs do not document: those texts are the simulator's own
//! choice, and a client must not rely on them beyond "an error happened".

// --- Verbatim from docs (blinger-conversation-api.md) ---

/// `start` on a conversation assigned to another operator. Verbatim from the
/// docs, including the four spaces inside "conversation".
pub const ASSIGNED_TO_ANOTHER_OPERATOR: &str =
    "The c    onversation was assigned to another operator";
/// `close` on a closed conversation.
pub const CONVERSATION_CLOSED: &str = "The conversation is closed.";
/// `unassign` on an unassigned conversation.
pub const ALREADY_UNASSIGNED: &str = "The conversation is already unassigned.";
/// `assign-operator` with the operator already assigned.
pub const ALREADY_ASSIGNED_TO_OPERATOR: &str =
    "The conversation has already been assigned to this operator.";
/// `assign-group` with the group already set.
pub const GROUP_ALREADY_SELECTED: &str = "The operator group has already been selected.";
/// `send-message` without text.
pub const TEXT_EMPTY: &str = "text is empty";
/// `send-file-message` without a URL.
pub const FILE_URL_EMPTY: &str = "file_url is empty";

// --- Not from the docs: the simulator's own texts ---

/// Missing or wrong `Authentication` token (Conversation API and `/_sim/`).
pub const AUTHENTICATION_FAILED: &str = "Authentication failed.";
/// Missing or wrong `Authorization` token (Widget API).
pub const AUTHORIZATION_FAILED: &str = "Authorization failed.";
pub const CONVERSATION_ID_EMPTY: &str = "conversation_id is empty";
pub const OPERATOR_ID_EMPTY: &str = "operator_id is empty";
pub const GROUP_ID_EMPTY: &str = "group_id is empty";
pub const CONVERSATION_NOT_FOUND: &str = "Conversation not found.";
pub const OPERATOR_NOT_FOUND: &str = "Operator not found.";
pub const GROUP_NOT_FOUND: &str = "Group not found.";
/// Sending a message into a closed conversation: the simulator reuses the
/// documented `close` text, as the closest documented wording.
pub const SEND_INTO_CLOSED: &str = CONVERSATION_CLOSED;
/// A note without text: the documented `send-message` text reused.
pub const NOTE_TEXT_EMPTY: &str = TEXT_EMPTY;
pub const NOT_FOUND: &str = "Not found.";
pub const METHOD_NOT_ALLOWED: &str = "Method not allowed.";
pub const INTERNAL_SERVER_ERROR: &str = "Internal server error";
pub const TOO_MANY_REQUESTS: &str = "Too many requests";

/// `{name} must be an integer` for a parameter that is not an integer.
pub fn not_an_integer(name: &str) -> String {
    format!("{name} must be an integer")
}

// Widget API (no error texts documented at all).
pub const AGENT_ID_EMPTY: &str = "agentId is empty";
pub const AGENT_NOT_FOUND: &str = "Agent not found.";
pub const UUID_EMPTY: &str = "uuid is empty";
pub const UUID_INVALID: &str = "uuid is not a valid UUID";
pub const UUID_USED_ELSEWHERE: &str = "uuid is already used in another conversation";
pub const FILE_EMPTY: &str = "file is empty";
pub const WIDGET_TEXT_EMPTY: &str = TEXT_EMPTY;
