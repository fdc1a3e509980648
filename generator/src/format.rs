//! Format: the parts `emit` describes -> source text. Each part's tokens are made, read by
//! `syn` and printed by `prettyplease` (pure Rust, pinned by Cargo.lock, so the same tokens
//! always give the same bytes) on their own, on all cores, and the texts are joined in order,
//! with a blank line between items and the `@generated` header on top. Only the items being
//! printed are held as tokens and trees, so memory grows with the largest item, not with the
//! output.
//!
//! A part is printed where it stands: inside as many modules as it is nested in, which are then
//! cut off, so that its lines break at the same width as in the whole file.

use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;

use crate::emit::Part;

/// The file that `parts` make, starting with `header` (comment lines). Fails only if the
/// tokens are not valid Rust, which is a generator bug; the message says so.
///
/// The parts are printed by the threads of the rayon pool this is called in ([`generate`]
/// runs the pipeline in one: [`threads`]), or by the calling thread when it is in none.
///
/// [`generate`]: crate::generate
/// [`threads`]: crate::threads
pub fn file(parts: Vec<Part<'_>>, header: &str) -> Result<String, String> {
    let mut jobs = Vec::new();
    plan(parts, 0, &mut jobs)?;
    let print = |job: Job<'_>| -> Result<String, String> {
        match job {
            Job::Text(text) => Ok(text),
            Job::Items { depth, make } => Ok(spaced(&nested(make(), depth)?)),
        }
    };
    let texts: Vec<String> = match rayon::current_thread_index() {
        Some(_) => jobs.into_par_iter().map(print).collect::<Result<_, _>>()?,
        None => jobs.into_iter().map(print).collect::<Result<_, _>>()?,
    };
    let code_len: usize = texts.iter().map(|t| t.len() + 1).sum();
    let mut out = String::with_capacity(header.len() + 2 + code_len);
    out.push_str(header);
    out.push_str("\n\n");
    let code_start = out.len();
    for text in texts {
        let last = out[code_start..].trim_end_matches('\n').rsplit('\n').next();
        let first = text.lines().next();
        if let (Some(last), Some(first)) = (last, first) {
            if blank_between(last, first) {
                out.push('\n');
            }
        }
        out.push_str(&text);
    }
    Ok(out)
}

/// One piece of the output, in order: text already printed (a module's first or last lines),
/// or items to make and print `depth` modules deep.
enum Job<'a> {
    Text(String),
    Items {
        depth: usize,
        make: Box<dyn FnOnce() -> TokenStream + Send + 'a>,
    },
}

/// The jobs that print `parts`, `depth` modules deep: a module's own lines are printed here,
/// on the calling thread, around the jobs of its parts.
fn plan<'a>(parts: Vec<Part<'a>>, depth: usize, jobs: &mut Vec<Job<'a>>) -> Result<(), String> {
    const BODY: &str = "struct __Body;";
    for part in parts {
        match part {
            Part::Items(make) => jobs.push(Job::Items { depth, make }),
            Part::Module { head, parts } if parts.is_empty() => {
                jobs.push(Job::Text(spaced(&nested(head(TokenStream::new()), depth)?)));
            }
            Part::Module { head, parts } => {
                let text = nested(
                    head(quote!(
                        struct __Body;
                    )),
                    depth,
                )?;
                let at = text
                    .find(BODY)
                    .ok_or("internal error: a module's body is not where it was put")?;
                let open = text[..at].rsplit_once('\n').map_or("", |(open, _)| open);
                let close = text[at..].split_once('\n').map_or("", |(_, close)| close);
                jobs.push(Job::Text(spaced(&format!("{open}\n"))));
                plan(parts, depth + 1, jobs)?;
                jobs.push(Job::Text(close.to_owned()));
            }
        }
    }
    Ok(())
}

/// The text of `items` as it stands `depth` modules deep in the file: printed inside as many
/// modules, whose first and last lines are then cut off.
fn nested(items: TokenStream, depth: usize) -> Result<String, String> {
    if items.is_empty() {
        return Ok(String::new());
    }
    let mut tokens = items;
    for _ in 0..depth {
        tokens = quote!(mod __m { #tokens });
    }
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("internal error: the generated code does not parse: {e}"))?;
    let text = prettyplease::unparse(&file);
    drop(file);
    let mut lines: Vec<&str> = text.lines().collect();
    lines.truncate(lines.len().saturating_sub(depth));
    let mut out = String::with_capacity(text.len());
    for line in lines.iter().skip(depth) {
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
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

    fn items(tokens: TokenStream) -> Part<'static> {
        let text = tokens.to_string();
        Part::items(move || text.parse().unwrap())
    }

    #[test]
    fn items_are_spaced_and_headed() {
        let parts = vec![
            Part::module(
                |body| quote!(pub mod types { #body }),
                vec![
                    items(quote!(
                        pub struct A;
                    )),
                    items(quote!(
                        pub struct A2;
                    )),
                ],
            ),
            items(quote! {
                #[doc = " B."]
                pub struct B;
                impl B {}
            }),
            items(quote!(
                fn c() {}
            )),
        ];
        assert_eq!(
            file(parts, "// h").unwrap(),
            "// h\n\npub mod types {\n    pub struct A;\n\n    pub struct A2;\n}\n\n/// B.\npub struct B;\n\nimpl B {}\n\nfn c() {}\n"
        );
    }

    #[test]
    fn a_part_breaks_its_lines_as_it_would_in_the_whole_file() {
        let item = quote! {
            pub fn f(first_argument: u32, second_argument: u32, third_argument: u32, fourth: u32) {}
        };
        let whole: syn::File = syn::parse2(quote!(mod a { mod b { #item } })).unwrap();
        let parts = vec![Part::module(
            |body| quote!(mod a { #body }),
            vec![Part::module(
                |body| quote!(mod b { #body }),
                vec![items(item)],
            )],
        )];
        assert_eq!(
            file(parts, "// h").unwrap(),
            format!("// h\n\n{}", prettyplease::unparse(&whole))
        );
    }

    #[test]
    fn one_thread_prints_the_same_bytes_as_many() {
        let parts = || {
            let structs = (0..200).map(|i| {
                let name = quote::format_ident!("S{i}");
                items(quote!(pub struct #name { pub a: u32 } impl #name { fn f() {} }))
            });
            vec![
                Part::module(|body| quote!(pub mod types { #body }), structs.collect()),
                items(quote!(
                    fn main() {}
                )),
            ]
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let many = pool.install(|| file(parts(), "// h")).unwrap();
        // Outside any pool: the calling thread prints everything.
        assert_eq!(file(parts(), "// h").unwrap(), many);
        assert_eq!(many.matches("pub struct S").count(), 200);
    }

    #[test]
    fn an_empty_module_stays_on_one_line() {
        let parts = vec![Part::module(
            |body| quote!(pub mod params { #body }),
            Vec::new(),
        )];
        assert_eq!(file(parts, "// h").unwrap(), "// h\n\npub mod params {}\n");
    }

    #[test]
    fn tokens_that_do_not_parse_are_an_internal_error() {
        let message = file(vec![items(quote!(pub struct;))], "// h").unwrap_err();
        assert!(message.starts_with("internal error:"), "{message}");
    }
}
