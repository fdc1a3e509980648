//! Spec text -> doc comments that rustdoc renders as written and never runs.
//!
//! Descriptions come from a vendor's spec: indented by YAML block scalars, with bare URLs,
//! brackets, HTML-looking text and code fences. Each becomes `#[doc = "..."]` lines (printed as
//! `///`), so nothing in it can end the comment or inject code, and it is made quiet for
//! rustdoc: common indentation removed (an indented line would be a doctest), fences marked
//! `text`, bare URLs put in `<...>`, lone brackets and angle brackets escaped.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text`, nothing for `None` or blank text, as tokens.
pub fn attrs(text: Option<&str>) -> TokenStream {
    let attrs = attributes(text);
    quote!(#(#attrs)*)
}

/// `#[doc]` attributes for `text`, nothing for `None` or blank text.
pub fn attributes(text: Option<&str>) -> Vec<syn::Attribute> {
    let Some(text) = text else {
        return Vec::new();
    };
    clean(text)
        .iter()
        .map(|line| match line.is_empty() {
            true => super::syntax::doc(""),
            false => super::syntax::doc(&format!(" {line}")),
        })
        .collect()
}

/// The cleaned lines of a description.
pub fn clean(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let raw: Vec<&str> = text.lines().map(str::trim_end).collect();
    let indent = raw
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in raw {
        let line = if line.len() >= indent {
            &line[indent..]
        } else {
            line.trim_start()
        };
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            out.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
        } else {
            out.push(inline(trimmed));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
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
}
