//! The README lists every lint, as `codegen::Lint` defines them.

use std::path::Path;

use codegen::Lint;

/// The table of lints as the README shows it.
fn table() -> String {
    let mut out = String::from("| lint | what it reports |\n|---|---|\n");
    for lint in Lint::ALL {
        out.push_str(&format!("| `{}` | {} |\n", lint.as_str(), lint.doc().replace('|', "\\|")));
    }
    out
}

#[test]
fn the_readme_lists_every_lint_with_its_doc() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (start, end) = ("<!-- lints:start -->\n", "<!-- lints:end -->");
    let from = readme.find(start).expect("the README marks where the lints start") + start.len();
    let to = readme[from..].find(end).expect("… and where they end") + from;
    let expected = table();
    assert_eq!(&readme[from..to], expected, "the README's table of lints is stale; it should read:\n{expected}");
}
