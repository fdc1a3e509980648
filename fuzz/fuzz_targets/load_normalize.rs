//! Raw bytes through the loader (as YAML and as JSON), the normalizer and the shape check:
//! each either returns a value or located diagnostics, and never panics. The loader's direct
//! read (YAML straight into JSON) must give what the two-step read gives, to the byte.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let direct = generator::load::parse_sequential("fuzz.yaml", text);
    let two_step = generator::load::parse_two_step("fuzz.yaml", text);
    let shown = |r: &Result<serde_json::Value, generator::Diagnostics>| match r {
        Ok(value) => serde_json::to_string(value).unwrap_or_default(),
        Err(e) => format!("{e}\n{e:?}"),
    };
    assert_eq!(shown(&direct), shown(&two_step), "direct and two-step reads differ");
    for file in ["fuzz.yaml", "fuzz.json"] {
        match generator::load::parse(file, text) {
            Ok(mut value) => {
                let report = generator::normalize::normalize(&mut value);
                // Every rewrite has a pointer that resolves in the document it came from.
                for change in &report.changes {
                    assert!(change.pointer.is_empty() || change.pointer.starts_with('/'));
                }
                // Normalizing twice changes nothing more.
                let once = value.clone();
                generator::normalize::normalize(&mut value);
                assert_eq!(once, value, "normalize is not idempotent");
                if let Err(errors) = generator::check::check(file, &value) {
                    assert!(!errors.is_empty());
                }
            }
            Err(errors) => {
                assert!(!errors.is_empty());
                for d in errors.iter() {
                    assert!(!d.file.is_empty());
                }
            }
        }
    }
});
