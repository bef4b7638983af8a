//! Widget API models (camelCase on the wire; ids are UUID strings).
//!
//! `websocketToken` of end users is deliberately not kept: it is a credential.

use crate::de;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A widget conversation, as returned by `assign-agent`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetConversation {
    #[serde(deserialize_with = "de::flex_string")]
    pub id: String,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub assigned_agent: Option<WidgetAgent>,
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub locked: Option<bool>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub created_at: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub updated_at: Option<i64>,
}

/// An agent (operator) of the widget.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetAgent {
    #[serde(deserialize_with = "de::flex_string")]
    pub id: String,
    /// The agent's id in the business's own system.
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub service_user_id: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub name: Option<String>,
    /// `online`, `offline`…
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub avatar: Option<WidgetFile>,
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub active: Option<bool>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub created_at: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub updated_at: Option<i64>,
}

/// A message in a widget conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetMessage {
    #[serde(deserialize_with = "de::flex_string")]
    pub id: String,
    /// `delivered`, …
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub status: Option<String>,
    /// `text`, `file`, `review`, …
    #[serde(default, rename = "type", deserialize_with = "de::flex_opt_string")]
    pub kind: Option<String>,
    /// The text of a `text` message.
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub body: Option<String>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub file: Option<WidgetFile>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub review: Option<WidgetReview>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub bot: Option<WidgetBot>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub agent: Option<WidgetAgent>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub end_user: Option<WidgetEndUser>,
    /// Creation time in microseconds: orders messages sent within the same second.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub microseconds: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub created_at: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub updated_at: Option<i64>,
}

/// A stored file (a message's attachment or an avatar).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetFile {
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub id: Option<String>,
    /// `image`, `file`, …
    #[serde(default, rename = "type", deserialize_with = "de::flex_opt_string")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub meta: Option<WidgetFileMeta>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub info: Option<WidgetFileInfo>,
    /// URLs by size: `default`, `120x120`, `520x400`…
    #[serde(default, deserialize_with = "de::opt_object")]
    pub url: Option<BTreeMap<String, String>>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub created_at: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub updated_at: Option<i64>,
}

impl WidgetFile {
    /// The full-size URL.
    pub fn default_url(&self) -> Option<&str> {
        self.url.as_ref()?.get("default").map(String::as_str)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetFileMeta {
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub width: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub height: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetFileInfo {
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub ext: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub mime_type: Option<String>,
    /// Bytes.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub size: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub path: Option<String>,
}

/// A review request and, once the customer answered, their mark.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetReview {
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub agent: Option<WidgetAgent>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub end_user: Option<WidgetEndUser>,
    /// 0 until the customer rates.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub mark: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub confirmed: Option<bool>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub created_at: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub updated_at: Option<i64>,
}

/// The widget's visitor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetEndUser {
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub created_at: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub updated_at: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetBot {
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub created_at: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub updated_at: Option<i64>,
}
