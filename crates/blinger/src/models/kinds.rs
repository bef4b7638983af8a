//! Closed sets of values the app branches on (channel, status, message kind),
//! each with an escape hatch for values the docs do not list: the server adds
//! channels over time, and an unknown one must still decode and display.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Generates `as_str`, `From<&str>`, `Display` and string (de)serialization for an
/// enum whose catch-all variant keeps the original text.
macro_rules! string_enum {
    ($name:ident, $other:ident, { $($variant:ident => $canon:literal $(| $alias:literal)*),+ $(,)? }) => {
        impl $name {
            /// The wire value (the canonical spelling for known values).
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $canon,)+
                    $name::$other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                let lower = value.trim().to_ascii_lowercase();
                match lower.as_str() {
                    $($canon $(| $alias)* => $name::$variant,)+
                    _ => $name::$other(value.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = crate::de::flex_string(d)?;
                Ok($name::from(text.as_str()))
            }
        }
    };
}

/// The messenger a conversation runs on (Blinger's `application` field).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Channel {
    Telegram,
    WhatsApp,
    Viber,
    Vk,
    LiveChat,
    Email,
    Facebook,
    Instagram,
    Skype,
    Twitter,
    WeChat,
    Odnoklassniki,
    Line,
    /// A "Custom app" channel.
    Custom,
    /// A channel this version does not know; the server's own name is kept.
    Unknown(String),
}

string_enum!(Channel, Unknown, {
    Telegram => "telegrambot" | "telegram",
    WhatsApp => "whatsapp",
    Viber => "viber",
    Vk => "vk" | "vkontakte",
    LiveChat => "livechat",
    Email => "email" | "mail",
    Facebook => "facebook" | "messenger",
    Instagram => "instagram",
    Skype => "skype",
    Twitter => "twitter",
    WeChat => "wechat",
    Odnoklassniki => "odnoklassniki" | "ok",
    Line => "line",
    Custom => "custom",
});

impl Channel {
    /// A name to show to a person.
    pub fn label(&self) -> &str {
        match self {
            Channel::Telegram => "Telegram",
            Channel::WhatsApp => "WhatsApp",
            Channel::Viber => "Viber",
            Channel::Vk => "VK",
            Channel::LiveChat => "Live chat",
            Channel::Email => "Email",
            Channel::Facebook => "Facebook",
            Channel::Instagram => "Instagram",
            Channel::Skype => "Skype",
            Channel::Twitter => "Twitter",
            Channel::WeChat => "WeChat",
            Channel::Odnoklassniki => "Odnoklassniki",
            Channel::Line => "LINE",
            Channel::Custom => "Custom app",
            Channel::Unknown(s) => s,
        }
    }
}

/// Where a conversation is in its life. The docs show exactly these three.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Status {
    /// Assigned to an operator and open.
    Inbox,
    /// Waiting for an operator.
    Unassigned,
    Closed,
    Other(String),
}

string_enum!(Status, Other, {
    Inbox => "inbox",
    Unassigned => "unassigned",
    Closed => "closed",
});

/// What a message carries. For everything but `Text`, `message` holds the file's URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MessageKind {
    Text,
    Image,
    File,
    /// Any other type the server sends (video, audio, sticker…), kept by name.
    Other(String),
}

string_enum!(MessageKind, Other, {
    Text => "text",
    Image => "image" | "photo",
    File => "file" | "document",
});

/// A private chat (`message`) or a public comment thread under a post (`comment`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConversationKind {
    Message,
    Comment,
    Other(String),
}

string_enum!(ConversationKind, Other, {
    Message => "message",
    Comment => "comment",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_channels() {
        assert_eq!(Channel::from("telegrambot"), Channel::Telegram);
        assert_eq!(Channel::from("LiveChat"), Channel::LiveChat);
        assert_eq!(Channel::from("tiktok"), Channel::Unknown("tiktok".into()));
        assert_eq!(Channel::Unknown("tiktok".into()).as_str(), "tiktok");
        assert_eq!(Channel::Vk.label(), "VK");
        let c: Channel = serde_json::from_str("\"whatsapp\"").unwrap();
        assert_eq!(c, Channel::WhatsApp);
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"whatsapp\"");
    }

    #[test]
    fn statuses_and_kinds() {
        assert_eq!(Status::from("closed"), Status::Closed);
        assert_eq!(Status::from("archived"), Status::Other("archived".into()));
        assert_eq!(MessageKind::from("image"), MessageKind::Image);
        assert_eq!(
            MessageKind::from("video"),
            MessageKind::Other("video".into())
        );
        assert_eq!(ConversationKind::from("comment"), ConversationKind::Comment);
    }
}
