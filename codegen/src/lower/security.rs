//! Security schemes (a credential setter each on the client builder) and the requirement each
//! operation sends.

use std::collections::HashSet;

use openapiv3::{APIKeyLocation, OpenAPI, SecurityRequirement};

use super::ir::{KeyLocation, OAuthFlow, SchemeKind, SecurityScheme};
use super::names::{self, Namespace};
use crate::diagnostics::{Diagnostics, Lint};
use crate::pointer::Pointer;

/// The schemes the client can send, in document order; each other one is reported.
pub fn schemes(api: &OpenAPI, diags: &mut Diagnostics) -> Vec<SecurityScheme> {
    let Some(components) = &api.components else { return Vec::new() };
    let mut setters = Namespace::with_reserved(names::client_builder::ALL);
    let mut out = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let at = Pointer::from("/components/securitySchemes").child(name);
        // A scheme given as a ref to another is that scheme, under its own name (which requirements use).
        let scheme = match super::resolve(scheme, "securitySchemes", Some(&components.security_schemes)) {
            Ok((scheme, _)) => scheme,
            Err(reference) => {
                diags.warn(
                    Lint::UnresolvedRef,
                    &at,
                    format!("security scheme `{name}` is a ref (`{reference}`) that does not resolve to a security scheme; it is left out"),
                );
                continue;
            }
        };
        let (kind, doc) = match scheme {
            openapiv3::SecurityScheme::HTTP { scheme, description, .. } => {
                let kind = if scheme.eq_ignore_ascii_case("bearer") {
                    SchemeKind::Bearer
                } else if scheme.eq_ignore_ascii_case("basic") {
                    SchemeKind::Basic
                } else {
                    diags
                        .warn(Lint::UnsupportedSecurity, &at, format!("security scheme `{name}`: the http scheme `{scheme}` is not supported (only `bearer` and `basic`); operations can use only their other alternatives"))
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
                Lint::Rename,
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
                diags.warn(Lint::UnsupportedSecurity, at, format!("the security requirement names `{name}`, which is not a scheme the client can send; that alternative is dropped"));
            }
        }
    }
    if kept.is_empty() && !stated.is_empty() {
        return None;
    }
    Some(kept)
}

/// The authorization-code flows of the `oauth2` schemes, in document order: what the crate's
/// `oauth` module gives a token manager, so that consumers do not retype the URLs. Each constant
/// is named after its scheme (`SCREAMING_SNAKE_CASE`, unique in the module).
pub fn oauth_flows(api: &OpenAPI) -> Vec<OAuthFlow> {
    let Some(components) = &api.components else { return Vec::new() };
    let mut idents = Namespace::default();
    let mut out = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let Ok((openapiv3::SecurityScheme::OAuth2 { flows, .. }, _)) =
            super::resolve(scheme, "securitySchemes", Some(&components.security_schemes))
        else {
            continue;
        };
        let Some(flow) = &flows.authorization_code else { continue };
        let ident = idents.claim(&names::snake(name).trim_start_matches("r#").to_uppercase()).name;
        out.push(OAuthFlow {
            scheme: name.clone(),
            ident,
            authorization_url: flow.authorization_url.clone(),
            token_url: flow.token_url.clone(),
            refresh_url: flow.refresh_url.clone(),
            scopes: flow.scopes.iter().map(|(scope, doc)| (scope.clone(), doc.clone())).collect(),
        });
    }
    out
}
