//! Spec text cannot inject code: `tests/fixtures/injection.yaml` puts `*/`, quotes,
//! backslashes, newlines, `#[...]` and `"]` in titles, descriptions, names, enum values, the
//! server URL and Fern names. The generated code must keep all of it in doc attributes and
//! string literals: no token of the injected code (`evil`, `Evil`, `no_std`) may appear as an
//! identifier, every identifier is valid (the file parses), the header is one comment line,
//! and the crate's `Cargo.toml` keeps each value on its line. `tests/compile.rs` compiles the
//! fixture's crate under `cargo clippy -D warnings`, as it does every fixture.

use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};

fn generated() -> generator::Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/injection.yaml");
    generator::generate_file(&path, &generator::Settings::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Every identifier of the token stream, at any depth (doc comments are literals, not idents).
fn idents(tokens: TokenStream, out: &mut Vec<String>) {
    for tree in tokens {
        match tree {
            TokenTree::Ident(i) => out.push(i.to_string()),
            TokenTree::Group(g) => idents(g.stream(), out),
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}

#[test]
fn injected_text_stays_in_docs_and_strings() {
    let output = generated();
    let code = &output.code;
    syn::parse_file(code).unwrap_or_else(|e| panic!("does not parse: {e}\n{code}"));
    let tokens: TokenStream = code.parse().expect("tokens");
    let mut names = Vec::new();
    idents(tokens, &mut names);
    for injected in ["evil", "Evil", "no_std", "code"] {
        assert!(
            !names.iter().any(|n| n == injected),
            "`{injected}` became code:\n{code}"
        );
    }
    // Attributes are only the generator's own.
    let attrs: Vec<&str> = code
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("#[") || l.starts_with("#!["))
        .collect();
    for attr in &attrs {
        let known = [
            "#[derive(",
            "#[serde(",
            "#[doc = ",
            "#[non_exhaustive]",
            // The client's optional parts: `middleware` (issue 20) and the test kit (issue 19).
            "#[cfg(feature = \"middleware\")]",
            "#[cfg(feature = \"testing\")]",
            "#[must_use = \"a stub does nothing until mounted with `.mount().await`\"]",
        ];
        assert!(
            known.iter().any(|k| attr.starts_with(k)),
            "unexpected attribute `{attr}`"
        );
    }
    // The header is one line, whatever the title holds.
    let header = code.lines().next().unwrap();
    assert!(header.starts_with("// @generated"), "{header}");
    assert!(header.ends_with("Do not edit."), "{header}");
    assert!(
        code.lines()
            .nth(1)
            .is_some_and(|l| l.trim().is_empty() || l.starts_with("///")),
        "the header spilled over:\n{}",
        &code[..code.len().min(400)]
    );
}

#[test]
fn injected_names_become_plain_identifiers() {
    let code = generated().code;
    // Wire names are kept exactly, as escaped string literals: matched when read, written back.
    for (read, write) in [
        (r#""na\"me */" => "#, r#"writer.field("na\"me */", "#),
        (
            r##""#[serde(skip)]" => "##,
            r##"writer.optional("#[serde(skip)]", "##,
        ),
        (r#""back\\slash" => "#, r#"writer.optional("back\\slash", "#),
        (r#""new\nline" => "#, r#"writer.optional("new\nline", "#),
    ] {
        assert!(code.contains(read), "missing {read}:\n{code}");
        assert!(code.contains(write), "missing {write}:\n{code}");
    }
    for value in [
        r#""a\"b" => Some(Kind::AB)"#,
        r#""\"]" => Some(Kind::Value5)"#,
    ] {
        assert!(code.contains(value), "missing {value}:\n{code}");
    }
    // Docs are doc lines, their brackets escaped for rustdoc.
    assert!(
        code.contains("/// An item. */ #\\[derive(Evil)\\]"),
        "{code}"
    );
    assert!(code.contains("pub na_me: String"), "{code}");
    assert!(code.contains("pub serde_skip:"), "{code}");
}

#[test]
fn the_manifest_keeps_each_value_on_its_line() {
    let output = generated();
    let files = generator::crate_files(&output, "injection");
    let manifest = &files.iter().find(|f| f.path == "Cargo.toml").unwrap().text;
    let mut in_tables = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            in_tables = true;
            continue;
        }
        assert!(
            in_tables && line.contains(" = "),
            "stray line `{line}`:\n{manifest}"
        );
    }
    let description = manifest
        .lines()
        .find(|l| l.starts_with("description = "))
        .unwrap();
    let value = description
        .strip_prefix("description = \"")
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or_else(|| panic!("not a one-line string: {description}"));
    // A TOML basic string: every `"` and `\` escaped.
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => assert!(
                matches!(chars.next(), Some('\\' | '"' | 'n' | 't' | 'r' | 'u')),
                "bad escape in {description}"
            ),
            '"' => panic!("unescaped quote in {description}"),
            c => assert!(!c.is_control(), "control character in {description}"),
        }
    }
}
