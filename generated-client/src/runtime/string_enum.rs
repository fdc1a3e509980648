//! Serde for the generated string enums, written once here instead of derived per enum.
//!
//! An enum of the spec is a set of strings. Each generated enum implements [`StringEnum`]
//! (its wire values, in one `match`) and gets its `Serialize` and `Deserialize` from
//! `string_enum_serde!`: a string out, a string in. This is what
//! serde's derive did, at a fraction of its compile time: the derive writes a field visitor and
//! an enum visitor per enum, and for an open enum (one with an `Other(String)` variant) buffers
//! the value and tries each variant in turn.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

/// A string enum of the spec: its values and how a value read from the wire becomes a variant.
pub trait StringEnum: Sized {
    /// Every value this version of the spec lists, for the error about an unknown one.
    const VALUES: &'static [&'static str];

    /// The variant of a value the spec lists, `None` for any other value.
    fn from_known(value: &str) -> Option<Self>;

    /// The variant that keeps a value the spec does not list: `Some(Other(value))` for an open
    /// enum; `None`, an error, for a closed one (the default).
    fn from_unknown(value: String) -> Option<Self> {
        let _ = value;
        None
    }
}

/// Reads a [`StringEnum`] from a string.
pub fn deserialize<'de, D: Deserializer<'de>, T: StringEnum>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(StringEnumVisitor(PhantomData))
}

/// The visitor behind [`deserialize`]; generic over the enum only, so compiled once per enum
/// and deserializer, with no per-enum code but the `match` of [`StringEnum::from_known`].
struct StringEnumVisitor<T>(PhantomData<T>);

impl<T: StringEnum> StringEnumVisitor<T> {
    fn read<E: de::Error>(value: &str, owned: impl FnOnce() -> String) -> Result<T, E> {
        match T::from_known(value) {
            Some(known) => Ok(known),
            None => T::from_unknown(owned()).ok_or_else(|| E::unknown_variant(value, T::VALUES)),
        }
    }
}

impl<T: StringEnum> Visitor<'_> for StringEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Self::read(value, || value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        Self::read(&value, || value.clone())
    }
}

/// `Serialize` (the value's `as_str()`) and `Deserialize` (through [`StringEnum`]) for a
/// generated string enum.
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum_serde {
    ($name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                $crate::runtime::string_enum::deserialize(deserializer)
            }
        }
    };
}
