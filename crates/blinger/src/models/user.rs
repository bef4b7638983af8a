//! People as Blinger describes them: the customer writing in (`from_user`) and the
//! business account receiving (`to_user`, `toBlingerUser`).

use super::{Channel, Tags};
use crate::de;
use serde::{Deserialize, Serialize};

/// A Blinger user object. Every field but `id` is optional: the docs show different
/// subsets in different answers (`phone` and `service_user_nickname` only in `get`).
///
/// `extra_field_secret_key` is deliberately not kept: it is a credential and the
/// app caches these objects on disk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BlingerUser {
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub service_blinger_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub blinger_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub is_active: Option<bool>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_updated: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_created: Option<i64>,
    #[serde(default)]
    pub tags: Tags,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub custom_name: Option<String>,
    /// `default` for a customer, `customer` for the business account (Blinger's wording).
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub role: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub avatar: Option<String>,
    #[serde(default)]
    pub application: Option<Channel>,
    /// The user's id inside the messenger (a Telegram user id, a phone…).
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub service_user_id: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub service_user_nickname: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub group_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub is_comments: Option<bool>,
    /// Live chat only: the page the customer is on.
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub page_url: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub page_title: Option<String>,
    /// Free-form fields set by the business; shape undocumented, kept as JSON.
    #[serde(default)]
    pub extra_fields: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub dialog_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub comments_group_id: Option<i64>,
}

impl BlingerUser {
    /// The best name to show: custom name, name, nickname, then phone.
    pub fn display_name(&self) -> Option<&str> {
        [
            &self.custom_name,
            &self.name,
            &self.service_user_nickname,
            &self.phone,
        ]
        .into_iter()
        .find_map(|v| non_blank(v.as_deref()))
    }
}

/// `Some` only for text with something other than whitespace in it.
pub(crate) fn non_blank(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_prefers_custom_name() {
        let mut u: BlingerUser =
            serde_json::from_str(r#"{"id":"10","name":"Alex","phone":"+3752","custom_name":"  "}"#)
                .unwrap();
        assert_eq!(u.id, Some(10));
        assert_eq!(u.display_name(), Some("Alex"));
        u.custom_name = Some("Alexander".into());
        assert_eq!(u.display_name(), Some("Alexander"));
        assert_eq!(BlingerUser::default().display_name(), None);
    }
}
