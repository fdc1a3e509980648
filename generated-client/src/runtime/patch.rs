//! [`Patch`]: a request field that can be left out, sent as `null`, or sent with a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A request field that is optional *and* nullable, so it has three states on the wire.
///
/// | value              | JSON sent            | meaning to the server      |
/// |--------------------|----------------------|----------------------------|
/// | `Patch::Omit`      | field absent         | leave it as it is          |
/// | `Patch::Null`      | `"field": null`      | clear it                   |
/// | `Patch::Value(v)`  | `"field": v`         | set it to `v`              |
///
/// `Omit` is the default, so `..Default::default()` leaves every other field alone. A plain
/// `Option<Option<T>>` carries the same states, but `Some(None)` does not say what it does.
///
/// ```
/// use junction::Patch;
/// let name: Patch<String> = "Europe/London".to_owned().into();
/// assert_eq!(name, Patch::Value("Europe/London".to_owned()));
/// assert!(Patch::<String>::default().is_omit());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// Leave the field out of the request.
    #[default]
    Omit,
    /// Send `null`.
    Null,
    /// Send this value.
    Value(T),
}

impl<T> Patch<T> {
    /// True for [`Patch::Omit`]; the generated structs skip such fields when serializing.
    pub fn is_omit(&self) -> bool {
        matches!(self, Patch::Omit)
    }

    /// The value, if one is set.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Patch::Value(v) => Some(v),
            Patch::Omit | Patch::Null => None,
        }
    }
}

impl<T> From<T> for Patch<T> {
    fn from(value: T) -> Self {
        Patch::Value(value)
    }
}

impl From<&str> for Patch<String> {
    /// A text value, so that a setter taking `impl Into<Patch<String>>` takes a `&str`.
    fn from(value: &str) -> Self {
        Patch::Value(value.to_owned())
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some(v)` sets the value, `None` sends `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Patch::Null, Patch::Value)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Value(v) => v.serialize(serializer),
            Patch::Omit | Patch::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    /// `null` reads as [`Patch::Null`]; a missing field reads as [`Patch::Omit`] through
    /// `#[serde(default)]` on the field.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Patch::from)
    }
}
