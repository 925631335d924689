//! The payload of an open enum's "value the spec did not list" variant.

use std::fmt;

/// A wire value that the API description did not list for an enum.
///
/// Generated enums are open: a value the server sends that the spec did not document is kept
/// here intact (and serialised back unchanged) instead of failing the whole response. Only the
/// generated code can create one, so a consumer cannot use it to spell a known value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Wraps a wire value that matched none of the known variants.
    pub(crate) fn new(value: String) -> Self {
        Self(value)
    }

    /// The exact value as it was on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::UnknownValue;

    #[test]
    fn keeps_the_wire_value() {
        let value = UnknownValue::new("TYPE_CARRIER_PIGEON".to_owned());
        assert_eq!(value.as_str(), "TYPE_CARRIER_PIGEON");
        assert_eq!(value.to_string(), "TYPE_CARRIER_PIGEON");
        assert_eq!(format!("{value:?}"), "UnknownValue(\"TYPE_CARRIER_PIGEON\")");
    }
}
