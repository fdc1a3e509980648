//! Reads a `-Zself-profile -Zself-profile-events=default,args` profile of the generated crate
//! and prints, per rustc query and per kind of item (which trait impl, or which other item), the
//! self time spent: what each derive and each generated impl costs, summed over all types.
//!
//! Usage: self-profile-by-impl PROFILE.mm_profdata [CRATE]   (CRATE defaults to `junction`;
//! `SHOW_KEYS=1` prints the key of every `typeck` query, to see how items are named.)
//! `scripts/compile-profile.sh` records the profile and runs this.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

use analyzeme::{EventPayload, ProfilingData, Timestamp};

/// The kind of item a query key (a def path such as `junction::types::{{impl}}[12]::eq` or
/// `junction::types::_[3]::{{impl}}::deserialize::{{impl}}::visit_str`) names: the derive or
/// trait its impl is for, told by the method, or the module for any other item.
fn kind(key: &str) -> &'static str {
    let Some(at) = key.find("::types::") else {
        return match key.split("::").nth(1) {
            Some("resources") => "operations (resources)",
            Some("webhooks") => "webhooks",
            Some("runtime") => "runtime",
            _ => "other items",
        };
    };
    let path = &key[at + "::types::".len()..];
    // serde's derives put their impls in `const _: () = { ... };`.
    if path.starts_with("_[") || path.starts_with("_::") || path == "_" {
        return if path.contains("::deserialize") || path.contains("::visit_") {
            "serde Deserialize (derive)"
        } else if path.contains("::serialize") {
            "serde Serialize (derive)"
        } else {
            "serde derive (const block)"
        };
    }
    let method = path.split("::").nth(1).unwrap_or("");
    match method {
        "deserialize" | "visit_str" | "visit_string" | "visit_map" | "expecting" => {
            "serde Deserialize (hand-written)"
        }
        "serialize" => "serde Serialize (hand-written)",
        "eq" | "ne" => "PartialEq",
        "clone" | "clone_from" => "Clone",
        "fmt" => "Debug / Display",
        "hash" => "Hash",
        "cmp" => "Ord",
        "partial_cmp" | "lt" | "le" | "gt" | "ge" => "PartialOrd",
        "default" => "Default",
        "assert_receiver_is_total_eq" => "Eq",
        "as_str" | "from_known" | "from_unknown" => "StringEnum / as_str",
        "" => "type definitions",
        _ => "other methods of types",
    }
}

/// An event still open on its thread's stack.
struct Open {
    end: SystemTime,
    took: Duration,
    children: Duration,
    /// The query and kind its time goes to: its own if its key names an item of the crate,
    /// else its nearest such ancestor's.
    owner: (String, &'static str),
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: self-profile-by-impl PROFILE.mm_profdata");
    let crate_name = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "junction".to_owned());
    let stem = path
        .strip_suffix(".mm_profdata")
        .unwrap_or(&path)
        .to_owned();
    let data = ProfilingData::new(Path::new(&stem)).expect("a readable profile");
    let mut events: Vec<_> = data
        .iter_full()
        .filter_map(|e| match e.payload {
            EventPayload::Timestamp(Timestamp::Interval { start, end }) => Some((
                e.thread_id,
                start,
                end,
                e.label.to_string(),
                e.additional_data
                    .first()
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
            )),
            _ => None,
        })
        .collect();
    events.sort_by(|a, b| {
        (a.0, a.1, std::cmp::Reverse(a.2)).cmp(&(b.0, b.1, std::cmp::Reverse(b.2)))
    });
    let marker = format!("{crate_name}::");
    let mut totals: HashMap<(String, &'static str), Duration> = HashMap::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut thread = u32::MAX;
    for (thread_id, start, end, label, key) in events {
        if thread_id != thread {
            while let Some(open) = stack.pop() {
                finish(open, &mut stack, &mut totals);
            }
            thread = thread_id;
        }
        while stack.last().is_some_and(|open| open.end <= start) {
            let open = stack.pop().unwrap();
            finish(open, &mut stack, &mut totals);
        }
        if std::env::var_os("SHOW_KEYS").is_some() && label == "typeck" {
            println!("{key}");
        }
        let owner = if key.contains(&marker) {
            (label, kind(&key))
        } else {
            match stack.last() {
                Some(parent) => parent.owner.clone(),
                None => (label, "outside any item"),
            }
        };
        let took = end.duration_since(start).unwrap_or_default();
        stack.push(Open {
            end,
            took,
            children: Duration::ZERO,
            owner,
        });
    }
    while let Some(open) = stack.pop() {
        finish(open, &mut stack, &mut totals);
    }

    let mut by_kind: HashMap<&'static str, Duration> = HashMap::new();
    for ((_, kind), time) in &totals {
        *by_kind.entry(kind).or_default() += *time;
    }
    let all: Duration = by_kind.values().sum();
    println!(
        "self time by kind of item ({:.1} s in all, every thread):",
        all.as_secs_f64()
    );
    let mut kinds: Vec<_> = by_kind.into_iter().collect();
    kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
    for (kind, time) in kinds {
        println!("  {:>8.2} s  {kind}", time.as_secs_f64());
    }
    println!("\nby the query on the item, and kind (top 40):");
    let mut rows: Vec<_> = totals.into_iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    for ((label, kind), time) in rows.into_iter().take(40) {
        println!("  {:>8.2} s  {label:<36} {kind}", time.as_secs_f64());
    }
}

/// Books an event's self time to its owner and its whole time to its parent's children.
fn finish(open: Open, stack: &mut [Open], totals: &mut HashMap<(String, &'static str), Duration>) {
    *totals.entry(open.owner).or_default() += open.took.saturating_sub(open.children);
    if let Some(parent) = stack.last_mut() {
        parent.children += open.took;
    }
}
