//! Tags, in every form the server uses for them.
//!
//! The docs show `"tags": null`, `"tags": "[]"` (a JSON array encoded into a
//! string), `"tags": ["tag1", "tag2"]` and `"tags": [{"id":"id","title":"test1","message_id":"634"}]`.
//! All of them decode into [`Tags`]; it serializes back as a plain array of objects.

use crate::de;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Deref;

/// One tag. A bare string tag becomes a `Tag` with only a `title`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    pub id: Option<String>,
    pub title: String,
    /// The message the tag was put on, when the server says.
    pub message_id: Option<i64>,
}

impl Tag {
    pub fn new(title: impl Into<String>) -> Self {
        Tag {
            id: None,
            title: title.into(),
            message_id: None,
        }
    }
}

#[derive(Deserialize)]
struct TagObject {
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    id: Option<String>,
    #[serde(default, alias = "name", deserialize_with = "de::flex_opt_string")]
    title: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    message_id: Option<i64>,
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TagVisitor;
        impl<'de> Visitor<'de> for TagVisitor {
            type Value = Tag;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a tag name or a tag object")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Tag, E> {
                Ok(Tag::new(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Tag, E> {
                Ok(Tag::new(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Tag, E> {
                Ok(Tag::new(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Tag, A::Error> {
                let o = TagObject::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Tag {
                    id: o.id,
                    title: o.title.unwrap_or_default(),
                    message_id: o.message_id,
                })
            }
        }
        d.deserialize_any(TagVisitor)
    }
}

/// A list of tags; empty when the server sent `null`, `""`, `"[]"` or nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Tags(pub Vec<Tag>);

impl Tags {
    /// The tag names, in order.
    pub fn titles(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|t| t.title.as_str())
    }
}

impl Deref for Tags {
    type Target = [Tag];
    fn deref(&self) -> &[Tag] {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Tags {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TagsVisitor)
    }
}

struct TagsVisitor;

impl<'de> Visitor<'de> for TagsVisitor {
    type Value = Tags;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("tags: null, an array, or a JSON array inside a string")
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Tags, E> {
        Ok(Tags::default())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Tags, E> {
        Ok(Tags::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tags, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Tags, E> {
        let t = v.trim();
        if t.is_empty() {
            Ok(Tags::default())
        } else if t.starts_with('[') || t.starts_with('{') || t == "null" {
            de::from_json_text(t)
        } else {
            // A single bare name.
            Ok(Tags(vec![Tag::new(t)]))
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tags, A::Error> {
        let mut out = Vec::new();
        while let Some(tag) = seq.next_element::<Option<Tag>>()? {
            out.extend(tag);
        }
        Ok(Tags(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tags, A::Error> {
        // An object keyed by index (a PHP array with gaps).
        let mut out = Vec::new();
        while let Some((_, tag)) = map.next_entry::<serde::de::IgnoredAny, Option<Tag>>()? {
            out.extend(tag);
        }
        Ok(Tags(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(json: &str) -> Tags {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn every_documented_form() {
        assert!(tags("null").is_empty());
        assert!(tags("\"[]\"").is_empty());
        assert!(tags("\"\"").is_empty());
        assert_eq!(
            tags(r#""[\"a\",\"b\"]""#).titles().collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(
            tags(r#"["tag1", "tag2"]"#).titles().collect::<Vec<_>>(),
            ["tag1", "tag2"]
        );
        let objects = tags(r#"[{"id":"id","title":"test1","message_id":"634"}]"#);
        assert_eq!(objects[0].id.as_deref(), Some("id"));
        assert_eq!(objects[0].title, "test1");
        assert_eq!(objects[0].message_id, Some(634));
    }

    #[test]
    fn round_trips_as_objects() {
        let t = tags(r#"["vip"]"#);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#"[{"id":null,"title":"vip","message_id":null}]"#);
        assert_eq!(tags(&json), t);
    }
}
