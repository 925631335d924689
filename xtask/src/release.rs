//! The crate's version and its last release, kept in one small file (`release.toml` beside the spec):
//!
//! ```toml
//! version = "0.2.0"    # the version of the generated crate
//! released = "0.1.0"   # the last released version (its spec is kept as a snapshot)
//! runtime = "0.1.0"    # the runtime the last release required (`codegen::Dependencies::RUNTIME`)
//! ```
//!
//! and what a change of the API requires of the version (semver, with Cargo's 0.x convention).
//! Versions are the `semver` crate's; the file is read with `toml` and rewritten in place with
//! `toml_edit`, so its comments and layout stay.

use codegen::diff::Semver;
use semver::Version;

/// A `MAJOR.MINOR.PATCH` version. Pre-releases and build metadata are refused: the bump rules
/// below are only defined for plain versions.
pub fn parse_version(text: &str) -> Result<Version, String> {
    let version =
        Version::parse(text.trim()).map_err(|e| format!("`{text}` is not a version `MAJOR.MINOR.PATCH`: {e}"))?;
    if !version.pre.is_empty() || !version.build.is_empty() {
        return Err(format!("`{text}`: pre-release and build metadata are not used here; write `MAJOR.MINOR.PATCH`"));
    }
    Ok(version)
}

/// The smallest version after `version` that a change of class `change` allows. Before 1.0.0 the
/// minor number plays the role of the major one: a breaking change bumps the minor, anything else
/// the patch (Cargo's compatibility rule for 0.x: `^0.2.3` accepts `0.2.x`, not `0.3.0`).
pub fn bump(version: &Version, change: Semver) -> Version {
    let (major, minor, patch) = (version.major, version.minor, version.patch);
    match (change, major) {
        (Semver::None, _) => version.clone(),
        (Semver::Major, 0) => Version::new(0, minor + 1, 0),
        (Semver::Minor | Semver::Patch, 0) => Version::new(0, minor, patch + 1),
        (Semver::Major, _) => Version::new(major + 1, 0, 0),
        (Semver::Minor, _) => Version::new(major, minor + 1, 0),
        (Semver::Patch, _) => Version::new(major, minor, patch + 1),
    }
}

/// Whether `version` may follow `released` after a change of class `change`; the error says why not.
pub fn allows(version: &Version, released: &Version, change: Semver) -> Result<(), String> {
    if version < released {
        return Err(format!("version {version} is older than the released {released}"));
    }
    let needed = bump(released, change);
    if *version < needed {
        let what = match change {
            Semver::Major => "breaking",
            Semver::Minor => "additive",
            _ => "internal",
        };
        return Err(format!(
            "the API change since {released} is {what} (semver: {}), which needs version {needed} or later; the version is {version}",
            change.as_str()
        ));
    }
    Ok(())
}

/// The contents of `release.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The version of the generated crate.
    pub version: Version,
    /// The last released version.
    pub released: Version,
    /// The runtime requirement of the last release; `None` in a file from before it was recorded
    /// (then only the spec is compared).
    pub runtime: Option<String>,
}

/// The keys of `release.toml`, as written.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: Option<toml::Spanned<String>>,
    released: Option<toml::Spanned<String>>,
    runtime: Option<String>,
}

impl Release {
    /// Reads the `version` and `released` keys of the TOML text, each a quoted `x.y.z`. The error
    /// names the line.
    pub fn parse(text: &str) -> Result<Release, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
        let version = |key: &str, value: Option<toml::Spanned<String>>| {
            let value = value.ok_or_else(|| format!("the key `{key}` is missing"))?;
            let line = text[..value.span().start].matches('\n').count() + 1;
            parse_version(value.get_ref()).map_err(|e| format!("line {line}: {e}"))
        };
        Ok(Release {
            version: version("version", file.version)?,
            released: version("released", file.released)?,
            runtime: file.runtime,
        })
    }

    /// Rewrites the values of the two keys of `text` in place, keeping everything else (comments,
    /// layout, the spaces around each value). `text` must parse ([`Release::parse`]); otherwise it is
    /// returned as it is.
    pub fn update(&self, text: &str) -> String {
        let (Ok(_), Ok(mut document)) = (Release::parse(text), text.parse::<toml_edit::DocumentMut>()) else {
            return text.to_string();
        };
        let runtime = self.runtime.clone();
        for (key, text) in [
            ("version", Some(self.version.to_string())),
            ("released", Some(self.released.to_string())),
            ("runtime", runtime),
        ] {
            let Some(text) = text else { continue };
            match document.get_mut(key).and_then(toml_edit::Item::as_value_mut) {
                Some(value) => {
                    let decor = value.decor().clone();
                    *value = toml_edit::Value::from(text);
                    *value.decor_mut() = decor;
                }
                None => document[key] = toml_edit::value(text),
            }
        }
        document.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        parse_version(text).unwrap()
    }

    #[test]
    fn zero_x_breaking_needs_the_minor_and_the_rest_a_patch() {
        assert_eq!(bump(&v("0.1.0"), Semver::Major), v("0.2.0"));
        assert_eq!(bump(&v("0.1.3"), Semver::Minor), v("0.1.4"));
        assert_eq!(bump(&v("0.1.3"), Semver::Patch), v("0.1.4"));
        assert_eq!(bump(&v("0.1.3"), Semver::None), v("0.1.3"));
        assert_eq!(bump(&v("1.2.3"), Semver::Major), v("2.0.0"));
        assert_eq!(bump(&v("1.2.3"), Semver::Minor), v("1.3.0"));
        assert_eq!(bump(&v("1.2.3"), Semver::Patch), v("1.2.4"));
    }

    #[test]
    fn only_plain_numbers_make_a_version() {
        for bad in ["+1.0.0", "1.+0.0", "01.0.0", "1.00.0", "1.0.-1", "1..0", "1.0.0-rc.1", "1.0.0+build", "", "1.0.x"]
        {
            assert!(parse_version(bad).is_err(), "`{bad}` was taken for a version");
        }
        assert_eq!(parse_version(" 10.0.200 "), Ok(Version::new(10, 0, 200)));
    }

    #[test]
    fn allows_checks_against_the_released_version() {
        assert!(allows(&v("0.1.0"), &v("0.1.0"), Semver::None).is_ok());
        assert!(allows(&v("0.1.0"), &v("0.1.0"), Semver::Patch).is_err());
        assert!(allows(&v("0.1.1"), &v("0.1.0"), Semver::Minor).is_ok());
        let err = allows(&v("0.1.1"), &v("0.1.0"), Semver::Major).unwrap_err();
        assert_eq!(err, "the API change since 0.1.0 is breaking (semver: major), which needs version 0.2.0 or later; the version is 0.1.1");
        assert!(allows(&v("1.0.0"), &v("0.1.0"), Semver::Major).is_ok());
        assert!(allows(&v("0.0.9"), &v("0.1.0"), Semver::None).is_err());
    }

    #[test]
    fn parses_and_updates_the_release_file() {
        let text = "# the crate's version\nversion = \"0.2.0\"  # bumped\nreleased = \"0.1.0\"\n";
        let release = Release::parse(text).unwrap();
        assert_eq!(release, Release { version: v("0.2.0"), released: v("0.1.0"), runtime: None });
        let next = Release { version: v("0.2.0"), released: v("0.2.0"), runtime: None };
        // Only the values change: the comments stay, the one after a value too.
        assert_eq!(next.update(text), "# the crate's version\nversion = \"0.2.0\"  # bumped\nreleased = \"0.2.0\"\n");
        // Any TOML layout of the two keys: reordered, a literal string, no spaces.
        let text = "released='0.1.0'\nversion = \"0.1.0\"\n";
        assert_eq!(next.update(text), "released=\"0.2.0\"\nversion = \"0.2.0\"\n");
        // A file that does not parse is left as it is.
        assert_eq!(next.update("version = 1\n"), "version = 1\n");
        // Not TOML, not a string, a key twice, an unknown key: TOML's error, at the line at fault (which
        // it quotes).
        for (bad, line, says) in [
            ("version = 0.1.0\nreleased = \"0.1.0\"", 1, "1 | version = 0.1.0"),
            ("version = 1\nreleased = \"0.1.0\"", 1, "invalid type: integer `1`, expected a string"),
            ("version = \"0.1.0\"\nversion = \"0.1.0\"", 2, "duplicate key"),
            ("other = \"0.1.0\"", 1, "unknown field `other`, expected one of `version`, `released`, `runtime`"),
        ] {
            let err = Release::parse(bad).unwrap_err();
            assert!(err.starts_with(&format!("TOML parse error at line {line},")), "{bad}: {err}");
            assert!(err.contains(says), "{bad}: {err}");
        }
        let err = Release::parse("version = \"0.1\"\nreleased = \"0.1.0\"").unwrap_err();
        assert!(err.starts_with("line 1: `0.1` is not a version `MAJOR.MINOR.PATCH`: "), "{err}");
        let err = Release::parse("version = \"0.1.0\"\nreleased = \"0.1.0-rc.1\"").unwrap_err();
        assert!(err.starts_with("line 2: `0.1.0-rc.1`: pre-release"), "{err}");
        assert_eq!(Release::parse("version = \"0.1.0\"").unwrap_err(), "the key `released` is missing");
    }

    #[test]
    fn the_workspaces_release_file_is_rewritten_byte_for_byte() {
        let text = std::fs::read_to_string(crate::workspace_root().join("spec/release.toml")).unwrap();
        let release = Release::parse(&text).unwrap();
        assert_eq!(release.update(&text), text);
        let next = Release {
            version: bump(&release.version, Semver::Major),
            released: release.version.clone(),
            runtime: Some("9.9.9".into()),
        };
        let written = next.update(&text);
        assert_eq!(Release::parse(&written), Ok(next));
        // Only the values differ: every comment line stays.
        let comments = |t: &str| t.lines().filter(|l| l.starts_with('#')).map(str::to_string).collect::<Vec<_>>();
        assert_eq!(comments(&written), comments(&text));
        assert_eq!(written.lines().count(), text.lines().count());
    }
}
