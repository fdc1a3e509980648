//! `junction-gen`: the generator's command line.
//!
//! | command | what | exit status |
//! |---|---|---|
//! | `generate` (the default) | writes a standalone crate | 0, or 1 for a bad spec |
//! | `diff OLD NEW` | prints the API changelog, with the version bump it needs | 0; 2 with `--fail-on-breaking[=wire\|rust\|any]` and such a breaking change; 1 for a bad spec |
//! | `update --from URL_OR_FILE` | replaces the spec, prints the changelog | 0, or 1 when the new spec is unreadable or does not generate |
//! | `check --out DIR` | compares a committed crate with what the spec generates now | 0, or 1 naming each stale file |
//! | `lint` | lists what in the spec is likely wrong about the API, with overlay actions | 0; 1 with `--deny` and a finding, or for a bad spec |
//!
//! Every command takes `--overlay FILE` (repeatable, applied in order) to correct the spec
//! without editing it; `diff` and `update` apply it to both sides.

use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc: the pipeline is allocation-bound, and glibc's malloc returns memory to the system
/// only to fault it in again (see the README's figures for both).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand, ValueEnum};
use generator::diff::{self, Format};

/// Generates a typed async Rust client from an OpenAPI 3.0/3.1 document, and keeps it up to
/// date as the spec changes (`diff`, `update`, `check`).
#[derive(Debug, Parser)]
#[command(name = "junction-gen", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a standalone crate (Cargo.toml + src/) generated from a spec.
    ///
    /// The crate builds on its own with `cargo build`: it holds the generated code and a copy
    /// of the hand-written runtime. Files are written only when their content changes.
    Generate(GenerateArgs),
    /// Print the API changes between two specs, each marked breaking or not for a client.
    ///
    /// Reports operations added, removed and changed (parameters, request body, responses),
    /// schemas added, removed and changed (properties added, removed, retyped, made required or
    /// optional; enum values added or removed), servers and security. Each change carries a
    /// JSON pointer into the new spec, or into the old one ("(old)") for what was removed.
    ///
    /// Breaking: anything removed, a type changed, a new required parameter or request field,
    /// an enum value removed, a response field made optional or nullable, a renamed client
    /// method. Not breaking: a new operation, a new optional field, a new enum value (the
    /// client keeps unknown values, except in enums marked `x-junction-exhaustive`), docs.
    ///
    /// Each change also says whether it breaks Rust code written against the old client (a
    /// new required field, a parameter moved...), and the report ends with the version bump
    /// of the client crate: patch, minor or major.
    ///
    /// Exit status: 0; 2 when `--fail-on-breaking` is given and a change breaks that kind (by
    /// default the wire); 1 when a spec cannot be read or is not valid OpenAPI.
    Diff(DiffArgs),
    /// Replace the spec with a new version, then print what changed.
    ///
    /// Fetches URL_OR_FILE (an http:// or https:// URL, or a file path), checks that it loads
    /// and generates a client, writes it to the spec path unchanged byte for byte, and prints
    /// the `diff` report from the old spec to the new one. Nothing is written when the new spec
    /// does not generate (exit status 1). Then regenerate the client (`cargo xtask generate` for
    /// a committed client, as in the Junction repository; `cargo build` where `build.rs`
    /// generates it), review its diff, and `cargo insta review` the snapshot changes.
    Update(UpdateArgs),
    /// Check that a committed standalone crate is what the spec generates now.
    ///
    /// Generates in memory (nothing is written) and compares every file of the crate byte for
    /// byte with DIR. Exit status 1, naming each file that differs or is missing, when DIR is
    /// stale; files in DIR that the generator does not write (Cargo.lock, target/) are ignored.
    Check(CheckArgs),
    /// Report how much of a spec the client covers.
    ///
    /// Operations generated / in the spec, component schemas typed / in the spec, and every
    /// value kept as `serde_json::Value` with its JSON pointer and why: each is a place where the
    /// spec leaves the type open (`{}`, a free-form object, an array without `items`), since a
    /// construct the generator cannot type is an error, not a fallback.
    Coverage(CoverageArgs),
    /// List what in a spec is likely wrong about the API, each with the overlay that fixes it.
    ///
    /// Examples (of schemas, parameters, request bodies, responses) that do not decode through
    /// the generated type, with the failing field; required fields the examples omit; formats
    /// the examples contradict; required properties marked deprecated. Each finding has its
    /// file, JSON pointer and line, and the Overlay 1.0 actions that make the spec agree with
    /// its example, to paste into the overlay file (`--overlay` it, and the finding is gone).
    ///
    /// Exit status: 0; 1 with `--deny` when there are findings, or when the spec is bad.
    Lint(LintArgs),
}

/// How to print the lint report.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum LintFormat {
    /// Lines for a terminal.
    Text,
    /// Markdown.
    Markdown,
    /// JSON, for tools.
    Json,
}

#[derive(Debug, clap::Args)]
struct LintArgs {
    /// The OpenAPI document, YAML or JSON.
    #[arg(long, value_name = "FILE", default_value = "specs/junction.yaml")]
    spec: PathBuf,
    #[command(flatten)]
    overlay: OverlayArgs,
    /// The report's format.
    #[arg(long, value_enum, default_value = "text")]
    format: LintFormat,
    /// Exit with status 1 when there are findings (the report is printed all the same).
    #[arg(long)]
    deny: bool,
    #[command(flatten)]
    deprecated: DeprecatedArgs,
}

/// Overlays, shared by every command.
#[derive(Debug, Default, clap::Args)]
struct OverlayArgs {
    /// An overlay to apply to the spec before anything reads it: an OpenAPI Overlay 1.0
    /// document or a Fern overrides file. Repeatable; applied in the order given.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// Make an overlay action that selects nothing an error (exit status 1), not a warning.
    #[arg(long)]
    strict_overlay: bool,
}

/// The selection, shared by `generate`, `check`, `coverage` and `diff`.
#[derive(Debug, Default, clap::Args)]
struct OnlyArgs {
    /// Generate only part of the API, with the types it needs: a group (`user`), an operation
    /// (`user.get`), a tag (`summary`), `webhooks`, or webhook or operation names with `*`
    /// wildcards (`daily.data.*`). Repeatable, or comma-separated; default: everything.
    #[arg(long = "only", value_name = "SELECTOR")]
    only: Vec<String>,
}

/// How required deprecated properties are read, shared by the commands that generate.
#[derive(Debug, Default, clap::Args)]
struct DeprecatedArgs {
    /// Keep required the required properties the spec marks deprecated (`deprecated: true` or
    /// `x-fern-availability: deprecated`) in types the client decodes; by default they are
    /// read as `Option`, so a response still decodes once the API stops sending them.
    #[arg(long)]
    strict_deprecated: bool,
}

#[derive(Debug, clap::Args)]
struct CoverageArgs {
    /// The OpenAPI document, YAML or JSON.
    #[arg(long, value_name = "FILE", default_value = "specs/junction.yaml")]
    spec: PathBuf,
    #[command(flatten)]
    overlay: OverlayArgs,
    #[command(flatten)]
    only: OnlyArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Do not recognise paged operations from their parameter and field names (only
    /// `x-fern-pagination` makes an operation paged).
    #[arg(long)]
    no_infer_pagination: bool,
    #[command(flatten)]
    deprecated: DeprecatedArgs,
}

#[derive(Debug, clap::Args)]
struct GenerateArgs {
    /// The OpenAPI document, YAML or JSON.
    #[arg(long, value_name = "FILE", default_value = "specs/junction.yaml")]
    spec: PathBuf,
    /// The directory to write the crate into (created if missing).
    #[arg(long, value_name = "DIR", default_value = "target/junction-client")]
    out: PathBuf,
    /// The name of the generated crate.
    #[arg(long, value_name = "NAME", default_value = "junction")]
    crate_name: String,
    /// Also write the API's command line, a crate `NAME-cli` that depends on the client by
    /// path, into this directory (its binary: the client's name in kebab-case).
    #[arg(long, value_name = "DIR")]
    cli: Option<PathBuf>,
    #[command(flatten)]
    overlay: OverlayArgs,
    #[command(flatten)]
    only: OnlyArgs,
    /// Do not recognise paged operations from their parameter and field names (only
    /// `x-fern-pagination` makes an operation paged).
    #[arg(long)]
    no_infer_pagination: bool,
    #[command(flatten)]
    deprecated: DeprecatedArgs,
}

/// How to print a report.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum ReportFormat {
    /// Markdown, for people.
    Markdown,
    /// JSON (`old`, `new`, `summary`, `changes`), for tools.
    Json,
}

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Format {
        match f {
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Json => Format::Json,
        }
    }
}

/// Which compatibility `--fail-on-breaking` guards.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum BreakingKind {
    Wire,
    Rust,
    Any,
}

impl From<BreakingKind> for diff::Compatibility {
    fn from(k: BreakingKind) -> diff::Compatibility {
        match k {
            BreakingKind::Wire => diff::Compatibility::Wire,
            BreakingKind::Rust => diff::Compatibility::Rust,
            BreakingKind::Any => diff::Compatibility::Any,
        }
    }
}

#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// The old OpenAPI document, YAML or JSON.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The new OpenAPI document, YAML or JSON.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// The report's format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: ReportFormat,
    /// Exit with status 2 when a change breaks `wire` (an old client against the new API: the
    /// default), `rust` (Rust code that compiled against the old client, wire breaks
    /// included) or `any` of them; the report is printed all the same.
    #[arg(
        long,
        value_enum,
        value_name = "KIND",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "wire"
    )]
    fail_on_breaking: Option<BreakingKind>,
    /// An overlay applied to both specs before they are compared, so that the report shows
    /// the vendor's changes, not the overlay's; an action that selected nodes in OLD and
    /// none in NEW is listed. Repeatable; applied in the order given.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    // `--only`: report only the changes that touch the selection, in either spec (servers and
    // security always); a change outside it is not breaking for that client.
    #[command(flatten)]
    only: OnlyArgs,
}

#[derive(Debug, clap::Args)]
struct UpdateArgs {
    /// Where the new spec comes from: an http:// or https:// URL, or a file path.
    #[arg(long = "from", value_name = "URL_OR_FILE")]
    from: String,
    /// The spec file to replace.
    #[arg(long, value_name = "FILE", default_value = "specs/junction.yaml")]
    spec: PathBuf,
    /// The report's format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: ReportFormat,
    /// Applied to the new spec before it is checked, and to both specs before they are
    /// compared; the spec itself is written as fetched.
    #[command(flatten)]
    overlay: OverlayArgs,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// The directory holding the committed crate (as `generate --out DIR` wrote it).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The OpenAPI document, YAML or JSON.
    #[arg(long, value_name = "FILE", default_value = "specs/junction.yaml")]
    spec: PathBuf,
    /// The name of the generated crate.
    #[arg(long, value_name = "NAME", default_value = "junction")]
    crate_name: String,
    #[command(flatten)]
    overlay: OverlayArgs,
    #[command(flatten)]
    only: OnlyArgs,
    /// Do not recognise paged operations from their parameter and field names (only
    /// `x-fern-pagination` makes an operation paged).
    #[arg(long)]
    no_infer_pagination: bool,
    #[command(flatten)]
    deprecated: DeprecatedArgs,
}

/// A failed command: the message for stderr (exit status 1).
type Failed = String;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Generate(GenerateArgs {
        spec: PathBuf::from("specs/junction.yaml"),
        out: PathBuf::from("target/junction-client"),
        crate_name: "junction".to_owned(),
        cli: None,
        overlay: OverlayArgs::default(),
        only: OnlyArgs::default(),
        no_infer_pagination: false,
        deprecated: DeprecatedArgs::default(),
    }));
    let result = match command {
        Command::Generate(args) => generate(&args),
        Command::Diff(args) => diff(&args),
        Command::Update(args) => update(&args),
        Command::Check(args) => check(&args),
        Command::Coverage(args) => coverage(&args),
        Command::Lint(args) => lint(&args),
    };
    result.unwrap_or_else(|message| {
        eprintln!("{message}");
        ExitCode::FAILURE
    })
}

/// The settings for `crate_name` with the overlays read.
fn settings(
    crate_name: &str,
    overlay: &OverlayArgs,
    infer_pagination: bool,
) -> Result<generator::Settings, Failed> {
    Ok(generator::Settings {
        crate_name: crate_name.to_owned(),
        overlays: read_overlays(&overlay.overlays)?,
        strict_overlays: overlay.strict_overlay,
        infer_pagination,
        only: Vec::new(),
        ..generator::Settings::default()
    })
}

fn read_overlays(paths: &[PathBuf]) -> Result<Vec<generator::overlay::Overlay>, Failed> {
    paths
        .iter()
        .map(|p| generator::overlay::Overlay::read(p).map_err(|e| e.to_string()))
        .collect()
}

/// Generates `spec` and prints a warning on stderr for each overlay action that selected
/// nothing.
fn generate_spec(
    spec: &std::path::Path,
    settings: &generator::Settings,
) -> Result<generator::Output, Failed> {
    let output = generator::generate_file(spec, settings).map_err(|e| e.to_string())?;
    warn_unmatched(&output.overlays, &spec.display().to_string());
    Ok(output)
}

fn warn_unmatched(applied: &[generator::overlay::Applied], spec: &str) {
    for line in applied.iter().flat_map(|a| a.warnings(spec)) {
        eprintln!("warning: {line}");
    }
}

fn generate(args: &GenerateArgs) -> Result<ExitCode, Failed> {
    let mut settings = settings(&args.crate_name, &args.overlay, !args.no_infer_pagination)?;
    settings.only = generator::select::parse(&args.only.only);
    settings.strict_deprecated = args.deprecated.strict_deprecated;
    settings.cli = args.cli.is_some();
    let output = generate_spec(&args.spec, &settings)?;
    let files = generator::crate_files(&output, &args.crate_name);
    generator::write_files(&args.out, &files).map_err(|e| e.to_string())?;
    let api = &output.api;
    let groups: std::collections::BTreeSet<&Vec<String>> =
        api.operations.iter().map(|o| &o.group).collect();
    println!(
        "generated crate `{}` from {} ({} {}): {} types, {} operations in {} groups, {} lines",
        args.crate_name,
        args.spec.display(),
        api.title,
        api.version,
        api.types.len(),
        api.operations.len(),
        groups.len(),
        output.code.lines().count(),
    );
    for applied in &output.overlays {
        println!("applied overlay {}", applied.summary());
    }
    if let Some(selection) = &output.selection {
        println!("selected {}", selection.summary());
    }
    println!("wrote {} files to {}", files.len(), args.out.display());
    if let Some(dir) = &args.cli {
        let client_path = relative(dir, &args.out)?;
        let cli =
            generator::cli_crate_files(&output, &args.crate_name, &client_path).unwrap_or_default();
        generator::write_files(dir, &cli).map_err(|e| e.to_string())?;
        println!(
            "wrote the command line `{}` ({} files) to {}",
            generator::emit::cli::binary_name(&output.api),
            cli.len(),
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `to` as a path relative to `from`, both directories (created if missing): how the command
/// line's manifest names the client's directory.
fn relative(from: &std::path::Path, to: &std::path::Path) -> Result<String, Failed> {
    let absolute = |dir: &std::path::Path| {
        std::fs::create_dir_all(dir)
            .and_then(|()| dir.canonicalize())
            .map_err(|e| format!("cannot use the directory {}: {e}", dir.display()))
    };
    let (from, to) = (absolute(from)?, absolute(to)?);
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut path = std::path::PathBuf::new();
    for _ in from.components().skip(common) {
        path.push("..");
    }
    for part in to.components().skip(common) {
        path.push(part);
    }
    Ok(path.to_string_lossy().replace('\\', "/"))
}

fn coverage(args: &CoverageArgs) -> Result<ExitCode, Failed> {
    let mut settings = settings("junction", &args.overlay, !args.no_infer_pagination)?;
    settings.only = generator::select::parse(&args.only.only);
    settings.strict_deprecated = args.deprecated.strict_deprecated;
    let output = generate_spec(&args.spec, &settings)?;
    let report = generator::coverage::Coverage::of(&output.api)
        .with_overlays(output.overlays.clone())
        .with_selection(output.selection.clone());
    if args.json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        println!("{json}");
    } else {
        print!("{}", report.to_text());
    }
    Ok(ExitCode::SUCCESS)
}

fn lint(args: &LintArgs) -> Result<ExitCode, Failed> {
    let mut settings = settings("junction", &args.overlay, true)?;
    settings.strict_deprecated = args.deprecated.strict_deprecated;
    let report = generator::lint::lint_file(&args.spec, &settings).map_err(|e| e.to_string())?;
    let format = match args.format {
        LintFormat::Text => generator::lint::Format::Text,
        LintFormat::Markdown => generator::lint::Format::Markdown,
        LintFormat::Json => generator::lint::Format::Json,
    };
    print!("{}", report.render(format));
    if args.deny && !report.findings.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn diff(args: &DiffArgs) -> Result<ExitCode, Failed> {
    let overlays = read_overlays(&args.overlays)?;
    let report = if args.only.only.is_empty() {
        diff::diff_files_with(&args.old, &args.new, &overlays).map_err(|e| e.to_string())?
    } else {
        diff_only(args, &overlays)?
    };
    print!("{}", report.render(args.format.into()));
    if let Some(kind) = args.fail_on_breaking.filter(|k| report.breaks((*k).into())) {
        let s = report.summary();
        eprintln!(
            "breaking changes from {} to {} ({kind:?}): {} on the wire, {} for Rust code",
            args.old.display(),
            args.new.display(),
            s.breaking,
            s.breaks_rust
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

/// `diff --only`: the report keeps the changes that touch the selection.
fn diff_only(
    args: &DiffArgs,
    overlays: &[generator::overlay::Overlay],
) -> Result<diff::Report, Failed> {
    let read = |path: &std::path::Path| {
        std::fs::read_to_string(path)
            .map_err(|e| format!("error: cannot read the spec `{}`: {e}", path.display()))
    };
    let (old, new) = (read(&args.old)?, read(&args.new)?);
    let (old_name, new_name) = (
        args.old.display().to_string(),
        args.new.display().to_string(),
    );
    let selectors = generator::select::parse(&args.only.only);
    eprintln!(
        "--only {}: the changes that touch the selection (and servers, security)",
        selectors.join(",")
    );
    generator::select::diff_only((&old_name, &old), (&new_name, &new), overlays, &selectors)
        .map_err(|d| d.to_string())
}

fn update(args: &UpdateArgs) -> Result<ExitCode, Failed> {
    let new_text = fetch(&args.from)?;
    // Update checks the client as `build.rs` builds it: paged operations recognised.
    let settings = settings("junction", &args.overlay, true)?;
    // The new spec, overlaid, must generate a client before it replaces the old one.
    let output = generator::generate(&args.from, &new_text, &settings)
        .map_err(|d| format!("{d}\nthe spec at {} was not changed", args.spec.display()))?;
    warn_unmatched(&output.overlays, &args.from);
    let spec = args.spec.display().to_string();
    let old_text = match std::fs::read_to_string(&args.spec) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("error: cannot read the spec `{spec}`: {e}")),
    };
    // Compared before writing, so that a spec path equal to the source still diffs.
    let report = old_text
        .as_deref()
        .map(|old| diff::diff_with(&spec, old, &args.from, &new_text, &settings.overlays));
    if old_text.as_deref() == Some(new_text.as_str()) {
        eprintln!("{spec} is already {}", args.from);
    } else {
        if let Some(parent) = args.spec.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("error: cannot write `{spec}`: {e}"))?;
        }
        std::fs::write(&args.spec, &new_text)
            .map_err(|e| format!("error: cannot write `{spec}`: {e}"))?;
        eprintln!("wrote {} to {spec}", args.from);
    }
    match report {
        Some(Ok(report)) => {
            print!("{}", report.render(args.format.into()));
            eprintln!(
                "version bump of the client crate: {} (0.x crates: major raises the minor number)",
                report.bump().as_str()
            );
        }
        Some(Err(d)) => eprintln!("{d}\nthe old spec does not load, so there is no report"),
        None => eprintln!("there was no spec at {spec}, so there is no report"),
    }
    eprintln!(
        "next: `cargo xtask generate` rewrites the committed client (`cargo build` where build.rs \
         generates it); review its diff, then `cargo insta review` the snapshots"
    );
    Ok(ExitCode::SUCCESS)
}

/// The text at an http(s) URL or in a file.
fn fetch(source: &str) -> Result<String, Failed> {
    if !(source.starts_with("http://") || source.starts_with("https://")) {
        return std::fs::read_to_string(source)
            .map_err(|e| format!("error: cannot read the spec `{source}`: {e}"));
    }
    fetch_url(source)
}

/// The body at an http(s) URL.
#[cfg(feature = "fetch")]
fn fetch_url(source: &str) -> Result<String, Failed> {
    let fail = |e: ureq::Error| format!("error: cannot fetch `{source}`: {e}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(120)))
        .build()
        .into();
    let mut response = agent.get(source).call().map_err(fail)?;
    response
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_string()
        .map_err(fail)
}

/// Without the `fetch` feature there is no HTTP client.
#[cfg(not(feature = "fetch"))]
fn fetch_url(source: &str) -> Result<String, Failed> {
    Err(format!(
        "error: cannot fetch `{source}`: junction-gen was built without the `fetch` feature"
    ))
}

fn check(args: &CheckArgs) -> Result<ExitCode, Failed> {
    let mut settings = settings(&args.crate_name, &args.overlay, !args.no_infer_pagination)?;
    settings.only = generator::select::parse(&args.only.only);
    settings.strict_deprecated = args.deprecated.strict_deprecated;
    let output = generate_spec(&args.spec, &settings)?;
    let files = generator::crate_files(&output, &args.crate_name);
    let mut stale = Vec::new();
    for file in &files {
        let path = args.out.join(&file.path);
        match std::fs::read(&path) {
            Ok(bytes) if bytes == file.text.as_bytes() => {}
            Ok(bytes) => stale.push(format!(
                "differs: {} ({})",
                path.display(),
                first_difference(&bytes, &file.text)
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                stale.push(format!("missing: {}", path.display()));
            }
            Err(e) => stale.push(format!("unreadable: {}: {e}", path.display())),
        }
    }
    let dir = args.out.display();
    if stale.is_empty() {
        println!(
            "{dir} is up to date: its {} generated files are what {} generates",
            files.len(),
            args.spec.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    Err(format!(
        "{}\n{} of {} files in {dir} are not what {} generates now; to update them run:\n  \
         junction-gen generate --spec {} --out {dir} --crate-name {}{}",
        stale.join("\n"),
        stale.len(),
        files.len(),
        args.spec.display(),
        args.spec.display(),
        args.crate_name,
        args.overlay
            .overlays
            .iter()
            .map(|o| format!(" --overlay {}", o.display()))
            .chain(args.only.only.iter().map(|s| format!(" --only {s}")))
            .collect::<String>()
    ))
}

/// `first difference at line N`, for a file that differs.
fn first_difference(on_disk: &[u8], expected: &str) -> String {
    let on_disk = String::from_utf8_lossy(on_disk);
    let mut a = on_disk.lines();
    let mut b = expected.lines();
    let mut line = 1;
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (None, None) => return "line endings differ".to_owned(),
            _ => return format!("first difference at line {line}"),
        }
    }
}
