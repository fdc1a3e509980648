//! The module map in `docs/architecture.md` names every file of `generator/src`, and names no
//! file that is not there, so the page cannot drift from the code.

use std::collections::BTreeSet;
use std::path::Path;

mod common;

/// The `.rs` files under `dir`, as paths relative to `root` with `/` between parts.
fn sources(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).unwrap();
            let parts: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
            out.insert(parts.join("/"));
        }
    }
}

#[test]
fn the_module_map_names_every_source_file() {
    let root = common::workspace().join("generator/src");
    let mut on_disk = BTreeSet::new();
    sources(&root, &root, &mut on_disk);

    let page = std::fs::read_to_string(common::workspace().join("docs/architecture.md")).unwrap();
    let map = page
        .split("## The generator, module by module")
        .nth(1)
        .expect("docs/architecture.md has the module map");
    // The first cell of each row of the map's table: | `emit/types.rs` | ... |
    let in_map: BTreeSet<String> = map
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(file, _)| file.to_owned())
        .collect();

    let missing: Vec<_> = on_disk.difference(&in_map).collect();
    let stale: Vec<_> = in_map.difference(&on_disk).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "docs/architecture.md's module map: missing {missing:?}, naming files that are gone {stale:?}"
    );
}
