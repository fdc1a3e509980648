//! Reading a large YAML document on several threads.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde_json::{Map, Value};

use super::{parse_sequential, read_direct, Syntax};
use crate::diag::Diagnostics;

// Reading a large YAML document on several threads.
//
// `plan` cuts the text into chunks at lines that start an entry of a block mapping: the
// top-level keys, and, inside a large section whose header is a bare `key:` line (`paths:`,
// `components:`, `  schemas:`), the keys at the indentation of its first entry; at most
// [`SPLIT_DEPTH`] sections deep. An indented block mapping is a document of its own in YAML, so
// each chunk is read by `serde_yaml` and `convert` like a whole document, on a pool of threads,
// and its entries are inserted in document order into the mapping the chunk came from.
//
// Why the pieces equal the whole: a chunk starts at a line that, in the whole text, starts a
// new key of that mapping, unless the line is inside a quoted scalar or a flow collection
// begun above (the chunk before then ends unterminated and does not read) or is the
// continuation of a plain or block scalar (impossible: those must be indented past the
// mapping). What the split could hide is caught: a key in two chunks (the whole read fails,
// or keeps the last value), an alias to an anchor in another chunk (the chunk does not read),
// merge keys (refused), nesting past the reader's limit (checked). In every doubtful case the
// whole text is read in one piece, so errors are exactly those of the one-piece read.

/// Below this many bytes a YAML document is read in one piece: threads would not pay off.
const SPLIT_MIN_BYTES: usize = 64 * 1024;

/// How many chunks a document is cut into, about: enough that a few threads, each taking the
/// largest chunk left, finish close together.
const SPLIT_CHUNKS: usize = 16;

/// How many sections deep the cut goes: `components` -> `schemas` -> the schemas.
const SPLIT_DEPTH: usize = 2;

/// The deepest nesting of collections a chunk may reach, counting the mappings it sits in.
/// `serde_yaml` refuses documents nested more than 128 deep; a chunk read alone is shallower
/// than in its place, so it could pass where the whole fails. Deeper than this (well below
/// 128), the whole is read in one piece.
const SPLIT_MAX_NESTING: usize = 100;

/// Stack of a thread that reads chunks: room for the reader's recursion, as on the main thread.
const CHUNK_STACK: usize = 16 << 20;

/// How [`parse_with`] may split a YAML document.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct SplitOptions {
    /// Documents smaller than this are read in one piece.
    pub min_bytes: usize,
    /// Threads to read on, this one included; `None`: the machine's cores, at most 4. Fewer
    /// than 2 reads in one piece.
    pub workers: Option<usize>,
}

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            min_bytes: SPLIT_MIN_BYTES,
            workers: None,
        }
    }
}

/// Which way [`parse_with`] read a document.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// In one piece: JSON, a small document, one core, or a text the planner does not cut.
    Whole,
    /// In this many chunks, on several threads.
    Split {
        /// How many chunks.
        chunks: usize,
    },
    /// Cut, but a chunk did not read or the pieces did not fit together: read in one piece.
    FellBack,
}

/// [`parse`] with explicit [`SplitOptions`], also saying which way the document was read.
#[doc(hidden)]
pub fn parse_with(
    file: &str,
    text: &str,
    options: SplitOptions,
) -> (Result<Value, Diagnostics>, Route) {
    let whole = || parse_sequential(file, text);
    if text.len() < options.min_bytes || Syntax::detect(file, text) == Syntax::Json {
        return (whole(), Route::Whole);
    }
    let workers = options
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(4)));
    if workers < 2 {
        return (whole(), Route::Whole);
    }
    let Some(steps) = plan(text, text.len() / SPLIT_CHUNKS) else {
        return (whole(), Route::Whole);
    };
    // Each chunk with how many mappings enclose it, for the nesting check.
    let chunks: Vec<(usize, Range<usize>)> = steps
        .iter()
        .filter_map(|step| match step {
            Step::Chunk { path, bytes } => Some((path.len(), bytes.clone())),
            Step::Open { .. } => None,
        })
        .collect();
    if chunks.len() < 2 {
        return (whole(), Route::Whole);
    }
    match read_chunks(text, &chunks, workers).and_then(|maps| assemble(&steps, maps)) {
        Some(root) => (
            Ok(Value::Object(root)),
            Route::Split {
                chunks: chunks.len(),
            },
        ),
        None => (whole(), Route::FellBack),
    }
}

/// One step of putting a split document back together, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    /// A split section begins: insert `key`, an empty mapping, into the mapping at `path`.
    Open { path: Vec<String>, key: String },
    /// Read `text[bytes]`, a block mapping, and insert its entries into the mapping at `path`.
    Chunk {
        path: Vec<String>,
        bytes: Range<usize>,
    },
}

/// Cuts `text` into chunks of about `target` bytes; `None` when it is not plainly a block
/// mapping that can be cut (see [`lines`] for what is refused outright).
fn plan(text: &str, target: usize) -> Option<Vec<Step>> {
    let lines = lines(text)?;
    let mut planner = Planner {
        text,
        target: target.max(1),
        steps: Vec::new(),
        lines,
    };
    planner.mapping(0..planner.lines.len(), 0, &[])?;
    Some(planner.steps)
}

/// One line of the text, as the planner sees it.
#[derive(Debug)]
struct Line {
    /// Where it is in the text, with its line break.
    bytes: Range<usize>,
    /// Its leading spaces.
    indent: usize,
    /// Neither blank nor a comment.
    content: bool,
}

/// The lines of `text`, or `None` for what the planner does not cut: several documents or
/// directives (lines starting with `---`, `...` or `%`), merge keys (`<<` anywhere), tabs in
/// the indentation, a byte-order mark, and line breaks other than `\n` and `\r\n` (YAML
/// also breaks lines at `\r`, U+0085, U+2028 and U+2029), which would start lines where the
/// planner sees none.
fn lines(text: &str) -> Option<Vec<Line>> {
    let odd = ['\u{85}', '\u{2028}', '\u{2029}', '\u{feff}'];
    if text.contains("<<") || odd.iter().any(|&c| text.contains(c)) {
        return None;
    }
    // A `\r` that does not end a line is a line break to YAML.
    if text.contains('\r') && text.matches('\r').count() != text.matches("\r\n").count() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 32 + 1);
    let mut start = 0;
    while start < bytes.len() {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let line = &bytes[start..end];
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let first = line.get(indent).copied();
        if first == Some(b'\t')
            || (indent == 0
                && (line.starts_with(b"---") || line.starts_with(b"...") || first == Some(b'%')))
        {
            return None;
        }
        lines.push(Line {
            bytes: start..end,
            indent,
            content: !matches!(first, None | Some(b'\n' | b'\r' | b'#')),
        });
        start = end;
    }
    Some(lines)
}

/// A line without its line break (`\n` or `\r\n`).
fn line_body(line: &str) -> &str {
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.strip_suffix('\r').unwrap_or(line)
}

/// Cuts lines into [`Step`]s.
struct Planner<'t> {
    text: &'t str,
    lines: Vec<Line>,
    /// Bytes a chunk should have, about.
    target: usize,
    steps: Vec<Step>,
}

impl Planner<'_> {
    /// The line `i` after its indentation, without its line break.
    fn rest(&self, i: usize) -> &str {
        self.lines.get(i).map_or("", |line| {
            line_body(&self.text[line.bytes.clone()])
                .get(line.indent..)
                .unwrap_or("")
        })
    }

    /// The byte range of the lines `lines`.
    fn bytes(&self, lines: Range<usize>) -> Range<usize> {
        let start = self.lines.get(lines.start).map_or(0, |l| l.bytes.start);
        let end = lines
            .end
            .checked_sub(1)
            .and_then(|last| self.lines.get(last))
            .map_or(start, |l| l.bytes.end);
        start..end
    }

    /// Plans the lines `range`, the entries of the block mapping at `path` indented by
    /// `indent`. `None` (with steps left half-made) when they are not plainly such entries:
    /// the first content line is no key at `indent`, or a content line is indented less.
    fn mapping(&mut self, range: Range<usize>, indent: usize, path: &[String]) -> Option<()> {
        // The lines that start an entry: keys at the mapping's indentation. Other content
        // lines at that indentation (`- item` of a list under the key above) go with the
        // entry above.
        let mut starts = Vec::new();
        for i in range.clone() {
            let line = self.lines.get(i)?;
            if !line.content {
                continue;
            }
            if line.indent < indent {
                return None;
            }
            if line.indent == indent && is_key(self.rest(i)) {
                starts.push(i);
            } else if starts.is_empty() {
                return None;
            }
        }
        if starts.is_empty() {
            return None;
        }
        // Consecutive entries are grouped into chunks of about `target` bytes; a large section
        // is planned on its own, one level down.
        let mut group: Option<Range<usize>> = None;
        for (n, &first) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(range.end);
            if let Some((key, inner)) = self.section(first..end, indent, path) {
                if let Some(lines) = group.take() {
                    self.chunk(path, lines);
                }
                let mark = self.steps.len();
                self.steps.push(Step::Open {
                    path: path.to_vec(),
                    key: key.clone(),
                });
                let mut deeper = path.to_vec();
                deeper.push(key);
                if self.mapping(first + 1..end, inner, &deeper).is_some() {
                    continue;
                }
                // Not plainly a mapping inside after all: the section is one entry.
                self.steps.truncate(mark);
            }
            // The first entry takes the comments above it along.
            let from = if n == 0 { range.start } else { first };
            let lines = group.take().map_or(from, |g| g.start)..end;
            if self.bytes(lines.clone()).len() >= self.target {
                self.chunk(path, lines);
            } else {
                group = Some(lines);
            }
        }
        if let Some(lines) = group {
            self.chunk(path, lines);
        }
        Some(())
    }

    /// Whether the entry on the lines `entry` (a key at `indent` in the mapping at `path`) is
    /// a section worth splitting: large, not too deep, with a bare `key:` header and a key
    /// line under it, more indented. If so, the key and the indentation of its entries.
    fn section(
        &self,
        entry: Range<usize>,
        indent: usize,
        path: &[String],
    ) -> Option<(String, usize)> {
        if path.len() >= SPLIT_DEPTH || self.bytes(entry.clone()).len() < self.target {
            return None;
        }
        let key = header_key(self.rest(entry.start))?;
        let child = (entry.start + 1..entry.end).find(|&i| self.lines[i].content)?;
        let inner = self.lines[child].indent;
        (inner > indent && is_key(self.rest(child))).then_some((key, inner))
    }

    /// Adds the chunk of the lines `lines`, entries of the mapping at `path`.
    fn chunk(&mut self, path: &[String], lines: Range<usize>) {
        let bytes = self.bytes(lines);
        self.steps.push(Step::Chunk {
            path: path.to_vec(),
            bytes,
        });
    }
}

/// Whether a line (after its indentation) looks like it starts with a mapping key: a plain
/// or quoted scalar, then `:` and a space or the end of the line. A guess that errs either
/// way only in odd texts: the chunks' reads and [`assemble`] have the last word.
fn is_key(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    let colon = match bytes.first() {
        None => return false,
        Some(&quote @ (b'\'' | b'"')) => match quoted_end(bytes, quote) {
            Some(end) => end,
            None => return false,
        },
        // Indicators: a list item, an explicit key, a flow collection, a comment, an anchor,
        // an alias, a tag, a block scalar, reserved characters.
        Some(c) if b"-?:,[]{}#&*!|>%@`".contains(c) => return false,
        // A plain key ends at the first `: ` (or a `:` ending the line), if no comment
        // (` #`) comes before.
        Some(_) => {
            let mut from = 0;
            loop {
                let Some(at) = rest[from..].find(':').map(|i| from + i) else {
                    return false;
                };
                if matches!(bytes.get(at + 1), None | Some(b' ')) {
                    return !rest[..at].contains(" #");
                }
                from = at + 1;
            }
        }
    };
    bytes.get(colon) == Some(&b':') && matches!(bytes.get(colon + 1), None | Some(b' '))
}

/// Where the quoted scalar at the start of `bytes` ends (just past its closing quote), if it
/// ends on this line. `''` is a quote in single quotes; `\` escapes in double quotes.
fn quoted_end(bytes: &[u8], quote: u8) -> Option<usize> {
    let mut i = 1;
    while let Some(&b) = bytes.get(i) {
        if quote == b'"' && b == b'\\' {
            i += 2;
        } else if b == quote {
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
            } else {
                return Some(i + 1);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// The key of a section header: a line (after its indentation) that is exactly an
/// identifier-like key and a colon, such as `paths:` or `schemas:`. Nothing may follow: an
/// anchor, a tag or a value there would belong to the section as a whole.
fn header_key(rest: &str) -> Option<String> {
    let key = rest.trim_end_matches(' ').strip_suffix(':')?;
    let mut chars = key.chars();
    let identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !identifier {
        return None;
    }
    // `true:` or `null:` is no string key: ask the reader what the key is.
    match serde_yaml::from_str(key) {
        Ok(serde_yaml::Value::String(read)) if read == key => Some(read),
        _ => None,
    }
}

/// Reads every chunk (how many mappings enclose it, where it is in `text`) on `workers`
/// threads, this one included, each taking the largest chunk left. The mappings come back in
/// chunk order, whatever the threads did; `None` as soon as a chunk does not read as a
/// mapping that fits in its place.
fn read_chunks(
    text: &str,
    chunks: &[(usize, Range<usize>)],
    workers: usize,
) -> Option<Vec<Map<String, Value>>> {
    let mut order: Vec<usize> = (0..chunks.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(chunks[i].1.len()));
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || {
        let mut read = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) else {
                break;
            };
            let map = chunks
                .get(i)
                .and_then(|(depth, bytes)| read_chunk(text.get(bytes.clone())?, *depth));
            match map {
                Some(map) => read.push((i, map)),
                None => failed.store(true, Ordering::Relaxed),
            }
        }
        read
    };
    let read = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers.min(chunks.len()))
            .filter_map(|_| {
                // No thread to spare: the threads there are (this one at least) do it all.
                std::thread::Builder::new()
                    .stack_size(CHUNK_STACK)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut read = work();
        for helper in helpers {
            match helper.join() {
                Ok(more) => read.extend(more),
                // The reader panicked on a chunk: let the one-piece read meet the text.
                Err(_) => failed.store(true, Ordering::Relaxed),
            }
        }
        read
    });
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    let mut maps: Vec<Option<Map<String, Value>>> = chunks.iter().map(|_| None).collect();
    for (i, map) in read {
        if let Some(slot) = maps.get_mut(i) {
            *slot = Some(map);
        }
    }
    maps.into_iter().collect()
}

/// Reads one chunk, enclosed by `depth` mappings in the document, the way [`parse_sequential`]
/// reads a document; `None` if it does not read, is no mapping, or might not read the same in
/// its place: a merge key reaches over the whole mapping, which a chunk may hold only part
/// of, and no collection may nest past [`SPLIT_MAX_NESTING`] counting from the document.
fn read_chunk(text: &str, depth: usize) -> Option<Map<String, Value>> {
    let deepest = SPLIT_MAX_NESTING.checked_sub(depth)?;
    match read_direct(text, deepest)? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// Puts the chunks' mappings together, following the plan. `None` if a key comes twice in
/// one mapping: the one-piece read then fails, or keeps one value, and is the one to say so.
fn assemble(steps: &[Step], maps: Vec<Map<String, Value>>) -> Option<Map<String, Value>> {
    let mut root = Map::new();
    let mut maps = maps.into_iter();
    for step in steps {
        match step {
            Step::Open { path, key } => {
                let into = mapping_at(&mut root, path)?;
                if into.contains_key(key) {
                    return None;
                }
                into.insert(key.clone(), Value::Object(Map::new()));
            }
            Step::Chunk { path, .. } => {
                let map = maps.next()?;
                let into = mapping_at(&mut root, path)?;
                for (key, item) in map {
                    if into.contains_key(&key) {
                        return None;
                    }
                    into.insert(key, item);
                }
            }
        }
    }
    Some(root)
}

/// The mapping at `path` (keys from `root`), if there is one.
fn mapping_at<'m>(
    root: &'m mut Map<String, Value>,
    path: &[String],
) -> Option<&'m mut Map<String, Value>> {
    path.iter()
        .try_fold(root, |map, key| map.get_mut(key)?.as_object_mut())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_sequential;

    /// The plan of `text` (chunks of about `target` bytes), one line per step: `open /path`
    /// when a section opens, `/path: first key line` for a chunk. Checks on the way that the
    /// chunks come in order, do not overlap, and leave out only header lines and comments.
    fn outline(text: &str, target: usize) -> Option<Vec<String>> {
        let steps = plan(text, target)?;
        let mut covered = 0;
        let mut out = Vec::new();
        for step in &steps {
            match step {
                Step::Open { path, key } => {
                    let mut full = path.clone();
                    full.push(key.clone());
                    out.push(format!("open /{}", full.join("/")));
                }
                Step::Chunk { path, bytes } => {
                    assert!(
                        bytes.start >= covered && bytes.end > bytes.start,
                        "{steps:?}"
                    );
                    let skipped = &text[covered..bytes.start];
                    assert!(
                        skipped.lines().all(|l| {
                            let l = l.trim();
                            l.is_empty() || l.starts_with('#') || header_key(l).is_some()
                        }),
                        "{skipped:?} left out"
                    );
                    covered = bytes.end;
                    let first = text[bytes.clone()]
                        .lines()
                        .map(str::trim)
                        .find(|l| !l.is_empty() && !l.starts_with('#'))
                        .unwrap_or("");
                    out.push(format!("/{}: {first}", path.join("/")));
                }
            }
        }
        Some(out)
    }

    const SAMPLE: &str = "\
# A comment above everything
openapi: 3.1.0
info:
  title: t
paths:
  /a:
    get: {}
  /b:
    get:
      description: |
        text

        more
# between sections
components:
  schemas:
    A:
      type: string
    B:
      enum:
      - x
  securitySchemes:
    k:
      type: apiKey
security:
- k: []
";

    #[test]
    fn the_plan_cuts_at_keys_of_the_top_level_and_of_big_sections() {
        let out = outline(SAMPLE, 1).unwrap();
        let expected = [
            "/: openapi: 3.1.0",
            "open /info",
            "/info: title: t",
            "open /paths",
            "/paths: /a:",
            "/paths: /b:",
            "open /components",
            "open /components/schemas",
            "/components/schemas: A:",
            "/components/schemas: B:",
            "open /components/securitySchemes",
            "/components/securitySchemes: k:",
            "/: security:",
        ];
        assert_eq!(out, expected);
        // The comment above everything goes with the first chunk, the one between sections
        // with the chunk above it.
        let steps = plan(SAMPLE, 1).unwrap();
        let Step::Chunk { bytes, .. } = &steps[0] else {
            panic!("{steps:?}")
        };
        assert_eq!(bytes.start, 0);
        let Step::Chunk { bytes, .. } = &steps[5] else {
            panic!("{steps:?}")
        };
        assert!(SAMPLE[bytes.clone()].ends_with("# between sections\n"));
    }

    #[test]
    fn the_plan_groups_entries_into_chunks_of_about_the_target_size() {
        // Small sections are not opened (`info`, `securitySchemes`); entries go together until
        // a chunk is big enough (`openapi` and `info`, `A` and `B`).
        let out = outline(SAMPLE, 60).unwrap();
        let expected = [
            "/: openapi: 3.1.0",
            "open /paths",
            "/paths: /a:",
            "open /components",
            "open /components/schemas",
            "/components/schemas: A:",
            "/components: securitySchemes:",
            "/: security:",
        ];
        assert_eq!(out, expected);
        let schemas: String = (0..10)
            .map(|i| format!("    S{i}:\n      type: string\n"))
            .collect();
        let text = format!("components:\n  schemas:\n{schemas}");
        let entry = "    S0:\n      type: string\n".len();
        let out = outline(&text, 3 * entry).unwrap();
        let expected = [
            "open /components",
            "open /components/schemas",
            "/components/schemas: S0:",
            "/components/schemas: S3:",
            "/components/schemas: S6:",
            "/components/schemas: S9:",
        ];
        assert_eq!(out, expected);
        // CRLF line breaks cut the same way.
        assert_eq!(
            outline(&text.replace('\n', "\r\n"), 3 * entry).unwrap(),
            expected
        );
    }

    #[test]
    fn the_plan_goes_two_sections_deep_at_most() {
        let text = "a:\n  b:\n    c:\n      d: 1\n      e: 2\n    f: 3\n";
        let out = outline(text, 1).unwrap();
        assert_eq!(out, ["open /a", "open /a/b", "/a/b: c:", "/a/b: f: 3"]);
    }

    #[test]
    fn the_plan_refuses_what_it_cannot_cut_safely() {
        let refused = [
            ("a document start", "---\na: 1\nb: 2\n"),
            ("a directive", "%YAML 1.2\n---\na: 1\nb: 2\n"),
            ("a document end", "a: 1\nb: 2\n...\n"),
            ("a second document", "a: 1\n---\nb: 2\n"),
            ("a merge key", "a: &x {k: 1}\nb:\n  <<: *x\n"),
            ("a tab in the indentation", "a:\n\tb: 1\nc: 2\n"),
            ("a top-level list", "- a\n- b\n"),
            ("a top-level flow mapping", "{a: 1,\n b: 2}\n"),
            ("a scalar document", "just text\n"),
            ("an indented top level", "  a: 1\n  b: 2\n"),
            ("nothing", ""),
            ("only comments", "# a\n\n# b\n"),
            ("a byte-order mark", "\u{feff}a: 1\nb: 2\n"),
            ("a lone carriage return", "a: 1\rb: 2\n"),
            ("a line separator", "a: \"x\u{2028}y\"\nb: 2\n"),
            ("a next-line character", "a: x\u{85}b: 2\n"),
            ("a list item before any key", "- a\nb: 1\n"),
        ];
        for (what, text) in refused {
            assert_eq!(outline(text, 1), None, "{what}: {text:?}");
        }
    }

    #[test]
    fn only_bare_headers_over_a_mapping_open_a_section() {
        // The section stays one entry of the top level; the top level is still cut.
        let leaves = [
            ("an anchor", "paths: &p\n  /a: 1\n  /b: 2\nz: 1\n"),
            ("a tag", "paths: !!map\n  /a: 1\n  /b: 2\nz: 1\n"),
            ("a comment", "paths: # the paths\n  /a: 1\n  /b: 2\nz: 1\n"),
            ("a quoted key", "'paths':\n  /a: 1\n  /b: 2\nz: 1\n"),
            ("a key that is no string", "true:\n  /a: 1\n  /b: 2\nz: 1\n"),
            ("a number key", "200:\n  /a: 1\n  /b: 2\nz: 1\n"),
            ("a list", "paths:\n  - /a\n  - /b\nz: 1\n"),
            (
                "a list at the same indentation",
                "paths:\n- /a\n- /b\nz: 1\n",
            ),
            ("a line indented less", "paths:\n    /a: 1\n  /b: 2\nz: 1\n"),
            ("a scalar", "paths:\n  text\n  more text\nz: 1\n"),
            ("a block scalar", "paths: |\n  /a: 1\n  /b: 2\nz: 1\n"),
        ];
        for (what, text) in leaves {
            let first = text.lines().next().unwrap_or("");
            assert_eq!(
                outline(text, 1).unwrap(),
                [format!("/: {first}"), "/: z: 1".to_owned()],
                "{what}: {text:?}"
            );
        }
    }

    #[test]
    fn key_lines_are_told_from_other_lines() {
        let keys = [
            "a:",
            "a: 1",
            "/v2/user/{user_id}:",
            "daily.data.activity.*:",
            "a:b: c",
            "http://x: 1",
            "200:",
            "'quoted key': 1",
            "'it''s':",
            "\"say \\\"hi\\\"\": 1",
            "a: b # c: d",
        ];
        for line in keys {
            assert!(is_key(line), "{line:?}");
        }
        let others = [
            "",
            "- a: 1",
            "? a",
            ": b",
            "# a: 1",
            "[a, b]: 1",
            "{a: 1}",
            "&anchor a: 1",
            "*alias",
            "!tag a: 1",
            "|",
            "text",
            "a:b",
            "a #b: c",
            "'open: 1",
            "\"open\\\": 1",
            "'quoted' : 1",
            "a:\tb",
        ];
        for line in others {
            assert!(!is_key(line), "{line:?}");
        }
    }

    #[test]
    fn section_headers_are_bare_identifier_keys() {
        for (line, key) in [
            ("paths:", "paths"),
            ("x-webhooks:  ", "x-webhooks"),
            ("_a1:", "_a1"),
        ] {
            assert_eq!(header_key(line).as_deref(), Some(key), "{line:?}");
        }
        let others = [
            "paths",
            "paths: {}",
            "paths: # c",
            "paths: &a",
            "'paths':",
            "/a:",
            "1a:",
            "true:",
            "null:",
            "Null:",
            "FALSE:",
            "a b:",
            "a.b:",
            ":",
        ];
        for line in others {
            assert_eq!(header_key(line), None, "{line:?}");
        }
    }

    #[test]
    fn a_split_read_equals_the_whole_read() {
        let forced = SplitOptions {
            min_bytes: 0,
            workers: Some(2),
        };
        let (value, route) = parse_with("a.yaml", SAMPLE, forced);
        assert!(matches!(route, Route::Split { .. }), "{route:?}");
        let whole = parse_sequential("a.yaml", SAMPLE).unwrap();
        assert_eq!(
            serde_json::to_string(&value.unwrap()).unwrap(),
            serde_json::to_string(&whole).unwrap()
        );
        // Small documents, JSON and a single core read in one piece.
        assert_eq!(
            parse_with("a.yaml", SAMPLE, SplitOptions::default()).1,
            Route::Whole
        );
        let json = SplitOptions {
            min_bytes: 0,
            workers: Some(2),
        };
        assert_eq!(parse_with("a.json", "{\"a\": 1}", json).1, Route::Whole);
        let one = SplitOptions {
            min_bytes: 0,
            workers: Some(1),
        };
        assert_eq!(parse_with("a.yaml", SAMPLE, one).1, Route::Whole);
        // A key in two chunks, or a chunk that does not read: the whole read has the word.
        let twice = format!("{SAMPLE}openapi: 3.0.0\n");
        let (e, route) = parse_with("a.yaml", &twice, forced);
        assert_eq!(route, Route::FellBack);
        assert_eq!(e, parse_sequential("a.yaml", &twice));
        assert!(e.is_err());
        let broken = SAMPLE.replace("type: string", "type: [string");
        let (e, route) = parse_with("a.yaml", &broken, forced);
        assert_eq!(route, Route::FellBack);
        assert_eq!(e, parse_sequential("a.yaml", &broken));
    }

    #[test]
    fn chunks_nested_too_deep_or_with_escaped_merge_keys_do_not_fit() {
        // A chunk is a mapping: 98 lists in it nest 99 deep.
        let deep = format!("a: {}{}\n", "[".repeat(98), "]".repeat(98));
        assert!(read_chunk(&deep, 0).is_some());
        assert!(read_chunk(&deep, 1).is_some());
        assert!(read_chunk(&deep, 2).is_none());
        assert!(read_chunk("a:\n  \"\\x3c<\": {b: 1}\n", 0).is_none());
    }
}
