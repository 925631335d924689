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
