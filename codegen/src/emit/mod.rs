//! Stage 4, emit: the IR → the files of the crate, as token streams (Rust) or text (manifest, README).
//! One emitter per kind of item; the runtime is real Rust kept in `codegen/runtime/` and copied in.

mod common;
mod operations;
mod runtime;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::lower::ir::Api;
use crate::Config;
pub use runtime::RUNTIME_FILES;

/// A file of the crate before formatting.
pub enum Emitted {
    Rust(TokenStream),
    /// Rust source kept verbatim (the runtime).
    RustSource(&'static str),
    Toml(String),
    Markdown(String),
}

/// Every file of the crate, by path relative to the crate root, in a fixed order.
pub fn emit(api: &Api, config: &Config) -> Vec<(String, Emitted)> {
    let mut files = vec![
        ("Cargo.toml".to_string(), Emitted::Toml(manifest(api, config))),
        ("src/lib.rs".to_string(), Emitted::Rust(lib_rs(api, config))),
        ("src/spec_info.rs".to_string(), Emitted::Rust(spec_info(api))),
        ("src/types.rs".to_string(), Emitted::Rust(types::emit(&api.types))),
        ("src/operations/mod.rs".to_string(), Emitted::Rust(operations_mod(api))),
    ];
    if let Some(readme) = &config.readme {
        files.push(("README.md".to_string(), Emitted::Markdown(readme.clone())));
    }
    if let Some(changelog) = &config.changelog {
        files.push(("CHANGELOG.md".to_string(), Emitted::Markdown(changelog.clone())));
    }
    for op in &api.operations {
        files.push((format!("src/operations/{}.rs", file_stem(&op.module_name)), Emitted::Rust(operations::emit(api, op))));
    }
    for (name, source) in RUNTIME_FILES {
        files.push((format!("src/runtime/{name}"), Emitted::RustSource(source)));
    }
    files
}

/// A module's file name: its identifier without `r#`, kept short enough for any file system.
fn file_stem(module: &str) -> String {
    let text = crate::lower::names::ident_text(module);
    text.trim_start_matches("r#").to_string()
}

fn manifest(api: &Api, config: &Config) -> String {
    let description = format!("Typed async client for {}, generated from its OpenAPI document", api.title.trim());
    let mut out = String::new();
    out.push_str("[package]\n");
    out.push_str(&format!("name = {}\n", toml_string(&config.crate_name)));
    out.push_str(&format!("version = {}\n", toml_string(&config.crate_version)));
    out.push_str("edition = \"2021\"\n");
    out.push_str("rust-version = \"1.85\"\n");
    out.push_str(&format!("description = {}\n", toml_string(&description)));
    out.push_str("license = \"MIT OR Apache-2.0\"\n");
    if config.readme.is_some() {
        out.push_str("readme = \"README.md\"\n");
    }
    out.push_str(
        "\n[dependencies]\n\
         bytes = \"1\"\n\
         fastrand = \"2\"\n\
         futures-core = \"0.3\"\n\
         futures-util = { version = \"0.3\", default-features = false, features = [\"std\"] }\n\
         httpdate = \"1\"\n\
         percent-encoding = \"2\"\n\
         reqwest = { version = \"0.12.28\", default-features = false, features = [\"rustls-tls\", \"http2\"] }\n\
         serde = { version = \"1\", features = [\"derive\"] }\n\
         serde_json = \"1\"\n\
         serde_path_to_error = \"0.1\"\n\
         tokio = { version = \"1\", features = [\"time\"] }\n\
         tracing = \"0.1\"\n\
         \n[dev-dependencies]\n\
         futures = \"0.3\"\n\
         tokio = { version = \"1\", features = [\"time\", \"macros\", \"rt\"] }\n",
    );
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
        let lines = text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {}", l.trim_start()) });
        quote!(#(#![doc = #lines])*)
    };
    quote! {
        #crate_doc
        #![forbid(unsafe_code)]

        // The runtime serves every spec; a given spec may not use every part of it.
        #[allow(dead_code)]
        mod runtime;
        mod spec_info;

        pub mod operations;
        pub mod types;

        pub use runtime::{BearerToken, BuildError, Client, ClientBuilder, Error, RateLimit, Response, RetryPolicy, UnknownValue};
    }
}

fn spec_info(api: &Api) -> TokenStream {
    let base = match &api.default_base_url {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let opt = |v: &Option<String>| match v {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    };
    let h = &api.rate_limit_headers;
    let (limit, remaining, interval, daily_limit, daily_remaining) = (opt(&h.limit), opt(&h.remaining), opt(&h.interval_ms), opt(&h.daily_limit), opt(&h.daily_remaining));
    quote! {
        //! What the runtime needs to know of the spec.

        /// The spec's first server.
        pub(crate) const DEFAULT_BASE_URL: Option<&str> = #base;

        /// Sent with every request.
        pub(crate) const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        /// The response headers that carry rate limits.
        pub(crate) const RATE_LIMIT_HEADERS: crate::runtime::RateLimitHeaderNames = crate::runtime::RateLimitHeaderNames {
            limit: #limit,
            remaining: #remaining,
            interval_ms: #interval,
            daily_limit: #daily_limit,
            daily_remaining: #daily_remaining,
        };
    }
}

fn operations_mod(api: &Api) -> TokenStream {
    let items = api.operations.iter().map(|op| {
        let module = common::ident(&op.module_name);
        let builder = common::ident(&op.builder_name);
        let error = common::ident(&op.error_name);
        quote! {
            mod #module;
            pub use #module::{#builder, #error};
        }
    });
    quote! {
        //! One request builder and one error enum per operation; start from the methods of [`crate::Client`].
        #(#items)*
    }
}
