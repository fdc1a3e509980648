//! Serde for the generated structs, driven from here instead of derived per struct.
//!
//! serde's derive writes, for every struct, a field enum with its own visitor and `Deserialize`,
//! a struct visitor with `visit_seq` and `visit_map`, and (with `#[serde(flatten)]`) a buffer
//! of every entry, all generic over the deserializer: checked per struct, and compiled again
//! for each deserializer that reaches it. That was half of the client's check time.
//!
//! Here a struct implements [`Object`]: `read`, one loop with one `match` on the key, and
//! `write`, one call per field. Both stay generic (over the map access, over the serializer),
//! so a field value is read and written by its own type's serde straight from and to the
//! JSON, as with the derive (no value is boxed or buffered, no call goes through `dyn`); but
//! all the rest (the visitor, the keys, the errors, what is left out) is written once below,
//! and the generated code holds one line per field and one `?` per struct.
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

/// A generated struct, read and written as a JSON object.
pub trait Object: Sized {
    /// The struct's name, for messages.
    const NAME: &'static str;

    /// Reads the struct from the entries of an object.
    fn read<'de, M: MapAccess<'de>>(fields: &mut Fields<'de, M>) -> Result<Self, M::Error>;

    /// Writes the struct's entries.
    fn write<M: SerializeMap>(&self, writer: &mut Writer<'_, M>);
}

/// `Deserialize` of an [`Object`].
pub fn deserialize<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// `Serialize` of an [`Object`].
pub fn serialize<S: Serializer, T: Object>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    let mut writer = Writer {
        map: &mut map,
        error: None,
    };
    value.write(&mut writer);
    match writer.error {
        None => map.end(),
        Some(error) => Err(error),
    }
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
            error: None,
            de: PhantomData,
        })
    }
}

/// The entries of an object, read by a generated [`Object::read`]:
///
/// ```ignore
/// while let Some(key) = fields.next_key() {
///     match key {
///         "id" => fields.value(&mut id),
///         _ => fields.unknown(&mut unknown_fields),
///     }
/// }
/// fields.end()?;
/// ```
///
/// The first error ends the loop (`next_key` gives `None` after it) and is returned by
/// [`Fields::end`]: the generated code has one `?` for the loop, not one per field.
pub struct Fields<'de, M: MapAccess<'de>> {
    map: M,
    /// The key just read, in a buffer kept for the whole object: keys cost no allocation.
    key: String,
    error: Option<M::Error>,
    de: PhantomData<&'de ()>,
}

impl<'de, M: MapAccess<'de>> Fields<'de, M> {
    /// The next key; `None` at the end of the object or after an error.
    pub fn next_key(&mut self) -> Option<&str> {
        if self.error.is_some() {
            return None;
        }
        match self.map.next_key_seed(KeySeed(&mut self.key)) {
            Ok(Some(())) => Some(&self.key),
            Ok(None) => None,
            Err(error) => {
                self.error = Some(error);
                None
            }
        }
    }

    /// The first error met, if any.
    pub fn end(&mut self) -> Result<(), M::Error> {
        self.error.take().map_or(Ok(()), Err)
    }

    /// Reads the value of the key just read into `slot`; an error if it was read before.
    pub fn value<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>) {
        if slot.is_some() {
            let error = de::Error::custom(format_args!("duplicate field `{}`", self.key));
            self.error = Some(error);
            return;
        }
        match self.map.next_value() {
            Ok(value) => *slot = Some(value),
            Err(error) => self.error = Some(error),
        }
    }

    /// Keeps the entry just read in `map` (the struct's `unknown_fields` or
    /// `additional_properties`).
    pub fn unknown<T: Deserialize<'de>>(&mut self, map: &mut BTreeMap<String, T>) {
        match self.map.next_value() {
            Ok(value) => {
                map.insert(std::mem::take(&mut self.key), value);
            }
            Err(error) => self.error = Some(error),
        }
    }

    /// Keeps the entry just read for the struct's flattened members (see
    /// [`Fields::flattened`]).
    pub fn rest(&mut self, rest: &mut serde_json::Map<String, serde_json::Value>) {
        self.unknown_json(rest)
    }

    fn unknown_json(&mut self, rest: &mut serde_json::Map<String, serde_json::Value>) {
        match self.map.next_value() {
            Ok(value) => {
                rest.insert(std::mem::take(&mut self.key), value);
            }
            Err(error) => self.error = Some(error),
        }
    }

    /// Skips the value of the key just read: a struct without `unknown_fields` (one the caller
    /// builds for requests) ignores what it does not list.
    pub fn skip(&mut self) {
        if let Err(error) = self.map.next_value::<IgnoredAny>() {
            self.error = Some(error);
        }
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

/// The entries of an object, written by a generated [`Object::write`], one call per field.
/// The first error stops the writing; the ones after it are not tried.
pub struct Writer<'a, M: SerializeMap> {
    map: &'a mut M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Writer<'_, M> {
    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(key, value) {
                self.error = Some(error);
            }
        }
    }

    /// A field that is always written (`null` for a `None` of a required, nullable field).
    pub fn field<T: Serialize>(&mut self, key: &str, value: &T) {
        self.entry(key, value)
    }

    /// An optional field: left out when `None`.
    pub fn optional<T: Serialize>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(key, value)
        }
    }

    /// A tri-state field: left out when omitted, `null` or the value otherwise.
    pub fn patch<T: Serialize>(&mut self, key: &str, value: &super::Patch<T>) {
        if !value.is_omit() {
            self.entry(key, value)
        }
    }

    /// The entries of a map (`unknown_fields`, `additional_properties`).
    pub fn entries<T: Serialize>(&mut self, map: &BTreeMap<String, T>) {
        for (key, value) in map {
            self.entry(key, value);
        }
    }

    /// A flattened member: its entries, written beside the struct's own.
    pub fn flattened<T: Serialize>(&mut self, value: &T) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(map)) => {
                for (key, value) in &map {
                    self.entry(key, value);
                }
            }
            Ok(serde_json::Value::Null) => {}
            Ok(_) => self.fail("a flattened member must be an object"),
            Err(error) => self.fail(error),
        }
    }

    fn fail(&mut self, message: impl fmt::Display) {
        if self.error.is_none() {
            self.error = Some(ser::Error::custom(message));
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
