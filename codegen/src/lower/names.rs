//! Every naming rule of the generated crate, in one place: identifiers from wire names, keywords,
//! reserved names, collisions. Names depend only on the spec's own names and their order of appearance,
//! so adding a schema, field, enum value or operation never renames one that existed (the one exception,
//! a new name that collides with an old one and stands before it, is warned about where it happens).

use std::collections::HashSet;

pub use crate::ident::{ident_text, snake, upper_camel, MAX_IDENT, UNKNOWN_FIELDS, UNKNOWN_VARIANT};

/// The variant name for an HTTP status: its reason phrase as `http` knows it (`400` → `BadRequest`,
/// `418` → `ImATeapot`), else `Status599`.
pub fn status_variant(code: u16) -> String {
    match http::StatusCode::from_u16(code).ok().and_then(|status| status.canonical_reason()) {
        // An apostrophe joins its word (`I'm a teapot` → `ImATeapot`, not `IMATeapot`).
        Some(phrase) => upper_camel(&phrase.replace('\'', "")),
        None => format!("Status{code}"),
    }
}

/// Hands out unique names within one namespace (a module, a struct's fields, an enum's variants, a
/// builder's methods), in order of request.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    used: HashSet<String>,
}

/// A name handed out, and whether it had to be changed to be unique or short enough.
pub struct Named {
    pub name: String,
    pub changed: bool,
}

impl Namespace {
    /// A namespace in which `reserved` are already taken (names the generated code itself uses).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace { used: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// Claims `wanted`, or `wanted2`, `wanted3`, … if it is taken; cuts names over [`MAX_IDENT`].
    pub fn claim(&mut self, wanted: &str) -> Named {
        let mut base = wanted.to_string();
        let mut changed = false;
        if base.len() > MAX_IDENT {
            base.truncate(MAX_IDENT);
            changed = true;
        }
        let mut name = base.clone();
        let mut n = 2;
        while self.used.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
            changed = true;
        }
        self.used.insert(name.clone());
        Named { name, changed }
    }

    /// Takes `name` as it is, whether or not it was taken before (a name that must not change).
    pub fn take(&mut self, name: &str) {
        self.used.insert(name.to_string());
    }

    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}

// The names the generated code itself defines, which spec names must not take: one table,
// `crate::members`, which emit prints from.
pub use crate::members::{
    api_module, client, client_builder, module_handle, multipart, operation_module, request_builder,
};

/// The identifier an API module's name asks for (`ad-manager` → `ad_manager`): its Rust module and
/// the `Client` method of its handle. A namespace reserved with [`api_module::ALL`] makes it unique.
pub fn module_ident(name: &str) -> String {
    snake(name)
}

/// The cargo feature of a module with identifier `ident`: kebab-case, as cargo features are
/// usually named (`ad_manager` → `ad-manager`); distinct identifiers give distinct features.
pub fn module_feature(ident: &str) -> String {
    let text = ident_text(ident);
    let text = text.trim_start_matches("r#");
    let lead = text.len() - text.trim_start_matches('_').len();
    format!("{}{}", &text[..lead], text[lead..].replace('_', "-"))
}

/// The type of a module's handle (`ad_manager` → `AdManager`), claimed first in the module.
pub fn module_handle_type(ident: &str) -> String {
    upper_camel(ident)
}

/// The variant of the crate's `OperationError` for an operation of a module: the handle's type and
/// the builder's (`Pets` + `GetPet` → `PetsGetPet`), so that the same operationId in two modules
/// gives two variants and neither depends on the other. An operation of no module keeps its
/// builder's name (unique in the crate root).
pub fn module_error_variant(handle: &str, builder: &str) -> String {
    format!("{handle}{builder}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_get_a_stable_suffix_in_order() {
        let mut ns = Namespace::with_reserved(&["send"]);
        assert_eq!(ns.claim("send").name, "send2");
        assert_eq!(ns.claim("a").name, "a");
        let second = ns.claim("a");
        assert_eq!((second.name.as_str(), second.changed), ("a2", true));
        let long = "x".repeat(500);
        let cut = ns.claim(&long);
        assert_eq!(cut.name.len(), MAX_IDENT);
        assert!(cut.changed);
    }

    #[test]
    fn modules_are_one_identifier_and_a_kebab_case_feature() {
        assert_eq!(module_ident("ad-manager"), "ad_manager");
        assert_eq!(module_feature("ad_manager"), "ad-manager");
        assert_eq!(module_feature("_3d_models"), "_3d-models");
        assert_eq!(module_feature("type"), "type");
        assert_eq!(module_handle_type("ad_manager"), "AdManager");
        assert_eq!(module_error_variant("Pets", "GetInventory"), "PetsGetInventory");
    }

    #[test]
    fn statuses_are_named_by_reason_phrase() {
        // The names generated crates already have (the generator's own table before `http`'s):
        // unchanged, so that no variant of a published crate is renamed.
        let kept = [
            (200, "Ok"),
            (201, "Created"),
            (202, "Accepted"),
            (203, "NonAuthoritativeInformation"),
            (204, "NoContent"),
            (205, "ResetContent"),
            (206, "PartialContent"),
            (400, "BadRequest"),
            (401, "Unauthorized"),
            (402, "PaymentRequired"),
            (403, "Forbidden"),
            (404, "NotFound"),
            (405, "MethodNotAllowed"),
            (406, "NotAcceptable"),
            (408, "RequestTimeout"),
            (409, "Conflict"),
            (410, "Gone"),
            (412, "PreconditionFailed"),
            (413, "PayloadTooLarge"),
            (415, "UnsupportedMediaType"),
            (422, "UnprocessableEntity"),
            (423, "Locked"),
            (424, "FailedDependency"),
            (428, "PreconditionRequired"),
            (429, "TooManyRequests"),
            (500, "InternalServerError"),
            (501, "NotImplemented"),
            (502, "BadGateway"),
            (503, "ServiceUnavailable"),
            (504, "GatewayTimeout"),
        ];
        for (code, name) in kept {
            assert_eq!(status_variant(code), name, "{code}");
        }
        // Beyond that table, `http`'s phrases (these were `Status…` before).
        assert_eq!(status_variant(207), "MultiStatus");
        assert_eq!(status_variant(418), "ImATeapot");
        assert_eq!(status_variant(451), "UnavailableForLegalReasons");
        // No phrase: the number.
        assert_eq!(status_variant(299), "Status299");
        assert_eq!(status_variant(599), "Status599");
    }
}
