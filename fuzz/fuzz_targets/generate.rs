//! Raw bytes through the whole pipeline (`generator::generate`): code that parses, or
//! diagnostics that each name the file and a place (a pointer or a line). Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = if text.trim_start().starts_with('{') {
        "fuzz.json"
    } else {
        "fuzz.yaml"
    };
    match generator::generate(file, text, &generator::Settings::default()) {
        Ok(output) => assert!(output.code.starts_with("// @generated")),
        Err(errors) => {
            assert!(!errors.is_empty());
            for d in errors.iter() {
                assert!(!d.file.is_empty(), "{d}");
                assert!(!d.pointer.is_empty() || d.line.is_some(), "unlocated: {d}");
            }
        }
    }
});
