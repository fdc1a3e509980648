//! Markdown in descriptions keeps its structure and stays inert: `tests/fixtures/markdown_docs.yaml`
//! has lists with continuation lines (indented, lazy, overindented), nested and ordered lists,
//! fences and indented code blocks (each a `compile_error!`), tabs and a docstring. Its crate
//! is quiet under `cargo clippy -D warnings` (`doc_lazy_continuation`,
//! `doc_overindented_list_items`) and `cargo doc` with `RUSTDOCFLAGS=-D warnings`, and the
//! doctests of its generated code (`cargo test --doc`) pass: no code of the spec runs as one.

mod common;

use std::path::Path;

const CRATE: &str = "markdown_docs";

#[test]
fn markdown_descriptions_keep_structure_and_stay_quiet() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/markdown_docs.yaml");
    let settings = generator::Settings {
        crate_name: CRATE.to_owned(),
        ..Default::default()
    };
    let output = generator::generate_file(&spec, &settings).unwrap_or_else(|e| panic!("{e}"));
    let code = &output.code;
    for expected in [
        // Junction 0.4.485's `PATCH /v3/order/{order_id}`: the continuation stays in its item.
        "    /// - the order was created for immediate processing (cannot be scheduled\n    \
         ///   after the fact),\n",
        // Overindented and lazy continuations at their item's content column, nesting kept.
        "        /// * a UUID\n        ///   (overindented continuation)\n",
        "        ///   * nested, with a lazy line\n        ///     after it\n",
        // An indented code block, in an item and at the top: `text` fences.
        "///     ```text\n///     compile_error!(\"indented code in an item ran\");\n///     ```\n",
        "/// ```text\n/// compile_error!(\"indented code ran as a doctest\");\n",
        // A Rust fence in an item becomes `text`, in the item; a tilde fence keeps its tildes.
        "    ///   ```text\n    ///   compile_error!(\"a fence in an item ran\");\n    ///   ```\n",
        "    ///   ~~~text\n",
        // A docstring's indentation after its first line is not code.
        "        /// When to activate the order.\n        ///\n        /// - `null`: now\n",
    ] {
        assert!(code.contains(expected), "missing:\n{expected}\nin:\n{code}");
    }

    let dir = common::workspace()
        .join("target/generated-crates")
        .join(CRATE);
    common::write_crate(&dir, &generator::crate_files(&output, CRATE)).unwrap();
    let run = |args: &[&str], rustdocflags: Option<&str>| {
        let mut command = common::cargo(&dir, args);
        if let Some(flags) = rustdocflags {
            command.env("RUSTDOCFLAGS", flags);
        }
        common::succeed(command)
            .unwrap_or_else(|e| panic!("cargo {} failed:\n{e}", args.join(" ")));
    };
    run(
        &["clippy", "--offline", "--quiet", "--", "-D", "warnings"],
        None,
    );
    run(
        &["doc", "--offline", "--quiet", "--no-deps"],
        Some("-D warnings"),
    );
    // The generated code's doctests (the crate's lib.rs has a Junction example of its own).
    run(
        &[
            "test",
            "--offline",
            "--quiet",
            "--doc",
            "--",
            "src/junction.rs",
        ],
        None,
    );
}
