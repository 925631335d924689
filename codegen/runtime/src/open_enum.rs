//! What every open enum shares. A generated enum supplies only its variants, its `as_str` and its
//! [`OpenEnum::known`] table; `open_enum_impls!` adds the conversions, `Display` and serde in terms of
//! those, so that the rule "a known wire value is its variant, anything else is kept in `Unknown`"
//! lives here once.

use std::fmt;
use std::marker::PhantomData;

use super::unknown::UnknownValue;

/// An enum whose wire values are strings, open to values the spec did not list.
pub trait OpenEnum: Sized {
    /// The type's name, for "expected …" messages.
    const NAME: &'static str;
    /// The listed value with this wire form, if any.
    fn known(value: &str) -> Option<Self>;
    /// The variant that keeps an unlisted value.
    fn unknown(value: UnknownValue) -> Self;
}

/// The variant for a wire value (borrowed: copied only when it is unknown).
pub fn from_wire<T: OpenEnum>(value: &str) -> T {
    T::known(value).unwrap_or_else(|| T::unknown(UnknownValue::new(value.to_owned())))
}

/// The variant for a wire value (owned: an unknown value is kept without copying).
pub fn from_wire_owned<T: OpenEnum>(value: String) -> T {
    T::known(&value).unwrap_or_else(|| T::unknown(UnknownValue::new(value)))
}

/// Deserialises any string into the enum; never fails on an unlisted value.
pub fn deserialize<'de, T: OpenEnum, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_str(WireVisitor(PhantomData))
}

struct WireVisitor<T>(PhantomData<T>);

impl<T: OpenEnum> serde::de::Visitor<'_> for WireVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} string", T::NAME)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(from_wire(value))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
        Ok(from_wire_owned(value))
    }
}

/// The standard impls of an open enum `$name` (which has `as_str()` and implements [`OpenEnum`]):
/// `From<&str>`, `From<String>`, `FromStr`, `AsRef<str>`, `Display`, `Serialize`, `Deserialize`.
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum_impls {
    ($name:ident) => {
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                $crate::support::from_wire(value)
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                $crate::support::from_wire_owned(value)
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(value: &str) -> ::core::result::Result<Self, <Self as ::core::str::FromStr>::Err> {
                ::core::result::Result::Ok($crate::support::from_wire(value))
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::support::serde::Serialize for $name {
            fn serialize<S: $crate::support::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::support::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::support::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::support::deserialize_open_enum(deserializer)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::OpenEnum;
    use crate::UnknownValue;

    #[derive(Debug, Clone, PartialEq)]
    enum Light {
        Red,
        NoAnswer,
        Unknown(UnknownValue),
    }

    impl Light {
        fn as_str(&self) -> &str {
            match self {
                Self::Red => "red",
                Self::NoAnswer => "no-answer",
                Self::Unknown(value) => value.as_str(),
            }
        }
    }

    impl OpenEnum for Light {
        const NAME: &'static str = "Light";
        fn known(value: &str) -> Option<Self> {
            Some(match value {
                "red" => Self::Red,
                "no-answer" => Self::NoAnswer,
                _ => return None,
            })
        }
        fn unknown(value: UnknownValue) -> Self {
            Self::Unknown(value)
        }
    }

    crate::open_enum_impls!(Light);

    #[test]
    fn known_values_are_variants_and_others_are_kept_exactly() {
        assert_eq!(Light::from("no-answer"), Light::NoAnswer);
        assert_eq!(Light::from(String::from("red")), Light::Red);
        let odd: Light = "ultra violet".parse().unwrap_or_else(|never| match never {});
        assert_eq!(odd.as_str(), "ultra violet");
        assert!(matches!(odd, Light::Unknown(_)));
        assert_eq!(odd.to_string(), "ultra violet");
    }

    #[test]
    fn serde_round_trips_both_kinds_and_refuses_non_strings() {
        let values: Vec<Light> = serde_json::from_str(r#"["red","green \u00e9","no-answer"]"#).unwrap_or_default();
        assert_eq!(values.len(), 3);
        assert_eq!(values[0], Light::Red);
        assert_eq!(values[1].as_str(), "green é");
        assert_eq!(serde_json::to_string(&values).ok().as_deref(), Some(r#"["red","green é","no-answer"]"#));
        let err = serde_json::from_str::<Light>("7").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("a Light string"), "{err}");
    }
}
