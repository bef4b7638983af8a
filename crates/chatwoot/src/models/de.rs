//! Forgiving field decoders.
//!
//! The OpenAPI file and the real server disagree in places (timestamps as numbers
//! or ISO strings, `attachment` vs `attachments`, a contact wrapped in `payload`),
//! and white-labelled servers run older or patched versions. One odd field must
//! not cost the operator a whole inbox, so fields decode through these helpers:
//! a value that does not fit becomes `None` / empty instead of an error.
//! Only what makes an object meaningless (its own `id`) is strict.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// `T` if the value fits, `None` otherwise (including `null` and absence).
pub(crate) fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(d)?;
    Ok(T::deserialize(value).ok())
}

/// A string, or a number/bool written as text (phone numbers and identifiers
/// sometimes arrive as numbers).
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// `true`/`false`, `1`/`0` or their string forms; anything else is unknown.
pub(crate) fn opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        Value::String(s) => match s.trim() {
            "true" | "1" => Some(true),
            "false" | "0" | "" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

/// Like [`opt_flag`], with unknown read as `false`.
pub(crate) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    opt_flag(d).map(|b| b.unwrap_or(false))
}

/// A non-negative count; the spec types counts as `number`, so `3.0` is accepted.
pub(crate) fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(whole_number(&Value::deserialize(d)?).unwrap_or(0))
}

/// A list whose unreadable items are dropped; `null` is empty and a lone object
/// is a list of one (the spec's `attachment` object vs the server's `attachments`).
pub(crate) fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| T::deserialize(v).ok())
            .collect(),
        single @ Value::Object(_) => T::deserialize(single).ok().into_iter().collect(),
        _ => Vec::new(),
    })
}

/// A JSON object, or empty when the server sent anything else (`null`, `""`).
pub(crate) fn object<'de, D: Deserializer<'de>>(d: D) -> Result<Map<String, Value>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Object(map) => map,
        _ => Map::new(),
    })
}

/// A whole, non-negative number from a JSON number (`7`, `7.0`) or numeric string (`"7"`).
pub(crate) fn whole_number(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= 9_007_199_254_740_992.0)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Deserialize, Debug, Default)]
    struct Probe {
        #[serde(default, deserialize_with = "lenient")]
        n: Option<u32>,
        #[serde(default, deserialize_with = "text")]
        t: Option<String>,
        #[serde(default, deserialize_with = "flag")]
        f: bool,
        #[serde(default, deserialize_with = "count")]
        c: u64,
        #[serde(default, deserialize_with = "list")]
        l: Vec<u32>,
        #[serde(default, deserialize_with = "object")]
        o: Map<String, Value>,
    }

    fn probe(v: Value) -> Probe {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn odd_values_fall_back_instead_of_failing() {
        let p = probe(json!({"n": "x", "t": [], "f": "maybe", "c": -3, "l": "[]", "o": "{}"}));
        assert_eq!(p.n, None);
        assert_eq!(p.t, None);
        assert!(!p.f);
        assert_eq!(p.c, 0);
        assert!(p.l.is_empty());
        assert!(p.o.is_empty());
    }

    #[test]
    fn alternative_spellings_are_understood() {
        let p = probe(
            json!({"n": 4, "t": 972501234567u64, "f": 1, "c": "12", "l": [1, "bad", 3], "o": {"k": 1}}),
        );
        assert_eq!(p.n, Some(4));
        assert_eq!(p.t.as_deref(), Some("972501234567"));
        assert!(p.f);
        assert_eq!(p.c, 12);
        assert_eq!(p.l, vec![1, 3]);
        assert_eq!(p.o["k"], 1);
        assert_eq!(probe(json!({"c": 5.0, "f": "true"})).c, 5);
        assert!(probe(json!({"f": "true"})).f);
    }

    #[test]
    fn absent_fields_take_defaults() {
        let p = probe(json!({}));
        assert_eq!(p.n, None);
        assert_eq!(p.c, 0);
        assert!(p.l.is_empty());
    }

    #[test]
    fn a_lone_object_is_a_list_of_one() {
        #[derive(Deserialize)]
        struct Item {
            id: u32,
        }
        #[derive(Deserialize)]
        struct Holder {
            #[serde(deserialize_with = "list")]
            items: Vec<Item>,
        }
        let h: Holder = serde_json::from_value(json!({"items": {"id": 9}})).unwrap();
        assert_eq!(h.items[0].id, 9);
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(whole_number(&json!(7)), Some(7));
        assert_eq!(whole_number(&json!(7.0)), Some(7));
        assert_eq!(whole_number(&json!(7.5)), None);
        assert_eq!(whole_number(&json!(" 42 ")), Some(42));
        assert_eq!(whole_number(&json!(-1)), None);
        assert_eq!(whole_number(&json!(null)), None);
    }
}
