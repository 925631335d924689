//! The names the generated code defines itself, in one table: lower reserves them (so that no name
//! from a spec takes one), emit prints them from here, and the name-torture fixture is generated
//! from here (`torture_spec`), so the three cannot drift apart.
//!
//! Everything else the generated code names is a std or dependency item, spelled by its full path
//! (`::core::option::Option`, `::serde_json::Value`) so that no spec name can shadow it.

/// One group of fixed names: the constants, and `ALL`, every name of the group.
macro_rules! group {
    ($(#[$doc:meta])* $group:ident { $($(#[$mdoc:meta])* $name:ident = $text:literal,)* }) => {
        $(#[$doc])*
        pub mod $group {
            $($(#[$mdoc])* pub const $name: &str = $text;)*
            /// Every name of the group, for reserving.
            pub const ALL: &[&str] = &[$($name),*];
        }
    };
}

group!(
    /// Methods of `Client` (and of the traits it implements) that an operation's method must not take.
    client {
        BUILDER = "builder",
        BASE_URL = "base_url",
        /// `Client: Clone`; generated code calls `self.clone()`.
        CLONE = "clone",
        FMT = "fmt",
        /// The escape hatch for an endpoint the spec does not describe.
        REQUEST = "request",
    }
);

group!(
    /// Methods of `ClientBuilder` that a security scheme's setter must not take.
    client_builder {
        BEARER_TOKEN = "bearer_token",
        TOKEN_SOURCE = "token_source",
        CREDENTIAL = "credential",
        BASE_URL = "base_url",
        TIMEOUT = "timeout",
        DEADLINE = "deadline",
        MAX_RESPONSE_BYTES = "max_response_bytes",
        RETRY_POLICY = "retry_policy",
        MAX_RETRIES = "max_retries",
        USER_AGENT = "user_agent",
        HTTP_CLIENT = "http_client",
        PACING = "pacing",
        INTERCEPTOR = "interceptor",
        BUILD = "build",
        CLONE = "clone",
        FMT = "fmt",
    }
);

group!(
    /// Methods of a request builder that a parameter's setter must not take (the body setters are
    /// chosen by lower from `BODY`, `JSON_BODY`, …). Its fields cannot meet a parameter: the
    /// parameters live in their own struct.
    request_builder {
        SEND = "send",
        DECODE = "decode",
        SEND_STREAM = "send_stream",
        TIMEOUT = "timeout",
        DEADLINE = "deadline",
        INTO_STREAM = "into_stream",
        INTO_PAGES = "into_pages",
        BODY = "body",
        JSON_BODY = "json_body",
        FORM_BODY = "form_body",
        MULTIPART_BODY = "multipart_body",
        TEXT_BODY = "text_body",
        BYTES_BODY = "bytes_body",
        /// Per-call options.
        HEADER = "header",
        QUERY = "query",
        RETRY_POLICY = "retry_policy",
        INTERCEPTOR = "interceptor",
        CLONE = "clone",
        FMT = "fmt",
        /// Private: the constructor, the request it sends, the cursor of a paginated one.
        NEW = "new",
        REQUEST = "request",
        NEXT_CURSOR = "next_cursor",
        WITH_CURSOR = "with_cursor",
        MOCK_REQUEST = "mock_request",
    }
);

group!(
    /// Members of a multipart body's struct that a part must not take (its fields and methods
    /// share one namespace, since a part is a field).
    multipart {
        NEW = "new",
        ADDITIONAL_TEXT = "additional_text",
        ADDITIONAL_FILE = "additional_file",
        ADDITIONAL_TEXTS = "additional_texts",
        ADDITIONAL_FILES = "additional_files",
        CLONE = "clone",
        FMT = "fmt",
    }
);

group!(
    /// Items of an operation's module besides the ones named after the operation.
    operation_module {
        /// The struct that holds a request builder's parameters and body.
        PARAMS = "Params",
    }
);

group!(
    /// Names an API module (`x-modules`) must not take. One name is its module of the crate root,
    /// the `Client` method that returns its handle and (in kebab-case) its cargo feature, so it
    /// is none of the crate root's modules, `Client`'s methods or the crate's other features.
    /// (Not part of the name-torture fixture, which has no modules: the `modules` fixture and the
    /// tests of lower cover these.)
    api_module {
        OPERATIONS = "operations",
        TYPES = "types",
        MOCK = "mock",
        RUNTIME = "runtime",
        WEBHOOK = "webhook",
        OAUTH = "oauth",
        BUILDER = "builder",
        BASE_URL = "base_url",
        CLONE = "clone",
        FMT = "fmt",
        REQUEST = "request",
        WEBHOOKS = "webhooks",
        AXUM = "axum",
        /// The feature that turns every module on.
        FULL = "full",
        DEFAULT = "default",
    }
);

group!(
    /// Methods of an API module's handle that an operation's method must not take.
    module_handle {
        CLONE = "clone",
        FMT = "fmt",
    }
);

group!(
    /// Items of the `webhook` module the webhooks of a spec add (its own module: no spec name
    /// reaches it).
    webhook {
        /// The enum of the events, one variant per webhook with an event type.
        EVENT_ENUM = "WebhookEvent",
        EVENT_TYPE = "event_type",
        EVENT_TYPES = "EVENT_TYPES",
    }
);

group!(
    /// Items of the `oauth` module the OAuth 2.0 flows of a spec add (beside the runtime's OAuth
    /// support it re-exports; a flow's constant is the scheme's name in SCREAMING_SNAKE_CASE).
    oauth {
        FLOW = "AuthorizationCodeFlow",
        CONFIG = "config",
        AUTHORIZATION_URL = "authorization_url",
        TOKEN_URL = "token_url",
        REFRESH_URL = "refresh_url",
        SCOPES = "scopes",
    }
);

group!(
    /// Members of every generated struct and open enum.
    types {
        /// The field that keeps the members the spec does not name.
        UNKNOWN_FIELDS = "additional_properties",
        /// The catch-all variant of every open enum.
        UNKNOWN_VARIANT = "Unknown",
        /// The constructor of a struct, and the methods of an open enum.
        NEW = "new",
        AS_STR = "as_str",
        IS_UNKNOWN = "is_unknown",
    }
);

group!(
    /// Items of the crate root and of the `mock` module, which no spec name reaches (listed for the
    /// name-torture fixture: a spec may still use them as names elsewhere).
    crate_root {
        CLIENT = "Client",
        CLIENT_BUILDER = "ClientBuilder",
        API_ERROR = "ApiError",
        OPERATION_ERROR = "OperationError",
        OPERATIONS = "operations",
        TYPES = "types",
        MOCK = "mock",
        RUNTIME = "runtime",
        CLIENT_BUILDER_FN = "client_builder",
    }
);

/// A public method (or function) the generated code defines itself, with its signature: emit prints
/// its declaration from here (`emit::common::declaration`) and the surface records it, so that a
/// generator change to one is a `signature-changed`, not only an addition or a removal. Types are
/// spelled as generated code spells them: std and dependency items by full path, the crate's from
/// `crate::` (or as the crate root names them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Method {
    pub name: &'static str,
    /// `self`, `mut self`, `&self`; empty for an associated or free function.
    pub receiver: &'static str,
    /// The arguments after the receiver: (name, type).
    pub args: &'static [(&'static str, &'static str)],
    pub output: &'static str,
}

impl Method {
    /// A builder's setter: takes the builder and `args`, returns it.
    const fn setter(name: &'static str, args: &'static [(&'static str, &'static str)]) -> Method {
        Method { name, receiver: "mut self", args, output: "Self" }
    }

    /// The signature as the surface records it, for people: the receiver as callers see it, the
    /// argument types without their names, every path by its last segment
    /// (`fn(self, impl Into<String>) -> Self`).
    pub fn signature(&self) -> String {
        let receiver = self.receiver.strip_prefix("mut ").unwrap_or(self.receiver);
        let args: Vec<String> = std::iter::once(receiver)
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .chain(self.args.iter().map(|(_, ty)| last_segments(ty)))
            .collect();
        format!("fn({}) -> {}", args.join(", "), last_segments(self.output))
    }
}

/// `text` with every path shortened to its last segment (`::core::time::Duration` → `Duration`).
fn last_segments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut segment = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            segment.clear();
        } else if c.is_alphanumeric() || c == '_' {
            segment.push(c);
        } else {
            out.push_str(&segment);
            segment.clear();
            out.push(c);
        }
    }
    out.push_str(&segment);
    out
}

/// The signatures of the fixed methods the generated crate makes public, by owner, each list in
/// the order emit prints it.
pub mod signatures {
    use super::Method;

    /// `Client`'s (`emit/client.rs`).
    pub mod client {
        use super::super::client as name;
        use super::Method;

        pub const BUILDER: Method = Method { name: name::BUILDER, receiver: "", args: &[], output: "ClientBuilder" };
        pub const BASE_URL: Method = Method { name: name::BASE_URL, receiver: "&self", args: &[], output: "&str" };
        pub const REQUEST: Method = Method {
            name: name::REQUEST,
            receiver: "&self",
            args: &[("method", "crate::Method"), ("path", "impl ::core::convert::Into<::std::string::String>")],
            output: "crate::RawRequest",
        };
    }

    /// `ClientBuilder`'s (`emit/client.rs`): a setter per option, delegating to the runtime's
    /// `ClientConfig` method of the same name, then `build`.
    pub mod client_builder {
        use super::super::client_builder as name;
        use super::Method;

        const STRING: &str = "impl ::core::convert::Into<::std::string::String>";
        const DURATION: &str = "::core::time::Duration";
        pub const BEARER_TOKEN: Method =
            Method::setter(name::BEARER_TOKEN, &[("token", "impl ::core::convert::Into<crate::BearerToken>")]);
        pub const TOKEN_SOURCE: Method = Method::setter(
            name::TOKEN_SOURCE,
            &[("source", "impl ::core::convert::Into<crate::oauth::SharedTokenSource>")],
        );
        pub const BASE_URL: Method = Method::setter(name::BASE_URL, &[("base_url", STRING)]);
        pub const TIMEOUT: Method = Method::setter(name::TIMEOUT, &[("timeout", DURATION)]);
        pub const DEADLINE: Method = Method::setter(name::DEADLINE, &[("deadline", DURATION)]);
        pub const MAX_RESPONSE_BYTES: Method = Method::setter(name::MAX_RESPONSE_BYTES, &[("limit", "usize")]);
        pub const RETRY_POLICY: Method = Method::setter(name::RETRY_POLICY, &[("retry", "crate::RetryPolicy")]);
        pub const MAX_RETRIES: Method = Method::setter(name::MAX_RETRIES, &[("max_retries", "u32")]);
        pub const USER_AGENT: Method = Method::setter(name::USER_AGENT, &[("user_agent", STRING)]);
        pub const PACING: Method = Method::setter(name::PACING, &[("pacing", "crate::Pacing")]);
        pub const INTERCEPTOR: Method =
            Method::setter(name::INTERCEPTOR, &[("interceptor", "impl crate::Interceptor")]);
        pub const HTTP_CLIENT: Method =
            Method::setter(name::HTTP_CLIENT, &[("http_client", "runtime::reqwest::Client")]);
        /// Every setter, in order.
        pub const SETTERS: &[Method] = &[
            BEARER_TOKEN,
            TOKEN_SOURCE,
            BASE_URL,
            TIMEOUT,
            DEADLINE,
            MAX_RESPONSE_BYTES,
            RETRY_POLICY,
            MAX_RETRIES,
            USER_AGENT,
            PACING,
            INTERCEPTOR,
            HTTP_CLIENT,
        ];
        pub const BUILD: Method = Method {
            name: name::BUILD,
            receiver: "self",
            args: &[],
            output: "::core::result::Result<Client, crate::BuildError>",
        };
    }

    /// A request builder's per-call options (`emit/operations.rs`), each delegating to the
    /// runtime's `CallOptions` method of the same name.
    pub mod request_builder {
        use super::super::request_builder as name;
        use super::Method;

        const STRING: &str = "impl ::core::convert::Into<::std::string::String>";
        pub const TIMEOUT: Method = Method::setter(name::TIMEOUT, &[("timeout", "::core::time::Duration")]);
        pub const DEADLINE: Method = Method::setter(name::DEADLINE, &[("deadline", "::core::time::Duration")]);
        pub const RETRY_POLICY: Method = Method::setter(name::RETRY_POLICY, &[("retry", "crate::RetryPolicy")]);
        pub const HEADER: Method = Method::setter(name::HEADER, &[("name", STRING), ("value", STRING)]);
        pub const QUERY: Method = Method::setter(name::QUERY, &[("name", STRING), ("value", STRING)]);
        pub const INTERCEPTOR: Method =
            Method::setter(name::INTERCEPTOR, &[("interceptor", "impl crate::Interceptor")]);
        pub const OPTIONS: &[Method] = &[TIMEOUT, DEADLINE, RETRY_POLICY, HEADER, QUERY, INTERCEPTOR];
    }

    /// The methods of a multipart body that takes parts it does not name (`emit/bodies.rs`).
    pub mod multipart {
        use super::super::multipart as name;
        use super::Method;

        const STRING: &str = "impl ::core::convert::Into<::std::string::String>";
        pub const ADDITIONAL_TEXT: Method =
            Method::setter(name::ADDITIONAL_TEXT, &[("name", STRING), ("value", STRING)]);
        pub const ADDITIONAL_FILE: Method =
            Method::setter(name::ADDITIONAL_FILE, &[("name", STRING), ("file", "crate::FilePart")]);
    }

    /// `mock::client_builder` (`emit/mod.rs`).
    pub const MOCK_CLIENT_BUILDER: Method = Method {
        name: super::crate_root::CLIENT_BUILDER_FN,
        receiver: "",
        args: &[("server", "&MockServer")],
        output: "crate::ClientBuilder",
    };
}

/// Names from Rust's prelude and std that a spec may use for anything: generated code spells
/// every std item by its full path, so none of these needs reserving; the name-torture fixture
/// uses each of them everywhere to prove it.
pub const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Display",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "Iterator",
    "IntoIterator",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "ToString",
    "ToOwned",
    "Duration",
    "Map",
    "Value",
    "Self",
    "self",
    "super",
    "crate",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "type",
    "async",
];

/// Every fixed name of every group, and the prelude names: what the name-torture fixture uses.
pub fn every_fixed_name() -> Vec<&'static str> {
    let groups: [&[&str]; 8] = [
        client::ALL,
        client_builder::ALL,
        request_builder::ALL,
        multipart::ALL,
        operation_module::ALL,
        types::ALL,
        crate_root::ALL,
        PRELUDE,
    ];
    let mut names: Vec<&str> = Vec::new();
    for name in groups.into_iter().flatten() {
        if !names.contains(name) {
            names.push(name);
        }
    }
    names
}
