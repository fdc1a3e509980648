//! Selection (`--only`, [`Builder::only`](crate::Builder::only), `JUNCTION_ONLY`): generate a
//! chosen part of the API, with the types it needs and no others.
//!
//! A selector names operations or webhooks:
//!
//! | selector | selects |
//! |---|---|
//! | `user` | the operations of a client group (and of its subgroups) |
//! | `user.get` | one operation: its group and method names, dotted |
//! | `summary` | the operations with that tag (case does not matter), for specs without Fern groups |
//! | `webhooks` | every webhook |
//! | `daily.data.*` | the webhooks (or operations, `user.get*`) whose name matches; `*` is any text |
//!
//! One selector may match several kinds; what it matches is the union. The selection is made
//! on the IR after lowering, so a type kept has the name it has in the whole client: names do
//! not depend on what is selected. The types kept are those the chosen operations and webhooks
//! reach (parameters, bodies, successes, errors, then fields, union members, flattened parts,
//! map and list items, transitively), and those of every error body, since the client's
//! `ErrorBody` enum stays whole, as do the environments, the auth and the runtime.
//!
//! A selector that matches nothing is an error naming the selector and the names nearest to it.

mod diff;
mod features;

pub use diff::{diff_only, Reach};
pub use features::{Features, WEBHOOKS};

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;
use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{Api, Operation, Type, TypeId, TypeKind};

/// The selectors of `--only` values or `JUNCTION_ONLY`: each value split at commas, trimmed,
/// empty ones dropped.
pub fn parse<S: AsRef<str>>(values: &[S]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.as_ref().split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What a selection holds and leaves out (for `coverage`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The selectors, as given.
    pub selectors: Vec<String>,
    /// How many operations, webhooks and types each selector matched (types: none).
    pub matched: Vec<Matched>,
    /// Operations kept / in the whole client.
    pub operations: (usize, usize),
    /// Webhooks kept / in the whole client.
    pub webhooks: (usize, usize),
    /// Named types kept / in the whole client.
    pub types: (usize, usize),
    /// The groups left out, each with how many operations it has (`(client)` for the client's
    /// own methods).
    pub groups_left_out: Vec<(String, usize)>,
    /// The groups partly kept, with the operations kept and in all.
    pub groups_partly_kept: Vec<(String, usize, usize)>,
}

impl Report {
    /// One line: `user, link: 32/196 operations, 0/129 webhooks, 181/1003 types`.
    pub fn summary(&self) -> String {
        format!(
            "{}: {}/{} operations, {}/{} webhooks, {}/{} types",
            self.selectors.join(", "),
            self.operations.0,
            self.operations.1,
            self.webhooks.0,
            self.webhooks.1,
            self.types.0,
            self.types.1
        )
    }

    /// The report as lines for people (`coverage`'s text).
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = format!("selection:  {}\n", self.summary());
        for m in &self.matched {
            let _ = writeln!(
                out,
                "  `{}` selects {}, {}",
                m.selector,
                count(m.operations, "operation"),
                count(m.webhooks, "webhook")
            );
        }
        for (group, kept, all) in &self.groups_partly_kept {
            let _ = writeln!(out, "  kept {kept} of the {all} operations of {group}");
        }
        if !self.groups_left_out.is_empty() {
            let left: Vec<String> = self
                .groups_left_out
                .iter()
                .map(|(g, n)| format!("{g} ({n})"))
                .collect();
            let _ = writeln!(out, "  left out: {}", left.join(", "));
        }
        if self.webhooks.0 < self.webhooks.1 {
            let _ = writeln!(
                out,
                "  left out: {} of {} webhooks",
                self.webhooks.1 - self.webhooks.0,
                self.webhooks.1
            );
        }
        out
    }
}

/// `1 operation`, `2 operations`.
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// What one selector matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Matched {
    /// The selector.
    pub selector: String,
    /// Operations it selects.
    pub operations: usize,
    /// Webhooks it selects.
    pub webhooks: usize,
}

/// The operations and webhooks a selection chose, by index into the [`Api`]'s lists.
struct Chosen {
    operations: Vec<bool>,
    webhooks: Vec<bool>,
    matched: Vec<Matched>,
}

/// Keeps only the operations and webhooks `selectors` choose and the types they reach; with no
/// selectors the API is returned whole. `doc` gives the operations' tags; `file` names the spec
/// in errors.
pub fn prune(
    api: Api,
    doc: &OpenAPI,
    selectors: &[String],
    file: &str,
) -> Result<(Api, Option<Report>), Diagnostics> {
    if selectors.is_empty() {
        return Ok((api, None));
    }
    let chosen = choose(&api, doc, selectors);
    let errors: Vec<Diagnostic> = chosen
        .matched
        .iter()
        .filter(|m| m.operations + m.webhooks == 0)
        .map(|m| unmatched(&api, doc, &m.selector, file))
        .collect();
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    Ok(keep(api, chosen, selectors))
}

/// The selection of `selectors` applied to `api`, allowing selectors that match nothing
/// (the diff's two sides: a selector may name what only one side has), with what each matched.
fn prune_lenient(api: Api, doc: &OpenAPI, selectors: &[String]) -> (Api, Vec<Matched>) {
    let chosen = choose(&api, doc, selectors);
    let matched = chosen.matched.clone();
    (keep(api, chosen, selectors).0, matched)
}

fn choose(api: &Api, doc: &OpenAPI, selectors: &[String]) -> Chosen {
    let mut chosen = Chosen {
        operations: vec![false; api.operations.len()],
        webhooks: vec![false; api.webhooks.len()],
        matched: Vec::new(),
    };
    let names: Vec<Vec<String>> = api
        .operations
        .iter()
        .map(|op| operation_names(op, doc))
        .collect();
    for selector in selectors {
        let mut matched = Matched {
            selector: selector.clone(),
            operations: 0,
            webhooks: 0,
        };
        for (i, names) in names.iter().enumerate() {
            if names.iter().any(|n| glob(selector, n)) {
                chosen.operations[i] = true;
                matched.operations += 1;
            }
        }
        for (i, w) in api.webhooks.iter().enumerate() {
            if selector == "webhooks" || glob(selector, &w.name) {
                chosen.webhooks[i] = true;
                matched.webhooks += 1;
            }
        }
        chosen.matched.push(matched);
    }
    chosen
}

/// The names a selector may match an operation by: its dotted path (`user.get`), each of its
/// groups (`lab_tests`, `lab_tests.orders`), and its tags.
fn operation_names(op: &Operation, doc: &OpenAPI) -> Vec<String> {
    let mut names: Vec<String> = (1..=op.group.len())
        .map(|n| op.group[..n].join("."))
        .collect();
    let mut full = op.group.clone();
    full.push(op.method.clone());
    names.push(full.join("."));
    names.extend(tags(op, doc));
    names
}

/// The tags of `op` in the document.
fn tags(op: &Operation, doc: &OpenAPI) -> Vec<String> {
    doc.paths
        .paths
        .get(&op.path)
        .and_then(|item| item.as_item())
        .and_then(|item| {
            item.iter()
                .find(|(method, _)| method.eq_ignore_ascii_case(&op.http_method))
        })
        .map(|(_, o)| o.tags.clone())
        .unwrap_or_default()
}

/// Whether `pattern` matches `name` whole, `*` standing for any text (dots included); case
/// does not matter (tags are written as people write them).
fn glob(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let n: Vec<char> = name.to_lowercase().chars().collect();
    matches(&p, &n)
}

/// Wildcard matching by the classic two-pointer walk with backtracking to the last `*`.
fn matches(p: &[char], n: &[char]) -> bool {
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if i < p.len() && p[i] == n[j] {
            i += 1;
            j += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

/// The API with only the chosen operations and webhooks and the types they reach, and the
/// report of what was kept.
fn keep(mut api: Api, chosen: Chosen, selectors: &[String]) -> (Api, Option<Report>) {
    let mut roots: Vec<TypeId> = api.error_types.clone();
    for (op, _) in api
        .operations
        .iter()
        .zip(&chosen.operations)
        .filter(|(_, &keep)| keep)
    {
        op.params.iter().for_each(|p| named(&p.ty, &mut roots));
        if let Some(body) = &op.body {
            named(&body.ty, &mut roots);
        }
        if let Some(t) = op.success.json_type() {
            named(t, &mut roots);
        }
        roots.extend(op.errors.iter().map(|e| e.ty));
    }
    for (w, _) in api
        .webhooks
        .iter()
        .zip(&chosen.webhooks)
        .filter(|(_, &keep)| keep)
    {
        named(&w.payload, &mut roots);
    }
    let reached = reach(&api, roots);
    let report = report(&api, &chosen, &reached, selectors);

    // New indices, in the order of the whole client's types.
    let mut map: Vec<Option<TypeId>> = vec![None; api.types.len()];
    let mut next = 0;
    for (old, slot) in map.iter_mut().enumerate() {
        if reached.contains(&TypeId(old)) {
            *slot = Some(TypeId(next));
            next += 1;
        }
    }
    let types = std::mem::take(&mut api.types);
    let mut kept_pointers = Vec::new();
    api.types = types
        .into_iter()
        .enumerate()
        .filter(|(i, _)| map[*i].is_some())
        .map(|(_, mut def)| {
            kept_pointers.push(def.pointer.clone());
            match &mut def.kind {
                TypeKind::Struct(s) => {
                    s.fields.iter_mut().for_each(|f| renumber(&mut f.ty, &map));
                    s.flattened
                        .iter_mut()
                        .for_each(|f| renumber(&mut f.ty, &map));
                    if let Some(t) = &mut s.additional {
                        renumber(t, &map);
                    }
                }
                TypeKind::Enum(_) => {}
                TypeKind::Untagged(variants) => {
                    variants.iter_mut().for_each(|v| renumber(&mut v.ty, &map));
                }
                TypeKind::Tagged(tagged) => tagged
                    .variants
                    .iter_mut()
                    .for_each(|v| renumber(&mut v.ty, &map)),
                TypeKind::Alias(t) => renumber(t, &map),
            }
            def
        })
        .collect();
    let mut flags = chosen.operations.iter();
    api.operations.retain(|_| *flags.next().unwrap_or(&false));
    let mut flags = chosen.webhooks.iter();
    api.webhooks.retain(|_| *flags.next().unwrap_or(&false));
    for op in &mut api.operations {
        op.params.iter_mut().for_each(|p| renumber(&mut p.ty, &map));
        if let Some(body) = &mut op.body {
            renumber(&mut body.ty, &map);
        }
        match &mut op.success {
            crate::ir::Success::Json(t) | crate::ir::Success::JsonOrDownload { ty: t, .. } => {
                renumber(t, &map);
            }
            _ => {}
        }
        for e in &mut op.errors {
            e.ty = map[e.ty.0].unwrap_or(e.ty);
        }
        if let Some(p) = &mut op.pagination {
            for path in pagination_paths(p) {
                renumber(&mut path.leaf, &map);
            }
        }
    }
    for w in &mut api.webhooks {
        renumber(&mut w.payload, &map);
    }
    if api.webhooks.is_empty() {
        api.webhook_tag = None;
    }
    for id in &mut api.error_types {
        *id = map[id.0].unwrap_or(*id);
    }
    let places: Vec<&str> = kept_pointers
        .iter()
        .map(String::as_str)
        .chain(api.operations.iter().map(|o| o.pointer.as_str()))
        .chain(api.webhooks.iter().map(|w| w.pointer.as_str()))
        .collect();
    api.untyped
        .retain(|u| places.iter().any(|p| under(&u.pointer, p)));
    (api, Some(report))
}

/// Whether `pointer` is `place` or inside it.
fn under(pointer: &str, place: &str) -> bool {
    pointer
        .strip_prefix(place)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The field paths of a pagination, whose leaves are types.
fn pagination_paths(p: &mut crate::ir::Pagination) -> Vec<&mut crate::ir::FieldPath> {
    let mut paths: Vec<&mut crate::ir::FieldPath> = p.results.iter_mut().collect();
    match &mut p.form {
        crate::ir::PageForm::Cursor { next } => paths.push(next),
        crate::ir::PageForm::Offset {
            has_next,
            total,
            pages,
            size,
            at,
            ..
        } => paths.extend(
            [has_next, total, pages, size, at]
                .into_iter()
                .filter_map(Option::as_mut),
        ),
    }
    paths
}

/// Pushes the named types `t` mentions onto `out`.
fn named(t: &Type, out: &mut Vec<TypeId>) {
    match t {
        Type::Named(id) => out.push(*id),
        Type::Vec(inner) | Type::Map(inner) | Type::Option(inner) | Type::Box(inner) => {
            named(inner, out);
        }
        _ => {}
    }
}

/// Points `t`'s named types at their new indices (every one is kept: it was reached).
fn renumber(t: &mut Type, map: &[Option<TypeId>]) {
    match t {
        Type::Named(id) => *id = map[id.0].unwrap_or(*id),
        Type::Vec(inner) | Type::Map(inner) | Type::Option(inner) | Type::Box(inner) => {
            renumber(inner, map);
        }
        _ => {}
    }
}

/// Every type reachable from `roots` (cycles included once).
fn reach(api: &Api, mut stack: Vec<TypeId>) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        match &api.types[id.0].kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| named(&f.ty, &mut stack));
                s.flattened.iter().for_each(|f| named(&f.ty, &mut stack));
                if let Some(t) = &s.additional {
                    named(t, &mut stack);
                }
            }
            TypeKind::Enum(_) => {}
            TypeKind::Untagged(variants) => variants.iter().for_each(|v| named(&v.ty, &mut stack)),
            TypeKind::Tagged(t) => t.variants.iter().for_each(|v| named(&v.ty, &mut stack)),
            TypeKind::Alias(t) => named(t, &mut stack),
        }
    }
    seen
}

fn group_name(op: &Operation) -> String {
    if op.group.is_empty() {
        "(client)".to_owned()
    } else {
        op.group.join(".")
    }
}

fn report(api: &Api, chosen: &Chosen, reached: &BTreeSet<TypeId>, selectors: &[String]) -> Report {
    let mut groups: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (op, &kept) in api.operations.iter().zip(&chosen.operations) {
        let entry = groups.entry(group_name(op)).or_default();
        entry.0 += usize::from(kept);
        entry.1 += 1;
    }
    let count = |flags: &[bool]| flags.iter().filter(|&&k| k).count();
    Report {
        selectors: selectors.to_vec(),
        matched: chosen.matched.clone(),
        operations: (count(&chosen.operations), api.operations.len()),
        webhooks: (count(&chosen.webhooks), api.webhooks.len()),
        types: (reached.len(), api.types.len()),
        groups_left_out: groups
            .iter()
            .filter(|(_, (kept, _))| *kept == 0)
            .map(|(g, (_, all))| (g.clone(), *all))
            .collect(),
        groups_partly_kept: groups
            .iter()
            .filter(|(_, (kept, all))| *kept > 0 && kept < all)
            .map(|(g, (kept, all))| (g.clone(), *kept, *all))
            .collect(),
    }
}

/// The error for a selector that matches nothing: where such names live, and the nearest.
fn unmatched(api: &Api, doc: &OpenAPI, selector: &str, file: &str) -> Diagnostic {
    let mut names: BTreeSet<String> = BTreeSet::new();
    for op in &api.operations {
        names.extend(operation_names(op, doc));
    }
    if !api.webhooks.is_empty() {
        names.insert("webhooks".to_owned());
        names.extend(api.webhooks.iter().map(|w| w.name.clone()));
    }
    let wanted = selector.to_lowercase();
    let mut near: Vec<(usize, &String)> = names
        .iter()
        .map(|n| (distance(&wanted, &n.to_lowercase()), n))
        .filter(|(d, n)| {
            *d <= (wanted.chars().count() / 3).max(2)
                || (wanted.len() >= 3 && n.to_lowercase().contains(wanted.trim_matches('*')))
        })
        .collect();
    near.sort();
    let mut listed: Vec<String> = near.iter().take(6).map(|(_, n)| format!("`{n}`")).collect();
    let kind = if listed.is_empty() {
        // Nothing close: the groups (or tags), which are what one usually selects.
        listed = names
            .iter()
            .filter(|n| !n.contains('.'))
            .take(12)
            .map(|n| format!("`{n}`"))
            .collect();
        "names here include"
    } else {
        "nearest names"
    };
    let webhook_like = selector.contains('*') || selector.starts_with("webhook");
    Diagnostic {
        file: file.to_owned(),
        pointer: if webhook_like && !api.webhooks.is_empty() {
            "/webhooks".to_owned()
        } else {
            "/paths".to_owned()
        },
        line: None,
        column: None,
        message: format!(
            "the selector `{selector}` (of --only / JUNCTION_ONLY) matches no group, operation, \
             tag or webhook of the spec; {kind}: {}",
            if listed.is_empty() {
                "none (the spec has no operations or webhooks)".to_owned()
            } else {
                listed.join(", ")
            }
        ),
    }
}

/// Levenshtein distance, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut last = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(last + cost);
            last = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_split_at_commas() {
        assert_eq!(
            parse(&["user, link", "summary,,", " webhooks "]),
            ["user", "link", "summary", "webhooks"]
        );
    }

    #[test]
    fn wildcards_match_any_text() {
        assert!(glob("daily.data.*", "daily.data.activity.*"));
        assert!(glob("daily.data.activity.*", "daily.data.activity.*"));
        assert!(glob("*.created", "historical.data.sleep.created"));
        assert!(glob("user.get*", "user.get_all"));
        assert!(!glob("daily.data.*", "historical.data.activity.created"));
        assert!(!glob("user", "user.get"));
        assert!(glob("Summary", "summary"));
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("usr", "user"), 1);
        assert_eq!(distance("link", "link"), 0);
        assert_eq!(distance("", "abc"), 3);
    }
}

/// The examples of `docs/selection.md`, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/selection.md")]
struct SelectionDoctests;
