//! Spec text -> doc comments that rustdoc renders as written and never runs.
//!
//! Descriptions come from a vendor's spec: indented by YAML block scalars, with bare URLs,
//! brackets, HTML-looking text and code fences. Each becomes `#[doc = "..."]` lines (printed as
//! `///`), so nothing in it can end the comment or inject code, and it is made quiet for
//! rustdoc and clippy while keeping its Markdown blocks ([`clean`]): common indentation
//! removed, list items and their continuation lines indented as their nesting says, fences
//! and indented code blocks made `text` fences (never doctests); bare URLs put in `<...>`,
//! lone brackets and angle brackets escaped ([`inline`]).

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text`, nothing for `None` or blank text.
pub fn attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let lines = clean(text).into_iter().map(|line| match line.is_empty() {
        true => line,
        false => format!(" {line}"),
    });
    quote!(#(#[doc = #lines])*)
}

/// The cleaned lines of a description: its Markdown blocks kept, made safe for rustdoc.
///
/// - Indentation is measured in columns (a tab goes to the next multiple of 4) and the
///   indentation every line but the first shares is removed; the first line loses its own,
///   as the spec's text reaches here trimmed (a docstring's first line starts at column 0,
///   the rest at its indentation).
/// - A list item (`-`, `*`, `+`, `1.` or `1)` and a space) keeps its nesting: it is written
///   at the content column of the item it belongs to, with one space after its marker, and
///   the lines that continue it (lazy ones included) at its own content column, as clippy's
///   `doc_lazy_continuation` and `doc_overindented_list_items` want.
/// - A fence (3+ backticks or tildes) becomes a `text` fence of the same characters, its
///   lines kept verbatim (less the fence's indentation), closed at the end if the text does
///   not close it.
/// - An indented code block (4+ columns past its container's content, not continuing a
///   paragraph) becomes a `text` fence, so it is neither a doctest nor lost.
/// - Every other line is prose: written at its container's content column, escaped by
///   [`inline`].
pub fn clean(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut blocks = Blocks::default();
    for line in dedent(&text) {
        blocks.line(line);
    }
    blocks.finish()
}

/// One line of a description: its indentation in columns and the text after it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Splits a line into its indentation (spaces and tabs, in columns) and the rest, trimmed.
fn split(line: &str) -> Line<'_> {
    let mut indent = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => indent += 1,
            '\t' => indent = (indent / 4 + 1) * 4,
            _ => {
                return Line {
                    indent,
                    text: line[i..].trim_end(),
                }
            }
        }
    }
    Line {
        indent: 0,
        text: "",
    }
}

/// The lines of `text`, the first one's indentation dropped and the common indentation of
/// the others removed.
fn dedent(text: &str) -> Vec<Line<'_>> {
    let mut lines: Vec<Line> = text.lines().map(split).collect();
    let first = lines.iter().position(|l| !l.is_blank());
    let common = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| !l.is_blank() && Some(*i) != first)
        .map(|(_, l)| l.indent)
        .min()
        .unwrap_or(0);
    for (i, line) in lines.iter_mut().enumerate() {
        line.indent = match Some(i) == first {
            true => 0,
            false => line.indent.saturating_sub(common),
        };
    }
    lines
}

/// A list item open at this point: where its content starts in the input and in the output.
#[derive(Clone, Copy, Debug)]
struct Item {
    input: usize,
    output: usize,
}

/// A code block open at this point.
#[derive(Clone, Debug)]
struct Code {
    /// The fence that closes it: the input's for a fenced block, ```` ``` ```` for an
    /// indented one.
    fence: String,
    /// Indented (closed by a line indented less than `strip`) rather than fenced.
    indented: bool,
    /// Columns removed from each of its lines.
    strip: usize,
    /// Columns of indentation of its lines in the output (its container's content column).
    prefix: usize,
    /// Blank lines seen in an indented block, written only if the block goes on.
    blanks: usize,
}

/// The Markdown block structure of the lines seen so far, and the lines written.
#[derive(Debug, Default)]
struct Blocks {
    out: Vec<String>,
    items: Vec<Item>,
    code: Option<Code>,
    /// The previous line was prose, so this one may continue its paragraph.
    paragraph: bool,
}

impl Blocks {
    fn push(&mut self, indent: usize, text: &str) {
        self.out.push(match text.is_empty() {
            true => String::new(),
            false => format!("{:indent$}{text}", ""),
        });
    }

    /// Closes the list items `indent` does not reach, and gives the content column of the
    /// innermost one left (in the input and in the output).
    fn container(&mut self, indent: usize) -> (usize, usize) {
        while self.items.last().is_some_and(|item| item.input > indent) {
            self.items.pop();
        }
        self.items
            .last()
            .map_or((0, 0), |item| (item.input, item.output))
    }

    fn line(&mut self, line: Line) {
        if let Some(code) = &mut self.code {
            if !code.indented {
                if closes(&code.fence, line.text) {
                    let (prefix, fence) = (code.prefix, code.fence.clone());
                    self.code = None;
                    self.push(prefix, &fence);
                } else {
                    let indent = code.prefix + line.indent.saturating_sub(code.strip);
                    self.push(indent, line.text);
                }
                return;
            }
            if line.is_blank() {
                code.blanks += 1;
                return;
            }
            if line.indent >= code.strip {
                let (blanks, indent) = (code.blanks, code.prefix + line.indent - code.strip);
                code.blanks = 0;
                self.out.extend(std::iter::repeat_n(String::new(), blanks));
                self.push(indent, line.text);
                return;
            }
            let (prefix, blanks) = (code.prefix, code.blanks);
            self.code = None;
            self.push(prefix, "```");
            self.out.extend(std::iter::repeat_n(String::new(), blanks));
        }
        if line.is_blank() {
            self.out.push(String::new());
            self.paragraph = false;
            return;
        }
        if let Some(fence) = opens(line.text) {
            let (_, prefix) = self.container(line.indent);
            self.push(prefix, &format!("{fence}text"));
            self.code = Some(Code {
                fence: fence.to_owned(),
                indented: false,
                strip: line.indent,
                prefix,
                blanks: 0,
            });
            self.paragraph = false;
            return;
        }
        if !self.paragraph {
            let (input, output) = self.container(line.indent);
            if line.indent >= input + 4 {
                self.push(output, "```text");
                self.push(output + line.indent - input - 4, line.text);
                self.code = Some(Code {
                    fence: "```".to_owned(),
                    indented: true,
                    strip: input + 4,
                    prefix: output,
                    blanks: 0,
                });
                return;
            }
        }
        if let Some((marker, width, rest)) = item(line.text) {
            // A list can interrupt a paragraph only with a non-empty item, numbered 1 if
            // ordered; otherwise the line goes on the paragraph.
            let starts = !self.paragraph
                || !self.items.is_empty()
                || (!rest.is_empty() && (marker.len() == 1 || marker == "1." || marker == "1)"));
            if starts {
                let (_, prefix) = self.container(line.indent);
                self.items.push(Item {
                    input: line.indent + width,
                    output: prefix + marker.len() + 1,
                });
                let text = match rest.is_empty() {
                    true => marker.to_owned(),
                    false => format!("{marker} {}", inline(rest)),
                };
                self.push(prefix, &text);
                self.paragraph = true;
                return;
            }
        }
        // Prose: a paragraph's continuation stays in the innermost item (lazily or not); a
        // new paragraph goes in the innermost item its indentation reaches.
        let prefix = match self.paragraph {
            true => self.items.last().map_or(0, |item| item.output),
            false => self.container(line.indent).1,
        };
        self.push(prefix, &inline(line.text));
        self.paragraph = true;
    }

    fn finish(mut self) -> Vec<String> {
        if let Some(code) = self.code.take() {
            self.push(code.prefix, &code.fence);
        }
        let mut out = self.out;
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        let start = out.iter().position(|l| !l.is_empty()).unwrap_or(out.len());
        out.split_off(start)
    }
}

/// The fence when `text` opens a fenced code block: 3+ backticks or tildes, and for
/// backticks an info string (dropped: the block becomes `text`) without a backtick.
fn opens(text: &str) -> Option<&str> {
    let c = text.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = text.len() - text.trim_start_matches(c).len();
    let (fence, info) = text.split_at(len);
    (len >= 3 && !(c == '`' && info.contains('`'))).then_some(fence)
}

/// Whether `text` closes the block `fence` opened: the same character, at least as many.
fn closes(fence: &str, text: &str) -> bool {
    let Some(c) = fence.chars().next() else {
        return false;
    };
    text.len() >= fence.len() && text.chars().all(|x| x == c)
}

/// `(marker, width, rest)` when `text` starts a list item: the marker (`-`, `*`, `+`, or up
/// to 9 digits and `.` or `)`), the columns from it to the item's content, and the content.
fn item(text: &str) -> Option<(&str, usize, &str)> {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let len = match (digits, text.as_bytes().get(digits)) {
        (0, Some(b'-' | b'*' | b'+')) => 1,
        (1..=9, Some(b'.' | b')')) => digits + 1,
        _ => return None,
    };
    let (marker, after) = text.split_at(len);
    if after.is_empty() {
        return Some((marker, len + 1, ""));
    }
    let rest = after.trim_start_matches([' ', '\t']);
    let spaces = after.len() - rest.len();
    match spaces {
        0 => None,
        1..=4 => Some((marker, len + spaces, rest)),
        _ => Some((marker, len + 1, rest)),
    }
}

/// Escapes one line of prose for rustdoc's Markdown.
fn inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        let rest: String = chars[i..].iter().take(8).collect();
        if (rest.starts_with("http://") || rest.starts_with("https://")) && !after_link_open(&out) {
            let end = chars[i..]
                .iter()
                .position(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | ']'))
                .map_or(chars.len(), |p| i + p);
            let mut url: String = chars[i..end].iter().collect();
            let mut tail = String::new();
            while url.ends_with(['.', ',', ';', ':']) {
                tail.insert(0, url.pop().unwrap_or_default());
            }
            out.push('<');
            out.push_str(&url);
            out.push('>');
            out.push_str(&tail);
            i = end;
            continue;
        }
        match c {
            '[' => {
                if closes_into_link(&chars, i) {
                    out.push('[');
                } else {
                    out.push_str("\\[");
                }
            }
            ']' => {
                if chars.get(i + 1) == Some(&'(') {
                    out.push(']');
                } else {
                    out.push_str("\\]");
                }
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Whether the text so far ends in `](`, i.e. we are in a Markdown link target.
fn after_link_open(out: &str) -> bool {
    out.ends_with("](") || out.ends_with('<')
}

/// Whether the `[` at `i` starts a Markdown link `[text](target)`.
fn closes_into_link(chars: &[char], i: usize) -> bool {
    let mut depth = 0;
    for (j, c) in chars.iter().enumerate().skip(i) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return chars.get(j + 1) == Some(&'(');
                }
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedents_and_escapes() {
        let lines = clean(
            "\n    Fallback time zone (e.g., `Europe/London`).\n    See https://example.com/x.\n",
        );
        assert_eq!(
            lines,
            vec![
                "Fallback time zone (e.g., `Europe/London`).",
                "See <https://example.com/x>.",
            ]
        );
    }

    #[test]
    fn keeps_links_and_escapes_brackets() {
        assert_eq!(
            inline("[bounds](https://docs.x/y) and [1, 2] <br>"),
            "[bounds](https://docs.x/y) and \\[1, 2\\] &lt;br&gt;"
        );
    }

    #[test]
    fn fences_become_text() {
        assert_eq!(
            clean("a\n```\nlet x;\n```"),
            vec!["a", "```text", "let x;", "```"]
        );
    }

    /// The description of `PATCH /v3/order/{order_id}` in Junction 0.4.485: a list item's
    /// continuation line keeps the item's indentation (clippy's `doc_lazy_continuation`).
    #[test]
    fn list_continuation_keeps_its_indentation() {
        let text = "Returns 400 when:\n- the order is not in a modifiable status,\n- the order \
                    was created for immediate processing (cannot be scheduled\n  after the \
                    fact),\n- `activate_by` is in the past.";
        assert_eq!(
            clean(text),
            vec![
                "Returns 400 when:",
                "- the order is not in a modifiable status,",
                "- the order was created for immediate processing (cannot be scheduled",
                "  after the fact),",
                "- `activate_by` is in the past.",
            ]
        );
    }

    #[test]
    fn lazy_and_overindented_continuations_take_the_content_column() {
        // Lazy (less indented) and overindented lines both go to the item's content column.
        assert_eq!(
            clean("1. first\nlazy\n2.    second\n         deep\n10) tenth\n    line"),
            vec![
                "1. first",
                "   lazy",
                "2. second",
                "   deep",
                "10) tenth",
                "    line"
            ]
        );
        // The corpus's `response-schemas` markdown response: a top-level list after prose.
        assert_eq!(
            clean("Test\n - Bullet one\n - Bullet two\n *italics*"),
            vec!["Test", "- Bullet one", "- Bullet two", "  *italics*"]
        );
    }

    #[test]
    fn nested_lists_keep_their_nesting() {
        let text = "* a\n    * b\n      b continued\n        * c\n* d\n\n  d again\n\nafter";
        assert_eq!(
            clean(text),
            vec![
                "* a",
                "  * b",
                "    b continued",
                "    * c",
                "* d",
                "",
                "  d again",
                "",
                "after",
            ]
        );
        // A sibling less indented than its item's content is not nested.
        assert_eq!(clean("- a\n - b"), vec!["- a", "- b"]);
    }

    #[test]
    fn what_is_not_a_list_item_stays_prose() {
        assert_eq!(
            clean("Since\n2024. it is\n*bold* -x 1.5 h\n-\n+"),
            vec!["Since", "2024. it is", "*bold* -x 1.5 h", "-", "+"]
        );
    }

    #[test]
    fn indented_code_becomes_a_text_fence() {
        let text = "Example:\n\n    let x = 1;\n\n      nested();\n\nAfter.\n\n    tail";
        assert_eq!(
            clean(text),
            vec![
                "Example:",
                "",
                "```text",
                "let x = 1;",
                "",
                "  nested();",
                "```",
                "",
                "After.",
                "",
                "```text",
                "tail",
                "```",
            ]
        );
        // Indented lines that continue a paragraph are not code.
        assert_eq!(clean("a\n        b\nc"), vec!["a", "b", "c"]);
    }

    #[test]
    fn code_in_a_list_item_stays_in_it() {
        let text = "- item\n\n      indented code\n\n  ```rust\n  fn main() {}\n  ```\n- next";
        assert_eq!(
            clean(text),
            vec![
                "- item",
                "",
                "  ```text",
                "  indented code",
                "  ```",
                "",
                "  ```text",
                "  fn main() {}",
                "  ```",
                "- next",
            ]
        );
    }

    #[test]
    fn fences_keep_their_kind_and_content() {
        // Tildes, longer fences, an inner fence that does not close, an unclosed block.
        assert_eq!(
            clean("~~~\n```rust\nx\n~~~\n````json\n```\n````\n```\nopen"),
            vec![
                "~~~text", "```rust", "x", "~~~", "````text", "```", "````", "```text", "open",
                "```",
            ]
        );
        // Backticks with a backtick in the info string are inline code, not a fence.
        assert_eq!(clean("```a``` [x]"), vec!["```a``` \\[x\\]"]);
    }

    #[test]
    fn docstring_indentation_and_tabs() {
        // The first line reaches here trimmed; the others keep their own common indentation.
        assert_eq!(
            clean("First.\n    Second.\n\n    - item\n      more"),
            vec!["First.", "Second.", "", "- item", "  more"]
        );
        // A tab is indentation to the next multiple of 4 columns.
        assert_eq!(
            clean("x\n\n\tcode\n-\titem"),
            vec!["x", "", "```text", "code", "```", "- item"]
        );
    }
}
