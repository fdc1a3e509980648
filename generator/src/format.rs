//! Format: tokens -> source text, with `syn` and `prettyplease` (pure Rust, pinned by
//! Cargo.lock, so the same tokens always give the same bytes).

use proc_macro2::TokenStream;

/// Formats `tokens` as a file that starts with `header` (comment lines).
///
/// Fails only if the tokens are not valid Rust, which is a generator bug; the message says so.
pub fn file(tokens: TokenStream, header: &str) -> Result<String, String> {
    Ok(finish(header, &unparse(tokens)?))
}

/// `tokens`, a sequence of items, formatted by prettyplease (without blank lines between them).
pub fn unparse(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("internal error: the generated code does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// The file: `header`, then `body` with a blank line between its items.
pub fn finish(header: &str, body: &str) -> String {
    format!("{header}\n\n{}", space_items(body))
}

/// Puts a blank line between consecutive items, which prettyplease packs tightly.
///
/// An item starts on a line that opens with a doc comment, an attribute or an item keyword,
/// right after a line that closes the previous item (`}` or `;` at the same indentation).
fn space_items(code: &str) -> String {
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
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous: Option<&str> = None;
    for line in code.lines() {
        if let Some(prev) = previous {
            let indent = |l: &str| l.len() - l.trim_start().len();
            let comment = prev.trim_start().starts_with("//");
            let end = prev.trim_end();
            let closes =
                !comment && (end.trim_start() == "}" || end.ends_with(';') || end.ends_with("{}"));
            let opens = STARTS.iter().any(|s| line.trim_start().starts_with(s));
            if closes && opens && indent(prev) == indent(line) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}
