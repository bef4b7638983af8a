//! Typed ids, so an inbox id cannot be passed where a conversation id is expected.
//!
//! Chatwoot ids are integers, but answers sometimes carry them as strings (and the
//! spec types some as `number`, which allows `7.0`): all of these decode. They are
//! always sent as JSON integers, which is what the spec's request schemas demand.

use super::de::whole_number;
use serde::{de::Error as _, Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl $name {
            pub fn get(self) -> u64 {
                self.0
            }
        }

        impl From<u64> for $name {
            fn from(value: u64) -> Self {
                $name(value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = Value::deserialize(d)?;
                whole_number(&value).map($name).ok_or_else(|| {
                    D::Error::custom(format!(
                        concat!("expected ", stringify!($name), " (a number or numeric string), got {}"),
                        value
                    ))
                })
            }
        }
    };
}

id_type!(
    /// The numeric account id in `/api/v1/accounts/{account_id}/…`.
    AccountId
);
id_type!(
    /// A conversation's per-account number (Chatwoot's `display_id`), used in paths.
    ConversationId
);
id_type!(MessageId);
id_type!(InboxId);
id_type!(ContactId);
id_type!(
    /// A user of the account (agent or administrator); also the profile's id.
    AgentId
);
id_type!(TeamId);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_decode_from_numbers_and_strings_and_encode_as_numbers() {
        let a: ConversationId = serde_json::from_value(json!(17)).unwrap();
        let b: ConversationId = serde_json::from_value(json!("17")).unwrap();
        let c: ConversationId = serde_json::from_value(json!(17.0)).unwrap();
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert_eq!(serde_json::to_value(a).unwrap(), json!(17));
        assert_eq!(a.to_string(), "17");
    }

    #[test]
    fn non_ids_are_refused_with_a_clear_message() {
        let err = serde_json::from_value::<InboxId>(json!("abc")).unwrap_err();
        assert!(err.to_string().contains("InboxId"), "{err}");
        assert!(serde_json::from_value::<InboxId>(json!(null)).is_err());
        assert!(serde_json::from_value::<InboxId>(json!(-4)).is_err());
    }
}
