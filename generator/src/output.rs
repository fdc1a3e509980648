//! A standalone crate: `Cargo.toml`, the client's `lib.rs`, the runtime and the generated code.
//!
//! The runtime and `lib.rs` are the hand-written files of `generated-client/`, embedded here at
//! compile time, so the crate the CLI writes and the crate `build.rs` builds share one source.
//! They are read through `generator/client`, a link to `generated-client/src`, so that the
//! generator's package carries them (`cargo package` copies what a link points to).

mod cli;

use std::path::Path;

use crate::{Error, Output};

pub use cli::cli_crate_files;

/// The client's hand-written files, as `(path under src/, text)`.
const CLIENT_FILES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../client/lib.rs")),
    ("runtime/mod.rs", include_str!("../client/runtime/mod.rs")),
    ("runtime/auth.rs", include_str!("../client/runtime/auth.rs")),
    ("runtime/body.rs", include_str!("../client/runtime/body.rs")),
    ("runtime/core.rs", include_str!("../client/runtime/core.rs")),
    (
        "runtime/error.rs",
        include_str!("../client/runtime/error.rs"),
    ),
    ("runtime/form.rs", include_str!("../client/runtime/form.rs")),
    ("runtime/mode.rs", include_str!("../client/runtime/mode.rs")),
    (
        "runtime/paging.rs",
        include_str!("../client/runtime/paging.rs"),
    ),
    (
        "runtime/patch.rs",
        include_str!("../client/runtime/patch.rs"),
    ),
    (
        "runtime/query.rs",
        include_str!("../client/runtime/query.rs"),
    ),
    (
        "runtime/response.rs",
        include_str!("../client/runtime/response.rs"),
    ),
    (
        "runtime/retry.rs",
        include_str!("../client/runtime/retry.rs"),
    ),
    ("runtime/send.rs", include_str!("../client/runtime/send.rs")),
    (
        "runtime/testing.rs",
        include_str!("../client/runtime/testing.rs"),
    ),
    (
        "runtime/testing_pages.rs",
        include_str!("../client/runtime/testing_pages.rs"),
    ),
    (
        "runtime/testing_webhook.rs",
        include_str!("../client/runtime/testing_webhook.rs"),
    ),
    (
        "runtime/object.rs",
        include_str!("../client/runtime/object.rs"),
    ),
    (
        "runtime/string_enum.rs",
        include_str!("../client/runtime/string_enum.rs"),
    ),
    (
        "runtime/timestamp.rs",
        include_str!("../client/runtime/timestamp.rs"),
    ),
    (
        "runtime/webhook.rs",
        include_str!("../client/runtime/webhook.rs"),
    ),
    (
        "runtime/webhook_event.rs",
        include_str!("../client/runtime/webhook_event.rs"),
    ),
];

/// How `lib.rs` pulls in the generated code: the committed file, or the one `build.rs` writes
/// with the feature `regenerate`. A standalone crate has only the first.
const BUILD_INCLUDE: &str = "#[cfg(not(feature = \"regenerate\"))]
include!(\"junction.rs\");
#[cfg(feature = \"regenerate\")]
include!(concat!(env!(\"OUT_DIR\"), \"/junction.rs\"));";

/// Where the block of `lib.rs` begins that compiles the repository's README and `docs/` pages
/// as doctests; it runs to the end of the file, and a standalone crate, which has no README
/// beside it, is cut there.
const DOCTESTS: &str = "\n/// The examples of the README and of the pages in `docs/`";

/// The runtime dependencies of the client, the same as the root `Cargo.toml` lists.
const DEPENDENCIES: &str = r#"base64 = "0.23"
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std", "clock"] }
fastrand = "2"
futures-core = "0.3"
hmac = "0.13"
http = "1"
futures-util = { version = "0.3", default-features = false }
httpdate = "1"
percent-encoding = "2"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream", "http2", "multipart"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_path_to_error = "0.1"
serde_urlencoded = "0.7"
sha2 = "0.11"
thiserror = "2"
tokio = { version = "1", features = ["time"] }
tracing = "0.1"
uuid = { version = "1", features = ["serde", "v4"] }
reqwest-middleware = { version = "0.5", optional = true }
wiremock = { version = "0.6", optional = true }
flate2 = { version = "1", optional = true }
"#;

/// The features of the client, the same as the root `Cargo.toml` lists.
const FEATURES: &str = r#"default = ["rustls", "gzip"]
# TLS, as reqwest offers it (one is needed for https): rustls with aws-lc-rs as its crypto
# provider (built from C: a C compiler and cmake or nasm where aws-lc-sys needs them)...
rustls = ["reqwest/rustls"]
# ...the platform's TLS (OpenSSL on Linux: its headers and pkg-config, e.g. libssl-dev)...
native-tls = ["reqwest/native-tls"]
# ...or rustls with the provider your program installs before building a client (ring, say).
rustls-no-provider = ["reqwest/rustls-no-provider"]
# Compressed answers: `Accept-Encoding` sent, the body decoded before it is read or streamed.
gzip = ["reqwest/gzip"]
zstd = ["reqwest/zstd"]
brotli = ["reqwest/brotli"]
# Send requests through a `reqwest_middleware::ClientWithMiddleware`.
middleware = ["dep:reqwest-middleware"]
# The test kit: `junction::testing`, a mock server with typed stubs (for `[dev-dependencies]`).
testing = ["dep:wiremock", "dep:flate2"]
"#;

/// One file of a generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateFile {
    /// Path relative to the crate root.
    pub path: String,
    /// Its text.
    pub text: String,
}

/// The files of a standalone crate named `name` holding `output`.
pub fn crate_files(output: &Output, name: &str) -> Vec<CrateFile> {
    let api = &output.api;
    let manifest = format!(
        "# @generated by junction-generator {gen}. Do not edit.\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"0.1.0\"\n\
         edition = \"2021\"\n\
         description = {description}\n\
         publish = false\n\n\
         # A workspace of its own, so it builds wherever it is written.\n\
         [workspace]\n\n\
         [dependencies]\n{DEPENDENCIES}\n\
         [features]\n{FEATURES}",
        gen = env!("CARGO_PKG_VERSION"),
        description = toml_string(&format!("Client for the {} {}", api.title, api.version)),
    );
    let mut files = vec![CrateFile {
        path: "Cargo.toml".to_owned(),
        text: manifest,
    }];
    let rename = format!("{name}::");
    for (path, text) in CLIENT_FILES {
        let text = match text.find(DOCTESTS) {
            Some(start) => &text[..start],
            None => text,
        };
        let text = text
            .replace(BUILD_INCLUDE, "include!(\"junction.rs\");")
            .replace("junction::", &rename);
        files.push(CrateFile {
            path: format!("src/{path}"),
            text,
        });
    }
    files.push(CrateFile {
        path: "src/junction.rs".to_owned(),
        text: output.code.clone(),
    });
    files
}

/// `text` as a TOML basic string: quoted, with quotes, backslashes and control characters
/// escaped, so no spec text can end the string or add keys to the manifest.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes `files` under `dir`, each only if its content changed.
pub fn write_files(dir: &Path, files: &[CrateFile]) -> Result<(), Error> {
    for file in files {
        write_if_changed(&dir.join(&file.path), &file.text)?;
    }
    Ok(())
}

/// Writes `text` to `path` unless it already holds exactly that, so Cargo sees no change.
pub(crate) fn write_if_changed(path: &Path, text: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    let fail = |source| Error::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::write(path, text).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lib_rs_has_the_lines_a_standalone_crate_replaces() {
        assert!(CLIENT_FILES[0].1.contains(BUILD_INCLUDE));
        let lib = CLIENT_FILES[0].1;
        let doctests = lib.find(DOCTESTS).expect("the doctests block");
        assert!(lib[doctests..].trim_end().ends_with("}"));
        assert!(lib[doctests..].contains("../../README.md"));
    }

    #[test]
    fn toml_strings_cannot_break_out() {
        assert_eq!(toml_string("a \"b\" \\ c\nd"), r#""a \"b\" \\ c\nd""#);
    }

    /// The files of `dir` (under the generator's directory) as `prefix/name`, and the paths of
    /// `embedded`, each sorted: what a test of embedded files compares.
    pub(super) fn on_disk_and_embedded(
        dir: &str,
        prefix: &str,
        embedded: &[(&str, &str)],
    ) -> (Vec<String>, Vec<String>) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| format!("{prefix}/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = embedded.iter().map(|(p, _)| (*p).to_owned()).collect();
        embedded.sort();
        (on_disk, embedded)
    }

    /// The lines of `manifest`'s table `[name]`, up to the next table.
    pub(super) fn table<'a>(manifest: &'a str, name: &str) -> &'a str {
        manifest
            .split(&format!("[{name}]\n"))
            .nth(1)
            .and_then(|s| s.split("\n[").next())
            .unwrap()
    }

    #[test]
    fn every_runtime_file_is_embedded() {
        let (on_disk, embedded) =
            on_disk_and_embedded("client/runtime", "runtime", &CLIENT_FILES[1..]);
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn dependencies_match_the_root_manifest() {
        let root =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml"))
                .unwrap();
        assert_eq!(table(&root, "dependencies").trim(), DEPENDENCIES.trim());
        let features = table(&root, "features");
        // `regenerate` is the repository's own: a standalone crate holds its generated code;
        // and it has no features of the API's groups (no `cfg` gates its code).
        let features = features
            .split("# Generate the client again")
            .next()
            .unwrap();
        let (head, groups) = features.split_once("# The API's groups").unwrap();
        let rest = groups
            .split_once("# (end of the API's groups)\n")
            .unwrap()
            .1;
        let features = format!("{}{rest}", head.replace("\"full\", ", ""));
        assert_eq!(features.trim(), FEATURES.trim());
    }
}
