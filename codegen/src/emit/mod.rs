//! Stage 4, emit: the IR → the files of the crate, as token streams (Rust) or text (manifest, README).
//! One emitter per kind of item. The runtime is a crate of its own (`codegen/runtime/`) that the
//! generated crate depends on; only what the spec says is emitted.

mod bodies;
mod client;
mod common;
pub mod conformance;
mod manifest;
mod operations;
mod pagination;
mod types;
mod webhooks;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident as names;
use crate::lower::ir::{Api, ApiModule, BodyKind, KeyLocation, Location, Operation, SchemeKind, Success, TypeDef};
use crate::Config;
pub use common::{field_type_text, type_text};
pub use manifest::RUNTIME_PACKAGE;

/// A file of the crate before formatting.
pub enum Emitted {
    Rust(TokenStream),
    /// Rust written by hand (an example program), shipped as it is.
    RustText(String),
    Toml(String),
    Markdown(String),
}

/// One piece of a file of the crate, emitted and formatted on its own (on any thread): a file's
/// pieces, formatted in order, are its text. Only `src/types.rs`, the largest file, has several.
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    Manifest,
    Lib,
    /// Consecutive types; `first`: the piece that opens the file.
    Types {
        types: &'a [TypeDef],
        first: bool,
    },
    OperationsMod,
    Module(&'a ApiModule),
    Readme(&'a str),
    Changelog(&'a str),
    Example(&'a str),
    Operation(&'a Operation),
}

/// How many types one piece of `src/types.rs` holds (about 4,000 formatted lines).
const TYPES_PER_PIECE: usize = 128;

/// Every file of the crate, by path relative to the crate root, in a fixed order, as its pieces.
pub fn plan<'a>(api: &'a Api, config: &'a Config) -> Vec<(String, Vec<Piece<'a>>)> {
    let mut types: Vec<Piece> =
        api.types.chunks(TYPES_PER_PIECE).enumerate().map(|(i, types)| Piece::Types { types, first: i == 0 }).collect();
    if types.is_empty() {
        types.push(Piece::Types { types: &[], first: true });
    }
    let mut files = vec![
        ("Cargo.toml".to_string(), vec![Piece::Manifest]),
        ("src/lib.rs".to_string(), vec![Piece::Lib]),
        ("src/types.rs".to_string(), types),
        ("src/operations/mod.rs".to_string(), vec![Piece::OperationsMod]),
    ];
    for module in &api.modules {
        files.push((module.file_path.clone(), vec![Piece::Module(module)]));
    }
    if let Some(readme) = &config.readme {
        files.push(("README.md".to_string(), vec![Piece::Readme(readme)]));
    }
    if let Some(changelog) = &config.changelog {
        files.push(("CHANGELOG.md".to_string(), vec![Piece::Changelog(changelog)]));
    }
    for (name, text) in &config.examples {
        files.push((format!("examples/{name}"), vec![Piece::Example(text)]));
    }
    for op in &api.operations {
        files.push((op.file_path.clone(), vec![Piece::Operation(op)]));
    }
    files
}

impl Piece<'_> {
    /// The piece as tokens (Rust) or text.
    pub fn emit(self, api: &Api, config: &Config) -> Emitted {
        match self {
            Piece::Manifest => Emitted::Toml(manifest::manifest(api, config)),
            Piece::Lib => Emitted::Rust(lib_rs(api, config)),
            Piece::Types { types, first } => Emitted::Rust(types::emit(api, types, first)),
            Piece::OperationsMod => Emitted::Rust(operations_mod(api)),
            Piece::Module(module) => Emitted::Rust(api_module(api, module)),
            Piece::Readme(readme) => Emitted::Markdown(readme_with_modules(readme, api)),
            Piece::Changelog(changelog) => Emitted::Markdown(changelog.to_string()),
            Piece::Example(text) => Emitted::RustText(text.to_string()),
            Piece::Operation(op) => Emitted::Rust(operations::emit(api, op)),
        }
    }
}

/// Every file of the crate, by path relative to the crate root, in a fixed order (one thread; the
/// pipeline formats the pieces of [`plan`] in parallel instead).
pub fn emit(api: &Api, config: &Config) -> Vec<(String, Emitted)> {
    plan(api, config)
        .into_iter()
        .map(|(path, pieces)| {
            let mut emitted: Vec<Emitted> = pieces.into_iter().map(|piece| piece.emit(api, config)).collect();
            let file = match emitted.len() {
                1 => emitted.remove(0),
                _ => Emitted::Rust(
                    emitted
                        .into_iter()
                        .filter_map(|e| match e {
                            Emitted::Rust(tokens) => Some(tokens),
                            _ => None,
                        })
                        .collect(),
                ),
            };
            (path, file)
        })
        .collect()
}

fn lib_rs(api: &Api, config: &Config) -> TokenStream {
    let crate_doc = if config.readme.is_some() {
        quote!(#![doc = include_str!("../README.md")])
    } else {
        let mut text = format!(" Typed async client for {}.", api.title.trim());
        if let Some(d) = &api.description {
            text.push_str("\n\n");
            text.push_str(d.trim());
        }
        if !api.modules.is_empty() {
            text.push_str("\n\n");
            text.push_str(&modules_doc(api));
        }
        let lines = common::doc_lines(&text);
        quote!(#(#![doc = #lines])*)
    };
    let runtime_crate = common::ident(&RUNTIME_PACKAGE.replace('-', "_"));
    let api_info = api_info(api);
    let any_error = any_error(api);
    let schemes = schemes(api);
    let credential_setters = credential_setters(api);
    let mock_credentials = mock_credentials(api);
    let client_builder_fn = crate::members::signatures::MOCK_CLIENT_BUILDER;
    let (client_builder, client_builder_signature) =
        (common::ident(client_builder_fn.name), common::declaration(&client_builder_fn));
    let client = client::emit();
    let api_modules = api.modules.iter().map(|module| {
        let name = common::ident(&module.ident);
        let feature = &module.feature;
        quote! {
            #[cfg(feature = #feature)]
            #[rustfmt::skip]
            pub mod #name;
        }
    });
    let published_key = config.webhook_public_key.as_deref().map(|pem| {
        quote! {
            /// The public key the provider publishes for its webhook signatures (PEM), as kept
            /// next to the API description; pass another if it rotates.
            pub const PUBLISHED_PUBLIC_KEY: &str = #pem;
        }
    });
    let events = webhooks::event_enum(api);
    let oauth = match webhooks::oauth_flows(&api.oauth_flows) {
        Some(flows) => quote! {
            /// OAuth 2.0 tokens that refresh themselves, for the client builder's `token_source`,
            /// and the flows the API description declares.
            #[rustfmt::skip]
            pub mod oauth {
                pub use #runtime_crate::oauth::*;
                #flows
            }
        },
        None => quote! {
            /// OAuth 2.0 tokens that refresh themselves, for the client builder's `token_source`.
            pub use #runtime_crate::oauth;
        },
    };
    quote! {
        #crate_doc
        #![forbid(unsafe_code)]
        // Lints about names, which come from the spec (an operation `new` or `operations`, a schema
        // `New`): the crate's users cannot change them, and the code is right as it is.
        #![allow(clippy::module_inception)]
        #![allow(clippy::new_ret_no_self)]
        #![allow(clippy::self_named_constructors)]

        // Generated code reaches the runtime through `crate::runtime`.
        use #runtime_crate::support as runtime;

        // The modules' files carry `@generated`, but rustfmt checks that only for the crate root:
        // skipping the modules keeps `cargo fmt` from reformatting what prettyplease wrote.
        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod types;
        #(#api_modules)*

        // rustfmt formats a crate root even when it is `@generated`: items whose layout it would
        // change are skipped, so that `cargo fmt` leaves the file as prettyplease wrote it.
        #[rustfmt::skip]
        pub use #runtime_crate::{
            AttemptOutcome, AttemptRequest, BearerToken, BoxFuture, BuildError, ByteStream, Bytes, CallOptions,
            Error, FilePart, Interceptor, Method, Payload, Pacing, RateLimit, RawRequest, Refusal, Response,
            ResponseMeta, RetryPolicy, Secret, UnknownValue,
        };

        #oauth

        /// Webhooks (cargo feature `webhooks`): signatures checked over the raw body, replays
        /// refused, events decoded.
        #[cfg(feature = "webhooks")]
        #[rustfmt::skip]
        pub mod webhook {
            pub use #runtime_crate::webhook::*;
            #published_key
            #events
        }

        /// What the runtime needs to know of the spec.
        #[rustfmt::skip]
        const API: runtime::ApiInfo = #api_info;

        /// The security schemes the client sends credentials for.
        #[rustfmt::skip]
        const SCHEMES: &[runtime::SecurityScheme] = &[#(#schemes),*];

        #client

        #credential_setters

        #any_error

        /// Test support for the crates that use this one (cargo feature `mock`): every type has a
        /// constructor (`new`, with the required fields), and [`mock::MockServer`] answers each
        /// operation, matched exactly as the client sends it, with a typed value.
        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        pub mod mock {
            pub use #runtime_crate::mock::{wiremock, MockCall, MockServer, Mocked};

            /// A client builder pointed at `server`, with a placeholder bearer token (which serves
            /// every bearer, OAuth2 and OpenID Connect scheme) and a placeholder credential for each
            /// basic and API-key scheme (but an API key in the query string, which the mock would
            /// not match): set what the test needs (a deadline, fewer retries) and `build()`.
            pub fn #client_builder #client_builder_signature {
                crate::Client::builder().base_url(server.uri()).bearer_token("mock-token") #mock_credentials
            }
        }
    }
}

/// `OperationError` (one variant per operation, holding its error enum) and `ApiError`, the
/// crate-level error every operation's `Error` converts into.
fn any_error(api: &Api) -> TokenStream {
    let (variants, conversions): (Vec<TokenStream>, Vec<TokenStream>) = api
        .operations
        .iter()
        .map(|op| {
            let variant = common::ident(&op.error_variant);
            let error = common::ident(&op.error_name);
            let doc = format!(" An error `{}` documents.", op.id);
            let module = api.module_of(op);
            let (gate, module) = match module {
                Some(module) => {
                    let feature = &module.feature;
                    (Some(quote!(#[cfg(feature = #feature)])), common::ident(&module.ident))
                }
                None => (None, common::ident(crate::members::crate_root::OPERATIONS)),
            };
            let conversion = quote! {
                #gate
                #[rustfmt::skip]
                impl From<#module::#error> for OperationError {
                    fn from(error: #module::#error) -> Self {
                        Self::#variant(error)
                    }
                }
            };
            (quote!(#[doc = #doc] #gate #variant(#module::#error),), conversion)
        })
        .unzip();
    quote! {
        /// The documented error of any operation, by operation: what [`ApiError`] carries.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[rustfmt::skip]
        pub enum OperationError {
            #(#variants)*
        }

        #(#conversions)*

        runtime::api_error!(ApiError, OperationError);
    }
}

/// `runtime::SecurityScheme` values, one per scheme.
fn schemes(api: &Api) -> Vec<TokenStream> {
    api.security_schemes
        .iter()
        .map(|scheme| {
            let name = &scheme.name;
            let kind = match &scheme.kind {
                SchemeKind::Bearer => quote!(HttpBearer),
                SchemeKind::Basic => quote!(HttpBasic),
                SchemeKind::OAuth2 => quote!(OAuth2),
                SchemeKind::OpenIdConnect => quote!(OpenIdConnect),
                SchemeKind::ApiKey { location, name } => {
                    let location = match location {
                        KeyLocation::Header => quote!(Header),
                        KeyLocation::Query => quote!(Query),
                        KeyLocation::Cookie => quote!(Cookie),
                    };
                    quote!(ApiKey { location: runtime::KeyLocation::#location, name: #name })
                }
            };
            quote!(runtime::SecurityScheme { name: #name, kind: runtime::SchemeKind::#kind })
        })
        .collect()
}

/// One setter per security scheme on the client builder.
fn credential_setters(api: &Api) -> TokenStream {
    if api.security_schemes.is_empty() {
        return TokenStream::new();
    }
    let setters = api.security_schemes.iter().map(|scheme| {
        let setter = common::ident(&scheme.setter);
        let name = &scheme.name;
        let (summary, params, credential) = match &scheme.kind {
            SchemeKind::Bearer => (
                format!(" The token of the security scheme `{name}` (http bearer), sent as `Authorization: Bearer <token>`."),
                quote!(token: impl Into<crate::Secret>),
                quote!(token(token)),
            ),
            SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => (
                format!(" The access token of the security scheme `{name}` ({}), sent as `Authorization: Bearer <token>`. Obtaining the token (the OAuth flows) is up to the caller.", if scheme.kind == SchemeKind::OAuth2 { "OAuth2" } else { "OpenID Connect" }),
                quote!(token: impl Into<crate::Secret>),
                quote!(token(token)),
            ),
            SchemeKind::Basic => (
                format!(" The user and password of the security scheme `{name}` (http basic), sent as `Authorization: Basic …`."),
                quote!(user: impl Into<crate::Secret>, password: impl Into<crate::Secret>),
                quote!(basic(user, password)),
            ),
            SchemeKind::ApiKey { location, name: key } => (
                format!(
                    " The API key of the security scheme `{name}`, sent in the {} `{key}`.",
                    match location {
                        KeyLocation::Header => "header",
                        KeyLocation::Query => "query parameter",
                        KeyLocation::Cookie => "cookie",
                    }
                ),
                quote!(key: impl Into<crate::Secret>),
                quote!(api_key(key)),
            ),
        };
        let docs = common::doc(scheme.doc.as_deref());
        let note = " Sent only with the operations whose security requirement names it, and only to the base URL's origin.";
        quote! {
            #[doc = #summary]
            #[doc = ""]
            #docs
            #[doc = ""]
            #[doc = #note]
            pub fn #setter(self, #params) -> Self {
                self.credential(#name, runtime::Credential::#credential)
            }
        }
    });
    quote! {
        /// Credentials, one setter per security scheme of the API description.
        #[rustfmt::skip]
        impl ClientBuilder {
            #(#setters)*
        }
    }
}

/// The placeholder credentials of `mock::client_builder`.
fn mock_credentials(api: &Api) -> TokenStream {
    let calls = api.security_schemes.iter().filter_map(|scheme| {
        let setter = common::ident(&scheme.setter);
        match &scheme.kind {
            SchemeKind::Basic => Some(quote!(.#setter("mock-user", "mock-password"))),
            SchemeKind::ApiKey { location: KeyLocation::Query, .. } => None,
            SchemeKind::ApiKey { .. } => Some(quote!(.#setter("mock-key"))),
            // The client's bearer token stands in for every bearer-like scheme.
            SchemeKind::Bearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => None,
        }
    });
    quote!(#(#calls)*)
}

fn api_info(api: &Api) -> TokenStream {
    let opt = |v: &Option<String>| match v {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    };
    let base = opt(&api.default_base_url);
    let h = &api.rate_limit_headers;
    let (limit, remaining, interval, daily_limit, daily_remaining) =
        (opt(&h.limit), opt(&h.remaining), opt(&h.interval_ms), opt(&h.daily_limit), opt(&h.daily_remaining));
    quote! {
        runtime::ApiInfo {
            default_base_url: #base,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            rate_limit_headers: runtime::RateLimitHeaderNames {
                limit: #limit,
                remaining: #remaining,
                interval_ms: #interval,
                daily_limit: #daily_limit,
                daily_remaining: #daily_remaining,
            },
        }
    }
}

/// Where a README wants the table of the API modules (a line of its own).
pub const MODULES_MARKER: &str = "<!-- codegen:modules -->";

/// The README with its [`MODULES_MARKER`] line replaced by the table of the API modules: each with its
/// feature, its number of operations and one call.
fn readme_with_modules(readme: &str, api: &Api) -> String {
    if !readme.lines().any(|line| line.trim() == MODULES_MARKER) {
        return readme.to_string();
    }
    // Not links: a module that is not compiled is not there to link to.
    let mut table = String::from("| feature | handle | operations | for example |\n|---|---|---|---|\n");
    for module in &api.modules {
        let operations: Vec<&Operation> = api.operations_of(module).collect();
        // One call of the module, not a deprecated one where it has another.
        let first = operations.iter().find(|op| !op.deprecated).or(operations.first());
        let example = first.map_or(String::new(), |op| {
            let args = op.params.iter().filter(|p| p.location == Location::Path).map(|_| "…").collect::<Vec<_>>();
            format!(
                "`client.{}().{}({})`",
                names::ident_text(&module.ident),
                names::ident_text(&op.method_name),
                args.join(", ")
            )
        });
        table.push_str(&format!(
            "| `{}` | `client.{}()` | {} | {example} |\n",
            module.feature,
            names::ident_text(&module.ident),
            operations.len()
        ));
    }
    let table = table.trim_end();
    readme.lines().map(|line| if line.trim() == MODULES_MARKER { table } else { line }).collect::<Vec<_>>().join("\n")
        + if readme.ends_with('\n') { "\n" } else { "" }
}

/// The crate documentation's paragraph on modules and features (when the spec has modules and no
/// README is given).
fn modules_doc(api: &Api) -> String {
    let list: Vec<String> = api
        .modules
        .iter()
        // Not links: a module that is not compiled is not there to link to.
        .map(|m| {
            format!(
                "- `{}`: `Client::{}()` and the module `{}`",
                m.feature,
                names::ident_text(&m.ident),
                names::ident_text(&m.ident)
            )
        })
        .collect();
    format!(
        "One cargo feature per API module, none on by default: a crate compiles only the modules it \
         enables (and the types they use), plus the operations of no module. `full` enables every \
         module.\n\n{}",
        list.join("\n")
    )
}

/// An API module's `mod.rs`: its handle, the `Client` method that returns it, and its operations.
fn api_module(api: &Api, module: &ApiModule) -> TokenStream {
    let handle = common::ident(&module.handle);
    let method = common::ident(&module.ident);
    let doc = format!(
        " The operations of the module `{}` (cargo feature `{}`): the methods of [`{}`], from [`Client::{}`](crate::Client::{}).",
        module.name, module.feature, module.handle, module.ident, module.ident
    );
    let handle_doc = format!(
        " The operations of the module `{}`: a clone of the client (cheap), from [`Client::{}`](crate::Client::{}).",
        module.name, module.ident, module.ident
    );
    let method_doc = format!(" The operations of the module `{}` (cargo feature `{}`).", module.name, module.feature);
    let operations: Vec<&Operation> = api.operations_of(module).collect();
    // A module whose operations were all left out still has its handle, whose client nothing reads.
    let unread = operations.is_empty().then(|| quote!(#[allow(dead_code)]));
    let items = reexports(operations.into_iter());
    quote! {
        #![doc = #doc]

        #[doc = #handle_doc]
        #[derive(Debug, Clone)]
        pub struct #handle {
            #unread
            client: crate::Client,
        }

        impl crate::Client {
            #[doc = #method_doc]
            pub fn #method(&self) -> #handle {
                #handle { client: self.clone() }
            }
        }

        #items
    }
}

/// `mod x; pub use self::x::{…};` for each operation: its module and what it exports.
fn reexports<'a>(operations: impl Iterator<Item = &'a Operation>) -> TokenStream {
    let items = operations.map(|op| {
        let module = common::ident(&op.module_name);
        let builder = common::ident(&op.builder_name);
        let error = common::ident(&op.error_name);
        let success = match &op.success {
            Success::ByStatus(name) => Some(common::ident(name)),
            Success::Body(_) => None,
        };
        let multipart = op.body.iter().flat_map(|b| &b.forms).filter_map(|form| match &form.kind {
            BodyKind::Multipart(m) => Some(common::ident(&m.name)),
            _ => None,
        });
        let exported = [builder, error].into_iter().chain(success).chain(multipart);
        quote! {
            mod #module;
            pub use self::#module::{#(#exported),*};
        }
    });
    quote!(#(#items)*)
}

fn operations_mod(api: &Api) -> TokenStream {
    let items = reexports(api.operations.iter().filter(|op| op.module.is_none()));
    quote! {
        //! One request builder and one error enum per operation; start from the methods of [`crate::Client`].
        #items
    }
}
