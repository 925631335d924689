//! Stage 6, write: put the files on disk. The generator owns exactly the files it wrote, and nothing
//! else in the output directory.
//!
//! **The manifest.** The output directory holds a manifest, [`MANIFEST`] (`.codegen-manifest`): a
//! header line ([`MANIFEST_HEADER`]: what it is, do not edit), then the relative path of every file the
//! last run wrote, one a line, `/`-separated, sorted (byte order), LF line endings. The manifest does
//! not list itself; it is always owned.
//!
//! **Ownership, checked before anything is written or removed** (a refusal is an error, and then
//! nothing was written and nothing removed, in check mode too):
//! - `out` missing, or an empty directory: fine, everything is written.
//! - `out` not empty and without a manifest: refused ([`WriteError::NotOurs`]), it is not ours.
//! - `out` with a manifest: the owned files are those it lists. Every other file under `out`
//!   (recursively; a symbolic link or anything else that is not a regular file or a directory counts
//!   as a file, and is never followed) is foreign, and a foreign file refuses the run
//!   ([`WriteError::Foreign`]). Not foreign: the manifest itself; and, never read, written or removed
//!   (unless the generator makes a file of that name), a `target/` directory and a `Cargo.lock` file
//!   at the top of `out`. Both are what cargo makes of a generated crate built on its own (as its own
//!   workspace, as the semver audit of `xtask` does): the build directory and the resolved versions.
//!   Neither is written by hand, so ignoring them cannot hide anyone's work, while refusing them
//!   would make a crate that was once built standalone impossible to regenerate. Nothing else is
//!   ignored: not a `target/` or `Cargo.lock` deeper down, not a temporary file a crashed run left
//!   behind (it is named, so that it can be deleted).
//! - A path listed in the manifest that is not a plain relative path inside `out` (empty, absolute,
//!   with `.`/`..` or a backslash) refuses the run ([`WriteError::Escapes`]): the manifest is corrupt
//!   or hostile. So does such a path among the generated files, or one named like the manifest.
//!
//! **Writing.** Only files whose bytes change are written, each atomically (a temporary file beside
//! it, renamed over it). A file on disk that differs from the wanted text only by CRLF instead of LF
//! line endings (a checkout with `core.autocrlf`) is unchanged, and left alone. Only files the manifest
//! lists that this run no longer produces are removed, and then the directories they leave empty.
//! The output itself is always LF, and byte-identical across runs and machines.
//!
//! **Order, and what a crash leaves.** The rule the order keeps: every file the generator made on disk
//! is listed in the manifest on disk at every moment, so that the next run owns it (a listed file that
//! is missing is harmless: it is written again, or forgotten). So:
//! 1. if this run creates files that the manifest does not list yet, the manifest is first rewritten
//!    to list the old and the new files together;
//! 2. the files no longer produced are removed (before the writes, so that a file may become a
//!    directory or the other way round);
//! 3. the changed files are written;
//! 4. last, the manifest is rewritten to list exactly this run's files (if that changes its bytes).
//!
//! A run interrupted anywhere leaves a manifest that lists every generated file present (and maybe a
//! few that are not), and the next run finishes the job. Writing the manifest only at the end would
//! keep it from ever listing a missing file, but a crash before the end would then leave files on
//! disk it does not list, which the next run would refuse as foreign: the manifest may claim more than
//! is there, never less. When a run completes, it lists exactly the files there. A crash between creating a temporary file and
//! renaming it leaves that temporary file (`.NAME.PID.tmp`), which the next run names as foreign.
//! Each step is atomic against the process dying; nothing is `fsync`ed, so after a power loss the
//! file system's own ordering guarantees apply.
//!
//! **Check mode** writes nothing (not the manifest either) and reports what a run would write and
//! remove; the manifest counts among the files written when it would change.

use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The name of the manifest in the output directory.
pub const MANIFEST: &str = ".codegen-manifest";

/// The first line of the manifest.
pub const MANIFEST_HEADER: &str =
    concat!("# ", crate::format::generated_by!(), ": the files it wrote here and owns, one a line - do not edit");

/// How many foreign files an error names.
const NAMED: usize = 10;

/// What writing did (or, in check mode, would do). The manifest counts as one of the files.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    pub written: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    pub unchanged: usize,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// Why the files were not written.
#[derive(Debug)]
pub enum WriteError {
    /// `dir` has a manifest, and holds files it does not list: `files` (relative to `dir`, sorted,
    /// at most ten of them) of `count`.
    Foreign { dir: PathBuf, files: Vec<PathBuf>, count: usize },
    /// `dir` is not empty and has no manifest: the generator did not make it.
    NotOurs { dir: PathBuf },
    /// `path` is not a plain relative path inside the output directory: listed in the manifest
    /// `manifest` (corrupt or hostile), or, when that is `None`, among the generated files (a bug).
    Escapes { path: PathBuf, manifest: Option<PathBuf> },
    /// A generated file would take the manifest's name (a bug).
    Reserved { path: PathBuf },
    /// The manifest at `path` cannot be read as one.
    BadManifest { path: PathBuf, reason: String },
    /// Reading or writing `path` failed.
    Io { path: PathBuf, source: io::Error },
}

impl WriteError {
    /// What to do about it, when the user can do something.
    pub fn help(&self) -> Option<String> {
        match self {
            WriteError::Foreign { dir, .. } => Some(format!(
                "the generator never overwrites or removes a file it did not write: move those files out of `{}`, \
                 or point --out at an empty or new directory",
                dir.display()
            )),
            WriteError::NotOurs { dir } => Some(format!(
                "point --out at an empty or new directory, or delete `{}` if nothing in it is to be kept",
                dir.display()
            )),
            WriteError::Escapes { manifest: Some(manifest), .. } | WriteError::BadManifest { path: manifest, .. } => {
                Some(format!(
                    "restore `{}` (from version control), or delete its directory if nothing in it is to be kept, \
                     and generate again",
                    manifest.display()
                ))
            }
            WriteError::Escapes { manifest: None, .. } | WriteError::Reserved { .. } | WriteError::Io { .. } => None,
        }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Foreign { dir, files, count } => {
                let named: Vec<String> = files.iter().map(|p| format!("`{}`", p.display())).collect();
                write!(
                    f,
                    "`{}` holds {count} file(s) the generator did not write (not listed in its `{MANIFEST}`): {}",
                    dir.display(),
                    named.join(", ")
                )?;
                if *count > files.len() {
                    write!(f, " and {} more", count - files.len())?;
                }
                write!(f, "; nothing was written")
            }
            WriteError::NotOurs { dir } => write!(
                f,
                "`{}` is not empty and has no `{MANIFEST}`: the generator did not make it; nothing was written",
                dir.display()
            ),
            WriteError::Escapes { path, manifest: Some(manifest) } => write!(
                f,
                "`{}` lists `{}`, which is not a plain relative path inside its directory: the manifest is corrupt; \
                 nothing was written",
                manifest.display(),
                path.display()
            ),
            WriteError::Escapes { path, manifest: None } => write!(
                f,
                "the generated file `{}` is not a plain relative path inside the output directory (a bug of the \
                 generator); nothing was written",
                path.display()
            ),
            WriteError::Reserved { path } => write!(
                f,
                "the generated file `{}` has the name of the generator's manifest (a bug of the generator); nothing \
                 was written",
                path.display()
            ),
            WriteError::BadManifest { path, reason } => {
                write!(f, "`{}` is not a manifest of the generator: {reason}; nothing was written", path.display())
            }
            WriteError::Io { path, source } => write!(f, "`{}`: {source}", path.display()),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// Writes `files` (relative `/`-separated path, text) under `out`, and keeps its manifest, by the rules
/// of the module documentation. With `check`, writes nothing and reports what would change.
pub fn write(out: &Path, files: &[(String, String)], check: bool) -> Result<Changes, WriteError> {
    let plan = plan(out, files)?;
    let manifest_path = out.join(MANIFEST);
    let mut changes = Changes {
        written: plan.write.iter().map(|&i| out.join(&files[i].0)).collect(),
        removed: plan.remove.iter().map(|p| out.join(p)).collect(),
        unchanged: plan.unchanged,
    };
    let last = manifest_text(&plan.wanted);
    let mut on_disk = plan.manifest.clone();
    if on_disk.as_deref().is_some_and(|old| same_text(old, last.as_bytes())) {
        changes.unchanged += 1;
    } else {
        changes.written.push(manifest_path.clone());
    }
    if check {
        return Ok(changes);
    }

    // 1. Every file about to be created is listed before it exists.
    if plan.write.iter().any(|&i| !plan.owned.contains(&files[i].0)) {
        let both: BTreeSet<&str> = plan.owned.iter().map(String::as_str).chain(plan.wanted.iter().copied()).collect();
        let text = manifest_text(&both);
        if on_disk.as_deref() != Some(text.as_bytes()) {
            write_atomically(&manifest_path, text.as_bytes())?;
            on_disk = Some(text.into_bytes());
        }
    }
    // 2. What is no longer produced goes, and the directories it leaves empty.
    for relative in &plan.remove {
        let path = out.join(relative);
        std::fs::remove_file(&path).map_err(io_error(&path))?;
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
            // `remove_dir` removes only an empty directory; a failure (not empty) ends the climb.
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    // 3. The changed files.
    for &i in &plan.write {
        let (relative, text) = &files[i];
        write_atomically(&out.join(relative), text.as_bytes())?;
    }
    // 4. Last, the manifest of exactly this run.
    if !on_disk.as_deref().is_some_and(|old| same_text(old, last.as_bytes())) {
        write_atomically(&manifest_path, last.as_bytes())?;
    }
    Ok(changes)
}

/// What a run would do, decided (and the ownership rule checked) before anything is touched.
struct Plan<'a> {
    /// The paths of the generated files.
    wanted: BTreeSet<&'a str>,
    /// The paths the manifest lists.
    owned: BTreeSet<String>,
    /// The manifest's bytes, if there is one.
    manifest: Option<Vec<u8>>,
    /// Indices into the files of those to write.
    write: Vec<usize>,
    /// Owned files present that are no longer produced (relative, sorted).
    remove: Vec<String>,
    unchanged: usize,
}

fn plan<'a>(out: &Path, files: &'a [(String, String)]) -> Result<Plan<'a>, WriteError> {
    for (relative, _) in files {
        if !is_plain_relative(relative) {
            return Err(WriteError::Escapes { path: PathBuf::from(relative), manifest: None });
        }
        if relative == MANIFEST {
            return Err(WriteError::Reserved { path: PathBuf::from(relative) });
        }
    }
    let wanted: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let (owned, manifest, remove) = match std::fs::metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => (BTreeSet::new(), None, Vec::new()),
        Err(e) => return Err(io_error(out)(e)),
        Ok(m) if !m.is_dir() => {
            return Err(io_error(out)(io::Error::other("not a directory")));
        }
        Ok(_) => {
            let manifest_path = out.join(MANIFEST);
            match std::fs::symlink_metadata(&manifest_path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    let mut entries = std::fs::read_dir(out).map_err(io_error(out))?;
                    if entries.next().is_some() {
                        return Err(WriteError::NotOurs { dir: out.to_path_buf() });
                    }
                    (BTreeSet::new(), None, Vec::new())
                }
                Err(e) => return Err(io_error(&manifest_path)(e)),
                Ok(m) if !m.is_file() => {
                    return Err(WriteError::BadManifest { path: manifest_path, reason: "not a regular file".into() });
                }
                Ok(_) => {
                    let bytes = std::fs::read(&manifest_path).map_err(io_error(&manifest_path))?;
                    let owned = parse_manifest(&manifest_path, &bytes)?;
                    let Survey { foreign, remove } = survey(out, &owned, &wanted)?;
                    if !foreign.is_empty() {
                        let count = foreign.len();
                        let files = foreign.into_iter().take(NAMED).map(PathBuf::from).collect();
                        return Err(WriteError::Foreign { dir: out.to_path_buf(), files, count });
                    }
                    (owned, Some(bytes), remove)
                }
            }
        }
    };

    let mut plan = Plan { wanted, owned, manifest, write: Vec::new(), remove, unchanged: 0 };
    for (i, (relative, text)) in files.iter().enumerate() {
        let path = out.join(relative);
        match std::fs::read(&path) {
            Ok(old) if same_text(&old, text.as_bytes()) => plan.unchanged += 1,
            Ok(_) => plan.write.push(i),
            // Missing, or a directory of owned files this run removes.
            Err(e) if is_absent(&e) || path.is_dir() => plan.write.push(i),
            Err(e) => return Err(io_error(&path)(e)),
        }
    }
    Ok(plan)
}

/// The paths a manifest lists (the manifest itself left out).
fn parse_manifest(path: &Path, bytes: &[u8]) -> Result<BTreeSet<String>, WriteError> {
    let bad = |reason: String| WriteError::BadManifest { path: path.to_path_buf(), reason };
    let text = std::str::from_utf8(bytes).map_err(|_| bad("it is not UTF-8".into()))?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    if lines.next() != Some(MANIFEST_HEADER) {
        return Err(bad(format!("its first line is not `{MANIFEST_HEADER}`")));
    }
    let mut owned = BTreeSet::new();
    for line in lines.filter(|l| !l.is_empty()) {
        if !is_plain_relative(line) {
            return Err(WriteError::Escapes { path: PathBuf::from(line), manifest: Some(path.to_path_buf()) });
        }
        if line != MANIFEST {
            owned.insert(line.to_string());
        }
    }
    Ok(owned)
}

/// The manifest listing `paths`.
fn manifest_text(paths: &BTreeSet<&str>) -> String {
    let mut text = format!("{MANIFEST_HEADER}\n");
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// Non-empty, relative, `/`-separated, without empty, `.` or `..` components or backslashes.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\\', '\0'])
        && path.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
        && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)))
}

/// What is in an output directory that has a manifest.
struct Survey {
    /// The files under `out` (relative, sorted) that the manifest does not list, by the rules of the
    /// module documentation; and generated files about to be created where something not owned
    /// already is.
    foreign: Vec<String>,
    /// The owned regular files present that this run no longer produces (relative, sorted).
    remove: Vec<String>,
}

fn survey(out: &Path, owned: &BTreeSet<String>, wanted: &BTreeSet<&str>) -> Result<Survey, WriteError> {
    let mut foreign = BTreeSet::new();
    let mut stack = vec![(out.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io_error(&dir))? {
            let entry = entry.map_err(io_error(&dir))?;
            let path = entry.path();
            // The type of the entry itself: a symbolic link is not followed.
            let kind = entry.file_type().map_err(io_error(&path))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                // Not UTF-8, so in no manifest.
                foreign.insert(format!("{prefix}{}", name.to_string_lossy()));
                continue;
            };
            let relative = format!("{prefix}{name}");
            let top = prefix.is_empty();
            let cargo_made = (name == "target" && kind.is_dir()) || (name == "Cargo.lock" && kind.is_file());
            if top && (name == MANIFEST || (cargo_made && !owned.contains(name) && !wanted.contains(name))) {
                continue;
            }
            if kind.is_dir() {
                stack.push((path, format!("{relative}/")));
            } else if !(kind.is_file() && owned.contains(&relative)) {
                foreign.insert(relative);
            }
        }
    }
    // Where a file is to be written or removed: an owned regular file, nothing, or a directory (whose
    // contents the walk judged: a directory of owned files this run removes may become a file, and
    // a file a directory). A file not owned there, or a link, is foreign. (This also covers what the
    // walk skips: `target/`, `Cargo.lock`.) An owned regular file no longer produced is removed.
    let mut remove = Vec::new();
    let new = wanted.iter().copied().filter(|p| !owned.contains(*p));
    for relative in owned.iter().map(String::as_str).chain(new) {
        let path = out.join(relative);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => {}
            Ok(m) if !m.is_file() || !owned.contains(relative) => {
                foreign.insert(relative.to_string());
            }
            Ok(_) if !wanted.contains(relative) => remove.push(relative.to_string()),
            Ok(_) => {}
            Err(e) if is_absent(&e) => {}
            Err(e) => return Err(io_error(&path)(e)),
        }
    }
    Ok(Survey { foreign: foreign.into_iter().collect(), remove })
}

/// Not there: missing, or a path through something that is not a directory.
fn is_absent(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory)
}

/// The same text, or the same but for CRLF instead of LF line endings.
fn same_text(on_disk: &[u8], wanted: &[u8]) -> bool {
    fn lf(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        for (i, &b) in bytes.iter().enumerate() {
            if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
                out.push(b);
            }
        }
        out
    }
    on_disk == wanted || lf(on_disk) == lf(wanted)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    // `create_new`: never through whatever (a link) might already have that name.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut file| file.write_all(bytes))
        .map_err(io_error(&tmp));
    let renamed = written.and_then(|()| std::fs::rename(&tmp, path).map_err(io_error(path)));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    renamed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relative_paths() {
        for ok in ["Cargo.toml", "src/lib.rs", "src/operations/mod.rs", ".hidden", "a..b"] {
            assert!(is_plain_relative(ok), "{ok}");
        }
        for bad in ["", "/etc/passwd", "../x", "a/../b", "a/./b", "./a", "a//b", "a/", "a\\b", "..", "."] {
            assert!(!is_plain_relative(bad), "{bad}");
        }
    }

    #[test]
    fn crlf_is_the_same_text() {
        assert!(same_text(b"a\r\nb\r\n", b"a\nb\n"));
        assert!(same_text(b"a\nb\n", b"a\nb\n"));
        assert!(!same_text(b"a\rb\n", b"a\nb\n"), "a lone CR is a change");
        assert!(!same_text(b"a\r\nc\r\n", b"a\nb\n"));
    }

    #[test]
    fn the_manifest_is_sorted_with_a_header_and_reads_back() {
        let paths: BTreeSet<&str> = ["src/b.rs", "Cargo.toml", "src/a.rs"].into_iter().collect();
        let text = manifest_text(&paths);
        assert_eq!(text, format!("{MANIFEST_HEADER}\nCargo.toml\nsrc/a.rs\nsrc/b.rs\n"));
        let read = parse_manifest(Path::new(MANIFEST), text.replace('\n', "\r\n").as_bytes()).unwrap();
        assert_eq!(read.iter().map(String::as_str).collect::<BTreeSet<_>>(), paths);
        assert!(matches!(parse_manifest(Path::new(MANIFEST), b"Cargo.toml\n"), Err(WriteError::BadManifest { .. })));
    }
}
