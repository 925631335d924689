//! The bearer token, kept out of every `Debug`/`Display` output.

use std::fmt;

/// A bearer token sent as `Authorization: Bearer <token>`.
///
/// Its `Debug` and `Display` output is redacted so that the secret cannot leak through logs or
/// error messages; read it only through the deliberately named [`BearerToken::expose`].
#[derive(Clone)]
pub struct BearerToken(String);

impl BearerToken {
    /// Wraps a token (without the `Bearer ` prefix).
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// Returns the secret itself; named so that every use of it stands out in review.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

impl fmt::Display for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

impl From<String> for BearerToken {
    fn from(token: String) -> Self {
        Self(token)
    }
}

impl From<&str> for BearerToken {
    fn from(token: &str) -> Self {
        Self(token.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::BearerToken;

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let token = BearerToken::new("sk-very-secret");
        assert_eq!(format!("{token:?}"), "BearerToken(<redacted>)");
        assert_eq!(format!("{token}"), "BearerToken(<redacted>)");
        assert_eq!(format!("{token:#?}"), "BearerToken(<redacted>)");
        assert_eq!(token.expose(), "sk-very-secret");
        assert_eq!(BearerToken::from("a").expose(), "a");
        assert_eq!(BearerToken::from(String::from("b")).expose(), "b");
    }
}
