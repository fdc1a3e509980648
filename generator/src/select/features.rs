//! Cargo features of a generated crate: one per top-level group of the client (`user`,
//! `lab_tests`) and `webhooks`, and which of them each named type is compiled for.
//!
//! A type is behind the features whose operations (parameters, bodies, answers, errors) or
//! webhooks reach it, transitively. It is compiled always, with no `cfg`, when the client's own
//! methods or the error-body enum reach it (those are always there), when every feature
//! reaches it, or when nothing does (a schema no operation uses: it costs little, and leaving
//! it out of every feature would make it unreachable in every build).
//!
//! Only the features the crate declares gate anything: a group the spec has and the manifest
//! does not (a newer spec built with `JUNCTION_SPEC`) is compiled always, like the client's own
//! methods, rather than behind a feature no one can turn on.

use std::collections::BTreeSet;

use super::{named, reach};
use crate::ir::{Api, TypeId};

/// The feature of the webhooks.
pub const WEBHOOKS: &str = "webhooks";

/// The features of an API and what each type needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// The features, in order: the top-level groups as the client orders them, then
    /// [`WEBHOOKS`] when the spec has webhooks.
    pub names: Vec<String>,
    /// For each named type (by index), the features it is compiled for, as indices into
    /// [`Features::names`]; empty: always compiled.
    pub of_type: Vec<Vec<usize>>,
}

impl Features {
    /// The features of the groups and webhooks of `api`, whether the crate declares them or not.
    pub fn all(api: &Api) -> Vec<String> {
        let mut names: Vec<String> = api
            .operations
            .iter()
            .filter_map(|op| op.group.first().cloned())
            .collect();
        names.sort();
        names.dedup();
        if !api.webhooks.is_empty() {
            names.push(WEBHOOKS.to_owned());
        }
        names
    }

    /// The features of `api` that gate its code, of those in `declared`.
    pub fn of(api: &Api, declared: &[String]) -> Features {
        let mut names: Vec<String> = Features::all(api)
            .into_iter()
            .filter(|n| n != WEBHOOKS && declared.contains(n))
            .collect();
        let mut roots: Vec<Vec<TypeId>> = vec![Vec::new(); names.len()];
        let mut always: Vec<TypeId> = api.error_types.clone();
        for op in &api.operations {
            let feature = op
                .group
                .first()
                .and_then(|group| names.iter().position(|n| n == group));
            let out = match feature {
                Some(i) => &mut roots[i],
                None => &mut always,
            };
            op.params.iter().for_each(|p| named(&p.ty, out));
            if let Some(body) = &op.body {
                named(&body.ty, out);
            }
            if let Some(t) = op.success.json_type() {
                named(t, out);
            }
            out.extend(op.errors.iter().map(|e| e.ty));
        }
        let mut payloads = Vec::new();
        api.webhooks
            .iter()
            .for_each(|w| named(&w.payload, &mut payloads));
        if !api.webhooks.is_empty() && declared.iter().any(|d| d == WEBHOOKS) {
            names.push(WEBHOOKS.to_owned());
            roots.push(payloads);
        } else {
            always.extend(payloads);
        }
        let always: BTreeSet<TypeId> = reach(api, always);
        let mut of_type: Vec<Vec<usize>> = vec![Vec::new(); api.types.len()];
        for (feature, roots) in roots.into_iter().enumerate() {
            for id in reach(api, roots) {
                if !always.contains(&id) {
                    of_type[id.0].push(feature);
                }
            }
        }
        for features in &mut of_type {
            if features.len() == names.len() {
                features.clear();
            }
        }
        Features { names, of_type }
    }

    /// The feature of top-level group `group`, if it has one.
    pub fn of_group(&self, group: &str) -> Option<&str> {
        self.names
            .iter()
            .find(|n| *n == group && n.as_str() != WEBHOOKS)
            .map(String::as_str)
    }

    /// Whether the webhooks are behind [`WEBHOOKS`].
    pub fn gates_webhooks(&self) -> bool {
        self.names.iter().any(|n| n == WEBHOOKS)
    }

    /// The names of the features type `id` is compiled for (none: always).
    pub fn of_type(&self, id: TypeId) -> impl Iterator<Item = &str> {
        self.of_type
            .get(id.0)
            .into_iter()
            .flatten()
            .map(|&i| self.names[i].as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Settings;

    fn features(yaml: &str) -> (Api, Features) {
        let api = crate::generate("t.yaml", yaml, &Settings::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .api;
        let features = Features::of(&api, &Features::all(&api));
        (api, features)
    }

    fn of(api: &Api, features: &Features, name: &str) -> Vec<String> {
        let id = api.types.iter().position(|t| t.name == name).unwrap();
        features.of_type(TypeId(id)).map(str::to_owned).collect()
    }

    #[test]
    fn each_type_is_behind_the_features_that_reach_it() {
        let yaml = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      tags: [users]
      x-fern-sdk-group-name: users
      x-fern-sdk-method-name: get
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}
        '422': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /b:
    get:
      x-fern-sdk-group-name: orders
      x-fern-sdk-method-name: get
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
  /c:
    get:
      x-fern-sdk-group-name: [orders, items]
      x-fern-sdk-method-name: get
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Shared'}}}}
  /d:
    get:
      x-fern-sdk-group-name: links
      x-fern-sdk-method-name: get
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Link'}}}}
components:
  schemas:
    User: {type: object, properties: {shared: {$ref: '#/components/schemas/Shared'}}}
    Order: {type: object, properties: {shared: {$ref: '#/components/schemas/Shared'}, user: {$ref: '#/components/schemas/User'}}}
    Shared: {type: object, properties: {n: {type: integer}}}
    Problem: {type: object, properties: {detail: {type: string}}}
    Link: {type: object, properties: {url: {type: string}}}
    Unused: {type: object, properties: {n: {type: integer}}}
"#;
        let (api, features) = features(yaml);
        assert_eq!(features.names, ["links", "orders", "users"]);
        assert_eq!(of(&api, &features, "Order"), ["orders"]);
        assert_eq!(of(&api, &features, "Link"), ["links"]);
        // Through `Order.user` and a subgroup's answer, too.
        assert_eq!(of(&api, &features, "User"), ["orders", "users"]);
        assert_eq!(of(&api, &features, "Shared"), ["orders", "users"]);
        // Error bodies are always there, and nothing reaches `Unused`.
        assert!(of(&api, &features, "Problem").is_empty());
        assert!(of(&api, &features, "Unused").is_empty());
        assert_eq!(features.of_group("orders"), Some("orders"));
        assert_eq!(features.of_group("webhooks"), None);

        // A group the crate does not declare is compiled always, and so is what it reaches.
        let partial = Features::of(&api, &["orders".to_owned(), "users".to_owned()]);
        assert_eq!(partial.names, ["orders", "users"]);
        let id = api.types.iter().position(|t| t.name == "Link").unwrap();
        assert_eq!(partial.of_type(TypeId(id)).count(), 0);
        assert_eq!(partial.of_group("links"), None);
    }
}
