//! Generates a typed async Rust client from an OpenAPI 3.0 or 3.1 document.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! load (YAML/JSON -> Value) -> overlay -> normalize (3.1 -> 3.0 shapes) -> check -> openapiv3
//!   -> lower (-> ir::Api) -> emit (quote! tokens, item by item) -> format (syn + prettyplease)
//! ```
//!
//! The stages run in that order on one thread, of a pool with a thread per core and a large
//! stack ([`STACK`]): each stage recurses as deep as the document nests. Emit and format go
//! item by item, on all the pool's threads, so that only the items being printed are held as
//! tokens and syntax trees.
//!
//! [`generate`] runs it on text in memory; [`Builder`] runs it from a `build.rs`; the
//! `junction-gen` binary writes a standalone crate. With [`Settings::cli`], emit also writes
//! the API's command line ([`Output::cli`], `emit::cli`), and [`cli_crate_files`] the crate
//! around it. Output is deterministic: the same spec
//! gives the same bytes. Problems in the spec come back as [`Diagnostics`], each with the
//! file, a JSON pointer and what is wrong; the generator does not panic on bad input.

pub mod check;
pub mod coverage;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod format;
pub mod ir;
pub mod lint;
pub mod load;
pub mod lower;
pub mod normalize;
mod output;
pub mod overlay;
pub mod select;
pub mod surface;

use std::path::{Path, PathBuf};

use serde_json::Value;

pub use diag::{Diagnostic, Diagnostics};
pub use output::{cli_crate_files, crate_files, write_files, CrateFile};

/// What the generated code is for.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Name of the crate the code goes in, used in doc examples (default `junction`).
    pub crate_name: String,
    /// Overlays applied to the spec, in order, right after it is parsed (default none).
    pub overlays: Vec<overlay::Overlay>,
    /// Makes an overlay action that selects nothing an error instead of a warning in
    /// [`Output::overlays`] (default false).
    pub strict_overlays: bool,
    /// Recognise paged operations from their parameter and field names where the spec has no
    /// `x-fern-pagination` (default `true`; see `lower::pagination`).
    pub infer_pagination: bool,
    /// Selectors of the part of the API to generate (`user`, `user.get`, `summary`,
    /// `webhooks`, `daily.data.*`; see [`select`]); empty: everything (the default).
    pub only: Vec<String>,
    /// Keeps required the required properties marked deprecated in types the client decodes
    /// (default false: they are read as `Option`, see `ir::Field::relaxed`).
    pub strict_deprecated: bool,
    /// The cargo features the crate declares: a top-level group of the client (or the
    /// webhooks) named here is compiled only with its feature, and each type only with the
    /// features that reach it ([`select::Features`]); a group not named here is always
    /// compiled. `None` (the default): no `cfg` at all.
    pub features: Option<Vec<String>>,
    /// Also writes the API's command line ([`Output::cli`]): a module `cli.rs` for a binary
    /// crate that depends on the client crate, named [`Settings::crate_name`] (default false;
    /// `emit::cli`).
    pub cli: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            crate_name: "junction".to_owned(),
            overlays: Vec::new(),
            strict_overlays: false,
            infer_pagination: true,
            only: Vec::new(),
            strict_deprecated: false,
            features: None,
            cli: false,
        }
    }
}

/// The result of a run.
#[derive(Clone, Debug)]
pub struct Output {
    /// The formatted Rust source: a sequence of items for the crate root.
    pub code: String,
    /// The lowered API the code was emitted from.
    pub api: ir::Api,
    /// What normalization rewrote.
    pub normalized: normalize::Report,
    /// What each overlay of [`Settings::overlays`] selected, in order (its actions that
    /// selected nothing: [`overlay::Applied::unmatched`]).
    pub overlays: Vec<overlay::Applied>,
    /// What [`Settings::only`] kept and left out (`None` without a selection).
    pub selection: Option<select::Report>,
    /// The command line's module `cli.rs`, formatted, when [`Settings::cli`] asks for it.
    pub cli: Option<String>,
}

/// A run that could not finish.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file could not be read.
    #[error("error: cannot read the spec `{path}`: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The output could not be written.
    #[error("error: cannot write `{path}`: {source}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The spec has problems.
    #[error("{0}")]
    Spec(Diagnostics),
}

/// Runs the whole pipeline on `text`, named `file` in messages and in the output's header.
///
/// A problem in a node that an overlay wrote (or moved) says so in its message and has no
/// line: the spec's text does not hold that node.
pub fn generate(file: &str, text: &str, settings: &Settings) -> Result<Output, Diagnostics> {
    let run = || pipeline(file, text, settings);
    match threads() {
        // The pipeline runs on one of them, and prints the generated items on all.
        Some(threads) => threads.install(run),
        // No thread to be had: this one, with whatever stack it has.
        None => run(),
    }
}

/// The stack of the threads [`generate`] runs the pipeline on: room for documents nested some
/// hundreds of levels deep (only what is used of it is ever touched).
pub const STACK: usize = 64 << 20;

/// Threads for a run of the pipeline, one per core, each with a [`STACK`], or none when no
/// thread can be had. Each run has threads of its own, so that a small spec generated beside a
/// large one (in a test, on another thread) does not wait behind the large one's items.
pub fn threads() -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("junction-gen-{i}"))
        .stack_size(STACK)
        .build()
        .ok()
}

fn pipeline(file: &str, text: &str, settings: &Settings) -> Result<Output, Diagnostics> {
    let mut provenance = overlay::Provenance::default();
    let mut moved = normalize::Report::default();
    run(file, text, settings, &mut provenance, &mut moved).map_err(|mut diagnostics| {
        for d in &mut diagnostics.0 {
            moved.relocate(d);
            provenance.place(d, file, text);
        }
        diagnostics
    })
}

/// The spec read up to the IR, as every command reads it.
pub(crate) struct Lowered {
    /// What each overlay of the settings selected.
    pub overlays: Vec<overlay::Applied>,
    /// The document with the overlays applied, before normalization, when asked for.
    pub overlaid: Option<Value>,
    /// What normalization rewrote.
    pub normalized: normalize::Report,
    /// The normalized document.
    pub value: Value,
    /// The normalized document as `openapiv3` reads it.
    pub doc: openapiv3::OpenAPI,
    /// The API lowered from it, whole (no selection).
    pub api: ir::Api,
}

/// Load, overlays, normalize, check, `openapiv3` and lower: the stages [`generate`], `lint`
/// and `diff --only` share. `provenance` and `moved` are filled as the stages go, so that the
/// caller can place a problem in the spec as written (see [`generate`]); `keep_overlaid` keeps
/// a copy of the document before normalization (`lint`'s overlay actions point into it).
pub(crate) fn lower_spec(
    file: &str,
    text: &str,
    settings: &Settings,
    keep_overlaid: bool,
    provenance: &mut overlay::Provenance,
    moved: &mut normalize::Report,
) -> Result<Lowered, Diagnostics> {
    let mut value = load::parse(file, text)?;
    let (overlays, written) = overlay::apply(&mut value, file, &settings.overlays)?;
    *provenance = written;
    if settings.strict_overlays {
        let unmatched = overlay::unmatched_errors(&settings.overlays, &overlays, file);
        if !unmatched.is_empty() {
            return Err(unmatched);
        }
    }
    let overlaid = keep_overlaid.then(|| value.clone());
    let normalized = normalize::normalize(&mut value);
    moved.moves.clone_from(&normalized.moves);
    check::check(file, &value)?;
    let doc = parse_openapi(file, &value)?;
    let api = lower::lower_with(&doc, file, settings)?;
    Ok(Lowered {
        overlays,
        overlaid,
        normalized,
        value,
        doc,
        api,
    })
}

fn run(
    file: &str,
    text: &str,
    settings: &Settings,
    provenance: &mut overlay::Provenance,
    moved: &mut normalize::Report,
) -> Result<Output, Diagnostics> {
    let Lowered {
        overlays,
        normalized,
        value,
        doc,
        api,
        ..
    } = lower_spec(file, text, settings, false, provenance, moved)?;
    let (mut api, selection) = select::prune(api, &doc, &settings.only, file)?;
    api.response_examples = lint::success_examples(&api, &value);
    api.default_answers = lint::minimal::default_answers(&api);
    if let Some(declared) = &settings.features {
        api.features = select::Features::of(&api, declared);
    }
    drop(value);
    let name = Path::new(file)
        .file_name()
        .map_or(file.to_owned(), |n| n.to_string_lossy().into_owned());
    let name = one_line(&name);
    let header = format!(
        "// @generated by junction-generator {} from {name} ({} {}). Do not edit.",
        env!("CARGO_PKG_VERSION"),
        one_line(&api.title),
        one_line(&api.version)
    );
    drop(doc);
    let internal = |message| {
        Diagnostics(vec![Diagnostic {
            file: file.to_owned(),
            pointer: String::new(),
            line: None,
            column: None,
            message,
        }])
    };
    let code = format::file(emit::api(&api, &settings.crate_name), &header).map_err(internal)?;
    let cli = match settings.cli {
        true => {
            let (api, client) = (&api, settings.crate_name.as_str());
            let parts = vec![emit::Part::items(move || emit::cli::cli(api, client))];
            Some(format::file(parts, &header).map_err(internal)?)
        }
        false => None,
    };
    Ok(Output {
        code,
        api,
        normalized,
        overlays,
        selection,
        cli,
    })
}

/// The names of the features of a `Cargo.toml`: the keys of its `[features]` table.
fn declared_features(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_features = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_features = line.trim() == "[features]";
        } else if in_features {
            if let Some((key, _)) = line.split_once('=') {
                let key = key.trim();
                if !key.is_empty() && !key.starts_with('#') && !key.starts_with('"') {
                    names.push(key.to_owned());
                }
            }
        }
    }
    names
}

/// `text` with every control character (a newline above all) made a space, so that spec text
/// put in a `//` comment cannot end it and write code.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Reads `path` and runs [`generate`] on it.
pub fn generate_file(path: &Path, settings: &Settings) -> Result<Output, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.display().to_string(),
        source,
    })?;
    generate(&path.display().to_string(), &text, settings).map_err(Error::Spec)
}

/// Reads the normalized value into `openapiv3`, turning serde's errors into located ones:
/// only when the plain read fails is it read again, keeping the path, so that the message says
/// where.
fn parse_openapi(file: &str, value: &Value) -> Result<openapiv3::OpenAPI, Diagnostics> {
    use serde::Deserialize;
    if let Ok(doc) = openapiv3::OpenAPI::deserialize(value) {
        return Ok(doc);
    }
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value).map_err(|e| {
        let pointer = diag::Pointer::from_serde_path(e.path());
        Diagnostics(vec![Diagnostic {
            file: file.to_owned(),
            pointer: pointer.to_string(),
            line: None,
            column: None,
            message: format!("not a valid OpenAPI document: {}", e.inner()),
        }])
    })
}

/// Runs the generator from a `build.rs` (the shape of `prost_build::Config`).
///
/// ```no_run
/// // in build.rs's main:
/// if let Err(e) = generator::Builder::new()
///     .spec("specs/junction.yaml")
///     .spec_env("JUNCTION_SPEC")
///     .generate()
/// {
///     eprintln!("{e}");
///     std::process::exit(1);
/// }
/// ```
#[derive(Clone, Debug)]
pub struct Builder {
    spec: PathBuf,
    spec_env: Option<String>,
    out_file: Option<PathBuf>,
    /// Overlay files, in order, each with whether it must exist.
    overlays: Vec<(PathBuf, bool)>,
    settings: Settings,
    /// The variable of [`Builder::only_env`].
    only_env: Option<String>,
    /// Whether [`Builder::cargo_features`] is on.
    cargo_features: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// A builder for `specs/junction.yaml`, writing `$OUT_DIR/junction.rs`.
    ///
    /// ```
    /// let builder = generator::Builder::new();
    /// ```
    pub fn new() -> Self {
        Builder {
            spec: PathBuf::from("specs/junction.yaml"),
            spec_env: None,
            out_file: None,
            overlays: Vec::new(),
            settings: Settings::default(),
            only_env: None,
            cargo_features: false,
        }
    }

    /// The spec to read, relative to the package root.
    ///
    /// ```
    /// generator::Builder::new().spec("specs/other.yaml");
    /// ```
    pub fn spec(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.spec = path.into();
        self
    }

    /// An environment variable that, when set, names the spec instead.
    ///
    /// ```
    /// generator::Builder::new().spec_env("JUNCTION_SPEC");
    /// ```
    pub fn spec_env(&mut self, var: impl Into<String>) -> &mut Self {
        self.spec_env = Some(var.into());
        self
    }

    /// Where to write the code (default `$OUT_DIR/junction.rs`).
    ///
    /// ```
    /// generator::Builder::new().out_file("target/junction.rs");
    /// ```
    pub fn out_file(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.out_file = Some(path.into());
        self
    }

    /// The name of the crate the code goes in, for doc examples.
    ///
    /// ```
    /// generator::Builder::new().crate_name("junction");
    /// ```
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.settings.crate_name = name.into();
        self
    }

    /// An overlay to apply to the spec (relative to the package root); repeatable, applied
    /// in order. It must exist. Cargo reruns the build when it changes.
    ///
    /// ```
    /// generator::Builder::new().overlay("specs/junction.overlay.yaml");
    /// ```
    pub fn overlay(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.overlays.push((path.into(), true));
        self
    }

    /// An overlay applied when the file exists (in order with those of [`Builder::overlay`]).
    /// While it does not, Cargo watches its directory, so the build reruns when it appears
    /// (a missing file named to Cargo would rerun the build every time).
    ///
    /// ```
    /// generator::Builder::new().optional_overlay("specs/junction.overlay.yaml");
    /// ```
    pub fn optional_overlay(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.overlays.push((path.into(), false));
        self
    }

    /// Makes an overlay action that selects nothing fail the build (default: one
    /// `cargo:warning` line per overlay saying how many of its actions selected nothing).
    ///
    /// ```
    /// generator::Builder::new().strict_overlays(true);
    /// ```
    pub fn strict_overlays(&mut self, strict: bool) -> &mut Self {
        self.settings.strict_overlays = strict;
        self
    }

    /// Whether to recognise paged operations from their names where the spec has no
    /// `x-fern-pagination` (default `true`).
    ///
    /// ```
    /// generator::Builder::new().infer_pagination(false);
    /// ```
    pub fn infer_pagination(&mut self, infer: bool) -> &mut Self {
        self.settings.infer_pagination = infer;
        self
    }

    /// Generates only the part of the API `selectors` choose, with the types it reaches:
    /// groups (`user`), operations (`user.get`), tags, `webhooks` or webhook names with `*`
    /// (`daily.data.*`); each may hold several, comma-separated. Repeatable; the default is
    /// everything. A selector that matches nothing fails the build, naming the nearest names.
    ///
    /// ```
    /// generator::Builder::new().only(["user", "link,summary"]);
    /// ```
    pub fn only<S: AsRef<str>>(&mut self, selectors: impl IntoIterator<Item = S>) -> &mut Self {
        let given: Vec<S> = selectors.into_iter().collect();
        self.settings.only.extend(select::parse(&given));
        self
    }

    /// An environment variable that, when set and not empty, holds selectors for
    /// [`Builder::only`] (comma-separated: `JUNCTION_ONLY=user,link,summary`), added to those
    /// given in code. Cargo reruns the build when it changes.
    ///
    /// ```
    /// generator::Builder::new().only_env("JUNCTION_ONLY");
    /// ```
    pub fn only_env(&mut self, var: impl Into<String>) -> &mut Self {
        self.only_env = Some(var.into());
        self
    }

    /// Keeps required the required properties the spec marks deprecated in types the client
    /// decodes (default `false`: they are read as `Option`, so a response still decodes once
    /// the API stops sending them).
    ///
    /// ```
    /// generator::Builder::new().strict_deprecated(true);
    /// ```
    pub fn strict_deprecated(&mut self, strict: bool) -> &mut Self {
        self.settings.strict_deprecated = strict;
        self
    }

    /// Gates each top-level group of the client, and the webhooks, behind the cargo feature of
    /// its name where the crate's `Cargo.toml` declares one ([`Settings::features`]): types
    /// behind the features that reach them. A group with no feature of its name is compiled
    /// always, and a `cargo:warning` says so. Default off: no `cfg`.
    ///
    /// ```
    /// generator::Builder::new().cargo_features(true);
    /// ```
    pub fn cargo_features(&mut self, on: bool) -> &mut Self {
        self.cargo_features = on;
        self
    }

    /// Generates, writes the file only if its content changed, and tells Cargo when to run
    /// again (`rerun-if-changed` for the spec and the overlays, `rerun-if-env-changed` for the
    /// variable). Returns the path written.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        let spec = match &self.spec_env {
            Some(var) => {
                println!("cargo:rerun-if-env-changed={var}");
                std::env::var_os(var)
                    .filter(|v| !v.is_empty())
                    .map_or_else(|| self.spec.clone(), PathBuf::from)
            }
            None => self.spec.clone(),
        };
        println!("cargo:rerun-if-changed={}", spec.display());
        let mut settings = self.settings.clone();
        for (path, required) in &self.overlays {
            if *required || path.is_file() {
                println!("cargo:rerun-if-changed={}", path.display());
                settings.overlays.push(overlay::Overlay::read(path)?);
            } else {
                let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
                println!(
                    "cargo:rerun-if-changed={}",
                    dir.unwrap_or(Path::new(".")).display()
                );
            }
        }
        if let Some(var) = &self.only_env {
            println!("cargo:rerun-if-env-changed={var}");
            if let Some(value) = std::env::var_os(var) {
                settings
                    .only
                    .extend(select::parse(&[value.to_string_lossy()]));
            }
        }
        if self.cargo_features {
            let dir = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
            let manifest = Path::new(&dir).join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest).map_err(|source| Error::Read {
                path: manifest.display().to_string(),
                source,
            })?;
            settings.features = Some(declared_features(&text));
        }
        let output = generate_file(&spec, &settings)?;
        if let Some(declared) = &settings.features {
            for group in select::Features::all(&output.api) {
                if !declared.contains(&group) {
                    println!(
                        "cargo:warning=`{group}` of {} has no cargo feature of its name: \
                         it is compiled always",
                        spec.display()
                    );
                }
            }
        }
        for applied in &output.overlays {
            let unmatched = applied.unmatched().count();
            if unmatched > 0 {
                println!(
                    "cargo:warning=overlay {}: {unmatched} of {} actions selected nothing in {} \
                     (`junction-gen coverage --spec {} --overlay {}` lists them)",
                    applied.file,
                    applied.actions.len(),
                    spec.display(),
                    spec.display(),
                    applied.file
                );
            }
        }
        let out_file = match &self.out_file {
            Some(path) => path.clone(),
            None => {
                let dir = std::env::var_os("OUT_DIR").ok_or_else(|| Error::Write {
                    path: "$OUT_DIR".to_owned(),
                    source: std::io::Error::other("OUT_DIR is not set; call out_file(..)"),
                })?;
                PathBuf::from(dir).join("junction.rs")
            }
        };
        output::write_if_changed(&out_file, &output.code)?;
        Ok(out_file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(yaml: &str) -> Value {
        let mut value = load::parse("t.yaml", yaml).unwrap();
        normalize::normalize(&mut value);
        value
    }

    /// A document `openapiv3` does not read gives its message at the pointer of the part,
    /// whichever part it is in.
    #[test]
    fn declared_features_are_the_keys_of_the_features_table() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\ndefault = [\"full\"]\n# a comment = no\nfull = [\n    \"user\",\n]\nuser = []\n\n[dependencies]\nserde = \"1\"\n";
        assert_eq!(declared_features(manifest), ["default", "full", "user"]);
    }

    #[test]
    fn a_part_that_does_not_read_is_located() {
        let head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";
        let paths = "paths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n";
        let bad_component =
            "components:\n  securitySchemes:\n    key: {type: apiKey, in: nowhere, name: k}\n";
        let bad_path = "paths:\n  /a:\n    get:\n      parameters: [{name: p, in: nowhere}]\n      responses: {}\n";
        let good_component = "components:\n  schemas: {A: {type: string}}\n";
        for (yaml, pointer) in [
            (
                format!("{head}{paths}{bad_component}"),
                "/components/securitySchemes/key",
            ),
            (
                format!("{head}{bad_component}{paths}"),
                "/components/securitySchemes/key",
            ),
            // `openapiv3` reads a path item through a flattened map: serde knows no deeper path.
            (format!("{head}{bad_path}{good_component}"), "/paths"),
        ] {
            let value = normalized(&yaml);
            let e = parse_openapi("t.yaml", &value).unwrap_err();
            assert!(e.0[0].pointer.starts_with(pointer), "{yaml}\n{e}");
            assert!(
                e.0[0].message.starts_with("not a valid OpenAPI document"),
                "{e}"
            );
        }
    }
}
