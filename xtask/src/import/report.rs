//! The report of every repair: printed by `cargo xtask import`, and written as a Markdown table.

use std::collections::BTreeMap;

use super::Repair;

/// `modules/IMPORT-REPORT.md`.
pub fn markdown(repairs: &[Repair], commit: Option<&str>) -> String {
    let mut out = String::new();
    out.push_str("<!-- Written by `cargo xtask import`: do not edit by hand. -->\n");
    out.push_str("# Import report\n\n");
    match commit {
        Some(c) => out.push_str(&format!(
            "What `cargo xtask import` repaired in HighLevel's OpenAPI files (commit {c}), and where.\n"
        )),
        None => out.push_str("What `cargo xtask import` repaired in HighLevel's OpenAPI files, and where.\n"),
    }
    out.push_str("Pointers are JSON pointers into the upstream file of the module (`apps/NAME.json`, or\n");
    out.push_str("`common/common-schemas.json` for `common`). The repairs are described in `spec/README.md`.\n\n");
    out.push_str("| Repair | Count |\n|---|---|\n");
    for (name, count) in counts(repairs) {
        out.push_str(&format!("| `{name}` | {count} |\n"));
    }
    out.push_str("\n| Repair | Module | JSON pointer | What was done |\n|---|---|---|---|\n");
    for r in repairs {
        out.push_str(&format!("| `{}` | {} | `{}` | {} |\n", r.name, r.module, cell(&r.pointer), cell(&r.what)));
    }
    out
}

/// Repair name → how many, by name.
pub fn counts(repairs: &[Repair]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for r in repairs {
        *counts.entry(r.name).or_insert(0) += 1;
    }
    counts
}

/// Text safe in a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
