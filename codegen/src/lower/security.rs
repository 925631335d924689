//! Security schemes (a credential setter each on the client builder) and the requirement each
//! operation sends.

use std::collections::HashSet;

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement};

use super::ir::{KeyLocation, SchemeKind, SecurityScheme};
use super::names::{self, Namespace};
use crate::diagnostics::{child, Diagnostics};

/// Methods of the client builder, which a scheme's setter must not take.
const CLIENT_BUILDER_METHODS: &[&str] = &[
    "bearer_token",
    "credential",
    "base_url",
    "timeout",
    "deadline",
    "max_response_bytes",
    "retry_policy",
    "max_retries",
    "user_agent",
    "http_client",
    "pacing",
    "interceptor",
    "build",
    "clone",
    "fmt",
];

/// The schemes the client can send, in document order; each other one is reported.
pub fn schemes(api: &OpenAPI, diags: &mut Diagnostics) -> Vec<SecurityScheme> {
    let Some(components) = &api.components else { return Vec::new() };
    let mut setters = Namespace::with_reserved(CLIENT_BUILDER_METHODS);
    let mut out = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let at = child("/components/securitySchemes", name);
        let ReferenceOr::Item(scheme) = scheme else {
            diags.warn(&at, format!("security scheme `{name}` is a ref that does not resolve; it is left out"));
            continue;
        };
        let (kind, doc) = match scheme {
            openapiv3::SecurityScheme::HTTP { scheme, description, .. } => {
                let kind = if scheme.eq_ignore_ascii_case("bearer") {
                    SchemeKind::Bearer
                } else if scheme.eq_ignore_ascii_case("basic") {
                    SchemeKind::Basic
                } else {
                    diags
                        .warn(&at, format!("security scheme `{name}`: the http scheme `{scheme}` is not supported (only `bearer` and `basic`); operations can use only their other alternatives"))
                        .help("configure it on your own reqwest::Client via `http_client()`");
                    continue;
                };
                (kind, description)
            }
            openapiv3::SecurityScheme::APIKey { location, name: key, description, .. } => {
                let location = match location {
                    APIKeyLocation::Header => KeyLocation::Header,
                    APIKeyLocation::Query => KeyLocation::Query,
                    APIKeyLocation::Cookie => KeyLocation::Cookie,
                };
                (SchemeKind::ApiKey { location, name: key.clone() }, description)
            }
            openapiv3::SecurityScheme::OAuth2 { description, .. } => (SchemeKind::OAuth2, description),
            openapiv3::SecurityScheme::OpenIDConnect { description, .. } => (SchemeKind::OpenIdConnect, description),
        };
        let claimed = setters.claim(&names::snake(name));
        if claimed.changed {
            diags.warn(
                &at,
                format!("the credential setter for `{name}` is named `{}` to keep names unique", claimed.name),
            );
        }
        out.push(SecurityScheme { name: name.clone(), setter: claimed.name, kind, doc: doc.clone() });
    }
    out
}

/// The requirement an operation sends: its own, else the document's; alternatives naming a scheme
/// the client cannot send are dropped with a warning. `None`: nothing is stated (or nothing is
/// left), so the client's bearer token is sent.
pub fn requirement(
    stated: Option<&Vec<SecurityRequirement>>,
    at: &str,
    schemes: &[SecurityScheme],
    warned: &mut HashSet<String>,
    diags: &mut Diagnostics,
) -> Option<Vec<Vec<String>>> {
    let stated = stated?;
    let known: HashSet<&str> = schemes.iter().map(|s| s.name.as_str()).collect();
    let mut kept = Vec::new();
    for requirement in stated {
        let unknown: Vec<&String> = requirement.keys().filter(|name| !known.contains(name.as_str())).collect();
        if unknown.is_empty() {
            kept.push(requirement.keys().cloned().collect());
            continue;
        }
        for name in unknown {
            // Once per scheme and requirement site (the document's requirement applies everywhere).
            if warned.insert(format!("{at} {name}")) {
                diags.warn(at, format!("the security requirement names `{name}`, which is not a scheme the client can send; that alternative is dropped"));
            }
        }
    }
    if kept.is_empty() && !stated.is_empty() {
        return None;
    }
    Some(kept)
}
