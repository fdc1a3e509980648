//! YAML with integers wider than 64 bits (`minimum: -9223372036854775809`, a `maximum` past
//! `u64::MAX`): `serde_yaml::Value` rejects them, so the two-step read retries a document it
//! rejected with [`from_str`], which reads such an integer as the nearest float (as
//! `serde_json` reads it in a JSON document) and, as a mapping key, as its digits.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess};
use serde::de::{VariantAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Number, Value};

/// Reads `text` as `serde_yaml::from_str::<Value>` does, but with integers wider than 64 bits.
pub(super) fn from_str(text: &str) -> Result<Value, serde_yaml::Error> {
    Wide { key: false }.deserialize(serde_yaml::Deserializer::from_str(text))
}

/// The visitor: `serde_yaml::Value`'s own, plus 128-bit integers.
#[derive(Clone, Copy)]
struct Wide {
    /// Reading a mapping key: a wide integer keeps its digits, as a string.
    key: bool,
}

impl Wide {
    fn wide<E>(self, digits: String, float: f64) -> Result<Value, E> {
        Ok(match self.key {
            true => Value::String(digits),
            false => Value::Number(Number::from(float)),
        })
    }
}

impl<'de> DeserializeSeed<'de> for Wide {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, reader: D) -> Result<Value, D::Error> {
        reader.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Wide {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    // The nearest float: the cast rounds to nearest.
    #[allow(clippy::cast_precision_loss)]
    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        self.wide(i.to_string(), i as f64)
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        self.wide(u.to_string(), u as f64)
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, reader: D) -> Result<Value, D::Error> {
        reader.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(Wide { key: false })? {
            out.push(item);
        }
        Ok(Value::Sequence(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Mapping::new();
        while let Some(key) = map.next_key_seed(Wide { key: true })? {
            if out.contains_key(&key) {
                return Err(de::Error::custom("duplicate entry in YAML map"));
            }
            let value = map.next_value_seed(Wide { key: false })?;
            out.insert(key, value);
        }
        Ok(Value::Mapping(out))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, contents) = data.variant::<String>()?;
        if tag.is_empty() {
            return Err(de::Error::custom("empty YAML tag is not allowed"));
        }
        let value = contents.newtype_variant_seed(Wide { key: false })?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_integers_become_floats_and_wide_keys_their_digits() {
        let text = "a: -9223372036854775809\nb: 18446744073709551616\n\
                    340282366920938463463374607431768211455: x\nc: !t [1, 2.5]\n";
        assert!(serde_yaml::from_str::<Value>(text).is_err());
        let value = from_str(text).unwrap();
        assert_eq!(value["a"].as_f64(), Some(-9_223_372_036_854_775_808.0));
        assert_eq!(value["b"].as_f64(), Some(18_446_744_073_709_551_616.0));
        assert_eq!(value["340282366920938463463374607431768211455"], "x");
        // Everything else as `serde_yaml::Value` reads it.
        let plain: Value = serde_yaml::from_str("c: !t [1, 2.5]").unwrap();
        assert_eq!(value["c"], plain["c"]);
        assert!(from_str("a: 1\na: 2\n").is_err());
    }
}
