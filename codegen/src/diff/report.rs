//! The diff as text: a Markdown report for people, JSON for machines, and a changelog entry.
//! Every rendering ends its stdout with the line `semver: <class>` (the caller prints it).

use serde_json::json;

use super::{Change, Class, Report};

/// Where a change's pointer is in its source file (`file:line:col`), when known.
pub type Locate<'a> = &'a dyn Fn(&Change) -> Option<String>;

/// The Markdown report: a table of every change, then the changelog entry.
pub fn markdown(report: &Report, old: &str, new: &str, locate: Locate) -> String {
    let mut out = format!("# API changes: `{old}` → `{new}`\n\n");
    if report.changes.is_empty() {
        out.push_str("No change to the generated API.\n\n");
    } else {
        let count = |class: Class| report.changes.iter().filter(|c| c.class() == class).count();
        out.push_str(&format!(
            "{} change(s): {} breaking, {} additive, {} internal.\n\n",
            report.changes.len(),
            count(Class::Breaking),
            count(Class::Additive),
            count(Class::Internal)
        ));
        out.push_str("| Class | Rust item | Change | Rule | Spec (JSON pointer) |\n|---|---|---|---|---|\n");
        let mut sorted: Vec<&Change> = report.changes.iter().collect();
        sorted.sort_by_key(|c| std::cmp::Reverse(c.class()));
        for c in sorted {
            let at = match locate(c) {
                // A change that is not in the spec (the runtime) has no pointer and no place.
                _ if c.pointer.is_empty() => "—".to_string(),
                Some(place) => format!("`{}` ({place})", c.pointer),
                None => format!("`{}`", c.pointer),
            };
            out.push_str(&format!(
                "| {} | `{}` | {} | `{}` | {} |\n",
                c.class().as_str(),
                c.item,
                cell(&c.message),
                c.rule.id(),
                cell(&at)
            ));
        }
        out.push('\n');
    }
    out.push_str("## Changelog entry\n\n");
    out.push_str(&changelog_entry(report, "Unreleased"));
    out
}

/// The JSON report: `{ "old", "new", "semver", "changes": [{ "class", "rule", "item", "pointer", "spec", "location", "message" }] }`.
pub fn json(report: &Report, old: &str, new: &str, locate: Locate) -> String {
    let changes: Vec<_> = report
        .changes
        .iter()
        .map(|c| {
            json!({
                "class": c.class().as_str(),
                "rule": c.rule.id(),
                "item": c.item,
                "pointer": c.pointer,
                "spec": match c.side { super::Side::Old => "old", super::Side::New => "new" },
                "location": locate(c),
                "message": c.message,
            })
        })
        .collect();
    let value = json!({ "old": old, "new": new, "semver": report.semver().as_str(), "changes": changes });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// A changelog entry headed `## {title}`: breaking changes, additions, then internal changes.
pub fn changelog_entry(report: &Report, title: &str) -> String {
    let mut out = format!("## {title}\n\n");
    if report.changes.is_empty() {
        out.push_str("No change to the API.\n");
        return out;
    }
    for (class, heading) in
        [(Class::Breaking, "Breaking"), (Class::Additive, "Added"), (Class::Internal, "Internal (docs, wire details)")]
    {
        let items: Vec<&Change> = report.changes.iter().filter(|c| c.class() == class).collect();
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("### {heading}\n\n"));
        for c in items {
            match c.pointer.as_str() {
                "" => out.push_str(&format!("- `{}`: {}\n", c.item, c.message)),
                pointer => out.push_str(&format!("- `{}`: {} (`{pointer}`)\n", c.item, c.message)),
            }
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
