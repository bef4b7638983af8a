//! Tolerant field decoders.
//!
//! Blinger's backend is PHP, and its answers show it: ids come as `5` or `"5"`,
//! booleans as `true`, `1` or `"1"`, an empty object as `[]`, a list as an object
//! keyed by index. The documentation's own examples mix these forms. Every model
//! field goes through one of these functions so that a change of form on the
//! server never turns a readable answer into a decode error.
//!
//! All of them are visitor-based (no intermediate `serde_json::Value`), so a
//! 1000-conversation list costs no more than a strict decoder would.

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

/// An id or count: a JSON integer, an integral float, or a numeric string.
pub fn flex_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(OptI64)?
        .ok_or_else(|| de::Error::custom("expected a number or a numeric string, found nothing"))
}

/// Like [`flex_i64`]; `null`, `""` and an absent field (with `#[serde(default)]`) give `None`.
pub fn flex_opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_any(OptI64)
}

struct OptI64;

impl<'de> Visitor<'de> for OptI64 {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer, a numeric string or null")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(Some)
            .map_err(|_| E::custom(format!("{v} is too large")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e18 {
            Ok(Some(v as i64))
        } else {
            Err(E::custom(format!("{v} is not an integer")))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        match t.parse::<i64>() {
            Ok(n) => Ok(Some(n)),
            Err(_) => t
                .parse::<f64>()
                .map_err(|_| E::custom(format!("{v:?} is not a number")))
                .and_then(|f| self.visit_f64(f)),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Text that may come as a string, a number or a boolean (`"253560468"` or `253560468`).
pub fn flex_opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(OptString)
}

/// Required text, same forms as [`flex_opt_string`].
pub fn flex_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(OptString)?
        .ok_or_else(|| de::Error::custom("expected a string or a number, found null"))
}

struct OptString;

impl<'de> Visitor<'de> for OptString {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a number or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Any JSON at all as text: strings as they are, anything else as compact JSON.
/// For free-form fields such as a message's `error`, whose shape is undocumented.
pub fn any_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

/// A flag: `true`/`false`, `0`/`1` (any non-zero is true), `"0"`/`"1"`/`"true"`/`"false"`;
/// `null` and `""` give `None`.
pub fn flex_opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_any(OptBool)
}

struct OptBool;

impl<'de> Visitor<'de> for OptBool {
    type Value = Option<bool>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a boolean, 0/1, \"0\"/\"1\" or null")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v != 0))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v != 0))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v != 0.0))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match v.trim().to_ascii_lowercase().as_str() {
            "" | "null" => Ok(None),
            "1" | "true" | "yes" | "on" => Ok(Some(true)),
            "0" | "false" | "no" | "off" => Ok(Some(false)),
            _ => Err(E::custom(format!("{v:?} is not a boolean"))),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A nested object that PHP may send as `[]` when it is empty (an empty PHP array
/// encodes as a JSON array), or as `null`/`""`: all of those give `None`.
pub fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_any(OptObject(PhantomData))
}

struct OptObject<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OptObject<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object, an empty array or null")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        match seq.next_element::<de::IgnoredAny>()? {
            None => Ok(None),
            Some(_) => Err(de::Error::custom(
                "expected an object, found a non-empty array",
            )),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            Ok(None)
        } else {
            Err(E::custom(format!(
                "expected an object, found the string {v:?}"
            )))
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// `T` from a JSON object only. A derived struct also accepts an array of its
/// field values in order (`[300, 1]` would be a conversation with id 300), which
/// for an API answer is never right: the clients decode every object answer
/// through this wrapper so that such an answer is a decode error.
#[derive(Debug, Clone, PartialEq)]
pub struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = Object<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Object)
            }
        }
        d.deserialize_any(ObjectVisitor(PhantomData))
    }
}

/// A list that may come as an array, as an object keyed by index (PHP arrays whose
/// keys are not 0..n encode that way), or as `null`; taken in document order.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_any(List(PhantomData))
}

struct List<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for List<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array, an object keyed by index, or null")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            out.push(item);
        }
        Ok(out)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some((_, item)) = map.next_entry::<de::IgnoredAny, T>()? {
            out.push(item);
        }
        Ok(out)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A value that may arrive JSON-encoded inside a string (`"tags": "[]"`): the string
/// is decoded again as JSON. Used by [`crate::Tags`].
pub(crate) fn from_json_text<T: DeserializeOwned, E: de::Error>(text: &str) -> Result<T, E> {
    serde_json::from_str(text).map_err(|e| E::custom(format!("embedded JSON {text:?}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        #[serde(deserialize_with = "flex_i64")]
        id: i64,
        #[serde(default, deserialize_with = "flex_opt_i64")]
        n: Option<i64>,
        #[serde(default, deserialize_with = "flex_opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "flex_opt_string")]
        s: Option<String>,
    }

    fn row(json: &str) -> Row {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn ids_as_numbers_strings_and_floats() {
        assert_eq!(row(r#"{"id":5}"#).id, 5);
        assert_eq!(row(r#"{"id":"5"}"#).id, 5);
        assert_eq!(row(r#"{"id":" 42 "}"#).id, 42);
        assert_eq!(row(r#"{"id":7.0}"#).id, 7);
        assert_eq!(row(r#"{"id":1,"n":""}"#).n, None);
        assert_eq!(row(r#"{"id":1,"n":null}"#).n, None);
        assert_eq!(row(r#"{"id":1,"n":"-3"}"#).n, Some(-3));
        assert!(serde_json::from_str::<Row>(r#"{"id":"abc"}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"id":null}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"id":1.5}"#).is_err());
    }

    #[test]
    fn booleans_in_all_forms() {
        for (json, want) in [
            ("true", Some(true)),
            ("false", Some(false)),
            ("1", Some(true)),
            ("0", Some(false)),
            ("\"1\"", Some(true)),
            ("\"0\"", Some(false)),
            ("\"true\"", Some(true)),
            ("null", None),
            ("\"\"", None),
        ] {
            assert_eq!(row(&format!(r#"{{"id":1,"b":{json}}}"#)).b, want, "{json}");
        }
    }

    #[test]
    fn strings_from_numbers() {
        assert_eq!(
            row(r#"{"id":1,"s":253560468}"#).s.as_deref(),
            Some("253560468")
        );
        assert_eq!(row(r#"{"id":1,"s":"x"}"#).s.as_deref(), Some("x"));
        assert_eq!(row(r#"{"id":1}"#).s, None);
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Inner {
        a: i64,
    }

    #[derive(Deserialize, Debug)]
    struct Outer {
        #[serde(default, deserialize_with = "opt_object")]
        o: Option<Inner>,
        #[serde(default, deserialize_with = "list")]
        l: Vec<Inner>,
    }

    #[test]
    fn php_empty_arrays_and_keyed_lists() {
        let v: Outer = serde_json::from_str(r#"{"o":[],"l":{"3":{"a":1},"7":{"a":2}}}"#).unwrap();
        assert_eq!(v.o, None);
        assert_eq!(v.l, vec![Inner { a: 1 }, Inner { a: 2 }]);
        let v: Outer = serde_json::from_str(r#"{"o":{"a":9},"l":null}"#).unwrap();
        assert_eq!(v.o, Some(Inner { a: 9 }));
        assert!(v.l.is_empty());
        assert!(serde_json::from_str::<Outer>(r#"{"o":[1]}"#).is_err());
    }
}
