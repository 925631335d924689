//! The README lists every lint and every kind of error, as `codegen::Lint` and `codegen::ErrorKind`
//! define them.

use std::path::Path;

use codegen::{ErrorKind, Lint, Named};

/// A table of names and docs as the README shows it.
fn table(header: &str, rows: impl Iterator<Item = (&'static str, &'static str)>) -> String {
    let mut out = format!("| {header} | what it reports |\n|---|---|\n");
    for (name, doc) in rows {
        out.push_str(&format!("| `{name}` | {} |\n", doc.replace('|', "\\|")));
    }
    out
}

/// The README's text between `<!-- {marker}:start -->` and `<!-- {marker}:end -->`.
fn readme_section(marker: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (start, end) = (format!("<!-- {marker}:start -->\n"), format!("<!-- {marker}:end -->"));
    let from = readme.find(&start).expect("the README marks where the table starts") + start.len();
    let to = readme[from..].find(&end).expect("… and where it ends") + from;
    readme[from..to].to_string()
}

#[test]
fn the_readme_lists_every_lint_with_its_doc() {
    let expected = table("lint", Lint::all().iter().map(|l| (l.as_str(), l.doc())));
    assert_eq!(readme_section("lints"), expected, "the README's table of lints is stale; it should read:\n{expected}");
}

#[test]
fn the_readme_lists_every_kind_of_error_with_its_doc() {
    let expected = table("error", ErrorKind::all().iter().map(|e| (e.as_str(), e.doc())));
    assert_eq!(
        readme_section("errors"),
        expected,
        "the README's table of errors is stale; it should read:\n{expected}"
    );
}
