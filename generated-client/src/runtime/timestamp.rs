//! [`Timestamp`]: a `date-time` exactly as precise as the server sent it.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A `format: date-time` value that keeps the offset the server sent.
///
/// Junction sends most timestamps with an offset (`2023-02-13T14:30:52+01:00`) and some
/// without (`2022-01-01T00:00:00`, documented as UTC). Both decode; the offset is kept as
/// sent (not converted to UTC), a value without one reads as UTC and is written back without
/// one, so a round trip changes nothing.
///
/// ```
/// use junction::runtime::Timestamp;
/// let t: Timestamp = "2023-02-13T14:30:52+01:00".parse().unwrap();
/// assert_eq!(t.offset().local_minus_utc(), 3600);
/// assert_eq!(t.to_string(), "2023-02-13T14:30:52+01:00");
/// let naive: Timestamp = "2022-01-01T00:00:00".parse().unwrap();
/// assert!(!naive.has_offset());
/// assert_eq!(naive.to_string(), "2022-01-01T00:00:00");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    value: DateTime<FixedOffset>,
    has_offset: bool,
}

impl Timestamp {
    /// The time with its offset (UTC for a value sent without one).
    pub fn datetime(&self) -> DateTime<FixedOffset> {
        self.value
    }

    /// The offset as sent (UTC for a value sent without one).
    pub fn offset(&self) -> FixedOffset {
        *self.value.offset()
    }

    /// Whether the server gave an offset.
    pub fn has_offset(&self) -> bool {
        self.has_offset
    }

    /// The same instant in UTC.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.value.with_timezone(&Utc)
    }
}

impl<Tz: chrono::TimeZone> From<DateTime<Tz>> for Timestamp {
    fn from(value: DateTime<Tz>) -> Self {
        Timestamp {
            value: value.fixed_offset(),
            has_offset: true,
        }
    }
}

impl From<Timestamp> for DateTime<FixedOffset> {
    fn from(t: Timestamp) -> Self {
        t.value
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    /// By instant, then by offset.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.value, self.value.offset().local_minus_utc())
            .cmp(&(other.value, other.value.offset().local_minus_utc()))
    }
}

/// A text that is not an RFC 3339 date-time, with or without an offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseTimestampError(String);

impl fmt::Display for ParseTimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an RFC 3339 date-time", self.0)
    }
}

impl std::error::Error for ParseTimestampError {}

impl FromStr for Timestamp {
    type Err = ParseTimestampError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(value) = DateTime::parse_from_rfc3339(s) {
            return Ok(Timestamp {
                value,
                has_offset: true,
            });
        }
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(s, format).ok())
            .map(|naive| Timestamp {
                value: naive.and_utc().fixed_offset(),
                has_offset: false,
            })
            .ok_or_else(|| ParseTimestampError(s.to_owned()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.has_offset {
            f.write_str(&self.value.to_rfc3339_opts(SecondsFormat::AutoSi, false))
        } else {
            write!(
                f,
                "{}",
                self.value.naive_local().format("%Y-%m-%dT%H:%M:%S%.f")
            )
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
