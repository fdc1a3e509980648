//! Fern's overrides: a plain document deep-merged over the spec.
//!
//! Junction's SDK pipeline keeps its corrections in `fern/openapi/overrides.yml`, which the
//! Fern CLI merges over `openapi.json` before generating. The rules here are those of Fern's
//! `mergeWithOverrides` (`packages/commons/core-utils/src/mergeWithOverrides.ts` in
//! fern-api/fern, read at commit 2fa5f24, and its tests in `__tests__/mergeWithOverrides.test.ts`):
//! lodash's `mergeWith` with a customizer, then lodash's `omitBy(isNull)` over the whole tree.
//!
//! - Objects merge key by key, recursively; a key only in the override is added (at the end,
//!   in the override's order).
//! - Two arrays whose elements are all objects merge index by index (element `i` of the
//!   override merges into element `i` of the spec; extra elements are appended). Any other
//!   pair of arrays (strings, numbers, mixed): the override's array replaces the spec's. An
//!   empty override array replaces too (Fern's later tests: "should replace an existing array
//!   with an explicitly empty override").
//! - Any other value in the override replaces the spec's (a scalar, or a different type).
//! - `null` in the override deletes the key: after merging, every object member whose value
//!   is `null` is removed from the whole document, as Fern's `omitDeepBy(merged, isNull)`
//!   does (so a `null` the vendor wrote is dropped too; `null` items of arrays are kept).
//!
//! Not followed: Fern's newer matching of `parameters` by `name` and `in` instead of by
//! position (in its tests, not in the commit read); here parameters merge by position.

use serde_json::Value;

use crate::diag::Pointer;

/// Merges `over` into `target` by Fern's rules, recording in `written` the pointer of every
/// node the override put in place (escaped RFC 6901 pointers).
pub(super) fn merge(target: &mut Value, over: &Value, at: &Pointer, written: &mut Vec<String>) {
    match (target, over) {
        (Value::Object(t), Value::Object(o)) => {
            for (key, value) in o {
                let here = at.push(key);
                match t.get_mut(key) {
                    Some(existing) => merge(existing, value, &here, written),
                    None => {
                        written.push(here.to_string());
                        t.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(o))
            if !o.is_empty() && t.iter().chain(o).all(Value::is_object) =>
        {
            for (i, value) in o.iter().enumerate() {
                match t.get_mut(i) {
                    Some(existing) => merge(existing, value, &at.push(i), written),
                    None => {
                        written.push(at.push(i).to_string());
                        t.push(value.clone());
                    }
                }
            }
        }
        (target, over) => {
            written.push(at.to_string());
            *target = over.clone();
        }
    }
}

/// Removes every object member whose value is `null`, at any depth (Fern's `omitDeepBy`).
pub(super) fn drop_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            // `retain` keeps the order of the members that stay.
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}
