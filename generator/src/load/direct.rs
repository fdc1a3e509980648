//! Reading YAML straight into a JSON value, the fast route of [`super::parse_sequential`].

use serde_json::{Map, Number, Value};

/// Reads YAML straight into a JSON value, with no `serde_yaml::Value` in between (a third
/// faster), collections nested below `level` at most. `None` for anything the two-step read
/// ([`parse_two_step`]) could treat differently or reject: a syntax error, a merge key `<<`, a
/// tag, a key that is not a plain scalar, a key twice (also `200` and `"200"`, which the
/// two-step read makes one), nesting past `level`. The caller then
/// reads the two-step way, which has the exact answer.
pub(super) fn read_direct(text: &str, level: usize) -> Option<Value> {
    use serde::de::DeserializeSeed;
    let reader = Direct {
        level: 1,
        max: level,
    };
    reader
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .ok()
}

/// The [`read_direct`] visitor, at nesting `level` of at most `max`.
#[derive(Clone, Copy)]
struct Direct {
    level: usize,
    max: usize,
}

impl Direct {
    /// The reader of a collection's members, or an error when this level is too deep.
    fn members<E: serde::de::Error>(self) -> Result<Direct, E> {
        if self.level > self.max {
            return Err(E::custom("nested too deep to read in a chunk"));
        }
        Ok(Direct {
            level: self.level + 1,
            max: self.max,
        })
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Direct {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, reader: D) -> Result<Value, D::Error> {
        reader.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Direct {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value with a JSON equivalent")
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

    // An integer past 64 bits: the nearest float, as `wide` and `serde_json` read it.
    #[allow(clippy::cast_precision_loss)]
    fn visit_i128<E: serde::de::Error>(self, i: i128) -> Result<Value, E> {
        self.visit_f64(i as f64)
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u128<E: serde::de::Error>(self, u: u128) -> Result<Value, E> {
        self.visit_f64(u as f64)
    }

    fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<Value, E> {
        Ok(Number::from_f64(f).map_or_else(|| super::beyond_floats(f), Value::Number))
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

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let members = self.members()?;
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(members)? {
            out.push(item);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        use serde::de::Error;
        use serde_yaml::Value as Y;
        let members = self.members()?;
        let mut out = Map::with_capacity(map.size_hint().unwrap_or(0));
        // Keys as `convert` makes them, from the same `serde_yaml` key values.
        while let Some(key) = map.next_key::<Y>()? {
            let key = match key {
                Y::String(s) if s != "<<" => s,
                Y::Number(n) => n.to_string(),
                Y::Bool(b) => b.to_string(),
                Y::Null => "null".to_owned(),
                _ => {
                    return Err(A::Error::custom(
                        "a merge key, or a key that is not a scalar",
                    ))
                }
            };
            let item = map.next_value_seed(members)?;
            if out.insert(key, item).is_some() {
                return Err(A::Error::custom("a key twice"));
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{parse_sequential, parse_two_step};

    #[test]
    fn the_direct_read_is_the_two_step_read_or_none() {
        for text in [
            "a: 1\nb: [1, -2, 2.5, 1e3, 0x10, .inf]\n",
            "200: {x: ~}\n'200': 1\n",
            "a: !tag 1\n",
            "a: &x {b: 1}\nc:\n  <<: *x\n",
            "? [a]\n: 1\n",
            "a: 1\na: 2\n",
            "true: 1\nnull: 2\n1.50: 3\n",
        ] {
            let two_step = parse_two_step("a.yaml", text);
            match read_direct(text, usize::MAX) {
                Some(value) => assert_eq!(Ok(value), two_step, "{text}"),
                None => assert_eq!(parse_sequential("a.yaml", text), two_step, "{text}"),
            }
        }
        assert!(read_direct("a: 1\n", usize::MAX).is_some());
        assert!(read_direct("a: 1\na: 2\n", usize::MAX).is_none());
    }
}
