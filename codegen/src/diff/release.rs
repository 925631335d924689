//! The crate's version and its last release, kept in one small file (`release.toml` beside the spec):
//!
//! ```toml
//! version = "0.2.0"    # the version of the generated crate
//! released = "0.1.0"   # the last released version (its spec is kept as a snapshot)
//! ```
//!
//! and what a change of the API requires of the version (semver, with the 0.x convention).

use std::fmt;

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
    /// Reads the `version` and `released` keys (`key = "x.y.z"` lines; `#` comments). The error
    /// names the line.
    pub fn parse(text: &str) -> Result<Release, String> {
        let (mut version, mut released) = (None, None);
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(format!("line {}: expected `key = \"x.y.z\"`", i + 1));
            };
            let value = value.trim();
            let Some(value) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
                return Err(format!("line {}: the value of `{}` must be a quoted version", i + 1, key.trim()));
            };
            let parsed = Version::parse(value).map_err(|e| format!("line {}: {e}", i + 1))?;
            match key.trim() {
                "version" => version = Some(parsed),
                "released" => released = Some(parsed),
                other => {
                    return Err(format!("line {}: unknown key `{other}` (expected `version` or `released`)", i + 1))
                }
            }
        }
        match (version, released) {
            (Some(version), Some(released)) => Ok(Release { version, released }),
            (None, _) => Err("the key `version` is missing".into()),
            (_, None) => Err("the key `released` is missing".into()),
        }
    }

    /// Rewrites the two keys of `text` in place, keeping comments and layout.
    pub fn update(&self, text: &str) -> String {
        let mut out = String::new();
        for line in text.lines() {
            let key = line.split('=').next().unwrap_or("").trim();
            match key {
                "version" => out.push_str(&format!("version = \"{}\"", self.version)),
                "released" => out.push_str(&format!("released = \"{}\"", self.released)),
                _ => out.push_str(line),
            }
            out.push('\n');
        }
        out
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
        assert_eq!(next.update(text), "# the crate's version\nversion = \"0.2.0\"\nreleased = \"0.2.0\"\n");
        assert_eq!(
            Release::parse("version = 0.1.0\n").unwrap_err(),
            "line 1: the value of `version` must be a quoted version"
        );
        assert_eq!(
            Release::parse("version = \"0.1\"\nreleased = \"0.1.0\"").unwrap_err(),
            "line 1: `0.1` is not a version `MAJOR.MINOR.PATCH`"
        );
        assert_eq!(Release::parse("version = \"0.1.0\"").unwrap_err(), "the key `released` is missing");
    }
}
