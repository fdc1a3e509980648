//! The generated crates compile on their own, without a warning under
//! `cargo clippy -D warnings`: the crate for the embedded Junction spec (also built with
//! `cargo build`, and checked with its `middleware` feature) and one crate per fixture spec,
//! each checked with its test kit (feature `testing`).
//!
//! Each crate is written by the same code as `junction-gen generate`, with the workspace's
//! Cargo.lock beside it so that it resolves to the crates already downloaded, and built
//! offline into one shared target directory under `target/`.

mod common;

use common::workspace;

use std::path::{Path, PathBuf};

/// The tests here share one target directory; they run one at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Writes the standalone crate `name` generated from `spec` under `dir`; its folder.
fn write_crate(spec: &Path, name: &str, dir: &Path) -> PathBuf {
    let settings = generator::Settings {
        crate_name: name.to_owned(),
        ..Default::default()
    };
    let output = generator::generate_file(spec, &settings).unwrap_or_else(|e| panic!("{e}"));
    let crate_dir = dir.join(name);
    common::write_crate(&crate_dir, &generator::crate_files(&output, name)).unwrap();
    crate_dir
}

/// `cargo ARGS` in `dir`, which must succeed.
fn cargo(dir: &Path, args: &[&str]) {
    common::succeed(common::cargo(dir, args))
        .unwrap_or_else(|e| panic!("cargo {} failed in {}:\n{e}", args.join(" "), dir.display()));
}

#[test]
fn generated_crates_build_and_pass_clippy() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let root = workspace().join("target/generated-crates");
    // The full Junction client is the root crate, checked by the workspace's clippy; the seed
    // page's operation is the fixture `seed.yaml`.
    let mut specs = Vec::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let stem = path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace('-', "_");
        specs.push((path, format!("fixture_{stem}")));
    }
    for (spec, name) in &specs {
        let crate_dir = write_crate(spec, name, &root);
        cargo(
            &crate_dir,
            &[
                "clippy",
                "--offline",
                "--quiet",
                "--features",
                "testing",
                "--",
                "-D",
                "warnings",
            ],
        );
    }
    // With its `middleware` feature too.
    cargo(
        &root.join("fixture_seed"),
        &[
            "clippy",
            "--offline",
            "--quiet",
            "--features",
            "middleware",
            "--",
            "-D",
            "warnings",
        ],
    );
    // The standalone Junction crate also builds for real.
    cargo(
        &root.join("fixture_seed"),
        &["build", "--offline", "--quiet"],
    );
}

/// `cargo build` of the Junction client with `JUNCTION_SPEC` pointing at a copy of the spec:
/// a second build does not run the generator again, a changed spec does, and a broken spec
/// fails the build with the generator's located message instead of a panic.
#[test]
fn build_rs_reruns_only_when_the_spec_changes() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let root = workspace().join("target/generated-crates");
    std::fs::create_dir_all(&root).unwrap();
    let spec = root.join("build-rs-spec.yaml");
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.yaml"),
    )
    .unwrap();
    std::fs::write(&spec, &original).unwrap();

    let build = || {
        common::build_root_crate()
            .env("JUNCTION_SPEC", &spec)
            .output()
            .expect("cargo runs")
    };
    let ran_build_script = |stderr: &str| stderr.contains("build-script-build`");

    let first = build();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );

    let again = build();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert!(
        !ran_build_script(&stderr),
        "nothing changed, yet it ran:\n{stderr}"
    );

    let changed = original.replace("title: UserPatchBody", "title: UserPatchBody (changed)");
    std::fs::write(&spec, changed).unwrap();
    let third = build();
    let stderr = String::from_utf8_lossy(&third.stderr);
    assert!(third.status.success(), "{stderr}");
    assert!(
        ran_build_script(&stderr),
        "the spec changed, yet it did not run:\n{stderr}"
    );

    let broken = original.replace(
        "$ref: '#/components/schemas/UserPatchBody'",
        "$ref: '#/components/schemas/Missing'",
    );
    std::fs::write(&spec, broken).unwrap();
    let fourth = build();
    let stderr = String::from_utf8_lossy(&fourth.stderr);
    assert!(!fourth.status.success());
    assert!(
        stderr.contains(
            "error: `$ref` points to `#/components/schemas/Missing`, which does not exist"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> "), "{stderr}");
    assert!(stderr.contains("build-rs-spec.yaml:37"), "{stderr}");
    assert!(
        stderr.contains("= at #/paths/~1v2~1user~1{user_id}/patch/requestBody"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The command line of every fixture spec, not Junction's, builds without a warning under
/// `cargo clippy -D warnings`, and clap accepts every command of it: paged operations, every kind of parameter, form and raw bodies,
/// downloads and text answers, webhooks with and without a tag, every kind of credential, no
/// servers, deprecated operations, names that collide.
#[test]
fn generated_command_lines_build_and_pass_clippy() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let root = workspace().join("target/generated-crates");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    specs.sort();
    for spec in specs {
        let stem = spec
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace('-', "_");
        let name = format!("cli_{stem}");
        let settings = generator::Settings {
            crate_name: name.clone(),
            cli: true,
            ..Default::default()
        };
        let output = generator::generate_file(&spec, &settings).unwrap_or_else(|e| panic!("{e}"));
        common::write_crate(&root.join(&name), &generator::crate_files(&output, &name)).unwrap();
        let files = generator::cli_crate_files(&output, &name, &format!("../{name}"))
            .expect("a command line");
        let cli_dir = root.join(format!("{name}-cli"));
        common::write_crate(&cli_dir, &files).unwrap();
        cargo(
            &cli_dir,
            &[
                "clippy",
                "--offline",
                "--quiet",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        );
        // Its test: clap's checks of every command (unique names, valid arguments).
        cargo(&cli_dir, &["test", "--offline", "--quiet"]);
    }
}
