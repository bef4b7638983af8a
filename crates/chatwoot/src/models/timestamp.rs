//! Points in time, as the server writes them in any of its forms.
//!
//! Conversations and messages carry Unix seconds (`created_at: 1700000000`),
//! but the messages list's `meta.agent_last_seen_at` is an ISO 8601 string and
//! the spec types `conversation.timestamp` as a string: both forms decode to the
//! same [`Timestamp`]. A few lines of calendar arithmetic spare a date crate.

use super::de::whole_number;
use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch (UTC). Serializes as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    pub fn from_unix(seconds: i64) -> Self {
        Timestamp(seconds)
    }

    pub fn unix(self) -> i64 {
        self.0
    }

    pub fn now() -> Self {
        Self::from(SystemTime::now())
    }

    /// Parses `2019-08-24T14:15:22Z`, with optional fraction and offset
    /// (`+03:00`, `+0300`), a space instead of `T`, or Rails' ` UTC` suffix.
    pub fn parse_iso8601(text: &str) -> Option<Self> {
        let s = text.trim();
        let b = s.as_bytes();
        let num = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = s.get(range)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if b.get(4) != Some(&b'-')
            || b.get(7) != Some(&b'-')
            || !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
        {
            return None;
        }
        let days = days_from_civil(year, month, day);
        if b.len() == 10 {
            return Some(Timestamp(days * 86_400));
        }
        if !matches!(b.get(10), Some(b'T' | b't' | b' '))
            || b.get(13) != Some(&b':')
            || b.get(16) != Some(&b':')
        {
            return None;
        }
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut rest = &s[19..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            rest = &fraction[digits..];
        }
        let offset = parse_offset(rest.trim())?;
        Some(Timestamp(
            days * 86_400 + hour * 3600 + minute * 60 + second - offset,
        ))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the `date-time` form the spec asks for in requests.
    pub fn to_iso8601(self) -> String {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }

    /// Serializes as an ISO 8601 string (for the fields the spec types `date-time`).
    pub(crate) fn serialize_iso<S: Serializer>(
        value: &Option<Timestamp>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(t) => s.serialize_str(&t.to_iso8601()),
            None => s.serialize_none(),
        }
    }
}

impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(d) => Timestamp(d.as_secs() as i64),
            Err(e) => Timestamp(-(e.duration().as_secs() as i64)),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let parsed = match &value {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().map(|f| f.floor() as i64))
                .map(Timestamp),
            Value::String(s) => whole_number(&value)
                .map(|n| Timestamp(n as i64))
                .or_else(|| Timestamp::parse_iso8601(s)),
            _ => None,
        };
        parsed.ok_or_else(|| D::Error::custom(format!("expected a timestamp, got {value}")))
    }
}

/// Seconds east of UTC for `Z`, `UTC`, `+03:00`, `-0500`; no suffix is read as UTC.
fn parse_offset(text: &str) -> Option<i64> {
    if matches!(text, "" | "Z" | "z" | "UTC") {
        return Some(0);
    }
    let sign = match text.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = text[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits[2..].parse().ok()?;
    Some(sign * (hours * 3600 + minutes * 60))
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn iso_forms_parse_to_the_same_instant() {
        let expected = Timestamp(1_566_656_122); // 2019-08-24T14:15:22Z
        for text in [
            "2019-08-24T14:15:22Z",
            "2019-08-24T14:15:22.123Z",
            "2019-08-24T17:15:22+03:00",
            "2019-08-24T09:15:22-0500",
            "2019-08-24 14:15:22 UTC",
            "2019-08-24T14:15:22",
        ] {
            assert_eq!(Timestamp::parse_iso8601(text), Some(expected), "{text}");
        }
        assert_eq!(Timestamp::parse_iso8601("1970-01-01"), Some(Timestamp(0)));
    }

    #[test]
    fn garbage_is_refused() {
        for text in [
            "",
            "string",
            "2019-13-01T00:00:00Z",
            "2019-08-24T25:00:00Z",
            "2019-08-24T14:15:22+3",
        ] {
            assert_eq!(Timestamp::parse_iso8601(text), None, "{text}");
        }
    }

    #[test]
    fn formats_round_trip() {
        for secs in [
            0,
            1_566_656_122,
            1_757_506_877,
            951_782_400, /* 2000-02-29 */
            -86_400,
        ] {
            let t = Timestamp(secs);
            assert_eq!(
                Timestamp::parse_iso8601(&t.to_iso8601()),
                Some(t),
                "{}",
                t.to_iso8601()
            );
        }
        assert_eq!(
            Timestamp(1_900_000_000).to_iso8601(),
            "2030-03-17T17:46:40Z"
        );
    }

    #[test]
    fn decodes_numbers_numeric_strings_and_iso_strings() {
        let t = |v| {
            serde_json::from_value::<Timestamp>(v)
                .map(Timestamp::unix)
                .ok()
        };
        assert_eq!(t(json!(1_700_000_000)), Some(1_700_000_000));
        assert_eq!(t(json!(1_700_000_000.75)), Some(1_700_000_000));
        assert_eq!(t(json!("1700000000")), Some(1_700_000_000));
        assert_eq!(t(json!("2019-08-24T14:15:22Z")), Some(1_566_656_122));
        assert_eq!(t(json!("string")), None);
        assert_eq!(t(json!(true)), None);
    }
}
