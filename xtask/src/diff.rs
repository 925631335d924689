//! When the spec changes: `cargo xtask diff`, `cargo xtask release` and `cargo xtask semver-audit`.
//!
//! The crate's version lives in `spec/release.toml` (`version`, and `released`: the last released
//! version), the spec of the last release in `spec/released/leadconnector.json` (the bundled
//! document, self-contained, with `spec/overlays/` applied: what the released crate was generated
//! from), and the changelog in `spec/CHANGELOG.md`, which `cargo xtask codegen` ships in the crate as
//! `CHANGELOG.md`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::diff::report::{self, Locate};
use codegen::diff::{Change, Class, Report, Semver, Side};
use codegen::surface::{Item, Surface};

use semver::Version;
use xtask::release::{self as versions, Release};
use xtask::{parse_release, shown, workspace_root};

use crate::cli::{CodegenArgs, DiffArgs, FailOn, Format};

/// The spec, the snapshot of the last release (and its surface), the release file and the changelog source.
struct Paths {
    spec: PathBuf,
    snapshot: PathBuf,
    /// The public items of the released crate, recorded by `cargo xtask release`.
    surface: PathBuf,
    release: PathBuf,
    changelog: PathBuf,
}

fn paths() -> Paths {
    let spec_dir = workspace_root().join("spec");
    Paths {
        spec: xtask::our_spec(),
        snapshot: spec_dir.join("released/leadconnector.json"),
        surface: spec_dir.join("released/leadconnector.surface.json"),
        release: spec_dir.join("release.toml"),
        changelog: spec_dir.join("CHANGELOG.md"),
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read `{}`: {e}", shown(path)))
}

/// One side of a comparison: a spec and the overlays applied to it, in order.
struct Input {
    spec: PathBuf,
    overlays: Vec<PathBuf>,
}

impl Input {
    /// Our spec as `cargo xtask codegen` reads it: `spec/leadconnector.yaml` with `spec/overlays/`.
    fn ours(p: &Paths) -> Result<Self, String> {
        Ok(Self { spec: p.spec.clone(), overlays: xtask::our_overlays()? })
    }

    fn plain(spec: PathBuf) -> Self {
        Self { spec, overlays: Vec::new() }
    }

    /// The spec's path, then ` + ` and each overlay's.
    fn label(&self) -> String {
        std::iter::once(&self.spec).chain(&self.overlays).map(|p| shown(p)).collect::<Vec<_>>().join(" + ")
    }
}

/// The IR of a spec, with its loaded files to locate pointers; the error lists the diagnostics.
fn lower(input: &Input) -> Result<codegen::Lowered, String> {
    codegen::lower_spec(&input.spec, &input.overlays).map_err(|diags| {
        let errors = diags.iter().filter(|d| d.severity == codegen::Severity::Error).count();
        format!("{diags}error: `{}` cannot be used: {errors} error(s)", input.label())
    })
}

/// Compares two specs; also returns a function that locates a change's pointer in its file.
fn compare(old: &Input, new: &Input) -> Result<(Report, impl Fn(&Change) -> Option<String>), String> {
    let (old_ir, new_ir) = (lower(old)?, lower(new)?);
    let report = codegen::diff::diff(&old_ir.api, &new_ir.api);
    let locate = move |c: &Change| {
        let loaded = match c.side {
            Side::Old => &old_ir.loaded,
            Side::New => &new_ir.loaded,
        };
        loaded.locate(&c.pointer).map(|l| format!("{}:{}:{}", shown(&l.file), l.line, l.column))
    };
    Ok((report, locate))
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

/// The options of `cargo xtask diff`.
struct DiffOptions {
    old: Input,
    new: Input,
    json: bool,
    fail_on: Option<Class>,
    check_version: bool,
}

/// By default the snapshot of the last release (overlays already applied) against our spec with its
/// overlays. A spec given with `--new` gets only the overlays given with `--overlay`, as in
/// `cargo xtask codegen --spec`.
fn diff_options(args: DiffArgs, p: &Paths) -> Result<DiffOptions, String> {
    let old = Input { spec: args.old.unwrap_or_else(|| p.snapshot.clone()), overlays: args.old_overlays };
    let new = match args.new {
        Some(spec) => Input { spec, overlays: args.overlays },
        None => {
            let mut ours = Input::ours(p)?;
            ours.overlays.extend(args.overlays);
            ours
        }
    };
    let fail_on = args.fail_on.map(|class| match class {
        FailOn::Breaking => Class::Breaking,
        FailOn::Additive => Class::Additive,
    });
    Ok(DiffOptions { old, new, json: args.format == Format::Json, fail_on, check_version: args.check_version })
}

/// `cargo xtask diff`.
pub fn diff(args: DiffArgs) -> ExitCode {
    let p = paths();
    let DiffOptions { old, new, json, fail_on, check_version } = match diff_options(args, &p) {
        Ok(options) => options,
        Err(message) => return fail(message),
    };
    let against_release = old.spec == p.snapshot;
    let (mut report, locate) = match compare(&old, &new) {
        Ok(r) => r,
        Err(message) => return fail(message),
    };
    // Read once, for the runtime change and for the version check.
    let release = (against_release || check_version).then(|| read_release(&p.release));
    // Against the last release, the generated API is also the runtime it requires, and what the
    // generator alone changed since.
    if against_release {
        match &release {
            Some(Ok(release)) => report.changes.extend(runtime_change(release)),
            Some(Err(message)) => return fail(message.clone()),
            None => {}
        }
        match generator_changes(&p) {
            Ok(changes) => report.changes.extend(changes),
            Err(message) => return fail(message),
        }
    }
    let locate: Locate = &locate;
    let (old_label, new_label) = (old.label(), new.label());
    if json {
        println!("{}", report::json(&report, &old_label, &new_label, locate));
    } else {
        print!("{}", report::markdown(&report, &old_label, &new_label, locate));
        println!();
    }
    let verdict = report.semver();
    let mut failed = false;
    if let Some(threshold) = fail_on {
        if let Some(worst) = report.worst().filter(|w| *w >= threshold) {
            eprintln!("error: the change is {} and --fail-on {} was given", worst.as_str(), threshold.as_str());
            failed = true;
        }
    }
    if let Some(release) = release.filter(|_| check_version) {
        match release.and_then(|r| versions::allows(&r.version, &r.released, verdict).map(|()| r)) {
            Ok(r) => eprintln!(
                "version {} allows this change since {} (semver: {})",
                r.version,
                r.released,
                verdict.as_str()
            ),
            Err(message) => {
                eprintln!("error: {}: {message}", shown(&p.release));
                eprintln!("  help: run `cargo xtask release` to write the next version and the changelog entry");
                failed = true;
            }
        }
    }
    println!("semver: {}", verdict.as_str());
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The change of the runtime requirement since the last release, when it is not compatible.
fn runtime_change(release: &Release) -> Option<codegen::diff::Change> {
    let released = release.runtime.as_deref()?;
    codegen::diff::runtime_change(released, codegen::Dependencies::RUNTIME)
}

fn read_release(path: &Path) -> Result<Release, String> {
    parse_release(path, &read(path)?)
}

/// `cargo xtask release`: the next version into `spec/release.toml`, the changelog entry on top of
/// `spec/CHANGELOG.md`, the spec as the new release snapshot, and the crate regenerated.
pub fn release() -> ExitCode {
    match write_release(&paths()) {
        Ok(Some(next)) => {
            eprintln!("released {next}; regenerating the crate");
            crate::codegen(CodegenArgs::default())
        }
        Ok(None) => ExitCode::SUCCESS,
        Err(message) => fail(message),
    }
}

/// Everything `cargo xtask release` writes before the crate is regenerated; the version released,
/// if there is one.
fn write_release(p: &Paths) -> Result<Option<Version>, String> {
    let release_text = read(&p.release)?;
    let current = parse_release(&p.release, &release_text)?;
    let ours = Input::ours(p)?;
    if !p.snapshot.exists() {
        // First use: the working spec is what was released as `released`.
        write(&p.snapshot, snapshot(&ours)?)?;
        eprintln!("no snapshot of the last release yet: recorded the spec as release {}", current.released);
        return Ok(None);
    }
    let (mut report, _) = compare(&Input::plain(p.snapshot.clone()), &ours)?;
    report.changes.extend(runtime_change(&current));
    report.changes.extend(generator_changes(p)?);
    let verdict = report.semver();
    if verdict == Semver::None {
        eprintln!("the generated API has not changed since {}: nothing to release", current.released);
        return Ok(None);
    }
    // A version already raised by hand far enough is kept; otherwise the smallest one allowed.
    // (`allows` a change other than none implies a version above `released`.)
    let next = if versions::allows(&current.version, &current.released, verdict).is_ok() {
        current.version
    } else {
        versions::bump(&current.released, verdict)
    };
    let entry = report::changelog_entry(&report, &next.to_string());
    let changelog = prepend_entry(&read(&p.changelog)?, &entry);
    let snapshot = snapshot(&ours)?;
    let surface = surface_text(&surface_of(&ours)?)?;
    let runtime = Some(codegen::Dependencies::RUNTIME.to_string());
    let release_text = Release { version: next.clone(), released: next.clone(), runtime }.update(&release_text);
    for (path, text) in
        [(&p.changelog, changelog), (&p.snapshot, snapshot), (&p.surface, surface), (&p.release, release_text)]
    {
        write(path, text)?;
    }
    print!("{entry}");
    Ok(Some(next))
}

/// The public items of the crate `cargo xtask codegen` generates from `input` (with this
/// workspace's configuration).
fn surface_of(input: &Input) -> Result<codegen::surface::Surface, String> {
    let lowered = lower(input)?;
    let config = xtask::leadconnector()?.config;
    Ok(codegen::surface::surface(&lowered.api, &config))
}

fn surface_text(surface: &codegen::surface::Surface) -> Result<String, String> {
    serde_json::to_string_pretty(surface).map(|text| text + "\n").map_err(|e| format!("cannot write the surface: {e}"))
}

/// What the generator alone changed in the released crate's API: the surface recorded at the last
/// release against the surface the current generator makes of the released spec (the same spec, so
/// every difference is the generator's). Nothing, with a note, before a release has recorded one.
fn generator_changes(p: &Paths) -> Result<Vec<Change>, String> {
    if !p.surface.exists() {
        eprintln!(
            "note: no `{}` yet (`cargo xtask release` records it): changes the generator alone made are not reported",
            shown(&p.surface)
        );
        return Ok(Vec::new());
    }
    let recorded = recorded_surface(p)?;
    let now = surface_of(&Input::plain(p.snapshot.clone()))?;
    let mut changes = codegen::diff::compare_surfaces(&recorded, &now);
    for change in &mut changes {
        // The pointer is in the released spec, which both surfaces come from.
        change.side = Side::Old;
        change.message = format!("{} (by the generator: the spec did not change)", change.message);
    }
    Ok(changes)
}

fn recorded_surface(p: &Paths) -> Result<Surface, String> {
    serde_json::from_str(&read(&p.surface)?)
        .map_err(|e| format!("`{}` is not a recorded surface: {e}", shown(&p.surface)))
}

/// `cargo xtask release --record-surface`: the released crate's surface recorded again, from the
/// released spec with this generator, when it only adds what the record lacked. Nothing is
/// released: the crate is the one released, and the surface now says more about it.
pub fn record_surface() -> ExitCode {
    let p = paths();
    let recorded = match recorded_surface(&p) {
        Ok(recorded) => recorded,
        Err(message) => return fail(message),
    };
    let written = surface_of(&Input::plain(p.snapshot.clone())).and_then(|now| match first_difference(&recorded, &now) {
        Some(what) => Err(format!(
            "the generator changed the released crate's API ({what}): that is released (`cargo xtask release`), not recorded"
        )),
        None => write(&p.surface, surface_text(&now)?),
    });
    match written {
        Ok(()) => {
            eprintln!("recorded the surface of the released crate again in `{}`", shown(&p.surface));
            ExitCode::SUCCESS
        }
        Err(message) => fail(message),
    }
}

/// What `now` changes of what `recorded` holds, if anything: `now` may only fill in a signature the
/// record left empty.
fn first_difference(recorded: &Surface, now: &Surface) -> Option<String> {
    if recorded.items.len() != now.items.len() {
        return Some(format!("{} items recorded, {} now", recorded.items.len(), now.items.len()));
    }
    let filled_in =
        |a: &Item, b: &Item| a.signature.is_empty() && Item { signature: b.signature.clone(), ..a.clone() } == *b;
    recorded
        .items
        .iter()
        .zip(&now.items)
        .find(|(a, b)| a != b && !filled_in(a, b))
        .map(|(a, _)| format!("`{}`", a.path))
}

/// The bundled document of the spec (every ref local) with its overlays applied, pretty JSON: a
/// snapshot that needs no other file.
fn snapshot(input: &Input) -> Result<String, String> {
    let mut diags = codegen::Diagnostics::default();
    let loaded = codegen::load::load_with_overlays(&input.spec, &input.overlays, &mut diags)
        .filter(|_| !diags.has_errors())
        .ok_or_else(|| format!("{diags}error: `{}` cannot be loaded", input.label()))?;
    Ok(format!("{:#}\n", loaded.document))
}

fn write(path: &Path, text: String) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", shown(dir)))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write `{}`: {e}", shown(path)))?;
    eprintln!("wrote {}", shown(path));
    Ok(())
}

/// Puts `entry` after the changelog's title (its first `# ` line and the text before the first
/// `## ` entry), before every earlier entry.
fn prepend_entry(changelog: &str, entry: &str) -> String {
    match changelog.find("\n## ") {
        Some(i) => format!("{}{entry}\n{}", &changelog[..=i], &changelog[i + 1..]),
        None => format!("{}\n\n{entry}", changelog.trim_end()),
    }
}

/// `cargo xtask semver-audit [CASE…]`: for every case under `codegen/tests/diff/` (or those
/// named), generates the old and the new crate and runs `cargo semver-checks` on them; prints our
/// verdict beside theirs as a Markdown table. Needs `cargo install cargo-semver-checks --locked`.
pub fn semver_audit(args: &[String]) -> ExitCode {
    let cases_dir = workspace_root().join("codegen/tests/diff");
    let mut cases: Vec<String> = match std::fs::read_dir(&cases_dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("old.yaml").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(e) => return fail(format!("cannot read `{}`: {e}", shown(&cases_dir))),
    };
    cases.sort();
    if !args.is_empty() {
        cases.retain(|c| args.contains(c));
    }
    // Outside the workspace (a crate inside it would be taken for a member), one target dir for all.
    let work = std::env::temp_dir().join("leadconnector-semver-audit");
    let target = work.join("target");
    println!("| Case | Our rules | Ours | cargo-semver-checks | Its lints | Agree |\n|---|---|---|---|---|---|");
    let mut disagreements = 0;
    for case in &cases {
        let dir = cases_dir.join(case);
        let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
        // Lowered once: diffed here, then generated for cargo-semver-checks.
        let (old_ir, new_ir) = match (lower(&Input::plain(old.clone())), lower(&Input::plain(new.clone()))) {
            (Ok(old_ir), Ok(new_ir)) => (old_ir, new_ir),
            (Err(message), _) | (_, Err(message)) => return fail(format!("case {case}: {message}")),
        };
        let ours = codegen::diff::diff(&old_ir.api, &new_ir.api);
        // Each rule once, in the order of its first change.
        let mut rules: Vec<&str> = Vec::new();
        for rule in ours.changes.iter().map(|c| c.rule.id()) {
            if !rules.contains(&rule) {
                rules.push(rule);
            }
        }
        let (old_dir, new_dir) = (work.join(case).join("old"), work.join(case).join("new"));
        for (spec, lowered, out) in [(&old, old_ir, &old_dir), (&new, new_ir, &new_dir)] {
            if let Err(message) = generate_into(spec, lowered, out) {
                return fail(format!("case {case}: {message}"));
            }
        }
        let output = xtask::cargo()
            // Every feature: the `mock` feature's constructors are API too.
            .args(["semver-checks", "check-release", "--all-features", "--manifest-path"])
            .arg(new_dir.join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(&old_dir)
            .env("CARGO_TARGET_DIR", &target)
            .output();
        let output = match output {
            Ok(o) => o,
            Err(e) => {
                return fail(format!(
                    "running cargo semver-checks: {e} (install it with `cargo install cargo-semver-checks --locked`)"
                ))
            }
        };
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        let lints = failed_lints(&text);
        let (major, minor) = failed_counts(&text);
        if !output.status.success() && major + minor == 0 {
            eprintln!("{text}");
            return fail(format!("case {case}: cargo semver-checks failed without a summary of failed checks"));
        }
        // Both crates are 0.1.0: a failed check of either level fails the run; its level says which.
        let theirs = match (major, minor) {
            (0, 0) => "no change needing a bump".to_string(),
            (0, _) => "minor (non-breaking)".to_string(),
            _ => "breaking".to_string(),
        };
        let our_breaking = ours.semver() == Semver::Major;
        // Their "breaking" must be ours too; ours may be stricter (run-time breaks they cannot see).
        let agree = match (our_breaking, major > 0) {
            (true, true) | (false, false) => "yes",
            (true, false) => "stricter (ours)",
            (false, true) => {
                disagreements += 1;
                "**NO**"
            }
        };
        println!(
            "| `{case}` | {} | {} | {theirs} | {} | {agree} |",
            rules.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", "),
            ours.semver().as_str(),
            if lints.is_empty() { "—".into() } else { lints.join(", ") }
        );
    }
    if disagreements > 0 {
        return fail(format!(
            "{disagreements} case(s) where cargo-semver-checks finds a breaking change our rules do not"
        ));
    }
    ExitCode::SUCCESS
}

/// Generates the crate of `spec`, already lowered, into `out` (a fresh directory), as its own workspace.
fn generate_into(spec: &Path, lowered: codegen::Lowered, out: &Path) -> Result<(), String> {
    let config = xtask::config_for(out, "audit_client", None);
    let generated =
        codegen::generate_lowered(lowered, &config).map_err(|d| format!("{d}`{}` does not generate", shown(spec)))?;
    let mut files = generated.files;
    if let Some((_, manifest)) = files.iter_mut().find(|(path, _)| path == "Cargo.toml") {
        // Its own workspace, not a member of whatever encloses the temporary directory.
        manifest.push_str("\n[workspace]\n");
    }
    // `write` replaces what changed and removes the generated files the spec no longer produces.
    let written = match codegen::write::write(out, &files, false) {
        // Left by a run from before the generator kept a manifest: this command's own scratch space.
        Err(codegen::write::WriteError::NotOurs { .. }) => {
            std::fs::remove_dir_all(out).map_err(|e| format!("cannot remove `{}`: {e}", shown(out)))?;
            codegen::write::write(out, &files, false)
        }
        other => other,
    };
    written.map_err(|e| format!("writing `{}`: {e}", out.display()))?;
    Ok(())
}

/// The numbers of failed major and minor checks, from the summary line (`… 1 major and 0 minor checks failed`).
fn failed_counts(output: &str) -> (usize, usize) {
    for line in output.lines() {
        let Some(end) = line.find(" checks failed") else {
            continue;
        };
        let words: Vec<&str> = line[..end].split_whitespace().collect();
        if let [.., major, "major", "and", minor, "minor"] = words.as_slice() {
            return (major.parse().unwrap_or(0), minor.parse().unwrap_or(0));
        }
    }
    (0, 0)
}

/// The names of the lints cargo-semver-checks reports as failed (`--- failure NAME: …`).
fn failed_lints(output: &str) -> Vec<String> {
    let mut lints: Vec<String> = output
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--- failure "))
        .filter_map(|l| l.split(':').next())
        .map(|s| format!("`{}`", s.trim()))
        .collect();
    lints.sort();
    lints.dedup();
    lints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_goes_under_the_title_before_older_entries() {
        let log = "# Changelog\n\nIntro.\n\n## 0.1.0\n\nFirst.\n";
        assert_eq!(
            prepend_entry(log, "## 0.2.0\n\nSecond.\n"),
            "# Changelog\n\nIntro.\n\n## 0.2.0\n\nSecond.\n\n## 0.1.0\n\nFirst.\n"
        );
        assert_eq!(prepend_entry("# Changelog\n", "## 0.1.0\n\nFirst.\n"), "# Changelog\n\n## 0.1.0\n\nFirst.\n");
    }

    #[test]
    fn a_surface_is_recorded_again_only_when_it_fills_in_what_the_record_left_empty() {
        let item = |signature: &str| {
            let json = serde_json::json!({
                "key": "fixed:ClientBuilder::timeout", "path": "ClientBuilder::timeout", "kind": "method",
                "role": "other", "signature": signature,
            });
            serde_json::from_value::<Item>(json).unwrap()
        };
        let surface = |items: Vec<Item>| Surface { items };
        let (empty, seconds, millis) = (item(""), item("fn(self, Duration) -> Self"), item("fn(self, u64) -> Self"));
        assert_eq!(first_difference(&surface(vec![empty.clone()]), &surface(vec![seconds.clone()])), None);
        assert_eq!(first_difference(&surface(vec![seconds.clone()]), &surface(vec![seconds.clone()])), None);
        assert_eq!(
            first_difference(&surface(vec![seconds.clone()]), &surface(vec![millis])),
            Some("`ClientBuilder::timeout`".to_string())
        );
        assert_eq!(
            first_difference(&surface(vec![empty.clone()]), &surface(vec![empty, seconds])),
            Some("1 items recorded, 2 now".to_string())
        );
        let mut gated = item("fn(self, Duration) -> Self");
        gated.gate = codegen::surface::Gate::feature("mock");
        assert_eq!(
            first_difference(&surface(vec![item("")]), &surface(vec![gated])),
            Some("`ClientBuilder::timeout`".to_string())
        );
    }

    #[test]
    fn failed_counts_are_read_from_the_summary() {
        assert_eq!(
            failed_counts("     Summary semver requires new major version: 2 major and 1 minor checks failed\n"),
            (2, 1)
        );
        assert_eq!(failed_counts("     Summary no semver update required\n"), (0, 0));
    }

    #[test]
    fn failed_lints_are_read_from_the_output() {
        let out = "--- failure enum_variant_missing: pub enum variant removed or renamed ---\n\nFailed in:\n--- failure struct_pub_field_missing: x ---\n";
        assert_eq!(failed_lints(out), vec!["`enum_variant_missing`", "`struct_pub_field_missing`"]);
    }
}
