//! Generates a typed async Rust client from an OpenAPI 3.0 or 3.1 document.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! load (YAML/JSON -> Value) -> overlay -> normalize (3.1 -> 3.0 shapes) -> check -> openapiv3
//!   -> lower (-> ir::Api) -> emit (syn items; quote! tokens read back) -> format (prettyplease)
//! ```
//!
//! Load, normalize, check, the `openapiv3` read and format each do two independent parts of
//! the document at once (`src/parallel.rs`); the parts join in document order, so the output
//! does not depend on the threads.
//!
//! [`generate`] runs it on text in memory; [`Builder`] runs it from a `build.rs`; the
//! `junction-gen` binary writes a standalone crate. Output is deterministic: the same spec
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
mod parallel;
pub mod surface;

use std::path::{Path, PathBuf};

use serde_json::Value;

pub use diag::{Diagnostic, Diagnostics};
pub use output::{crate_files, write_files, CrateFile};

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
    /// Keeps required the required properties marked deprecated in types the client decodes
    /// (default false: they are read as `Option`, see `ir::Field::relaxed`).
    pub strict_deprecated: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            crate_name: "junction".to_owned(),
            overlays: Vec::new(),
            strict_overlays: false,
            infer_pagination: true,
            strict_deprecated: false,
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

fn run(
    file: &str,
    text: &str,
    settings: &Settings,
    provenance: &mut overlay::Provenance,
    moved: &mut normalize::Report,
) -> Result<Output, Diagnostics> {
    let mut value = load::parse(file, text)?;
    let (overlays, written) = overlay::apply(&mut value, file, &settings.overlays)?;
    *provenance = written;
    if settings.strict_overlays {
        let unmatched = overlay::unmatched_errors(&settings.overlays, &overlays, file);
        if !unmatched.is_empty() {
            return Err(unmatched);
        }
    }
    let normalized = normalize::normalize(&mut value);
    moved.moves.clone_from(&normalized.moves);
    check::check(file, &value)?;
    let doc = parse_openapi(file, &mut value)?;
    let api = std::thread::scope(|scope| {
        // Nothing reads the value any more: it is freed on the other core while this one
        // lowers (a big spec takes milliseconds to free).
        parallel::free_beside(scope, value);
        lower::lower_with(&doc, file, settings)
    })?;
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
    let code = render(&api, &settings.crate_name, &header, doc).map_err(|message| {
        Diagnostics(vec![Diagnostic {
            file: file.to_owned(),
            pointer: String::new(),
            line: None,
            column: None,
            message,
        }])
    })?;
    Ok(Output {
        code,
        api,
        normalized,
        overlays,
    })
}

/// `text` with every control character (a newline above all) made a space, so that spec text
/// put in a `//` comment cannot end it and write code.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Emits and formats `api` on two threads. The code is cut into parts printed apart: the
/// rest of the code (emitted as tokens and parsed) in its four modules, and `pub mod types`,
/// built as `syn` items and most of the code, in runs of types. Each thread takes the next
/// part when it is free, the rest's first (they cannot be cut further), so both finish
/// together. prettyplease formats each item on its own, so the texts joined in order are the
/// text of the whole; tests hold that byte for byte. `garbage` is freed meanwhile.
fn render(
    api: &ir::Api,
    crate_name: &str,
    header: &str,
    garbage: impl Send,
) -> Result<String, String> {
    let runs = emit::types_parts(api, TYPE_PARTS);
    let last = runs.len() - 1;
    // Slots in the order of the code: the runs of types, then the rest's parts. Taken
    // in another order: the rest's parts first, the biggest first, then the runs.
    let rest = |part: emit::RestPart| runs.len() + part as usize;
    let order: Vec<usize> = [
        emit::RestPart::Resources,
        emit::RestPart::Params,
        emit::RestPart::Webhooks,
        emit::RestPart::Root,
    ]
    .map(rest)
    .into_iter()
    .chain(0..runs.len())
    .collect();
    let printed: Vec<std::sync::OnceLock<Result<String, String>>> = (0..order.len())
        .map(|_| std::sync::OnceLock::new())
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || loop {
        let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(&slot) = order.get(taken) else { break };
        let text = match runs.get(slot) {
            Some(range) => {
                let (module, texts) = emit::types_part(api, range.clone());
                let text =
                    emit::fill_placeholders(&format::print(vec![syn::Item::Mod(module)]), texts);
                Ok(format::spaced(format::module_part(
                    &text,
                    slot == 0,
                    slot == last,
                )))
            }
            None => {
                let part = emit::RestPart::ALL[slot - runs.len()];
                emit::rest_part(api, crate_name, part)
                    .map(|items| format::spaced(&format::print(items)))
            }
        };
        let _ = printed[slot].set(text);
    };
    // Without a second thread, `work` runs once, here, and takes every part.
    std::thread::scope(|scope| {
        parallel::free_beside(scope, garbage);
        parallel::beside(work, work)
    });
    let texts = printed
        .into_iter()
        .map(|p| p.into_inner().unwrap_or_else(|| Ok(String::new())))
        .collect::<Result<Vec<String>, String>>()?;
    Ok(format::join(header, &texts))
}

/// How many runs of types [`render`] cuts `pub mod types` into: enough for the two threads to
/// finish within a run of each other, few enough that the cuts cost nothing to speak of.
const TYPE_PARTS: usize = 12;

/// Reads `path` and runs [`generate`] on it.
pub fn generate_file(path: &Path, settings: &Settings) -> Result<Output, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.display().to_string(),
        source,
    })?;
    generate(&path.display().to_string(), &text, settings).map_err(Error::Spec)
}

/// Reads the normalized value into `openapiv3`, turning serde's errors into located ones.
///
/// The value is read in place (borrowed strings cost `openapiv3`'s untagged enums no copies),
/// `components` on a second thread. Only when that fails is the whole read again, keeping the
/// path, so that the message says where.
fn parse_openapi(file: &str, value: &mut Value) -> Result<openapiv3::OpenAPI, Diagnostics> {
    if let Some(doc) = parse_openapi_parts(value) {
        return Ok(doc);
    }
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&*value).map_err(|e| {
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

/// The document read as two parts, `components` on a second thread and the rest on this one;
/// `None` when either part does not read. The value is as it was afterwards. (Public for
/// `tests/normalize.rs`, which checks it reads what the whole read does.)
#[doc(hidden)]
pub fn parse_openapi_parts(value: &mut Value) -> Option<openapiv3::OpenAPI> {
    use serde::Deserialize;
    let top = value.as_object_mut()?;
    let Some(index) = top.keys().position(|k| k == "components") else {
        return openapiv3::OpenAPI::deserialize(&*value).ok();
    };
    let components = top.shift_remove("components")?;
    let read = || openapiv3::Components::deserialize(&components).ok();
    let (parsed, doc) = parallel::beside(read, || openapiv3::OpenAPI::deserialize(&*value).ok());
    let parsed = parsed.unwrap_or_else(read);
    if let Some(top) = value.as_object_mut() {
        top.shift_insert(index, "components".to_owned(), components);
    }
    let mut doc = doc?;
    doc.components = Some(parsed?);
    Some(doc)
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
        let output = generate_file(&spec, &settings)?;
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

    /// A part that does not read gives the message of the whole, at its pointer, whichever
    /// part it is in; the value keeps its order for that second reading.
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
            let mut value = normalized(&yaml);
            let e = parse_openapi("t.yaml", &mut value).unwrap_err();
            assert!(e.0[0].pointer.starts_with(pointer), "{yaml}\n{e}");
            assert!(
                e.0[0].message.starts_with("not a valid OpenAPI document"),
                "{e}"
            );
        }
    }
}
