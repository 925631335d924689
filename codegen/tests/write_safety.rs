//! The write stage owns exactly the files it wrote (listed in its manifest): it writes only what
//! changes, removes only what it listed, and refuses a directory holding anything else — before
//! touching anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::format::HEADER;
use codegen::write::{write, Changes, WriteError, MANIFEST, MANIFEST_HEADER};

fn files() -> Vec<(String, String)> {
    [("Cargo.toml", "# @generated\n\n[package]\n"), ("src/lib.rs", "pub mod a;\n"), ("src/a.rs", "pub fn a() {}\n")]
        .into_iter()
        .map(|(p, t)| (p.to_string(), format!("{HEADER}\n\n{t}")))
        .collect()
}

/// Every entry under `dir` (relative path → bytes; `None` for a directory).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_path_buf();
            if path.is_dir() {
                out.insert(relative, None);
                walk(root, &path, out);
            } else {
                out.insert(relative, Some(std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Runs a write that must be refused, and checks that it touched nothing in `out`.
fn refused(out: &Path, files: &[(String, String)], check: bool) -> WriteError {
    let before = snapshot(out);
    let error = write(out, files, check).expect_err("expected a refusal");
    assert_eq!(snapshot(out), before, "nothing written, removed or added (check: {check})");
    error
}

/// The files a refusal names as foreign.
fn foreign(error: WriteError) -> Vec<PathBuf> {
    match error {
        WriteError::Foreign { files, .. } => files,
        other => panic!("expected a refusal for foreign files, got {other:?}"),
    }
}

fn manifest(paths: &[&str]) -> String {
    paths.iter().fold(format!("{MANIFEST_HEADER}\n"), |text, p| format!("{text}{p}\n"))
}

#[test]
fn a_fresh_directory_gets_every_file_and_the_manifest_and_a_second_run_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    for out in [tmp.path().to_path_buf(), tmp.path().join("new/crate")] {
        let first = write(&out, &files(), false).unwrap();
        let mut expected: Vec<PathBuf> = files().iter().map(|(p, _)| out.join(p)).collect();
        expected.push(out.join(MANIFEST));
        assert_eq!(first, Changes { written: expected, removed: vec![], unchanged: 0 });
        for (path, text) in files() {
            assert_eq!(std::fs::read_to_string(out.join(path)).unwrap(), text);
        }
        assert_eq!(
            std::fs::read_to_string(out.join(MANIFEST)).unwrap(),
            manifest(&["Cargo.toml", "src/a.rs", "src/lib.rs"]),
            "sorted, one a line, itself not listed"
        );

        let before = snapshot(&out);
        let second = write(&out, &files(), false).unwrap();
        assert_eq!(second, Changes { written: vec![], removed: vec![], unchanged: 4 });
        assert_eq!(snapshot(&out), before);
        assert!(write(&out, &files(), true).unwrap().is_empty());
    }
}

#[test]
fn only_changed_files_are_written() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &files(), false).unwrap();
    let mut changed = files();
    changed[2].1.push_str("pub fn b() {}\n");
    let changes = write(tmp.path(), &changed, false).unwrap();
    assert_eq!(changes, Changes { written: vec![tmp.path().join("src/a.rs")], removed: vec![], unchanged: 3 });
    assert_eq!(std::fs::read_to_string(tmp.path().join("src/a.rs")).unwrap(), changed[2].1);
}

#[test]
fn a_foreign_file_refuses_the_run_and_touches_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &files(), false).unwrap();
    std::fs::write(tmp.path().join("src/hand.rs"), "fn mine() {}\n").unwrap();
    // A run that would change, add and remove files.
    let mut next = files();
    next[1].1.push_str("// changed\n");
    next.remove(2);
    next.push(("src/b.rs".into(), format!("{HEADER}\n\nb\n")));
    for check in [true, false] {
        match refused(tmp.path(), &next, check) {
            WriteError::Foreign { dir, files, count } => {
                assert_eq!(dir, tmp.path());
                assert_eq!(files, vec![PathBuf::from("src/hand.rs")]);
                assert_eq!(count, 1);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    let message = write(tmp.path(), &next, false).unwrap_err().to_string();
    assert!(message.contains("src/hand.rs") && message.contains("1 file"), "{message}");
}

#[test]
fn a_refusal_names_ten_foreign_files_and_counts_them_all() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &files(), false).unwrap();
    for i in 0..15 {
        std::fs::write(tmp.path().join(format!("extra{i:02}.txt")), "x").unwrap();
    }
    let error = refused(tmp.path(), &files(), false);
    let WriteError::Foreign { files, count, .. } = &error else { panic!("expected a refusal, got {error:?}") };
    assert_eq!(*count, 15);
    assert_eq!(files.len(), 10);
    assert_eq!(files[0], PathBuf::from("extra00.txt"));
    assert!(error.to_string().contains("and 5 more"), "{error}");
    assert!(error.help().unwrap().contains("--out"));
}

#[test]
fn a_workspace_root_is_not_ours_and_is_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("Cargo.toml"), "[workspace]\nmembers = [\"app\"]\n").unwrap();
    std::fs::create_dir_all(tmp.path().join("src")).unwrap();
    std::fs::write(tmp.path().join("src/main.rs"), "fn main() {}\n").unwrap();
    for check in [true, false] {
        let error = refused(tmp.path(), &files(), check);
        assert!(matches!(&error, WriteError::NotOurs { dir } if dir == tmp.path()), "{error:?}");
        assert!(error.help().unwrap().contains("empty or new directory"));
    }
}

#[test]
fn a_directory_holding_only_generated_files_but_no_manifest_is_not_ours() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("old.rs"), format!("{HEADER}\n\nold\n")).unwrap();
    assert!(matches!(refused(tmp.path(), &files(), false), WriteError::NotOurs { .. }));
}

#[test]
fn a_dropped_file_is_removed_but_an_unlisted_generated_file_refuses_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let mut all = files();
    all.push(("src/deep/gone.rs".into(), format!("{HEADER}\n\ngone\n")));
    write(tmp.path(), &all, false).unwrap();

    let changes = write(tmp.path(), &files(), false).unwrap();
    assert_eq!(changes.removed, vec![tmp.path().join("src/deep/gone.rs")]);
    assert_eq!(changes.written, vec![tmp.path().join(MANIFEST)]);
    assert!(!tmp.path().join("src/deep/gone.rs").exists());
    assert!(!tmp.path().join("src/deep").exists(), "the directory it left empty goes too");
    assert!(tmp.path().join("src").is_dir());
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(MANIFEST)).unwrap(),
        manifest(&["Cargo.toml", "src/a.rs", "src/lib.rs"])
    );

    // A file with the generated header that the manifest does not list is not ours.
    let stray = tmp.path().join("src/stray.rs");
    std::fs::write(&stray, format!("{HEADER}\n\nstray\n")).unwrap();
    // Neither the stray file nor the dropped one is removed.
    let fewer = files()[..2].to_vec();
    assert_eq!(foreign(refused(tmp.path(), &fewer, false)), vec![PathBuf::from("src/stray.rs")]);
}

#[test]
fn a_directory_a_removed_file_shares_with_a_kept_one_stays() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &files(), false).unwrap();
    let without_a: Vec<_> = files().into_iter().filter(|(p, _)| p != "src/a.rs").collect();
    write(tmp.path(), &without_a, false).unwrap();
    assert!(tmp.path().join("src/lib.rs").is_file());
    assert!(!tmp.path().join("src/a.rs").exists());
}

#[test]
fn crlf_on_disk_is_unchanged_and_not_rewritten() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &files(), false).unwrap();
    // What a checkout with `core.autocrlf` makes of every file, the manifest included.
    let names = files().into_iter().map(|(p, _)| p).chain([MANIFEST.to_string()]);
    for name in names {
        let path = tmp.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
    }
    let before = snapshot(tmp.path());
    let check = write(tmp.path(), &files(), true).unwrap();
    assert_eq!(check, Changes { written: vec![], removed: vec![], unchanged: 4 });
    let run = write(tmp.path(), &files(), false).unwrap();
    assert_eq!(run, Changes { written: vec![], removed: vec![], unchanged: 4 });
    assert_eq!(snapshot(tmp.path()), before, "still CRLF: nothing was rewritten");

    // A real change in a CRLF file is still one, and is written as LF.
    let mut changed = files();
    changed[1].1.push_str("pub mod b;\n");
    let changes = write(tmp.path(), &changed, false).unwrap();
    assert_eq!(changes.written, vec![tmp.path().join("src/lib.rs")]);
    assert_eq!(std::fs::read_to_string(tmp.path().join("src/lib.rs")).unwrap(), changed[1].1);
}

#[test]
fn a_manifest_path_escaping_the_directory_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    write(&out, &files(), false).unwrap();
    let outside = tmp.path().join("escape");
    std::fs::write(&outside, "not the generator's").unwrap();
    for hostile in ["../escape", "src/../../escape", "/etc/passwd", "./src/a.rs", "src\\a.rs"] {
        std::fs::write(out.join(MANIFEST), manifest(&["Cargo.toml", hostile, "src/a.rs", "src/lib.rs"])).unwrap();
        let before = snapshot(tmp.path());
        // The run would remove what the manifest lists and this run does not produce.
        match write(&out, &files(), false) {
            Err(WriteError::Escapes { path, manifest: Some(manifest) }) => {
                assert_eq!(path, PathBuf::from(hostile));
                assert_eq!(manifest, out.join(MANIFEST));
            }
            other => panic!("{hostile}: expected a refusal, got {other:?}"),
        }
        assert!(matches!(write(&out, &files(), true), Err(WriteError::Escapes { .. })));
        assert_eq!(snapshot(tmp.path()), before, "{hostile}");
    }
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "not the generator's");
}

#[test]
fn a_manifest_without_its_header_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(MANIFEST), "Cargo.toml\nsrc/lib.rs\n").unwrap();
    std::fs::write(tmp.path().join("Cargo.toml"), "[workspace]\n").unwrap();
    assert!(matches!(refused(tmp.path(), &files(), false), WriteError::BadManifest { .. }));
}

#[test]
fn a_generated_path_escaping_the_directory_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    for bad in ["../escape.rs", "/abs.rs", "src//a.rs", ""] {
        let mut bad_files = files();
        bad_files.push((bad.to_string(), "x\n".to_string()));
        match write(&out, &bad_files, false) {
            Err(WriteError::Escapes { path, manifest: None }) => assert_eq!(path, PathBuf::from(bad)),
            other => panic!("{bad:?}: expected a refusal, got {other:?}"),
        }
    }
    let mut reserved = files();
    reserved.push((MANIFEST.to_string(), "x\n".to_string()));
    assert!(matches!(write(&out, &reserved, false), Err(WriteError::Reserved { .. })));
    assert!(!out.exists(), "nothing was written");
    assert!(!tmp.path().join("escape.rs").exists());
}

#[test]
fn check_mode_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing");
    let changes = write(&missing, &files(), true).unwrap();
    assert_eq!(changes.written.len(), 4, "every file and the manifest would be written");
    assert!(!missing.exists(), "not even the directory is made");

    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let changes = write(&empty, &files(), true).unwrap();
    assert_eq!(changes.written.last(), Some(&empty.join(MANIFEST)));
    assert_eq!(snapshot(&empty), BTreeMap::new(), "no manifest either");

    // With changes, additions and removals pending: reported, not done.
    write(&empty, &files(), false).unwrap();
    let mut next = files();
    next[0].1.push_str("[features]\n");
    next.remove(2);
    next.push(("src/b.rs".into(), format!("{HEADER}\n\nb\n")));
    let before = snapshot(&empty);
    let changes = write(&empty, &next, true).unwrap();
    assert_eq!(
        changes,
        Changes {
            written: vec![empty.join("Cargo.toml"), empty.join("src/b.rs"), empty.join(MANIFEST)],
            removed: vec![empty.join("src/a.rs")],
            unchanged: 1,
        }
    );
    assert_eq!(snapshot(&empty), before);
}

#[test]
fn a_stale_manifest_is_a_change() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &files(), false).unwrap();
    // It lists a file that is gone: the files are fresh, the manifest is not.
    std::fs::write(tmp.path().join(MANIFEST), manifest(&["Cargo.toml", "gone.rs", "src/a.rs", "src/lib.rs"])).unwrap();
    let changes = write(tmp.path(), &files(), true).unwrap();
    assert_eq!(changes, Changes { written: vec![tmp.path().join(MANIFEST)], removed: vec![], unchanged: 3 });
    write(tmp.path(), &files(), false).unwrap();
    assert!(write(tmp.path(), &files(), true).unwrap().is_empty());

    // It misses a file that is there: that file is no longer ours.
    std::fs::write(tmp.path().join(MANIFEST), manifest(&["Cargo.toml", "src/lib.rs"])).unwrap();
    assert_eq!(foreign(refused(tmp.path(), &files(), true)), vec![PathBuf::from("src/a.rs")]);
}

#[test]
fn cargo_output_at_the_top_is_tolerated_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &files(), false).unwrap();
    std::fs::create_dir_all(tmp.path().join("target/debug")).unwrap();
    std::fs::write(tmp.path().join("target/debug/build.log"), "x").unwrap();
    std::fs::write(tmp.path().join("Cargo.lock"), "version = 4\n").unwrap();
    let mut changed = files();
    changed[2].1.push_str("// changed\n");
    let changes = write(tmp.path(), &changed, false).unwrap();
    assert_eq!(changes.written, vec![tmp.path().join("src/a.rs")]);
    assert_eq!(std::fs::read_to_string(tmp.path().join("Cargo.lock")).unwrap(), "version = 4\n");
    assert!(tmp.path().join("target/debug/build.log").exists());

    // Not below the top, and not as a generated file that would overwrite it.
    std::fs::create_dir_all(tmp.path().join("src/target")).unwrap();
    std::fs::write(tmp.path().join("src/target/x"), "x").unwrap();
    std::fs::write(tmp.path().join("src/Cargo.lock"), "x").unwrap();
    let error = refused(tmp.path(), &changed, false);
    assert!(matches!(error, WriteError::Foreign { count: 2, .. }), "{error:?}");
    assert_eq!(foreign(error), vec![PathBuf::from("src/Cargo.lock"), PathBuf::from("src/target/x")]);
    std::fs::remove_dir_all(tmp.path().join("src/target")).unwrap();
    std::fs::remove_file(tmp.path().join("src/Cargo.lock")).unwrap();
    let mut with_lock = changed.clone();
    with_lock.push(("Cargo.lock".into(), "generated\n".into()));
    assert_eq!(foreign(refused(tmp.path(), &with_lock, false)), vec![PathBuf::from("Cargo.lock")]);
    assert_eq!(std::fs::read_to_string(tmp.path().join("Cargo.lock")).unwrap(), "version = 4\n");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_foreign_and_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    write(&out, &files(), false).unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("a.rs"), "theirs").unwrap();
    // `src` replaced by a link: writing `src/a.rs` would write elsewhere.
    std::fs::remove_dir_all(out.join("src")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("src")).unwrap();
    assert_eq!(foreign(refused(&out, &files(), false)), vec![PathBuf::from("src")]);
    assert_eq!(std::fs::read_to_string(elsewhere.join("a.rs")).unwrap(), "theirs");
}

#[test]
fn a_run_that_fails_midway_still_owns_what_it_created() {
    let tmp = tempfile::tempdir().unwrap();
    let owned = vec![("a.rs".to_string(), "a\n".to_string()), ("c".to_string(), "c\n".to_string())];
    write(tmp.path(), &owned, false).unwrap();
    // `b.rs` is created, then `c/d.rs` cannot be (`c` is a file): the run fails halfway.
    let mut more = owned.clone();
    more.push(("b.rs".into(), "b\n".into()));
    more.push(("c/d.rs".into(), "d\n".into()));
    assert!(matches!(write(tmp.path(), &more, false), Err(WriteError::Io { .. })));
    assert!(tmp.path().join("b.rs").is_file());
    let listed = std::fs::read_to_string(tmp.path().join(MANIFEST)).unwrap();
    assert!(listed.lines().any(|l| l == "b.rs"), "the manifest listed `b.rs` before it was made:\n{listed}");
    // So the next run owns it: it is not foreign, and it is removed when no longer produced.
    let changes = write(tmp.path(), &owned, false).unwrap();
    assert_eq!(changes.removed, vec![tmp.path().join("b.rs")]);
    assert_eq!(std::fs::read_to_string(tmp.path().join(MANIFEST)).unwrap(), manifest(&["a.rs", "c"]));
}

#[test]
fn a_file_may_become_a_directory() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &[("api".to_string(), "file\n".to_string())], false).unwrap();
    let changes = write(tmp.path(), &[("api/mod.rs".to_string(), "dir\n".to_string())], false).unwrap();
    assert_eq!(changes.removed, vec![tmp.path().join("api")]);
    assert_eq!(std::fs::read_to_string(tmp.path().join("api/mod.rs")).unwrap(), "dir\n");
    write(tmp.path(), &[("api".to_string(), "file\n".to_string())], false).unwrap();
    assert_eq!(std::fs::read_to_string(tmp.path().join("api")).unwrap(), "file\n");

    // Not when the directory holds a file that is not ours.
    write(tmp.path(), &[("api/mod.rs".to_string(), "dir\n".to_string())], false).unwrap();
    std::fs::write(tmp.path().join("api/hand.rs"), "mine").unwrap();
    let file = [("api".to_string(), "file\n".to_string())];
    assert_eq!(foreign(refused(tmp.path(), &file, false)), vec![PathBuf::from("api/hand.rs")]);
    assert_eq!(std::fs::read_to_string(tmp.path().join("api/mod.rs")).unwrap(), "dir\n");
}
