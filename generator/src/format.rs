//! Format: the tokens `emit` wrote -> source text, read once by `syn` and printed by
//! `prettyplease` (pure Rust, pinned by Cargo.lock, so the same tokens always give the same
//! bytes), with a blank line between items and the `@generated` header on top.

use proc_macro2::TokenStream;

/// The file that `tokens`, a sequence of items, make, starting with `header` (comment
/// lines). Fails only if the tokens are not valid Rust, which is a generator bug; the message
/// says so.
pub fn file(tokens: TokenStream, header: &str) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("internal error: the generated code does not parse: {e}"))?;
    Ok(format!(
        "{header}\n\n{}",
        spaced(&prettyplease::unparse(&file))
    ))
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
    fn items_are_spaced_and_headed() {
        let tokens = quote::quote! {
            pub mod types {
                pub struct A;
            }
            #[doc = " B."]
            pub struct B;
            impl B {}
            fn c() {}
        };
        assert_eq!(
            file(tokens, "// h").unwrap(),
            "// h\n\npub mod types {\n    pub struct A;\n}\n\n/// B.\npub struct B;\n\nimpl B {}\n\nfn c() {}\n"
        );
    }

    #[test]
    fn tokens_that_do_not_parse_are_an_internal_error() {
        let message = file(quote::quote!(pub struct;), "// h").unwrap_err();
        assert!(message.starts_with("internal error:"), "{message}");
    }
}
