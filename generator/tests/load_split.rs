//! A large YAML document is read in chunks on several threads (`load::parse`); the value and
//! the errors must be exactly those of the one-piece read (`load::parse_sequential`): same keys
//! in the same order, same numbers, same diagnostics. The one-piece read, which reads YAML
//! straight into JSON when it can, must equal the two-step read (`load::parse_two_step`). Checked on every YAML file of the tests,
//! on the real Junction specs, on handmade documents built to trip the cutting, and on
//! mutations of one.

mod common;

use std::path::{Path, PathBuf};

use generator::load::{parse, parse_sequential, parse_two_step, parse_with, Route, SplitOptions};
use generator::Diagnostics;
use serde_json::Value;

/// Cut whatever the size, on two threads: every cut the planner would make is exercised.
const FORCED: SplitOptions = SplitOptions {
    min_bytes: 0,
    workers: Some(2),
};

/// The default size threshold, on two threads whatever the machine has.
fn two_threads() -> SplitOptions {
    SplitOptions {
        workers: Some(2),
        ..SplitOptions::default()
    }
}

/// A result as text that tells key order and number forms apart (`Value`'s `==` ignores
/// order): the JSON, or the diagnostics as shown and as data.
fn shown(result: &Result<Value, Diagnostics>) -> String {
    match result {
        Ok(value) => serde_json::to_string(value).expect("a value serializes"),
        Err(e) => format!("{e}\n{e:?}"),
    }
}

/// Reads `text` with `options` and in one piece, asserts the two agree, and says which way
/// the first went.
fn same(name: &str, text: &str, options: SplitOptions) -> Route {
    let (split, route) = parse_with(name, text, options);
    let whole = parse_sequential(name, text);
    assert_eq!(shown(&split), shown(&whole), "{name} read {route:?}");
    // The one-piece read goes straight to JSON when it can: that is the two-step read too.
    let two_step = parse_two_step(name, text);
    assert_eq!(
        shown(&whole),
        shown(&two_step),
        "{name}: direct and two-step reads"
    );
    route
}

/// `n` schemas named `{prefix}{i}`, entries of `components: schemas:` (indented by 4).
fn schemas(prefix: &str, n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "    {prefix}{i}:\n      type: object\n      description: Padding schema \
                 {i}, so that the document is big enough to be split.\n      properties:\n        \
                 id:\n          type: integer\n          format: int64\n        name:\n          \
                 type: string\n"
            )
        })
        .collect()
}

/// `n` path items, entries of `paths:` (indented by 2).
fn paths(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "  /pad/{i}:\n    get:\n      operationId: pad{i}\n      responses:\n        \
                 '200':\n          description: OK\n"
            )
        })
        .collect()
}

/// A document well over the split threshold: `head` after `info`, `in_paths` after the
/// padding paths, `in_schemas` between two runs of padding schemas, `tail` at the end.
fn big(head: &str, in_paths: &str, in_schemas: &str, tail: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo:\n  title: Padded\n  version: '1'\n{head}paths:\n{}{in_paths}\
         components:\n  schemas:\n{}{in_schemas}{}{tail}",
        paths(150),
        schemas("A", 200),
        schemas("B", 200),
    )
}

/// A plain scalar longer than a chunk of a [`big`] document.
fn long() -> String {
    "x".repeat(20_000)
}

/// Asserts that `text` is read in chunks and equals the one-piece read, with the default
/// threshold (and two threads) as with every cut forced.
fn splits(name: &str, text: &str) {
    assert!(text.len() > 64 * 1024, "{name} is too small to split");
    let route = same(name, text, two_threads());
    assert!(
        matches!(route, Route::Split { chunks } if chunks >= 8),
        "{name}: {route:?}"
    );
    assert!(
        matches!(same(name, text, FORCED), Route::Split { .. }),
        "{name}"
    );
    assert_eq!(
        shown(&parse(name, text)),
        shown(&parse_sequential(name, text))
    );
}

/// Asserts that `text` is cut, that a chunk fails or the pieces clash, and that the result is
/// the one-piece read all the same.
fn falls_back(name: &str, text: &str) -> Result<Value, Diagnostics> {
    assert!(text.len() > 64 * 1024, "{name} is too small to split");
    assert_eq!(same(name, text, two_threads()), Route::FellBack, "{name}");
    assert_eq!(
        shown(&parse(name, text)),
        shown(&parse_sequential(name, text))
    );
    parse_sequential(name, text)
}

/// Asserts that `text` is not cut at all, and read the same.
fn stays_whole(name: &str, text: &str) {
    assert!(text.len() > 64 * 1024, "{name} is too small to split");
    assert_eq!(same(name, text, two_threads()), Route::Whole, "{name}");
    assert_eq!(same(name, text, FORCED), Route::Whole, "{name}");
}

/// Every file under `dir` whose name ends with one of `extensions`, sorted.
fn files(dir: &Path, extensions: &[&str], found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, extensions, found);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
        {
            found.push(path);
        }
    }
    found.sort();
}

#[test]
fn every_document_of_the_tests_reads_the_same_split() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut found = Vec::new();
    files(&tests, &["yaml", "yml", "json"], &mut found);
    let mut yaml = 0;
    for path in &found {
        let name = path.display().to_string();
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        same(&name, &text, FORCED);
        same(&name, &text, SplitOptions::default());
        if name.ends_with(".json") {
            continue;
        }
        yaml += 1;
        // Grown past the threshold by a last top-level section, so that the default
        // options cut it too (when it is a mapping that can be cut).
        let mut grown = text.clone();
        if !grown.ends_with('\n') {
            grown.push('\n');
        }
        grown.push_str("x-padding:\n");
        grown.push_str(&schemas("Pad", 300).replace("\n    ", "\n  ")[2..]);
        same(&name, &grown, two_threads());
        same(&name, &grown, FORCED);
    }
    assert!(
        yaml >= 50,
        "only {yaml} YAML files under {}",
        tests.display()
    );
}

#[test]
fn the_junction_specs_read_the_same_split() {
    let Some(dir) = common::spec_dir("the_junction_specs_read_the_same_split") else {
        return;
    };
    let mut found = Vec::new();
    files(&dir, &["yaml"], &mut found);
    assert!(!found.is_empty(), "no YAML in {}", dir.display());
    for path in &found {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).expect("the spec reads");
        splits(&name, &text);
    }
}

#[test]
fn padded_documents_take_the_split_path() {
    let text = big("", "", "", "security:\n- apiKeyAuth: []\n");
    splits("padded.yaml", &text);
    let value = parse("padded.yaml", &text).unwrap();
    let schemas = value["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.len(), 400);
    let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
    assert_eq!(names[..3], ["A0", "A1", "A2"]);
    assert_eq!(names[200..202], ["B0", "B1"]);
    let top: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, ["openapi", "info", "paths", "components", "security"]);
}

#[test]
fn an_anchor_used_in_another_section_falls_back() {
    // Defined in a path, used in a schema: the schema's chunk does not know the anchor.
    let in_paths = "  /shared:\n    x-shared: &shared {type: string, maxLength: 3}\n";
    let text = big("", in_paths, "    UsesShared: *shared\n", "");
    let value = falls_back("anchor.yaml", &text).unwrap();
    assert_eq!(value["components"]["schemas"]["UsesShared"]["maxLength"], 3);
    // Defined and used within one schema: no need to fall back.
    let local = "    Local:\n      properties:\n        a: &a {type: string}\n        b: *a\n";
    splits("local_anchor.yaml", &big("", "", local, ""));
    // An alias with no anchor at all: the one-piece error.
    let e = falls_back("alias.yaml", &big("", "", "    Dangling: *nowhere\n", "")).unwrap_err();
    assert!(e.to_string().contains("unknown anchor"), "{e}");
}

#[test]
fn a_key_in_two_chunks_gives_the_one_piece_result() {
    // The same top-level key at both ends, the same schema name in both padding runs.
    let e = falls_back("top.yaml", &big("", "", "", "info:\n  title: again\n")).unwrap_err();
    assert!(e.to_string().contains("duplicate entry"), "{e}");
    let e = falls_back("schema.yaml", &big("", "", "", &schemas("A", 1))).unwrap_err();
    assert!(e.to_string().contains("duplicate entry"), "{e}");
    // `200` and `'200'` are two keys to YAML and one to JSON: the one-piece read keeps the
    // last value in the first place; so must the split read.
    let int = "    200:\n      type: integer\n";
    let text = big("", "", int, &schemas("x", 1).replace("x0", "'200'"));
    let value = falls_back("int.yaml", &text).unwrap();
    assert_eq!(value["components"]["schemas"]["200"]["type"], "object");
    // A key opened as a section and met again.
    let text = big("", "", "", "paths:\n  /again: {}\n");
    assert!(falls_back("section.yaml", &text).is_err());
}

#[test]
fn comments_at_column_0_between_sections_and_entries() {
    let text = big(
        "# before the paths\n\n",
        "# inside the paths\n  # indented\n",
        "# a schema comment at column 0\n    Commented: # after the key\n      type: string\n",
        "# at the end\n#",
    );
    splits("comments.yaml", &text);
}

#[test]
fn block_scalars_with_blank_lines() {
    let scalars = "    Literal:\n      description: |\n        one\n\n          two\n\n\n\
                   \x20   Folded:\n      description: >\n        one\n        two\n\n        three\n\
                   \x20   Keep:\n      description: |+\n        kept\n\n\n\
                   \x20   KeepThenComment:\n      description: >+\n        kept\n\n# comment\n\n\
                   \x20   Strip:\n      description: |-\n        stripped\n\n\
                   \x20   Indicator:\n      description: |2\n          two spaces more\n\
                   \x20   Spaces:\n      description: |\n        a\n   \n        b\n";
    splits(
        "block.yaml",
        &big("", "", scalars, "x-last: |+\n  kept at the end\n\n\n"),
    );
    let value = parse("block.yaml", &big("", "", scalars, "")).unwrap();
    assert_eq!(
        value["components"]["schemas"]["Keep"]["description"],
        "kept\n\n\n"
    );
}

#[test]
fn flow_collections_spanning_lines() {
    // Inside an entry, well indented: nothing to see.
    let deep = "    Flow:\n      properties: {a: {type: string},\n        b: {type: integer}}\n";
    splits("flow.yaml", &big("", "", deep, ""));
    // A continuation line at the entries' indentation looks like a key. The line above is
    // long enough to fill a chunk, so that the cut falls there: the chunk above is left
    // unterminated, and the whole is read instead.
    let shallow = format!(
        "    Flow: {{description: {},\n    properties: {{a: {{type: string}}}}}}\n",
        long()
    );
    let value = falls_back("shallow.yaml", &big("", "", &shallow, "")).unwrap();
    assert!(value["components"]["schemas"]["Flow"]["properties"].is_object());
    let top = format!("x-flow: {{a: {},\nb: [1,\n2]}}\n", long());
    let value = falls_back("top.yaml", &big(&top, "", "", "")).unwrap();
    assert_eq!(value["x-flow"]["b"][1], 2);
    // The same, unterminated: the one-piece error.
    let e = falls_back("open.yaml", &big("", "", "    Open: {type: object,\n", "")).unwrap_err();
    assert!(e.0[0].line.is_some(), "{e}");
}

#[test]
fn quoted_keys_and_quoted_scalars_spanning_lines() {
    let quoted =
        "    'Single ''quoted''':\n      type: string\n    \"Double \\\"quoted\\\"\":\n      \
                  type: string\n    \"a: b\": {}\n";
    let in_paths = "  '/quoted/{id}':\n    get: {}\n";
    let text = big("", in_paths, quoted, "'x-quoted': 1\n");
    splits("quoted.yaml", &text);
    let value = parse("quoted.yaml", &text).unwrap();
    assert!(value["components"]["schemas"]["Single 'quoted'"].is_object());
    assert!(value["components"]["schemas"]["Double \"quoted\""].is_object());
    assert!(value["paths"]["/quoted/{id}"].is_object());
    // A quoted scalar whose next line looks like a key at the entries' indentation (where
    // the cut falls, the line above filling a chunk).
    let spanning = format!(
        "    Spanning:\n      description: \"{}\n    Second: line\"\n",
        long()
    );
    let value = falls_back("spanning.yaml", &big("", "", &spanning, "")).unwrap();
    let description = value["components"]["schemas"]["Spanning"]["description"].clone();
    assert!(description.as_str().unwrap().ends_with("x Second: line"));
}

#[test]
fn plain_scalars_spanning_lines() {
    let plain = "    Plain:\n      description: a plain scalar\n        that goes on\n\n        \
                 and on\n";
    let text = big("x-note: top level\n  plain text\n", "", plain, "");
    splits("plain.yaml", &text);
    let value = parse("plain.yaml", &text).unwrap();
    assert_eq!(
        value["components"]["schemas"]["Plain"]["description"],
        "a plain scalar that goes on\nand on"
    );
    assert_eq!(value["x-note"], "top level plain text");
}

#[test]
fn integer_and_other_scalar_keys() {
    let keys = "    404:\n      type: string\n    1.5:\n      type: string\n    true:\n      \
                type: string\n    ~:\n      type: string\n    0x1F:\n      type: string\n";
    let text = big("", "", keys, "200:\n  description: top-level number key\n");
    splits("keys.yaml", &text);
    let value = parse("keys.yaml", &text).unwrap();
    let names: Vec<&str> = value["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names[200..205], ["404", "1.5", "true", "null", "31"]);
    assert!(value["200"].is_object());
    // Sections whose header is no identifier are not opened, but read the same.
    let text = big("", "", "", "true:\n  a: 1\n'quoted':\n  b: 2\n");
    splits("headers.yaml", &text);
}

#[test]
fn documents_directives_merge_keys_and_tabs_are_read_in_one_piece() {
    let text = big("", "", "", "");
    stays_whole("start.yaml", &format!("---\n{text}"));
    stays_whole("end.yaml", &format!("{text}...\n"));
    stays_whole("directive.yaml", &format!("%YAML 1.2\n---\n{text}"));
    stays_whole("second.yaml", &format!("{text}---\nsecond: 1\n"));
    let merge = "    Base: &base\n      type: object\n    Merged:\n      <<: *base\n";
    stays_whole("merge.yaml", &big("", "", merge, ""));
    stays_whole("tab.yaml", &big("", "", "    Tab:\n\ttype: string\n", ""));
    stays_whole("bom.yaml", &format!("\u{feff}{text}"));
    stays_whole("list.yaml", &format!("- {}", text.replace('\n', "\n  ")));
    // JSON text, even in a `.yaml` file, is read as it is.
    let json = serde_json::to_string_pretty(&parse_sequential("a.yaml", &text).unwrap()).unwrap();
    stays_whole("json.yaml", &json);
    stays_whole("json.json", &json);
    // A merge key spelled with an escape is no `<<` in the text, but is one to the reader.
    let escaped = "    Base: &base\n      type: object\n    Merged:\n      \"\\x3c<\": *base\n";
    let value = falls_back("escaped.yaml", &big("", "", escaped, "")).unwrap();
    assert_eq!(value["components"]["schemas"]["Merged"]["type"], "object");
}

#[test]
fn crlf_line_breaks_split() {
    splits("crlf.yaml", &big("", "", "", "").replace('\n', "\r\n"));
    // A carriage return alone is a line break too: not cut.
    stays_whole("cr.yaml", &big("", "", "    Cr: {}\rx: 1\n", ""));
}

#[test]
fn errors_inside_a_chunk_are_the_one_piece_errors() {
    let broken = [
        ("syntax", "    Bad: [1, 2\n"),
        ("indentation", "    Bad:\n      a: 1\n     b: 2\n"),
        ("less indented", "    Bad: 1\n   Worse: 2\n"),
        ("complex key", "    ? [a, b]\n    : 1\n"),
        ("stray scalar", "    Stray\n"),
        ("stray indicator", "    ]\n"),
    ];
    for (what, schema) in broken {
        let e = falls_back(what, &big("", "", schema, "")).unwrap_err();
        assert!(!e.to_string().is_empty());
    }
    // A line indented between a section's header and its entries ends the section's
    // mapping in the one-piece read: here, an error.
    let e = falls_back("between.yaml", &big("", "", "   Between: 1\n", "")).unwrap_err();
    assert!(e.0[0].line.is_some(), "{e}");
    // A float JSON cannot hold reads as its YAML text, in a chunk as in one piece.
    splits(
        "inf.yaml",
        &big("", "", "    Inf:\n      maximum: .inf\n", ""),
    );
}

#[test]
fn nesting_near_the_readers_limit() {
    // `serde_yaml` refuses more than 128 nested collections. A chunk read alone is up to
    // two mappings shallower than in its place; the split read must fail where the whole
    // does, at the top level as in `components: schemas:`.
    for depth in [90, 96, 97, 98, 99, 100, 110, 124, 125, 126, 127, 128, 140] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let schema = format!("    Deep:\n      x-deep: {nested}\n");
        same("deep.yaml", &big("", "", &schema, ""), two_threads());
        let top = format!("x-deep: {nested}\n");
        same("deep_top.yaml", &big(&top, "", "", ""), two_threads());
    }
}

#[test]
fn mutated_documents_read_the_same_split() {
    // A small document with one of everything, changed a line at a time in many ways;
    // the forced split must always agree with the one-piece read.
    let base = "\
# head
openapi: 3.1.0
info:
  title: T
  description: |
    one

    two
paths:
  /a/{id}:
    get:
      parameters: [{name: id, in: path,
        required: true}]
      x-anchor: &anc {k: v}
      x-alias: *anc
  '/b':
    post:
      description: \"quoted
        across lines\"
# between
components:
  schemas:
    A:
      type: object
      properties:
        p: {type: string}
    200:
      description: plain
        continued
    B:
      enum:
      - x
      - 'y'
    C: [1, 2.5, -3, 1e3, 0x10]
  securitySchemes:
    k: {type: apiKey, in: header, name: k}
security:
- k: []
";
    assert!(matches!(same("base", base, FORCED), Route::Split { .. }));
    let lines: Vec<&str> = base.lines().collect();
    let mut seed: u64 = std::env::var("LOAD_SPLIT_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15)
        .max(1);
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let pieces = [
        "", " ", "  ", "\"", "'", "{", "}", "[", "]", ":", ": ", "#", "- ", "? ", "&a ", "*anc",
        "|", ">", "\t", "---", "A:", "    A:", "  paths:", "x", "\r",
    ];
    // `LOAD_SPLIT_ROUNDS=100000 LOAD_SPLIT_SEED=7 cargo test --release ...` searches more.
    let rounds = std::env::var("LOAD_SPLIT_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(600);
    let mut routes = [0usize; 3];
    for round in 0..rounds {
        let mut mutated: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        for _ in 0..1 + next(3) {
            let at = next(mutated.len());
            match next(6) {
                0 => {
                    mutated.remove(at);
                }
                1 => {
                    let copy = mutated[at].clone();
                    mutated.insert(next(mutated.len()), copy);
                }
                2 => {
                    let line = &mut mutated[at];
                    if line.starts_with(' ') && next(2) == 0 {
                        line.remove(0);
                    } else {
                        line.insert(0, ' ');
                    }
                }
                3 => mutated.insert(at, pieces[next(pieces.len())].to_owned()),
                _ => {
                    let piece = pieces[next(pieces.len())];
                    let line = &mut mutated[at];
                    let mut cut = next(line.len() + 1);
                    while !line.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    line.insert_str(cut, piece);
                }
            }
        }
        let text = mutated.join("\n") + "\n";
        let route = same(&format!("mutation {round}"), &text, FORCED);
        routes[match route {
            Route::Whole => 0,
            Route::Split { .. } => 1,
            Route::FellBack => 2,
        }] += 1;
    }
    // The mutations reach every route.
    assert!(routes.iter().all(|&n| n > 20), "{routes:?}");
}
