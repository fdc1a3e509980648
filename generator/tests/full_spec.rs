//! The whole pinned Junction spec (0.4.483, read in place from `JUNCTION_SPEC_DIR`): every
//! operation and schema generated, the crate clean under `cargo clippy -D warnings` (also with
//! its test kit, `--features testing`) and `cargo doc -D warnings`, and every schema `example`
//! decoding into its generated type and re-encoding to equal JSON.

mod common;

use common::workspace;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use generator::ir::{Type, TypeKind};
use serde_json::Value;

const CRATE: &str = "junction_full";

/// Examples that contradict their own schema: defects of the spec, not of the generator. The
/// test asserts they still fail, so a fixed spec shows up here.
const SPEC_DEFECTS: &[(&str, &str)] = &[
    (
        "/components/schemas/ClientFacingAppointment/example",
        "`address.country` is not a property of `Address`, a type the client also sends (so it \
         keeps no unknown fields); FastAPI's response model drops it too",
    ),
    (
        "/components/schemas/LabResultsMetadata/example",
        "`age` is 19, an integer, but the schema says string",
    ),
    (
        "/components/schemas/LabResultsRaw/example",
        "`metadata.age` is 19, an integer, but the schema says string",
    ),
    (
        "/components/schemas/RawProfile/example",
        "`profile` is a list, but the schema says one ProfileInDb object",
    ),
    (
        "/components/schemas/UserHistoricalPullsResponse/example",
        "`data[0].user_id` is \"\", but the schema says format uuid",
    ),
    (
        "/components/schemas/UserResourcesResponse/example",
        "`data[0].user_id` is \"\", but the schema says format uuid",
    ),
];

fn cargo(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = workspace().join("target/generated-crates/target");
    let out = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .envs(env.iter().copied())
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "cargo {} failed:\n{text}",
        args.join(" ")
    );
    text
}

/// Runs the test binary `test` of the crate in `dir`; the line it printed starting with
/// `marker`, its summary.
fn summary(dir: &Path, test: &str, marker: &str) -> String {
    let run = cargo(
        &[
            "test",
            "--offline",
            "--quiet",
            "--test",
            test,
            "--",
            "--nocapture",
        ],
        dir,
        &[],
    );
    run.lines()
        .find(|l| l.starts_with(marker))
        .unwrap_or_default()
        .to_owned()
}

/// `(pointer, Rust type, example JSON)` for every example the IR can give a type to, its types
/// named in the crate `krate`.
fn examples(
    output: &generator::Output,
    doc: &Value,
    krate: &str,
) -> (Vec<(String, String, Value)>, usize) {
    let api = &output.api;
    let rust = |t: &Type| {
        generator::emit::ty(api, t)
            .to_string()
            .replace("crate :: ", &format!("{krate} :: "))
    };
    let mut found = Vec::new();
    let mut push = |pointer: &str, ty: String| {
        let Some(schema) = doc.pointer(pointer) else {
            return;
        };
        if let Some(example) = schema.get("example") {
            found.push((format!("{pointer}/example"), ty.clone(), example.clone()));
        }
        if let Some(Value::Array(more)) = schema.get("x-examples") {
            for (i, example) in more.iter().enumerate().skip(1) {
                found.push((
                    format!("{pointer}/examples/{i}"),
                    ty.clone(),
                    example.clone(),
                ));
            }
        }
    };
    for (i, def) in api.types.iter().enumerate() {
        let named = rust(&Type::Named(generator::ir::TypeId(i)));
        push(&def.pointer, named);
        if let TypeKind::Struct(s) = &def.kind {
            if def.form {
                continue;
            }
            for f in &s.fields {
                let pointer = format!(
                    "{}/properties/{}",
                    def.pointer,
                    f.wire.replace('~', "~0").replace('/', "~1")
                );
                push(&pointer, format!("::std::option::Option<{}>", rust(&f.ty)));
            }
        }
    }
    let in_components = count_examples(&doc["components"]);
    (found, in_components)
}

fn count_examples(v: &Value) -> usize {
    match v {
        Value::Object(o) => {
            usize::from(o.contains_key("example"))
                + o.get("x-examples")
                    .and_then(Value::as_array)
                    .map_or(0, |a| a.len().saturating_sub(1))
                + o.values().map(count_examples).sum::<usize>()
        }
        Value::Array(a) => a.iter().map(count_examples).sum(),
        _ => 0,
    }
}

/// A body for each `event_type` of each webhook whose `data` schema has an example, shaped
/// like those Junction's documentation shows: the envelope (`event_type`, `user_id`,
/// `team_id`, and a `client_user_id` the customer chose, not a UUID) around that example.
/// `(webhook, event type, pointer of the example, body)`.
fn webhook_bodies(output: &generator::Output, doc: &Value) -> Vec<(String, String, String, Value)> {
    let api = &output.api;
    let mut found = Vec::new();
    for w in &api.webhooks {
        let Type::Named(id) = &w.payload else {
            continue;
        };
        let data_at = format!("{}/properties/data", api.types[id.0].pointer);
        let Some(data) = doc.pointer(&data_at) else {
            continue;
        };
        // `data` is a `$ref` to a schema with an example, or a list of such.
        let (schema_ref, list) = match data.get("items") {
            Some(items) => (items.get("$ref"), true),
            None => (data.get("$ref"), false),
        };
        let Some(target) = schema_ref.and_then(Value::as_str) else {
            continue;
        };
        let pointer = format!("{}/example", target.trim_start_matches('#'));
        let Some(example) = doc.pointer(&pointer) else {
            continue;
        };
        let data = if list {
            Value::Array(vec![example.clone()])
        } else {
            example.clone()
        };
        for tag in &w.tags {
            let body = serde_json::json!({
                "event_type": tag,
                "user_id": "4ba9a5a3-1b3a-4f8c-9a29-6d2f4a1e0c11",
                "client_user_id": "3Zru4O8cBEiwGTsXgUQGaQ==",
                "team_id": "9c0d3ef4-5f1e-4b7a-8a4c-0e2b9d6f7a21",
                "data": data,
            });
            found.push((w.name.clone(), tag.clone(), pointer.clone(), body));
        }
    }
    found
}

/// `tests/webhooks.rs` of the generated crate: every body goes through `Event::from_body` into
/// its webhook's variant; an example that contradicts its schema is a spec defect, as in the
/// examples test, and must fail at a field of `data`.
fn webhook_test(bodies: &[(String, String, String, Value)]) -> String {
    let mut test = format!(
        "use {CRATE}::webhooks::{{Event, WebhookError}};\n\n#[test]\nfn webhook_examples() {{\n    let cases: &[(&str, &str, &str, &str)] = &[\n"
    );
    for (name, tag, pointer, body) in bodies {
        let json = serde_json::to_string(body).unwrap();
        let _ = writeln!(test, "        ({name:?}, {tag:?}, {pointer:?}, {json:?}),");
    }
    let defects: Vec<&str> = SPEC_DEFECTS.iter().map(|(p, _)| *p).collect();
    let _ = writeln!(test, "    ];\n    let defects: &[&str] = &{defects:?};");
    test.push_str(
        r#"    let (mut read, mut defect, mut failed) = (0, 0, Vec::new());
    for (name, tag, pointer, body) in cases {
        match Event::from_body(body.as_bytes()) {
            Ok(event) if event.name() == *name && !matches!(event, Event::Unknown(_)) => read += 1,
            Ok(event) => failed.push(format!("{tag}: read as `{}`", event.name())),
            Err(WebhookError::Decode { event, path, .. })
                if event == *tag && path.starts_with("data") && defects.contains(pointer) =>
            {
                defect += 1
            }
            Err(WebhookError::Decode { event, path, source, .. })
                if event == *tag && source.to_string().starts_with("missing field") =>
            {
                println!("SPEC DEFECT {pointer} ({tag}): at `{path}`: {source}");
                defect += 1
            }
            Err(e) => failed.push(format!("{tag} ({pointer}): {e}")),
        }
    }
    for f in &failed {
        println!("FAILED {f}");
    }
    assert!(failed.is_empty(), "{} webhook bodies failed", failed.len());
    println!(
        "WEBHOOKS: {} bodies (one per event type, around {} distinct examples): {read} read into their variant, {defect} spec defects",
        cases.len(),
        cases.iter().map(|c| c.2).collect::<std::collections::BTreeSet<_>>().len()
    );
}
"#,
    );
    test
}

const CHECK: &str = r#"
/// JSON equality up to what a typed round trip may change without losing data: a `null`
/// field and an absent one, `1` and `1.0`, and two spellings of the same instant and offset.
fn equivalent(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().all(|k| {
                equivalent(x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null))
            })
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equivalent(a, b))
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(x), Value::String(y)) => {
            x == y
                || matches!(
                    (chrono::DateTime::parse_from_rfc3339(x), chrono::DateTime::parse_from_rfc3339(y)),
                    (Ok(p), Ok(q)) if p == q && p.offset() == q.offset()
                )
        }
        _ => a == b,
    }
}

fn check<T: serde::de::DeserializeOwned + serde::Serialize>(pointer: &str, json: &str) -> Result<(), String> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let typed: T = serde_path_to_error::deserialize(value.clone())
        .map_err(|e| format!("{pointer}: does not decode at `{}`: {}", e.path(), e.inner()))?;
    let back = serde_json::to_value(&typed).unwrap();
    if equivalent(&value, &back) {
        Ok(())
    } else {
        Err(format!("{pointer}: re-encodes differently:\n  sent {value}\n  back {back}"))
    }
}
"#;

#[test]
fn full_spec_generates_compiles_and_decodes_its_examples() {
    let Some(dir) = common::spec_dir("full_spec_generates_compiles_and_decodes_its_examples")
    else {
        return;
    };
    let spec = dir.join("junction-0.4.483.yaml");
    // As the client is built: with Junction's overlay, which webhook bodies need.
    let settings = common::junction_settings(CRATE);
    let output = generator::generate_file(&spec, &settings).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.api.operations.len(), 196);
    let components = output
        .api
        .types
        .iter()
        .filter(|t| t.pointer.starts_with("/components/schemas/"))
        .filter(|t| t.pointer.matches('/').count() == 3)
        .count();
    assert_eq!(components, 642);

    let text = std::fs::read_to_string(&spec).unwrap();
    let mut doc = generator::load::parse("spec", &text).unwrap();
    generator::normalize::normalize(&mut doc);
    let (mut examples, in_components) = examples(&output, &doc, CRATE);
    // The test kit's minimal answers (`.example()` where the spec has no example that
    // decodes), each through its operation's success type, as the stub's client reads it.
    let mut minimal = 0;
    for answer in &output.api.default_answers {
        let generator::ir::Answer::Minimal(value) = &answer.answer else {
            continue;
        };
        let op = output
            .api
            .operations
            .iter()
            .find(|op| op.pointer == answer.operation);
        let ty = op.and_then(|op| op.success.json_type()).unwrap();
        let rust = generator::emit::ty(&output.api, ty)
            .to_string()
            .replace("crate :: ", &format!("{CRATE} :: "));
        examples.push((
            format!("{} minimal answer", answer.operation),
            rust,
            value.clone(),
        ));
        minimal += 1;
    }
    assert!(minimal >= 180, "minimal answers: {minimal}");

    let crate_dir = workspace().join("target/generated-crates").join(CRATE);
    generator::write_files(&crate_dir, &generator::crate_files(&output, CRATE)).unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let mut test = String::from(CHECK);
    test.push_str(
        "\n#[test]\nfn examples() {\n    let results: Vec<(&str, Result<(), String>)> = vec![\n",
    );
    for (pointer, ty, example) in &examples {
        let json = serde_json::to_string(example).unwrap();
        let _ = writeln!(
            test,
            "        ({pointer:?}, check::<{ty}>({pointer:?}, {json:?})),"
        );
    }
    test.push_str("    ];\n    let failed: Vec<&(&str, Result<(), String>)> = results.iter().filter(|(_, r)| r.is_err()).collect();\n");
    let defects: Vec<&str> = SPEC_DEFECTS.iter().map(|(p, _)| *p).collect();
    let _ = writeln!(test, "    let defects: &[&str] = &{defects:?};");
    test.push_str(r#"    // An example without a field its schema lists as required contradicts its schema: the
    // generated type requires exactly the `required` fields, so serde says "missing field".
    let omits_required = |message: &String| message.contains(": missing field `");
    let mut omitting = 0;
    let unexpected: Vec<&String> = failed
        .iter()
        .filter(|(p, _)| !defects.contains(p))
        .filter_map(|(_, r)| r.as_ref().err())
        .filter(|message| {
            // A minimal answer of the test kit is built to decode: never a spec defect.
            if omits_required(message) && !message.contains(" minimal answer: ") {
                println!("SPEC DEFECT {message}");
                omitting += 1;
                false
            } else {
                true
            }
        })
        .collect();
    for message in &unexpected {
        println!("FAILED {message}");
    }
    assert!(unexpected.is_empty(), "{} examples failed", unexpected.len());
    for defect in defects {
        assert!(failed.iter().any(|(p, _)| p == defect), "{defect} now passes: drop it from SPEC_DEFECTS");
    }
    println!(
        "EXAMPLES: {} checked: {} decoded and re-encoded, {} spec defects ({} omit a required field)",
        results.len(),
        results.len() - failed.len(),
        failed.len(),
        omitting
    );
}
"#);
    std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
    std::fs::write(crate_dir.join("tests/examples.rs"), test).unwrap();
    let bodies = webhook_bodies(&output, &doc);
    std::fs::write(crate_dir.join("tests/webhooks.rs"), webhook_test(&bodies)).unwrap();

    cargo(
        &["clippy", "--offline", "--quiet", "--", "-D", "warnings"],
        &crate_dir,
        &[],
    );
    // With the test kit: a stub for each of its operations.
    cargo(
        &[
            "clippy",
            "--offline",
            "--quiet",
            "--features",
            "testing",
            "--",
            "-D",
            "warnings",
        ],
        &crate_dir,
        &[],
    );
    // The kit used as a team would, on the full client (`wire_fixtures/full_spec_kit.rs`).
    common::add_dev_dependencies(&crate_dir);
    let kit = workspace().join("generator/tests/wire_fixtures/full_spec_kit.rs");
    std::fs::copy(kit, crate_dir.join("tests/kit.rs")).unwrap();
    let run = cargo(
        &[
            "test",
            "--offline",
            "--quiet",
            "--features",
            "testing",
            "--test",
            "kit",
            "--",
            "--nocapture",
        ],
        &crate_dir,
        &[],
    );
    assert!(run.contains("KIT: full spec ok"), "{run}");
    cargo(
        &["doc", "--offline", "--quiet", "--no-deps"],
        &crate_dir,
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    let line = summary(&crate_dir, "examples", "EXAMPLES:");
    println!("{line} (of {in_components} examples under components)");
    println!("{}", summary(&crate_dir, "webhooks", "WEBHOOKS:"));
    assert!(
        bodies.len() >= 18,
        "the webhooks whose `data` has an example: {}",
        bodies.len()
    );
    let checked_in_components = examples
        .iter()
        .filter(|(p, _, _)| p.starts_with("/components/"))
        .count();
    assert_eq!(
        checked_in_components, in_components,
        "every example found a type"
    );
}

/// The overlay `junction-gen lint` suggests for the pinned spec, added to Junction's, makes
/// every schema example decode and re-encode with the compiled client (lint checks this on the
/// IR; here the generated serde does).
#[test]
fn the_overlay_lint_suggests_makes_every_example_decode() {
    const LINTED: &str = "junction_linted";
    let Some(dir) = common::spec_dir("the_overlay_lint_suggests_makes_every_example_decode") else {
        return;
    };
    let spec = dir.join("junction-0.4.483.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let file = spec.display().to_string();
    let mut settings = common::junction_settings(LINTED);
    let report = generator::lint::lint(&file, &text, &settings).unwrap_or_else(|e| panic!("{e}"));
    let suggested = generator::overlay::Overlay::parse("lint.yaml", &report.overlay_document())
        .unwrap_or_else(|e| panic!("{e}"));
    settings.overlays.push(suggested);
    let output = generator::generate(&file, &text, &settings).unwrap_or_else(|e| panic!("{e}"));
    let mut doc = generator::load::parse("spec", &text).unwrap();
    generator::overlay::apply(&mut doc, "spec", &settings.overlays).unwrap();
    generator::normalize::normalize(&mut doc);
    let (examples, _) = examples(&output, &doc, LINTED);
    assert_eq!(examples.len(), 171);

    let crate_dir = workspace().join("target/generated-crates").join(LINTED);
    generator::write_files(&crate_dir, &generator::crate_files(&output, LINTED)).unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let mut test = String::from(CHECK);
    test.push_str("\n#[test]\nfn examples() {\n    let results: Vec<Result<(), String>> = vec![\n");
    for (pointer, ty, example) in &examples {
        let json = serde_json::to_string(example).unwrap();
        let _ = writeln!(test, "        check::<{ty}>({pointer:?}, {json:?}),");
    }
    test.push_str(
        "    ];\n    let failed: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();\n    \
         assert!(failed.is_empty(), \"{} examples fail:\\n{:#?}\", failed.len(), failed);\n    \
         println!(\"LINTED EXAMPLES: {} decoded and re-encoded\", results.len());\n}\n",
    );
    std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
    std::fs::write(crate_dir.join("tests/examples.rs"), test).unwrap();
    let line = summary(&crate_dir, "examples", "LINTED EXAMPLES:");
    println!("{line}");
    assert_eq!(line, "LINTED EXAMPLES: 171 decoded and re-encoded");
}
