//! Serde for the generated structs, driven from here instead of derived per struct.
//!
//! serde's derive writes, for every struct, a field enum with its own visitor and `Deserialize`,
//! a struct visitor with `visit_seq` and `visit_map`, and (with `#[serde(flatten)]`) a buffer
//! of every entry; all of it generic over the deserializer, so checked per struct and compiled
//! again for each deserializer that reaches it. That was half of the client's compile time.
//!
//! Here a struct implements [`Object`]: one function, not generic, that reads its fields from a
//! [`Fields`] in one loop with one `match` on the key, and writes them to a [`Writer`] one call
//! per field. The generic parts (the visitor, the map access, the serializer) are written once
//! below, and field values cross into the per-struct code through `erased_serde`, so each field
//! type's serde is compiled once, not once per deserializer.
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

/// The error of [`Object::read`] and [`Object::write`]; the deserializer's or serializer's own
/// error where one of theirs was the cause.
pub type Error = erased_serde::Error;

/// A generated struct, read and written as a JSON object.
pub trait Object: Sized {
    /// The struct's name, for messages.
    const NAME: &'static str;

    /// Reads the struct from the entries of an object.
    fn read(fields: &mut Fields<'_, '_>) -> Result<Self, Error>;

    /// Writes the struct's entries.
    fn write(&self, writer: &mut Writer<'_>) -> Result<(), Error>;
}

/// `Deserialize` of an [`Object`].
pub fn deserialize<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// `Serialize` of an [`Object`].
pub fn serialize<S: Serializer, T: Object>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = Entries {
        map: Some(serializer.serialize_map(None)?),
        error: None,
    };
    let written = value.write(&mut Writer { sink: &mut map });
    match (written, map.error, map.map) {
        (Ok(()), None, Some(map)) => map.end(),
        (_, Some(error), _) => Err(error),
        (Err(error), None, _) => Err(ser::Error::custom(error)),
        (Ok(()), None, None) => unreachable!("the map is only taken on an error"),
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let mut access = Access {
            map,
            error: None,
            de: PhantomData,
        };
        let read = T::read(&mut Fields {
            access: &mut access,
            key: String::new(),
        });
        match (read, access.error) {
            (Ok(value), _) => Ok(value),
            // The map access's own error, with what it knows (a line and column in JSON).
            (Err(_), Some(error)) => Err(error),
            (Err(error), None) => Err(de::Error::custom(error)),
        }
    }
}

/// What [`Fields`] needs of a `MapAccess`, without its type.
trait ErasedMap<'de> {
    /// Reads the next key into `key`; `false` at the end of the object.
    fn next_key(&mut self, key: &mut String) -> Result<bool, Error>;

    /// Hands the next value's deserializer to `read`.
    fn next_value(&mut self, read: &mut ValueReader<'_, 'de>) -> Result<(), Error>;
}

struct Access<'de, A: MapAccess<'de>> {
    map: A,
    /// The map access's error, kept to be returned as it is.
    error: Option<A::Error>,
    de: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Access<'de, A> {
    /// Keeps the map access's error and hands the reader one that only says where it is kept.
    fn keep<T>(&mut self, result: Result<T, A::Error>) -> Result<T, Error> {
        result.map_err(|error| {
            self.error = Some(error);
            de::Error::custom("the map access failed")
        })
    }
}

impl<'de, A: MapAccess<'de>> ErasedMap<'de> for Access<'de, A> {
    fn next_key(&mut self, key: &mut String) -> Result<bool, Error> {
        let read = self.map.next_key_seed(KeySeed(key));
        self.keep(read).map(|found| found.is_some())
    }

    fn next_value(&mut self, read: &mut ValueReader<'_, 'de>) -> Result<(), Error> {
        let read = self.map.next_value_seed(ValueSeed(read));
        self.keep(read)
    }
}

/// Reads a value through its erased deserializer.
type ValueReader<'a, 'de> =
    dyn FnMut(&mut dyn erased_serde::Deserializer<'de>) -> Result<(), Error> + 'a;

/// Reads a key into the buffer [`Fields`] keeps, so that keys cost no allocation.
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

struct ValueSeed<'a, 'b, 'de>(&'a mut ValueReader<'b, 'de>);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer>::erase(deserializer);
        (self.0)(&mut erased).map_err(de::Error::custom)
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
pub struct Fields<'a, 'de> {
    access: &'a mut dyn ErasedMap<'de>,
    /// The key just read.
    key: String,
}

impl<'de> Fields<'_, 'de> {
    /// The next key, `None` at the end of the object.
    pub fn next_key(&mut self) -> Result<Option<&str>, Error> {
        Ok(match self.access.next_key(&mut self.key)? {
            true => Some(&self.key),
            false => None,
        })
    }

    /// Reads the value of the key just read into `slot`; an error if it was read before.
    pub fn value<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>) -> Result<(), Error> {
        if slot.is_some() {
            return Err(duplicate(&self.key));
        }
        self.access.next_value(&mut |deserializer| {
            *slot = Some(erased_serde::deserialize(deserializer)?);
            Ok(())
        })
    }

    /// Keeps the entry just read in `map` (the struct's `unknown_fields` or
    /// `additional_properties`).
    pub fn unknown<T: Deserialize<'de>>(
        &mut self,
        map: &mut BTreeMap<String, T>,
    ) -> Result<(), Error> {
        let mut value = None;
        self.access.next_value(&mut |deserializer| {
            value = Some(erased_serde::deserialize(deserializer)?);
            Ok(())
        })?;
        if let Some(value) = value {
            map.insert(std::mem::take(&mut self.key), value);
        }
        Ok(())
    }

    /// Keeps the entry just read for the struct's flattened members (see [`flattened`]).
    pub fn rest(
        &mut self,
        rest: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), Error> {
        let mut value = None;
        self.access.next_value(&mut |deserializer| {
            value = Some(erased_serde::deserialize(deserializer)?);
            Ok(())
        })?;
        if let Some(value) = value {
            rest.insert(std::mem::take(&mut self.key), value);
        }
        Ok(())
    }

    /// Skips the value of the key just read: a struct without `unknown_fields` (one the caller
    /// builds for requests) ignores what it does not list.
    pub fn skip(&mut self) -> Result<(), Error> {
        self.access.next_value(&mut |deserializer| {
            erased_serde::deserialize::<IgnoredAny>(deserializer).map(drop)
        })
    }
}

/// A required field's value; an error naming it if the object did not have it.
pub fn required<T>(slot: Option<T>, name: &'static str) -> Result<T, Error> {
    slot.ok_or_else(|| de::Error::missing_field(name))
}

/// A flattened member (a union the struct's schema is combined with) read from the entries
/// the struct's own fields did not take.
pub fn flattened<T: serde::de::DeserializeOwned>(
    rest: &serde_json::Map<String, serde_json::Value>,
) -> Result<T, Error> {
    T::deserialize(serde_json::Value::Object(rest.clone())).map_err(de::Error::custom)
}

fn duplicate(key: &str) -> Error {
    de::Error::custom(format_args!("duplicate field `{key}`"))
}

/// What [`Writer`] needs of a `SerializeMap`, without its type.
trait ErasedEntries {
    fn entry(&mut self, key: &str, value: &dyn erased_serde::Serialize) -> Result<(), Error>;
}

struct Entries<M: SerializeMap> {
    map: Option<M>,
    error: Option<M::Error>,
}

impl<M: SerializeMap> ErasedEntries for Entries<M> {
    fn entry(&mut self, key: &str, value: &dyn erased_serde::Serialize) -> Result<(), Error> {
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
    pub fn field<T: Serialize>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.sink.entry(key, value)
    }

    /// An optional field: left out when `None`.
    pub fn optional<T: Serialize>(&mut self, key: &str, value: &Option<T>) -> Result<(), Error> {
        match value {
            Some(value) => self.sink.entry(key, value),
            None => Ok(()),
        }
    }

    /// A tri-state field: left out when omitted, `null` or the value otherwise.
    pub fn patch<T: Serialize>(&mut self, key: &str, value: &super::Patch<T>) -> Result<(), Error> {
        match value {
            super::Patch::Omit => Ok(()),
            value => self.sink.entry(key, value),
        }
    }

    /// The entries of a map (`unknown_fields`, `additional_properties`).
    pub fn entries<T: Serialize>(&mut self, map: &BTreeMap<String, T>) -> Result<(), Error> {
        for (key, value) in map {
            self.sink.entry(key, value)?;
        }
        Ok(())
    }

    /// A flattened member: its entries, written beside the struct's own.
    pub fn flattened<T: Serialize>(&mut self, value: &T) -> Result<(), Error> {
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
