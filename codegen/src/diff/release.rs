//! The crate's version and its last release, kept in one small file (`release.toml` beside the spec):
//!
//! ```toml
//! version = "0.2.0"    # the version of the generated crate
//! released = "0.1.0"   # the last released version (its spec is kept as a snapshot)
//! ```
//!
//! and what a change of the API requires of the version (semver, with the 0.x convention).

use std::fmt;
use std::ops::Range;

use super::Semver;

/// A `major.minor.patch` version (no pre-release or build metadata).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub fn parse(text: &str) -> Result<Version, String> {
        let parts: Vec<&str> = text.trim().split('.').collect();
        // Plain digits only (`u64::from_str` would take `+1`), and no leading zero (semver 2.0 §2).
        let number = |s: &str| {
            let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            s.parse::<u64>().ok().filter(|_| digits && (s == "0" || !s.starts_with('0')))
        };
        match parts.as_slice() {
            [a, b, c] => match (number(a), number(b), number(c)) {
                (Some(major), Some(minor), Some(patch)) => Ok(Version { major, minor, patch }),
                _ => Err(format!("`{text}` is not a version `MAJOR.MINOR.PATCH` of plain numbers")),
            },
            _ => Err(format!("`{text}` is not a version `MAJOR.MINOR.PATCH`")),
        }
    }

    /// The smallest version after `self` that a change of class `change` allows. Before 1.0.0 the
    /// minor number plays the role of the major one: a breaking change bumps the minor, anything
    /// else the patch (Cargo's compatibility rule for 0.x: `^0.2.3` accepts `0.2.x`, not `0.3.0`).
    pub fn bump(self, change: Semver) -> Version {
        let Version { major, minor, patch } = self;
        match (change, major) {
            (Semver::None, _) => self,
            (Semver::Major, 0) => Version { major, minor: minor + 1, patch: 0 },
            (Semver::Minor | Semver::Patch, 0) => Version { major, minor, patch: patch + 1 },
            (Semver::Major, _) => Version { major: major + 1, minor: 0, patch: 0 },
            (Semver::Minor, _) => Version { major, minor: minor + 1, patch: 0 },
            (Semver::Patch, _) => Version { major, minor, patch: patch + 1 },
        }
    }

    /// Whether `self` may follow `released` after a change of class `change`; the error says why not.
    pub fn allows(self, released: Version, change: Semver) -> Result<(), String> {
        if self < released {
            return Err(format!("version {self} is older than the released {released}"));
        }
        let needed = released.bump(change);
        if self < needed {
            let what = match change {
                Semver::Major => "breaking",
                Semver::Minor => "additive",
                _ => "internal",
            };
            return Err(format!("the API change since {released} is {what} (semver: {}), which needs version {needed} or later; the version is {self}", change.as_str()));
        }
        Ok(())
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The contents of `release.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Release {
    /// The version of the generated crate.
    pub version: Version,
    /// The last released version.
    pub released: Version,
}

impl Release {
    /// Reads the `version` and `released` keys of the TOML text, each a quoted `x.y.z`. The error
    /// names the line.
    pub fn parse(text: &str) -> Result<Release, String> {
        let [(version, _), (released, _)] = File::parse(text)?;
        Ok(Release { version, released })
    }

    /// Rewrites the values of the two keys of `text` in place, keeping everything else (comments,
    /// layout, quotes). `text` must parse ([`Release::parse`]); otherwise it is returned as it is.
    pub fn update(&self, text: &str) -> String {
        let Ok([(_, version), (_, released)]) = File::parse(text) else {
            return text.to_string();
        };
        let mut values = [(version, self.version), (released, self.released)];
        // The later value first, so that the span of the earlier one still holds.
        values.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
        let mut out = text.to_string();
        for (span, value) in values {
            out.replace_range(span, &format!("\"{value}\""));
        }
        out
    }
}

/// The keys of `release.toml`, where each value is in the text.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: Option<toml::Spanned<String>>,
    released: Option<toml::Spanned<String>>,
}

impl File {
    /// `version` and `released`, each with the span of its value in `text` (quotes included).
    fn parse(text: &str) -> Result<[(Version, Range<usize>); 2], String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
        let version = |key: &str, value: Option<toml::Spanned<String>>| {
            let value = value.ok_or_else(|| format!("the key `{key}` is missing"))?;
            let line = text[..value.span().start].matches('\n').count() + 1;
            let version = Version::parse(value.get_ref()).map_err(|e| format!("line {line}: {e}"))?;
            Ok::<_, String>((version, value.span()))
        };
        Ok([version("version", file.version)?, version("released", file.released)?])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn zero_x_breaking_needs_the_minor_and_the_rest_a_patch() {
        assert_eq!(v("0.1.0").bump(Semver::Major), v("0.2.0"));
        assert_eq!(v("0.1.3").bump(Semver::Minor), v("0.1.4"));
        assert_eq!(v("0.1.3").bump(Semver::Patch), v("0.1.4"));
        assert_eq!(v("0.1.3").bump(Semver::None), v("0.1.3"));
        assert_eq!(v("1.2.3").bump(Semver::Major), v("2.0.0"));
        assert_eq!(v("1.2.3").bump(Semver::Minor), v("1.3.0"));
        assert_eq!(v("1.2.3").bump(Semver::Patch), v("1.2.4"));
    }

    #[test]
    fn only_plain_numbers_make_a_version() {
        for bad in ["+1.0.0", "1.+0.0", "01.0.0", "1.00.0", "1.0.-1", "1..0", "1.0.0-rc.1", "1.0.0+build", "", "1.0.x"]
        {
            assert!(Version::parse(bad).is_err(), "`{bad}` was taken for a version");
        }
        assert_eq!(Version::parse(" 10.0.200 "), Ok(v("10.0.200")));
    }

    #[test]
    fn allows_checks_against_the_released_version() {
        assert!(v("0.1.0").allows(v("0.1.0"), Semver::None).is_ok());
        assert!(v("0.1.0").allows(v("0.1.0"), Semver::Patch).is_err());
        assert!(v("0.1.1").allows(v("0.1.0"), Semver::Minor).is_ok());
        let err = v("0.1.1").allows(v("0.1.0"), Semver::Major).unwrap_err();
        assert_eq!(err, "the API change since 0.1.0 is breaking (semver: major), which needs version 0.2.0 or later; the version is 0.1.1");
        assert!(v("1.0.0").allows(v("0.1.0"), Semver::Major).is_ok());
        assert!(v("0.0.9").allows(v("0.1.0"), Semver::None).is_err());
    }

    #[test]
    fn parses_and_updates_the_release_file() {
        let text = "# the crate's version\nversion = \"0.2.0\"  # bumped\nreleased = \"0.1.0\"\n";
        let release = Release::parse(text).unwrap();
        assert_eq!(release, Release { version: v("0.2.0"), released: v("0.1.0") });
        let next = Release { version: v("0.2.0"), released: v("0.2.0") };
        // Only the values change: the comments stay, the one after a value too.
        assert_eq!(next.update(text), "# the crate's version\nversion = \"0.2.0\"  # bumped\nreleased = \"0.2.0\"\n");
        // Any TOML layout of the two keys: reordered, a literal string, no spaces.
        let text = "released='0.1.0'\nversion = \"0.1.0\"\n";
        assert_eq!(next.update(text), "released=\"0.2.0\"\nversion = \"0.2.0\"\n");
        // Not TOML, not a string, a key twice, an unknown key: TOML's error, at the line at fault (which
        // it quotes).
        for (bad, line, says) in [
            ("version = 0.1.0\nreleased = \"0.1.0\"", 1, "1 | version = 0.1.0"),
            ("version = 1\nreleased = \"0.1.0\"", 1, "invalid type: integer `1`, expected a string"),
            ("version = \"0.1.0\"\nversion = \"0.1.0\"", 2, "duplicate key"),
            ("other = \"0.1.0\"", 1, "unknown field `other`, expected `version` or `released`"),
        ] {
            let err = Release::parse(bad).unwrap_err();
            assert!(err.starts_with(&format!("TOML parse error at line {line},")), "{bad}: {err}");
            assert!(err.contains(says), "{bad}: {err}");
        }
        assert_eq!(
            Release::parse("version = \"0.1\"\nreleased = \"0.1.0\"").unwrap_err(),
            "line 1: `0.1` is not a version `MAJOR.MINOR.PATCH`"
        );
        assert_eq!(Release::parse("version = \"0.1.0\"").unwrap_err(), "the key `released` is missing");
    }
}
