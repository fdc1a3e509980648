//! Serde for the generated structs, driven from here instead of derived per struct.
//!
//! serde's derive writes, for every struct, a field enum with its own visitor and `Deserialize`,
//! a struct visitor with `visit_seq` and `visit_map`, and (with `#[serde(flatten)]`) a buffer
//! of every entry, all generic over the deserializer: checked per struct, and compiled again
//! for each deserializer that reaches it. That was half of the client's check time.
//!
//! Here a struct implements [`Object`]: `read`, one loop with one `match` on the key, and
//! `write`, one call per field. Reading stays generic over the map access, so a field value is
//! read by its own type's `Deserialize` straight from the JSON, as with the derive (no value is
//! boxed or buffered); but all the rest (the visitor, the keys, the errors) is written once
//! below. Writing goes through `erased_serde`: `write` is compiled once per struct, not once
//! per serializer.
//!
//! On the wire nothing changes: a JSON object in, a JSON object out; fields may come in any
//! order; a required field that is missing or a field given twice is an error naming it; a
//! field the struct does not list is kept in `unknown_fields` (or `additional_properties`)
//! where the struct has one, and skipped where it has none.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{self, SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// The error of [`Object::write`]; the serializer's own error where one of its was the cause.
pub type WriteError = erased_serde::Error;

/// A generated struct, read and written as a JSON object.
pub trait Object: Sized {
    /// The struct's name, for messages.
    const NAME: &'static str;

    /// Reads the struct from the entries of an object.
    fn read<'de, M: MapAccess<'de>>(fields: &mut Fields<'de, M>) -> Result<Self, M::Error>;

    /// Writes the struct's entries.
    fn write(&self, writer: &mut Writer<'_>) -> Result<(), WriteError>;
}

/// `Deserialize` of an [`Object`].
pub fn deserialize<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// `Serialize` of an [`Object`].
pub fn serialize<S: Serializer, T: Object>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    Entries(value).serialize(serializer)
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<T, M::Error> {
        T::read(&mut Fields {
            map,
            key: String::new(),
            de: PhantomData,
        })
    }
}

/// The entries of an object, read by a generated [`Object::read`]:
///
/// ```ignore
/// while let Some(key) = fields.next_key()? {
///     match key {
///         "id" => fields.value(&mut id)?,
///         _ => fields.unknown(&mut unknown_fields)?,
///     }
/// }
/// ```
pub struct Fields<'de, M> {
    map: M,
    /// The key just read, in a buffer kept for the whole object: keys cost no allocation.
    key: String,
    de: PhantomData<&'de ()>,
}

impl<'de, M: MapAccess<'de>> Fields<'de, M> {
    /// The next key, `None` at the end of the object.
    pub fn next_key(&mut self) -> Result<Option<&str>, M::Error> {
        Ok(match self.map.next_key_seed(KeySeed(&mut self.key))? {
            Some(()) => Some(&self.key),
            None => None,
        })
    }

    /// Reads the value of the key just read into `slot`; an error if it was read before.
    pub fn value<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>) -> Result<(), M::Error> {
        if slot.is_some() {
            return Err(de::Error::custom(format_args!(
                "duplicate field `{}`",
                self.key
            )));
        }
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// Keeps the entry just read in `map` (the struct's `unknown_fields` or
    /// `additional_properties`).
    pub fn unknown<T: Deserialize<'de>>(
        &mut self,
        map: &mut BTreeMap<String, T>,
    ) -> Result<(), M::Error> {
        let value = self.map.next_value()?;
        map.insert(std::mem::take(&mut self.key), value);
        Ok(())
    }

    /// Keeps the entry just read for the struct's flattened members (see [`flattened`]).
    pub fn rest(
        &mut self,
        rest: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), M::Error> {
        let value = self.map.next_value()?;
        rest.insert(std::mem::take(&mut self.key), value);
        Ok(())
    }

    /// Skips the value of the key just read: a struct without `unknown_fields` (one the caller
    /// builds for requests) ignores what it does not list.
    pub fn skip(&mut self) -> Result<(), M::Error> {
        self.map.next_value::<IgnoredAny>().map(drop)
    }

    /// A required field's value; an error naming it if the object did not have it.
    pub fn required<T>(&self, slot: Option<T>, name: &'static str) -> Result<T, M::Error> {
        slot.ok_or_else(|| de::Error::missing_field(name))
    }

    /// A flattened member (a union the struct's schema is combined with), read from the
    /// entries the struct's own fields did not take.
    pub fn flattened<T: serde::de::DeserializeOwned>(
        &self,
        rest: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<T, M::Error> {
        T::deserialize(serde_json::Value::Object(rest.clone())).map_err(de::Error::custom)
    }
}

/// Reads a key into the buffer [`Fields`] keeps.
struct KeySeed<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.0.clear();
        self.0.push_str(value);
        Ok(())
    }
}

/// An [`Object`] as `Serialize`, through one `dyn` call: compiled once per serializer.
struct Entries<'a>(&'a dyn Write);

/// [`Object::write`] without the `Sized` bound, to be called through `dyn`.
trait Write {
    fn write(&self, writer: &mut Writer<'_>) -> Result<(), WriteError>;
}

impl<T: Object> Write for T {
    fn write(&self, writer: &mut Writer<'_>) -> Result<(), WriteError> {
        Object::write(self, writer)
    }
}

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut sink = Sink {
            map: Some(serializer.serialize_map(None)?),
            error: None,
        };
        let written = self.0.write(&mut Writer { sink: &mut sink });
        match (written, sink.error, sink.map) {
            (Ok(()), None, Some(map)) => map.end(),
            // The serializer's own error, as it gave it.
            (_, Some(error), _) => Err(error),
            (Err(error), None, _) => Err(ser::Error::custom(error)),
            (Ok(()), None, None) => Err(ser::Error::custom("the map was lost")),
        }
    }
}

/// What [`Writer`] needs of a `SerializeMap`, without its type.
trait ErasedEntries {
    fn entry(
        &mut self,
        key: &str,
        value: &dyn erased_serde::Serialize,
    ) -> Result<(), WriteError>;
}

struct Sink<M: SerializeMap> {
    map: Option<M>,
    error: Option<M::Error>,
}

impl<M: SerializeMap> ErasedEntries for Sink<M> {
    fn entry(
        &mut self,
        key: &str,
        value: &dyn erased_serde::Serialize,
    ) -> Result<(), WriteError> {
        let Some(map) = self.map.as_mut() else {
            return Err(ser::Error::custom("the map failed before"));
        };
        map.serialize_entry(key, value).map_err(|error| {
            self.error = Some(error);
            self.map = None;
            ser::Error::custom("the map failed")
        })
    }
}

/// The entries of an object, written by a generated [`Object::write`], one call per field.
pub struct Writer<'a> {
    sink: &'a mut dyn ErasedEntries,
}

impl Writer<'_> {
    /// A field that is always written (`null` for a `None` of a required, nullable field).
    pub fn field<T: Serialize>(&mut self, key: &str, value: &T) -> Result<(), WriteError> {
        self.sink.entry(key, value)
    }

    /// An optional field: left out when `None`.
    pub fn optional<T: Serialize>(
        &mut self,
        key: &str,
        value: &Option<T>,
    ) -> Result<(), WriteError> {
        match value {
            Some(value) => self.sink.entry(key, value),
            None => Ok(()),
        }
    }

    /// A tri-state field: left out when omitted, `null` or the value otherwise.
    pub fn patch<T: Serialize>(
        &mut self,
        key: &str,
        value: &super::Patch<T>,
    ) -> Result<(), WriteError> {
        match value {
            super::Patch::Omit => Ok(()),
            value => self.sink.entry(key, value),
        }
    }

    /// The entries of a map (`unknown_fields`, `additional_properties`).
    pub fn entries<T: Serialize>(
        &mut self,
        map: &BTreeMap<String, T>,
    ) -> Result<(), WriteError> {
        for (key, value) in map {
            self.sink.entry(key, value)?;
        }
        Ok(())
    }

    /// A flattened member: its entries, written beside the struct's own.
    pub fn flattened<T: Serialize>(&mut self, value: &T) -> Result<(), WriteError> {
        match serde_json::to_value(value).map_err(ser::Error::custom)? {
            serde_json::Value::Object(map) => {
                for (key, value) in &map {
                    self.sink.entry(key, value)?;
                }
                Ok(())
            }
            serde_json::Value::Null => Ok(()),
            _ => Err(ser::Error::custom("a flattened member must be an object")),
        }
    }
}

/// `Serialize` and `Deserialize` of a generated struct, through its [`Object`] impl.
#[macro_export]
#[doc(hidden)]
macro_rules! object_serde {
    ($name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::runtime::object::serialize(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                $crate::runtime::object::deserialize(deserializer)
            }
        }
    };
}
