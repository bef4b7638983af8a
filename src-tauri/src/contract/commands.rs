//! The command table: every command the window may call, its arguments by the
//! names Tauri reads them under, and its result. The table is checked against the
//! code twice: `signatures` below does not compile when a type drifts, and a test
//! compares the names with the `#[tauri::command]` functions and the handler list.

use super::schema::Doc;
use crate::commands::{self, *};
use deskbell_desk::{Action, ConvKey, Directory, InboxItem, NewConversationSpec, ThreadMessage};
use deskbell_runtime::verbs::*;
use std::collections::BTreeMap;

/// `act` reads its action as raw JSON: an [`Action`], plus the Widget API
/// conversation for widget actions (a UUID, not the row's conversation id).
#[allow(dead_code)]
#[derive(schemars::JsonSchema)]
pub struct ActAction {
    #[serde(flatten)]
    action: Action,
    widget_conversation: Option<String>,
}

/// One row per command: `name(state the command takes; argument: Type [as the
/// schema's type], …) -> result`.
macro_rules! command_table {
    (@schema $ty:ty) => { $ty };
    (@schema $ty:ty, $schema:ty) => { $schema };
    (@state desk) => { commands::DeskState<'_> };
    (@state app) => { tauri::AppHandle };
    ($( $name:ident ( $($state:ident),* ; $($arg:ident : $ty:ty $(as $schema:ty)?),* ) -> $ret:ty; )*) => {
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The argument names of each command, in order.
        pub fn arguments() -> BTreeMap<&'static str, Vec<&'static str>> {
            BTreeMap::from([$( (stringify!($name), vec![$(stringify!($arg)),*]) ),*])
        }

        pub fn describe(doc: &mut Doc) {
            $({
                let args = vec![$(
                    (stringify!($arg), doc.arg::<command_table!(@schema $ty $(, $schema)?)>())
                ),*];
                let result = doc.sent::<$ret>();
                doc.command(stringify!($name), args, result);
            })*
        }

        /// Never called: only compiled, so that a command whose argument or result
        /// types no longer match its row fails the build.
        #[allow(dead_code)]
        mod signatures {
            use super::*;
            use crate::agent_link::Forwarded;

            /// A command answers `T` itself, or the agent's JSON of a `T`.
            trait Answers<T> {}
            impl<T> Answers<T> for T {}
            impl<T> Answers<T> for Forwarded<T> {}
            fn answers<T, R: Answers<T>>(_: &deskbell_runtime::error::CmdResult<R>) {}
            $(
                pub async fn $name(
                    $($state: command_table!(@state $state),)*
                    $($arg: $ty),*
                ) {
                    let answer = commands::$name($($state,)* $($arg),*).await;
                    answers::<$ret, _>(&answer);
                }
            )*
        }
    };
}

command_table! {
    app_state(app, desk;) -> AppState;
    add_account(desk; account: AccountInput, token: String, widget_token: Option<String>, discard_pending: Option<bool>) -> deskbell_runtime::events::AccountView;
    remove_account(desk; id: String, discard_pending: Option<bool>) -> ();
    refresh(desk; account: Option<String>) -> ();
    open_conversation(desk; key: ConvKey) -> OpenedConversation;
    find_conversation(desk; account: String, conversation: String) -> OpenedConversation;
    close_view(desk; key: ConvKey) -> ();
    send(desk; key: ConvKey, payload: SendInput) -> ThreadMessage;
    outbox_retry(desk; id: String) -> ();
    outbox_retry_all(desk; account: Option<String>) -> ();
    outbox_discard(desk; id: String) -> ();
    outbox_discard_account(desk; account: String) -> ();
    outbox_edit(desk; id: String, text: String) -> ();
    act(desk; key: ConvKey, action: serde_json::Value as ActAction) -> Option<InboxItem>;
    directory(desk; account: String) -> Directory;
    set_directory_name(desk; account: String, kind: String, id: String, name: String) -> Directory;
    create_conversation(desk; account: String, conversation: NewConversationSpec) -> InboxItem;
    set_settings(desk; settings: SettingsPatch) -> deskbell_runtime::settings::Settings;
    open_url(app; url: String) -> ();
    open_logs_folder(app;) -> ();
    canned_replies(;) -> Vec<CannedReply>;
    save_canned_replies(; replies: Vec<CannedReply>) -> Vec<CannedReply>;
    drafts(;) -> BTreeMap<String, String>;
    save_draft(; key: ConvKey, text: String) -> ();
    webhooks(desk;) -> WebhookView;
    set_webhook(desk; account: String, enabled: bool) -> WebhookView;
    set_webhook_listen(desk; listen: String, allow_remote: bool) -> WebhookView;
    test_webhook(desk; account: String) -> deskbell_runtime::webhooks::probe::WebhookTest;
}
