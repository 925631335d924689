//! The rules: every kind of change the diff reports, its class, and why. `spec/DIFF-RULES.md` is
//! the same table for people; a test keeps the two in step.

use super::Class;

macro_rules! rules {
    ($($variant:ident = $id:literal, $class:ident, $why:literal;)*) => {
        /// A kind of change. Each has one class, decided from the guarantees of the generated crate.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// Every rule, in the order of the table.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The rule's stable name (kebab-case), as printed in reports and in the table.
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            pub fn class(self) -> Class {
                match self {
                    $(Rule::$variant => Class::$class,)*
                }
            }

            /// Why the change has this class.
            pub fn why(self) -> &'static str {
                match self {
                    $(Rule::$variant => $why,)*
                }
            }
        }
    };
}

rules! {
    RuntimeIncompatible = "runtime-incompatible", Breaking, "the generated crate re-exports the runtime's types (`Response`, `Error`, …) and calls its `support` API, so a runtime requirement outside the released one's semver range changes the crate's API with it";
    // Operations.
    OperationAdded = "operation-added", Additive, "a new client method, request builder and error enum; nothing existing is renamed (rule 5)";
    OperationRemoved = "operation-removed", Breaking, "the client method, its builder and its error enum disappear";
    OperationRenamed = "operation-renamed", Breaking, "the method, builder and error names come from the operationId: every name changes";
    OperationMoved = "operation-moved", Internal, "path or HTTP method changed under the same operationId: the Rust API is the same, the client calls the new URL";
    OperationDeprecated = "operation-deprecated", Internal, "`#[deprecated]` on the client method is a warning, not an error";
    // Parameters.
    PathParamAdded = "path-param-added", Breaking, "required path parameters are positional arguments of the client method";
    PathParamRemoved = "path-param-removed", Breaking, "a positional argument of the client method disappears";
    PathParamsReordered = "path-params-reordered", Breaking, "positional arguments change order (of the same types, calls compile and send the wrong values): a cost of positional path parameters";
    OptionalParamAdded = "optional-param-added", Additive, "a new builder method; calls that do not use it are unchanged";
    RequiredParamAdded = "required-param-added", Breaking, "a new builder method that `send()` refuses to go without: existing calls compile but fail before sending";
    ParamRemoved = "param-removed", Breaking, "the builder method disappears";
    ParamBecameRequired = "param-became-required", Breaking, "calls that do not set it compile but `send()` refuses them";
    ParamBecameOptional = "param-became-optional", Additive, "calls may now omit it; every existing call still works";
    ParamTypeChanged = "param-type-changed", Breaking, "the argument type of the builder method (or positional argument) changes";
    ParamSerializationChanged = "param-serialization-changed", Internal, "`style`/`explode` only change how the value is written on the wire";
    ConstantHeaderChanged = "constant-header-changed", Internal, "a one-value header (`Version`) is sent by the client, never asked of the caller: not part of the Rust API";
    // Request bodies.
    OptionalRequestBodyAdded = "optional-request-body-added", Additive, "a new `body()` builder method; calls without it are unchanged";
    RequiredRequestBodyAdded = "required-request-body-added", Breaking, "a new `body()` that `send()` refuses to go without";
    RequestBodyRemoved = "request-body-removed", Breaking, "the `body()` builder method disappears";
    RequestBodyTypeChanged = "request-body-type-changed", Breaking, "the argument type of `body()` changes";
    RequestBodyFormAdded = "request-body-form-added", Additive, "the body may be sent in another form (media type): a new setter such as `form_body()`; calls that set the old one are unchanged";
    RequestBodyBecameRequired = "request-body-became-required", Breaking, "calls without `body()` compile but `send()` refuses them";
    RequestBodyBecameOptional = "request-body-became-optional", Additive, "calls may now omit the body";
    // Media types.
    MediaTypeAdded = "media-type-added", Internal, "the client keeps sending and reading the media type it uses; the Rust API is unchanged (a change of body type is reported by its own rule)";
    SentMediaTypeRemoved = "sent-media-type-removed", Breaking, "the server no longer accepts the media type the client sends the body in";
    MediaTypeRemoved = "media-type-removed", Internal, "a media type the client neither sends nor reads; the Rust API is unchanged";
    // Envelopes (`x-envelope`).
    EnvelopeAdded = "envelope-added", Additive, "a body that arrives wrapped used to be a decode error and now decodes (`Response::envelope()` holds the rest); the Rust API is unchanged";
    EnvelopeRemoved = "envelope-removed", Breaking, "a wrapped body, which decoded, becomes a decode error: calls that worked fail at run time, though the code compiles";
    EnvelopeChanged = "envelope-changed", Breaking, "the member that holds the body changes: bodies wrapped the old way become decode errors";
    // Responses.
    ErrorStatusAdded = "error-status-added", Additive, "a new variant of the operation's `#[non_exhaustive]` error enum; that status used to arrive as an undocumented status";
    ErrorStatusRemoved = "error-status-removed", Breaking, "a variant of the error enum disappears";
    ErrorBodyChanged = "error-body-changed", Breaking, "the payload type of the error variant changes";
    SuccessStatusAdded = "success-status-added", Internal, "the success type is unchanged (a different body changes it: success-body-changed)";
    SuccessStatusRemoved = "success-status-removed", Internal, "the success type is unchanged";
    SuccessBodyChanged = "success-body-changed", Breaking, "the type `send()` returns changes";
    PaginationAdded = "pagination-added", Additive, "new `into_pages()` and `into_stream()` builder methods";
    PaginationRemoved = "pagination-removed", Breaking, "`into_pages()` and `into_stream()` disappear";
    PaginationChanged = "pagination-changed", Internal, "the cursor, has-more or items field the pages are read through changed; the methods' signatures are unchanged (a change of the item type is `signature-changed`)";
    // Security.
    SecuritySchemeAdded = "security-scheme-added", Additive, "one credential setter per scheme on the client builder (rule 3): a new setter";
    SecuritySchemeRemoved = "security-scheme-removed", Breaking, "the scheme's credential setter disappears";
    SecurityAlternativeAdded = "security-alternative-added", Additive, "the operation accepts another set of credentials; what worked still works";
    SecurityAlternativeRemoved = "security-alternative-removed", Breaking, "a consumer whose credentials met only that alternative (or none, when the operation becomes authenticated) now fails at run time";
    // Types.
    TypeAdded = "type-added", Additive, "a new type; nothing existing is renamed (rule 5)";
    TypeRemoved = "type-removed", Breaking, "the type disappears";
    TypeKindChanged = "type-kind-changed", Breaking, "the type becomes another kind of item (struct, enum, union, alias) or an alias of another type";
    TypeBecameConstructible = "type-became-constructible", Additive, "the type is now used in a request (a parameter or a body) and gains `new()` without the `mock` feature";
    TypeNoLongerConstructible = "type-no-longer-constructible", Breaking, "the type is no longer used in a request (a parameter or a body) and loses `new()` without the `mock` feature";
    OptionalFieldAdded = "optional-field-added", Additive, "structs are `#[non_exhaustive]` (no literal can break) and `new()` takes only required fields";
    RequiredFieldAdded = "required-field-added", Breaking, "on a type only received, `new()` (under the `mock` feature, for consumers' tests) takes the required fields positionally and gains an argument";
    RequiredRequestFieldAdded = "required-request-field-added", Breaking, "a new positional argument of `new()` on a type sent in a request";
    RequestRequiredFieldsReordered = "request-required-fields-reordered", Breaking, "the positional arguments of `new()` change order (on every struct: request types always have `new()`, the others under the `mock` feature): breaking only because the constructor is positional";
    FieldRemoved = "field-removed", Breaking, "the public field disappears";
    FieldBecameRequired = "field-became-required", Breaking, "the field's type changes from `Option<T>` to `T` (and on a request type `new()` gains an argument)";
    FieldBecameOptional = "field-became-optional", Breaking, "the field's type changes from `T` to `Option<T>`";
    FieldRequirednessChangedSameType = "field-requiredness-changed-same-type", Internal, "the field is nullable: `Option<T>` either way; only serialisation changes";
    FieldTypeChanged = "field-type-changed", Breaking, "the field's type changes";
    ResponseEnumValueAdded = "response-enum-value-added", Additive, "enums are open and `#[non_exhaustive]`: the value used to decode as `Unknown`, matches already have a wildcard";
    RequestEnumValueAdded = "request-enum-value-added", Additive, "a new variant consumers may send; `#[non_exhaustive]` keeps matches compiling";
    ResponseEnumValueRemoved = "response-enum-value-removed", Breaking, "the variant disappears (the value now decodes as `Unknown`)";
    RequestEnumValueRemoved = "request-enum-value-removed", Breaking, "the variant disappears; consumers that sent it no longer compile";
    UnionVariantAdded = "union-variant-added", Additive, "unions are `#[non_exhaustive]`";
    UnionVariantRemoved = "union-variant-removed", Breaking, "the variant disappears";
    RustNameChanged = "rust-name-changed", Breaking, "the same wire name now has another Rust name (a name collision was resolved differently)";
    // Any other public item (the surface): the rows above are the named cases of these.
    ItemAdded = "item-added", Additive, "a new public item no other rule names (a method of a multipart body that takes unnamed parts, a variant of a `#[non_exhaustive]` success enum); nothing existing changes";
    ItemRemoved = "item-removed", Breaking, "a public item no other rule names disappears: code naming it no longer compiles";
    SignatureChanged = "signature-changed", Breaking, "the Rust signature of an item no other rule names changes (a credential setter's arguments, a union variant's payload, the items of a stream)";
    WireFormChanged = "wire-form-changed", Internal, "how a body form, a multipart part, a credential or the `Accept` header goes on the wire changed (form `encoding` styles, a part's default content type, an API key's header); the Rust API is unchanged";
    FeatureGateAdded = "feature-gate-added", Breaking, "the item now needs a cargo feature: code that does not enable it no longer compiles";
    FeatureGateRemoved = "feature-gate-removed", Additive, "the item no longer needs a cargo feature; code that enabled it still compiles";
    FeatureGateChanged = "feature-gate-changed", Breaking, "the item now needs another cargo feature: code that enabled only the old one no longer compiles";
    // Documentation and the document as a whole.
    DocChanged = "doc-changed", Internal, "descriptions, summaries and examples only change rustdoc";
    ServerUrlChanged = "server-url-changed", Internal, "the default base URL changes; `base_url()` still overrides it and no signature changes";
    ServerUrlAdded = "server-url-added", Additive, "`build()` no longer needs `base_url()`";
    ServerUrlRemoved = "server-url-removed", Breaking, "without a default base URL `build()` fails unless `base_url()` is called";
    ApiInfoChanged = "api-info-changed", Internal, "title, version and description of the document only change docs and the manifest description";
    RateLimitHeadersChanged = "rate-limit-headers-changed", Internal, "which headers the rate-limit value is parsed from; its type is unchanged";
}
