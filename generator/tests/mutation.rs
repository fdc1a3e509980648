//! Mutation test: real specs, thousands of seeded random mutations, and the generator either
//! writes code or returns located errors; never a panic, never a hang.
//!
//! The inputs are the embedded spec, every fixture, and (fewer cases, it is 1 MB) the full
//! pinned Junction spec read in place from `../shared/specs`. Each case applies one to three
//! mutations to the document as a `serde_json::Value` (delete a node, retype a value, dangle a
//! `$ref`, make a `$ref` cycle, empty a name, put a keyword / unicode / digits in a name,
//! duplicate operationIds, a huge enum, deep nesting, a node copied elsewhere, ...), writes it
//! back as YAML or JSON, and runs `generator::generate` on its own thread. The test fails on:
//! a panic, a run longer than the hang bound, a diagnostic without a file or a location, and a
//! sampled success whose crate does not pass `cargo clippy -D warnings`.
//!
//! CI runs a fixed seed and a bounded count. A longer local run:
//!
//! ```sh
//! MUTATION_SEED=7 MUTATION_CASES=20000 MUTATION_FULL_CASES=200 MUTATION_COMPILE=40 \
//!   cargo test --release -p junction-generator --test mutation -- --nocapture
//! ```
//!
//! Failing cases are written to `target/mutation-failures/` to be turned into regression
//! fixtures (`tests/regressions/`).

mod common;
mod robust;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use robust::Outcome;
use serde_json::{json, Map, Value};

/// A xorshift64* generator: small, seeded, the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // splitmix64 of the seed, so that nearby seeds give unrelated streams and 0 is valid.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len())])
        }
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v} is not a number")),
        Err(_) => default,
    }
}

/// Names that stress the naming rules: keywords, Rust prelude and runtime names, digits,
/// unicode, separators, and text that would break out of a doc comment or a string literal.
const NASTY_NAMES: &[&str] = &[
    "",
    " ",
    "_",
    "__",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "async",
    "await",
    "dyn",
    "gen",
    "try",
    "r#type",
    "match",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Error",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Patch",
    "Junction",
    "Environment",
    "std",
    "core",
    "serde",
    "0",
    "123",
    "1st",
    "2fa_enabled",
    "ünïcödé",
    "日本語",
    "🙂",
    "a🙂b",
    "a-b",
    "a.b",
    "a b",
    "A_b",
    "aB",
    "AB",
    "HTTPError",
    "*/",
    "/*",
    "\"",
    "\\",
    "\n",
    "a\nb",
    "#[allow(x)]",
    "\"]",
    "'",
    "{",
    "}",
    "{id}",
    "~1",
    "%20",
    "x-",
    "$ref",
    "null",
    "\u{a0}indented by a no-break space\n plain",
    "\u{3000}wide\n\tspace",
    "\r\n",
    "a\u{0}b",
    "\u{202e}rtl",
];

/// Spec-level key words a mutation may put where a name is expected.
const KEYWORD_VALUES: &[&str] = &[
    "object", "array", "string", "integer", "number", "boolean", "null", "path", "query", "header",
    "cookie", "body", "formData",
];

/// JSON pointer of every node, with the value's kind; the root excluded.
fn all_paths(v: &Value) -> Vec<Vec<String>> {
    fn walk(v: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        match v {
            Value::Object(map) => {
                for (k, item) in map {
                    at.push(k.clone());
                    out.push(at.clone());
                    walk(item, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    at.push(i.to_string());
                    out.push(at.clone());
                    walk(item, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    out
}

fn get_mut<'a>(v: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut at = v;
    for token in path {
        at = match at {
            Value::Object(map) => map.get_mut(token)?,
            Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

fn get<'a>(v: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut at = v;
    for token in path {
        at = match at {
            Value::Object(map) => map.get(token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// Paths whose last token is `key`.
fn paths_ending(paths: &[Vec<String>], key: &str) -> Vec<Vec<String>> {
    paths
        .iter()
        .filter(|p| p.last().is_some_and(|k| k == key))
        .cloned()
        .collect()
}

/// Paths of the schemas under `components/schemas`.
fn component_schemas(doc: &Value) -> Vec<String> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Every object node that looks like a schema (has `type`, `properties`, `$ref`, `anyOf`, ...).
fn schema_like(doc: &Value, paths: &[Vec<String>]) -> Vec<Vec<String>> {
    paths
        .iter()
        .filter(|p| {
            get(doc, p).and_then(Value::as_object).is_some_and(|m| {
                [
                    "type",
                    "properties",
                    "$ref",
                    "anyOf",
                    "oneOf",
                    "allOf",
                    "items",
                    "enum",
                ]
                .iter()
                .any(|k| m.contains_key(*k))
            })
        })
        .cloned()
        .collect()
}

fn random_scalar(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => json!(rng.next() as i64),
        3 => json!(-1),
        4 => json!(1.5),
        5 => json!(u64::MAX),
        6 => json!(*rng.pick(NASTY_NAMES).unwrap()),
        7 => json!(*rng.pick(KEYWORD_VALUES).unwrap()),
        _ => json!([]),
    }
}

/// A value of a different JSON type than `old`.
fn retyped(rng: &mut Rng, old: &Value) -> Value {
    for _ in 0..8 {
        let new = match rng.below(6) {
            0 => Value::Null,
            1 => Value::Bool(true),
            2 => json!(42),
            3 => json!("text"),
            4 => json!([old.clone()]),
            _ => json!({}),
        };
        if std::mem::discriminant(&new) != std::mem::discriminant(old) {
            return new;
        }
    }
    random_scalar(rng)
}

/// Renames the key at `path` (an object member) to `name`, keeping its place.
fn rename_key(doc: &mut Value, path: &[String], name: &str) -> bool {
    let Some((last, parent)) = path.split_last() else {
        return false;
    };
    let Some(Value::Object(map)) = get_mut(doc, parent) else {
        return false;
    };
    if !map.contains_key(last) {
        return false;
    }
    let old = std::mem::take(map);
    let mut new = Map::with_capacity(old.len());
    for (k, v) in old {
        if &k == last {
            new.insert(name.to_owned(), v);
        } else {
            new.insert(k, v);
        }
    }
    *map = new;
    true
}

fn remove(doc: &mut Value, path: &[String]) -> bool {
    let Some((last, parent)) = path.split_last() else {
        return false;
    };
    match get_mut(doc, parent) {
        Some(Value::Object(map)) => map.shift_remove(last).is_some(),
        Some(Value::Array(items)) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Applies one random mutation; returns what it did, for the failure report.
fn mutate(rng: &mut Rng, doc: &mut Value) -> String {
    let paths = all_paths(doc);
    if paths.is_empty() {
        *doc = json!({"openapi": "3.1.0"});
        return "replaced an empty document".to_owned();
    }
    let any = rng.pick(&paths).unwrap().clone();
    match rng.below(17) {
        0 | 1 => {
            remove(doc, &any);
            format!("deleted {}", pointer(&any))
        }
        2 | 3 => {
            let node = get_mut(doc, &any).unwrap();
            *node = retyped(rng, node);
            format!("retyped {} to {node}", pointer(&any))
        }
        4 => {
            // Dangle a `$ref`, or point it somewhere odd.
            let refs = paths_ending(&paths, "$ref");
            let target = *rng
                .pick(&[
                    "#/components/schemas/DoesNotExist",
                    "#/components/schemas/",
                    "#/components/schemas",
                    "#/components/parameters/Nope",
                    "#/components/responses/Nope",
                    "#/paths",
                    "#",
                    "",
                    "other.yaml#/components/schemas/A",
                    "https://example.com/schema.json",
                    "#/components/schemas/a~1b",
                    "#/components/schemas/%7B",
                    "#/info",
                    "#/components/schemas/A/properties/x",
                ])
                .unwrap();
            let at = rng.pick(&refs).cloned().unwrap_or(any);
            if let Some(node) = get_mut(doc, &at) {
                *node = json!(target);
            }
            format!("set {} to `{target}`", pointer(&at))
        }
        5 => {
            // A `$ref` cycle among component schemas: A -> A, or A -> B -> A, or through allOf.
            let names = component_schemas(doc);
            let (Some(a), Some(b)) = (rng.pick(&names).cloned(), rng.pick(&names).cloned()) else {
                return "no schemas for a cycle".to_owned();
            };
            let r = |n: &str| {
                format!(
                    "#/components/schemas/{}",
                    n.replace('~', "~0").replace('/', "~1")
                )
            };
            let shape = rng.below(4);
            let schemas = doc
                .pointer_mut("/components/schemas")
                .and_then(Value::as_object_mut)
                .unwrap();
            match shape {
                0 => {
                    schemas.insert(a.clone(), json!({"$ref": r(&b)}));
                    schemas.insert(b.clone(), json!({"$ref": r(&a)}));
                }
                1 => {
                    schemas.insert(a.clone(), json!({"allOf": [{"$ref": r(&a)}]}));
                }
                2 => {
                    schemas.insert(
                        a.clone(),
                        json!({"anyOf": [{"$ref": r(&b)}, {"type": "null"}]}),
                    );
                    schemas.insert(b.clone(), json!({"oneOf": [{"$ref": r(&a)}]}));
                }
                _ => {
                    // Recursion through a required property: infinite size without a Box.
                    schemas.insert(
                        a.clone(),
                        json!({"type": "object", "required": ["next"],
                               "properties": {"next": {"$ref": r(&a)},
                                              "list": {"type": "array", "items": {"$ref": r(&b)}}}}),
                    );
                }
            }
            format!("$ref cycle shape {shape} between `{a}` and `{b}`")
        }
        6 | 7 => {
            // Rename a key (schema name, property, path, response code, media type, ...).
            let objects: Vec<&Vec<String>> = paths
                .iter()
                .filter(|p| {
                    p.len() >= 2 && get(doc, &p[..p.len() - 1]).is_some_and(Value::is_object)
                })
                .collect();
            let Some(at) = rng.pick(&objects).map(|p| (*p).clone()) else {
                return "no key to rename".to_owned();
            };
            let name = if rng.chance(70) {
                (*rng.pick(NASTY_NAMES).unwrap()).to_owned()
            } else {
                format!("{}{}", at.last().unwrap(), rng.pick(NASTY_NAMES).unwrap())
            };
            rename_key(doc, &at, &name);
            format!("renamed {} to {name:?}", pointer(&at))
        }
        8 => {
            // Put a nasty string where a name is written: operationId, name, title, method names.
            let keys = [
                "operationId",
                "name",
                "title",
                "x-fern-sdk-method-name",
                "x-fern-sdk-group-name",
                "x-fern-server-name",
                "description",
                "summary",
                "propertyName",
                "in",
                "format",
                "type",
                "url",
                "version",
            ];
            let key = *rng.pick(&keys).unwrap();
            let hits = paths_ending(&paths, key);
            let Some(at) = rng.pick(&hits).cloned() else {
                return format!("no `{key}`");
            };
            let value = if rng.chance(80) {
                json!(*rng.pick(NASTY_NAMES).unwrap())
            } else {
                json!(*rng.pick(KEYWORD_VALUES).unwrap())
            };
            *get_mut(doc, &at).unwrap() = value.clone();
            format!("set {} to {value}", pointer(&at))
        }
        9 => {
            // Duplicate operationIds (and method names).
            let ids = paths_ending(&paths, "operationId");
            let methods = paths_ending(&paths, "x-fern-sdk-method-name");
            let pool = if rng.chance(50) && methods.len() > 1 {
                methods
            } else {
                ids
            };
            if pool.len() < 2 {
                return "fewer than two operationIds".to_owned();
            }
            let from = rng.pick(&pool).unwrap().clone();
            let value = get(doc, &from).unwrap().clone();
            let mut changed = 0;
            for at in &pool {
                if rng.chance(60) {
                    *get_mut(doc, at).unwrap() = value.clone();
                    changed += 1;
                }
            }
            format!("copied {value} into {changed} operationIds")
        }
        10 => {
            // A huge enum, with duplicates, names that collide once cased, and odd values.
            let schemas = schema_like(doc, &paths);
            let Some(at) = rng.pick(&schemas).cloned() else {
                return "no schema".to_owned();
            };
            let n = 200 + rng.below(3000);
            let kind = rng.below(3);
            let values: Vec<Value> = (0..n)
                .map(|i| match kind {
                    0 => json!(format!("value_{i}")),
                    1 => json!(i as i64 - 5),
                    _ => match i % 6 {
                        0 => json!(format!("v{i}")),
                        1 => json!(format!("V-{i}")),
                        2 => json!(NASTY_NAMES[i % NASTY_NAMES.len()]),
                        3 => Value::Null,
                        4 => json!(format!("v_{}", i - 4)),
                        _ => json!(format!("{i}")),
                    },
                })
                .collect();
            let node = get_mut(doc, &at).unwrap().as_object_mut().unwrap();
            node.insert("enum".to_owned(), Value::Array(values));
            if kind != 1 && rng.chance(70) {
                node.insert("type".to_owned(), json!("string"));
            }
            format!("enum of {n} values (kind {kind}) at {}", pointer(&at))
        }
        11 => {
            // Deep nesting of schemas (below and sometimes above the parsers' depth limit).
            let schemas = schema_like(doc, &paths);
            let Some(at) = rng.pick(&schemas).cloned() else {
                return "no schema".to_owned();
            };
            let depth = if rng.chance(85) {
                5 + rng.below(50)
            } else {
                60 + rng.below(200)
            };
            let node = get_mut(doc, &at).unwrap();
            let mut inner = node.clone();
            for i in 0..depth {
                inner = match (i + depth) % 5 {
                    0 => json!({"type": "array", "items": inner}),
                    1 => json!({"type": "object", "properties": {"inner": inner}}),
                    2 => json!({"anyOf": [inner, {"type": "null"}]}),
                    3 => json!({"allOf": [inner]}),
                    _ => json!({"type": "object", "additionalProperties": inner}),
                };
            }
            *node = inner;
            format!("nested {} {depth} levels deep", pointer(&at))
        }
        12 => {
            // Copy a random node over another (structure-aware crossover).
            let from = rng.pick(&paths).unwrap().clone();
            let value = get(doc, &from).unwrap().clone();
            if let Some(node) = get_mut(doc, &any) {
                *node = value;
            }
            format!("copied {} over {}", pointer(&from), pointer(&any))
        }
        13 => {
            // Break a path template.
            let Some(paths_obj) = doc.get("paths").and_then(Value::as_object) else {
                return "no paths".to_owned();
            };
            let keys: Vec<String> = paths_obj.keys().cloned().collect();
            let Some(key) = rng.pick(&keys).cloned() else {
                return "no paths".to_owned();
            };
            let new = match rng.below(8) {
                0 => format!("{key}/{{"),
                1 => format!("{key}/{{}}"),
                2 => format!("{key}/{{x}}/{{x}}"),
                3 => key.replace(['{', '}'], ""),
                4 => "relative/{id}".to_owned(),
                5 => format!("{key}/{{a b}}/{{\"q\"}}"),
                6 => "/".to_owned(),
                _ => keys[0].clone(),
            };
            rename_key(doc, &["paths".to_owned(), key.clone()], &new);
            format!("path {key:?} became {new:?}")
        }
        14 => {
            // Add a node with a nasty but well-typed shape somewhere a schema is.
            let schemas = schema_like(doc, &paths);
            let Some(at) = rng.pick(&schemas).cloned() else {
                return "no schema".to_owned();
            };
            let shapes = [
                json!({"type": ["string", "integer", "null"]}),
                json!({"const": {"a": [1, 2]}}),
                json!({"oneOf": [], "discriminator": {"propertyName": "kind"}}),
                json!({"oneOf": [{"type": "string"}], "discriminator": {"propertyName": "kind", "mapping": {"a": "#/nope"}}}),
                json!({"anyOf": [{"type": "null"}]}),
                json!({"type": "null"}),
                json!({"allOf": []}),
                json!({"type": "object", "required": ["missing", "missing"]}),
                json!({"type": "object", "properties": {"a": {}, "A": {}, "a_": {}, "a-": {}}}),
                json!({"enum": []}),
                json!({"enum": [null]}),
                json!({"enum": [1, "1", true, 1.5, {"a": 1}]}),
                json!({"type": "string", "format": "uuid", "enum": ["not-a-uuid"]}),
                json!({"type": "integer", "format": "int128"}),
                json!({"type": "array"}),
                json!({"items": {"type": "string"}}),
                json!({"type": "object", "additionalProperties": false, "properties": {}}),
                json!({"not": {"type": "string"}}),
                json!({"$ref": "#/components/schemas/Nope", "nullable": true}),
                json!({"type": "string", "default": 12, "example": {"x": null}}),
                json!({"prefixItems": [{"type": "string"}], "items": false}),
                json!(true),
                json!(false),
            ];
            let shape = rng.pick(&shapes).unwrap().clone();
            *get_mut(doc, &at).unwrap() = shape.clone();
            format!("set schema {} to {shape}", pointer(&at))
        }
        15 => {
            // Parameters: duplicate one, or add a path parameter the template lacks.
            let params = paths_ending(&paths, "parameters");
            let Some(at) = rng.pick(&params).cloned() else {
                return "no parameters".to_owned();
            };
            let Some(Value::Array(list)) = get_mut(doc, &at) else {
                return "parameters not a list".to_owned();
            };
            if !list.is_empty() && rng.chance(50) {
                let first = list[0].clone();
                list.push(first);
                format!("duplicated the first parameter at {}", pointer(&at))
            } else {
                let name = *rng.pick(NASTY_NAMES).unwrap();
                let place = *rng
                    .pick(&["path", "query", "header", "cookie", "body"])
                    .unwrap();
                list.push(
                    json!({"name": name, "in": place, "required": rng.chance(50),
                                 "schema": {"type": "string"}}),
                );
                format!("added parameter {name:?} in {place} at {}", pointer(&at))
            }
        }
        _ => {
            // A content type nobody handles, or a form / multipart body.
            let contents = paths_ending(&paths, "content");
            let Some(at) = rng.pick(&contents).cloned() else {
                return "no content".to_owned();
            };
            let media = *rng
                .pick(&[
                    "application/x-www-form-urlencoded",
                    "multipart/form-data",
                    "text/plain",
                    "application/octet-stream",
                    "*/*",
                    "application/xml",
                    "application/problem+json",
                    "",
                    "application/json; charset=utf-8",
                ])
                .unwrap();
            let Some(Value::Object(map)) = get_mut(doc, &at) else {
                return "content not an object".to_owned();
            };
            let schema = map
                .values()
                .next()
                .cloned()
                .unwrap_or_else(|| json!({"schema": {"type": "string"}}));
            if rng.chance(50) {
                map.clear();
            }
            map.insert(media.to_owned(), schema);
            format!("content {media:?} at {}", pointer(&at))
        }
    }
}

/// One spec the mutations start from.
struct Base {
    name: String,
    json: bool,
    doc: Value,
    /// Small enough for its successes to be compiled.
    small: bool,
}

fn load(path: &Path, small: bool) -> Base {
    let text = std::fs::read_to_string(path).unwrap();
    let label = path.display().to_string();
    let doc = generator::load::parse(&label, &text).unwrap_or_else(|e| panic!("{e}"));
    Base {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        json: label.ends_with(".json"),
        doc,
        small,
    }
}

fn bases() -> Vec<Base> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The seed page's one operation is among the fixtures; the full spec is mutated below.
    let mut out = Vec::new();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    fixtures.sort();
    out.extend(fixtures.iter().map(|p| load(p, true)));
    out
}

#[derive(Default)]
struct Tally {
    cases: usize,
    generated: usize,
    rejected: usize,
    compiled: usize,
    failures: Vec<String>,
    samples: Vec<(String, Box<generator::Output>)>,
    seen_code: BTreeSet<u64>,
}

fn hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn failure_dir() -> PathBuf {
    common::workspace().join("target/mutation-failures")
}

/// Runs `cases` mutated copies of `base`; each case has its own seed, derived from `seed`, the
/// base's index and the case number, so a failure can be replayed alone.
fn run_base(base: &Base, index: u64, seed: u64, cases: u64, keep: usize, tally: &mut Tally) {
    for case in 0..cases {
        let case_seed = seed ^ (index << 48) ^ case.wrapping_mul(0x1000_0000_01b3);
        let mut rng = Rng::new(case_seed);
        let mut doc = base.doc.clone();
        let mut log = Vec::new();
        for _ in 0..1 + rng.below(3) {
            log.push(mutate(&mut rng, &mut doc));
        }
        let json = if rng.chance(15) {
            !base.json
        } else {
            base.json
        };
        let (ext, text) = if json {
            ("json", serde_json::to_string_pretty(&doc).unwrap())
        } else {
            ("yaml", serde_yaml::to_string(&doc).unwrap())
        };
        let file = format!("mutated/{}.{ext}", base.name);
        let label = format!("{} case {case} (seed {case_seed:#x})", base.name);
        // Written before the run, so that an abort (a stack overflow) leaves the case behind.
        let _ = std::fs::create_dir_all(failure_dir());
        if base.small {
            let _ = std::fs::write(failure_dir().join(format!("current.{ext}")), &text);
        }
        tally.cases += 1;
        let mut fail = |what: String, text: &str| {
            let saved = failure_dir().join(format!("{}-{case}.{ext}", base.name.replace('.', "_")));
            let _ = std::fs::write(&saved, text);
            tally.failures.push(format!(
                "{label}: {what}\n  mutations: {}\n  saved as {}",
                log.join("; "),
                saved.display()
            ));
        };
        match robust::run_case(&label, &file, text.clone()) {
            Outcome::Generated(output) => {
                tally.generated += 1;
                // Every success is at least valid Rust, comments and all (a spec's newline in
                // a `//` comment would write code); a sample of them is compiled below.
                if let Err(e) = syn::parse_file(&output.code) {
                    fail(format!("the generated code does not parse: {e}"), &text);
                }
                let fresh = tally.seen_code.insert(hash(&output.code));
                if base.small && fresh && tally.samples.len() < keep && rng.chance(25) {
                    tally.samples.push((label, output));
                }
            }
            Outcome::Rejected(diagnostics) => {
                tally.rejected += 1;
                for d in diagnostics.iter() {
                    if d.message.contains("internal error") {
                        fail(format!("generator bug: {d}"), &text);
                    }
                }
                let bad = robust::unlocated(&diagnostics);
                if !bad.is_empty() {
                    fail(format!("unlocated diagnostics:\n{}", bad.join("\n")), &text);
                }
            }
            Outcome::Panicked(message) => fail(format!("PANIC: {message}"), &text),
            Outcome::Hung => {
                fail(format!("no answer within {:?}", robust::HANG_BOUND), &text);
                panic!("hang: {}", tally.failures.last().unwrap());
            }
        }
    }
}

#[test]
fn mutated_specs_never_panic_and_their_successes_compile() {
    let seed = env_number("MUTATION_SEED", 0x6a75_6e63);
    let cases = env_number("MUTATION_CASES", 250);
    let full_cases = env_number("MUTATION_FULL_CASES", 6);
    let compile = env_number("MUTATION_COMPILE", 12) as usize;
    let _ = std::fs::remove_dir_all(failure_dir());

    let mut tally = Tally::default();
    let started = std::time::Instant::now();
    for (i, base) in bases().iter().enumerate() {
        run_base(base, i as u64, seed, cases, compile, &mut tally);
    }
    if let Some(dir) = common::spec_dir("mutated_specs (full Junction spec)") {
        let full = load(&dir.join("junction-0.4.483.yaml"), false);
        run_base(&full, 99, seed, full_cases, 0, &mut tally);
    }
    let generate_time = started.elapsed();

    let crates = common::workspace().join("target/mutation-crates");
    for (i, (label, output)) in tally.samples.iter().enumerate() {
        match robust::clippy_crate(output, &format!("mutation_{i}"), &crates) {
            Ok(()) => tally.compiled += 1,
            Err(stderr) => {
                let saved = failure_dir().join(format!("mutation_{i}.rs"));
                let _ = std::fs::write(&saved, &output.code);
                tally.failures.push(format!(
                    "{label}: the generated crate does not pass clippy (code in {}):\n{}",
                    saved.display(),
                    stderr.lines().take(40).collect::<Vec<_>>().join("\n")
                ));
            }
        }
    }

    let mut summary = String::new();
    let _ = write!(
        summary,
        "mutation seed {seed:#x}: {} cases, {} generated, {} rejected with located errors, \
         {}/{} sampled successes compiled, {} failures ({:.1?} generating)",
        tally.cases,
        tally.generated,
        tally.rejected,
        tally.compiled,
        tally.samples.len(),
        tally.failures.len(),
        generate_time
    );
    eprintln!("{summary}");
    assert!(
        tally.failures.is_empty(),
        "{summary}\n\n{}",
        tally.failures.join("\n\n")
    );
}
