//! A corpus of public OpenAPI documents: each generates a crate that passes
//! `cargo clippy -D warnings`, or is rejected with a list of located diagnostics (the
//! constructs the generator does not support). Never a panic, a hang or an unlocated error.
//!
//! The documents are third-party, so they are not in the repository: `.ci/run` installs the
//! npm package `@readme/oas-examples` (pinned) into `target/corpus`, which carries OpenAPI 3.0
//! and 3.1 examples in JSON and YAML, among them petstore, USPTO, Star Trek and Train Travel,
//! and specs built around `oneOf` + `discriminator`, `allOf`, recursive schemas, form and
//! multipart bodies, callbacks and webhooks. Another folder can be named with `CORPUS_DIR`
//! (every `*.json` / `*.yaml` / `*.yml` below it whose text has an `openapi: 3` field).
//!
//! Without the corpus the test prints SKIPPED and passes, unless `CI=true` or
//! `CORPUS_REQUIRED=1`. The counts are printed (`--nocapture`) and listed in the README.

mod common;
mod robust;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use robust::Outcome;

const PACKAGE: &str = "node_modules/@readme/oas-examples";

fn corpus_root() -> Option<PathBuf> {
    let dir = match std::env::var_os("CORPUS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => common::workspace().join("target/corpus").join(PACKAGE),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    let missing = format!(
        "no corpus at {} (npm install --prefix target/corpus @readme/oas-examples, as .ci/run does)",
        dir.display()
    );
    common::skip_unless_required("corpus", &missing, &["CORPUS_REQUIRED", "CI"]);
    None
}

/// The OpenAPI 3.x documents below `dir`, sorted.
fn documents(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
            {
                let is_openapi3 = std::fs::read_to_string(&path).is_ok_and(|text| {
                    text.contains("\"openapi\": \"3")
                        || text.contains("openapi: 3")
                        || text.contains("openapi: '3")
                        || text.contains("openapi: \"3")
                });
                if is_openapi3 {
                    out.push(path);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

#[test]
fn public_specs_compile_or_list_what_is_unsupported() {
    let Some(root) = corpus_root() else {
        return;
    };
    let specs = documents(&root);
    assert!(
        !specs.is_empty(),
        "no OpenAPI 3 documents in {}",
        root.display()
    );

    let mut failures = Vec::new();
    let mut unsupported: Vec<(String, generator::Diagnostics)> = Vec::new();
    // One crate per distinct generated code (a spec's JSON and YAML forms give the same).
    let mut crates: BTreeMap<String, (Box<generator::Output>, Vec<String>)> = BTreeMap::new();
    let mut generated = 0usize;
    for path in &specs {
        let label = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).unwrap();
        match robust::run_case(&label, &label, text) {
            Outcome::Generated(output) => {
                generated += 1;
                let body = output
                    .code
                    .split_once('\n')
                    .map_or("", |(_, b)| b)
                    .to_owned();
                crates
                    .entry(body)
                    .or_insert_with(|| (output, Vec::new()))
                    .1
                    .push(label);
            }
            Outcome::Rejected(diagnostics) => {
                for d in diagnostics.iter() {
                    if d.message.contains("internal error") {
                        failures.push(format!("{label}: generator bug: {d}"));
                    }
                }
                for bad in robust::unlocated(&diagnostics) {
                    failures.push(format!("{label}: unlocated: {bad}"));
                }
                unsupported.push((label, diagnostics));
            }
            Outcome::Panicked(message) => failures.push(format!("{label}: PANIC {message}")),
            Outcome::Hung => failures.push(format!("{label}: no answer within the bound")),
        }
    }

    // All the generated crates in one workspace: one cargo run, dependencies checked once.
    let members: Vec<(String, &generator::Output)> = crates
        .values()
        .map(|(output, labels)| (labels.join(", "), &**output))
        .collect();
    let broken =
        robust::clippy_workspace(&common::workspace().join("target/corpus-crates"), &members);
    let compiled = crates
        .values()
        .filter(|(_, labels)| {
            let label = labels.join(", ");
            !broken
                .iter()
                .any(|b| b.starts_with(&format!("{label} (crate")))
        })
        .map(|(_, labels)| labels.len())
        .sum::<usize>();
    failures.extend(broken);

    let mut report = format!(
        "corpus: {} specs: {generated} generated, {compiled} of them compiled, {} unsupported (located errors), \
         {} failures\n",
        specs.len(),
        unsupported.len(),
        failures.len()
    );
    for (label, diagnostics) in &unsupported {
        report.push_str(&format!("\nunsupported: {label}\n"));
        for d in diagnostics.iter() {
            let place = match d.line {
                Some(line) => format!("{}:{line} #{}", d.file, d.pointer),
                None => format!("{} #{}", d.file, d.pointer),
            };
            report.push_str(&format!("  - {}  ({place})\n", d.message));
        }
    }
    eprintln!("{report}");
    assert!(failures.is_empty(), "{report}\n{}", failures.join("\n\n"));
}
