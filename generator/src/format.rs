//! Format: `syn` items (built by `emit`, or read here from its tokens) -> source text, with
//! `prettyplease` (pure Rust, pinned by Cargo.lock, so the same items always give the same
//! bytes). Parts printed apart (on two threads) join into the text of the whole.

use proc_macro2::TokenStream;

/// Formats `file` as a file that starts with `header` (comment lines).
pub fn file(file: &syn::File, header: &str) -> String {
    join(header, &[spaced(&prettyplease::unparse(file))])
}

/// `tokens`, a sequence of items, read as a file. Fails only if the tokens are not valid Rust,
/// which is a generator bug; the message says so.
pub fn parse(tokens: TokenStream) -> Result<syn::File, String> {
    syn::parse2(tokens)
        .map_err(|e| format!("internal error: the generated code does not parse: {e}"))
}

/// `items` formatted by prettyplease (without blank lines between them: see [`spaced`]).
pub fn print(items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    })
}

/// The part of a printed `pub mod NAME { .. }` that one run of its items gives, to be joined
/// with the other runs' parts in order: the opening line only when `first`, the closing brace
/// only when `last`.
pub fn module_part(text: &str, first: bool, last: bool) -> &str {
    let mut part = text;
    if !first {
        part = part.split_once('\n').map_or("", |(_, after)| after);
    }
    if !last {
        let body = part.strip_suffix('\n').unwrap_or(part);
        part = body.rsplit_once('\n').map_or("", |(before, _)| before);
    }
    part
}

/// The file: `header`, then `parts` (each from [`spaced`]) one after the other, with a blank
/// line where one part ends an item and the next starts one, as if spaced as one text.
pub fn join(header: &str, parts: &[String]) -> String {
    let mut out = String::with_capacity(
        header.len() + 2 + parts.iter().map(String::len).sum::<usize>() + parts.len(),
    );
    out.push_str(header);
    out.push_str("\n\n");
    let mut previous: Option<&str> = None;
    for part in parts {
        if let (Some(prev), Some(first)) = (previous, part.lines().next()) {
            if blank_between(prev, first) {
                out.push('\n');
            }
        }
        out.push_str(part);
        previous = part.lines().next_back().or(previous);
    }
    out
}

/// `code` with a blank line between consecutive items, which prettyplease packs tightly.
pub fn spaced(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous: Option<&str> = None;
    for line in code.lines() {
        if previous.is_some_and(|prev| blank_between(prev, line)) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// Whether a blank line goes between `prev` and `line`: when `line` starts an item (a doc
/// comment, an attribute or an item keyword) right after `prev` closed one (`}` or `;`) at
/// the same indentation.
fn blank_between(prev: &str, line: &str) -> bool {
    const STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "pub(",
        "impl",
        "fn ",
        "mod ",
        "struct ",
        "enum ",
        "type ",
        "async fn ",
    ];
    // Cheapest test first: most lines close nothing.
    let end = prev.trim_end();
    if !(end.ends_with('}') || end.ends_with(';')) {
        return false;
    }
    let prev_text = prev.trim_start();
    let closes = !prev_text.starts_with("//")
        && (end.trim_start() == "}" || end.ends_with(';') || end.ends_with("{}"));
    let text = line.trim_start();
    closes
        && prev.len() - prev_text.len() == line.len() - text.len()
        && STARTS.iter().any(|s| text.starts_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_joined_are_the_whole_spaced() {
        let first = "pub mod types {\n    pub struct A;\n}\n";
        let second = "/// B.\npub struct B;\nimpl B {}\nfn c() {}\n";
        let whole = join("// h", &[spaced(&format!("{first}{second}"))]);
        assert_eq!(join("// h", &[spaced(first), spaced(second)]), whole);
        assert_eq!(
            whole,
            "// h\n\npub mod types {\n    pub struct A;\n}\n\n/// B.\npub struct B;\n\nimpl B {}\n\nfn c() {}\n"
        );
    }

    #[test]
    fn runs_of_a_module_printed_apart_join_into_the_module() {
        let items: Vec<syn::Item> = vec![
            syn::parse_quote!(
                pub struct A;
            ),
            syn::parse_quote!(impl A {}),
            syn::parse_quote!(
                pub struct B {
                    pub b: i64,
                }
            ),
            syn::parse_quote!(
                pub fn c() {}
            ),
        ];
        let module = |items: &[syn::Item], head: bool| -> String {
            let attrs = if head {
                quote::quote!(#[doc = " Types."])
            } else {
                quote::quote!()
            };
            print(vec![syn::parse_quote!(#attrs pub mod types { #(#items)* })])
        };
        let whole = join("// h", &[spaced(&module(&items, true))]);
        for cuts in [
            vec![0, 4],
            vec![0, 1, 4],
            vec![0, 1, 2, 3, 4],
            vec![0, 3, 4],
        ] {
            let last = cuts.len() - 2;
            let parts: Vec<String> = cuts
                .windows(2)
                .enumerate()
                .map(|(i, w)| {
                    let text = module(&items[w[0]..w[1]], i == 0);
                    spaced(module_part(&text, i == 0, i == last))
                })
                .collect();
            assert_eq!(join("// h", &parts), whole, "cut at {cuts:?}");
        }
    }
}
