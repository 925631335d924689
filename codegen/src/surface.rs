//! Stage 3½, surface: the public items of the generated crate, computed once from the IR and the
//! table of fixed members (`crate::members`), right after lower. The diff compares two surfaces
//! item by item (`crate::diff`), and a test (`tests/tests/surface.rs`) parses every generated crate
//! with `syn` and checks that its public items are exactly these.
//!
//! Each item has a **key**, what it comes from in the spec (an operationId, a schema's origin, a
//! property's wire name), which stays put when Rust names change, and a **path**, the Rust item. The
//! IR is destructured here without `..`: a new IR field does not compile until this module decides
//! whether it is part of an item's signature, of its wire form, of its doc, or of nothing public.

use std::collections::BTreeSet;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::emit::type_text;
use crate::ident::ident_text;
pub use crate::lower::ir::Gate;
use crate::lower::ir::{
    Api, ApiModule, ArmRole, Body, BodyForm, BodyKind, CursorParam, EnumVariant, Field, FieldPath, FormStyle,
    KeyLocation, Location, MultipartBody, OAuthFlow, Operation, Pagination, PaginationStyle, Param, Part, PartKind,
    PathStyle, RequestBody, ResponseArm, SchemeKind, SecurityScheme, Serialization, StatusMatch, Success, TextForm,
    TypeDef, TypeKind, TypeRef, UnionVariant, Usage, Webhook, WebhookEvent,
};
use crate::members;
use crate::pointer::Pointer;
use crate::Config;

/// The public items of a generated crate, in the order they are computed (stable for one IR).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surface {
    pub items: Vec<Item>,
}

/// What kind of Rust item it is (what `syn` sees).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Module,
    Struct,
    Enum,
    TypeAlias,
    Const,
    /// A variant of an enum.
    Variant,
    /// A public field of a struct.
    Field,
    /// A method (takes `self`).
    Method,
    /// An associated function (no `self`): constructors, `Client::builder`.
    AssocFn,
    /// A free function.
    Fn,
    /// A positional argument of a method (a path parameter of a client method): not an item of
    /// its own for `syn`, but part of its signature, with its own identity in the spec.
    Argument,
}

/// What an item is for the API, which decides the rule of a change to it (`diff::rules`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A client method: one operation.
    Operation,
    /// A path parameter: a positional argument of the client method.
    PathArg,
    /// A builder method setting a query or header parameter.
    ParamSetter,
    /// The builder's setter of the body's default form (`body()`).
    BodySetter,
    /// The builder's setter of another form of the body (`form_body()`, `text_body()`, …).
    BodyFormSetter,
    /// `send()`: its signature holds the success value.
    Send,
    /// `into_stream()` (and, inside it, `into_pages()`): pagination.
    Pagination,
    ErrorVariant,
    SuccessVariant,
    /// A named type of the `types` module.
    Type,
    /// A field of a struct (a property, or a part of a multipart body).
    Field,
    /// `new()`, taking the required fields positionally (`Item::args`).
    Constructor,
    /// A value of an open enum.
    EnumValue,
    UnionVariant,
    /// A credential setter of the client builder: one security scheme.
    CredentialSetter,
    /// Anything else the generator defines (fixed members, a builder's struct, an error enum).
    Other,
}

/// Who uses a type: the side of a change to it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sides {
    pub request: bool,
    pub response: bool,
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// What it comes from, stable across Rust renames (`op:getPet/param:query:limit`).
    pub key: String,
    /// The item from the crate root (`operations::GetPet::limit`, `Client::get_pet(pet_id)`).
    pub path: String,
    pub kind: Kind,
    pub role: Role,
    /// Its Rust signature, from the one printer of Rust types (`emit::type_text`): a field's declared
    /// type, a method's arguments and return type, a variant's payload, an alias's target; empty
    /// for what has no type of its own (a struct, a module).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
    /// The cargo features it is compiled under (`mock` for the constructors of types only received;
    /// an API module's; any of several modules' for a type they share). In JSON, as `Display` prints
    /// it (`any(pets, stores)`), and left out when it is always compiled.
    #[serde(
        default,
        skip_serializing_if = "Gate::is_always",
        serialize_with = "gate_out",
        deserialize_with = "gate_in"
    )]
    pub gate: Gate,
    /// The key of the item whose addition or removal includes this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// JSON pointer of what it comes from in the spec.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pointer: String,
    /// For a type and its members: where the type is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sides: Option<Sides>,
    /// Positional arguments by key, in order: a constructor's required fields, a client method's
    /// path parameters (the constructor's arity is their number).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// `send()` refuses to go without it (a required parameter or body).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demanded: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// How it goes on the wire, where that is not in its Rust signature (a parameter's style, a
    /// field's requiredness when nullable, a body's encoding): a change is internal.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub wire: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

impl Item {
    fn new(key: impl Into<String>, path: impl Into<String>, kind: Kind, role: Role) -> Self {
        Item {
            key: key.into(),
            path: path.into(),
            kind,
            role,
            signature: String::new(),
            gate: Gate::Always,
            parent: None,
            pointer: String::new(),
            sides: None,
            args: Vec::new(),
            demanded: false,
            deprecated: false,
            wire: String::new(),
            doc: None,
        }
    }
    fn sig(mut self, signature: impl Into<String>) -> Self {
        self.signature = signature.into();
        self
    }
    fn under(mut self, parent: &str) -> Self {
        self.parent = Some(parent.to_string());
        self
    }
    fn at(mut self, pointer: &str) -> Self {
        self.pointer = pointer.to_string();
        self
    }
    fn doc(mut self, doc: &Option<String>) -> Self {
        self.doc = doc.clone();
        self
    }
    fn wire(mut self, wire: impl Into<String>) -> Self {
        self.wire = wire.into();
        self
    }
    fn gate(mut self, gate: Gate) -> Self {
        self.gate = gate;
        self
    }
}

/// A gate in a surface's JSON: its text for people (`Gate`'s `Display`).
fn gate_out<S: Serializer>(gate: &Gate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(gate)
}

/// A gate read back from a surface's JSON (`Gate`'s `FromStr`, the inverse of its `Display`).
fn gate_in<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Gate, D::Error> {
    let text = String::deserialize(deserializer)?;
    Ok(text.parse().unwrap_or_else(|never: std::convert::Infallible| match never {}))
}

/// The cargo feature of test support: constructors of types only received, the `mock` module.
pub const MOCK_FEATURE: &str = "mock";
/// The cargo feature of webhooks.
pub const WEBHOOKS_FEATURE: &str = "webhooks";

/// The surface of the crate generated from `api` with `config`.
pub fn surface(api: &Api, config: &Config) -> Surface {
    let mut s = Builder { api, items: Vec::new(), keys: BTreeSet::new(), module: String::new() };
    s.crate_root(api, config);
    for op in &api.operations {
        s.operation(api, op);
    }
    for def in &api.types {
        s.type_def(def);
    }
    Surface { items: s.items }
}

struct Builder<'a> {
    /// The API whose items these are (a type reference prints as its type's name).
    api: &'a Api,
    items: Vec<Item>,
    keys: BTreeSet<String>,
    /// The Rust module of the operation being placed (`operations`, or its API module's).
    module: String,
}

impl Builder<'_> {
    /// Adds an item; a key met twice (a spec the generator had to rename in) gets a suffix, so that
    /// every key is unique.
    fn push(&mut self, mut item: Item) {
        if self.keys.contains(&item.key) {
            let base = item.key.clone();
            let mut n = 2;
            while self.keys.contains(&format!("{base}#{n}")) {
                n += 1;
            }
            item.key = format!("{base}#{n}");
        }
        self.keys.insert(item.key.clone());
        self.items.push(item);
    }

    /// A fixed item: its key is its path.
    fn fixed(&mut self, path: &str, kind: Kind, parent: Option<&str>) {
        let mut item = Item::new(format!("fixed:{path}"), path, kind, Role::Other);
        item.parent = parent.map(|p| format!("fixed:{p}"));
        self.push(item);
    }

    /// A fixed method of `owner`, with its signature from the table emit prints it from.
    fn fixed_method(&mut self, owner: &str, m: &members::Method) {
        let kind = if m.receiver.is_empty() { Kind::AssocFn } else { Kind::Method };
        let path = format!("{owner}::{}", m.name);
        let item = Item::new(format!("fixed:{path}"), path, kind, Role::Other).sig(m.signature());
        self.push(item.under(&format!("fixed:{owner}")));
    }

    fn crate_root(&mut self, api: &Api, config: &Config) {
        let Api {
            title: _,
            version: _,
            description: _,
            // Wire facts, compared by the diff over the IR (the document rules).
            default_base_url: _,
            rate_limit_headers: _,
            types: _,
            operations,
            security_schemes,
            modules,
            oauth_flows,
            webhooks,
        } = api;
        use members::crate_root;
        use members::signatures::{client, client_builder};
        for module in [crate_root::OPERATIONS, crate_root::TYPES] {
            self.fixed(module, Kind::Module, None);
        }
        self.fixed(crate_root::CLIENT, Kind::Struct, None);
        for method in [client::BASE_URL, client::REQUEST, client::BUILDER] {
            self.fixed_method(crate_root::CLIENT, &method);
        }
        self.fixed(crate_root::CLIENT_BUILDER, Kind::Struct, None);
        // The builder's setters, as `emit/client.rs` prints them (`credential` is `#[doc(hidden)]`).
        for method in client_builder::SETTERS.iter().chain([&client_builder::BUILD]) {
            self.fixed_method(crate_root::CLIENT_BUILDER, method);
        }
        for scheme in security_schemes {
            self.scheme(scheme);
        }
        self.fixed(crate_root::OPERATION_ERROR, Kind::Enum, None);
        for op in operations {
            let item = Item::new(
                format!("{}/any-error", op_key(op)),
                format!("{}::{}", crate_root::OPERATION_ERROR, op.error_variant),
                Kind::Variant,
                Role::Other,
            )
            .gate(module_gate(api, op));
            self.push(item.sig(format!("{}::{}", module_of(op), op.error_name)).under(&op_key(op)));
        }
        // Each API module: its Rust module, its handle, and the `Client` method that returns it.
        // (Its file is not public: `file_path` names where emit writes it.)
        for ApiModule { name, ident, handle, feature, file_path: _ } in modules {
            let key = format!("module:{}", escape(name));
            let module = ident_text(ident);
            let item = Item::new(&key, &module, Kind::Module, Role::Other)
                .gate(Gate::feature(feature))
                .at(&Pointer::from("/x-modules").child(name));
            self.push(item.wire(format!("cargo feature `{feature}`")));
            let handle_path = format!("{module}::{handle}");
            let item = Item::new(format!("{key}/handle"), handle_path, Kind::Struct, Role::Other);
            self.push(item.gate(Gate::feature(feature)).under(&key));
            let method = format!("{}::{module}", crate_root::CLIENT);
            self.push(
                Item::new(format!("{key}/client"), method, Kind::Method, Role::Other)
                    .gate(Gate::feature(feature))
                    .under(&key),
            );
        }
        // `runtime::api_error!(ApiError, OperationError)` defines it.
        self.fixed(crate_root::API_ERROR, Kind::Struct, None);
        let mut mock = Item::new(format!("fixed:{}", crate_root::MOCK), crate_root::MOCK, Kind::Module, Role::Other);
        mock.gate = Gate::feature(MOCK_FEATURE);
        self.push(mock);
        let builder_fn = members::signatures::MOCK_CLIENT_BUILDER;
        let path = format!("{}::{}", crate_root::MOCK, builder_fn.name);
        let item = Item::new(format!("fixed:{path}"), path, Kind::Fn, Role::Other)
            .sig(builder_fn.signature())
            .gate(Gate::feature(MOCK_FEATURE))
            .under(&format!("fixed:{}", crate_root::MOCK));
        self.push(item);
        let mut webhook = Item::new("fixed:webhook", "webhook", Kind::Module, Role::Other);
        webhook.gate = Gate::feature(WEBHOOKS_FEATURE);
        self.push(webhook);
        if config.webhook_public_key.is_some() {
            let item = Item::new(
                "fixed:webhook::PUBLISHED_PUBLIC_KEY",
                "webhook::PUBLISHED_PUBLIC_KEY",
                Kind::Const,
                Role::Other,
            )
            .gate(Gate::feature(WEBHOOKS_FEATURE))
            .under("fixed:webhook")
            .sig("&str");
            self.push(item);
        }
        self.webhooks(webhooks);
        self.oauth_flows(oauth_flows);
    }

    /// The event enum of the webhooks the spec declares (`webhook::WebhookEvent`, feature `webhooks`).
    fn webhooks(&mut self, webhooks: &[Webhook]) {
        if webhooks.is_empty() {
            return;
        }
        let enum_path = format!("webhook::{}", members::webhook::EVENT_ENUM);
        let key = "webhooks".to_string();
        let item = Item::new(&key, &enum_path, Kind::Enum, Role::Other).gate(Gate::feature(WEBHOOKS_FEATURE));
        self.push(item.under("fixed:webhook"));
        let method = format!("{enum_path}::{}", members::webhook::EVENT_TYPE);
        self.push(
            Item::new(format!("{key}/event_type"), method, Kind::Method, Role::Other)
                .gate(Gate::feature(WEBHOOKS_FEATURE))
                .under(&key),
        );
        for Webhook { key: name, payload, event, doc, pointer } in webhooks {
            // A payload with no event type has no variant (warned by lower): an `Event::Unknown`.
            let Some(WebhookEvent { event_type, variant }) = event else { continue };
            let item = Item::new(
                format!("{key}/event:{}", escape(name)),
                format!("{enum_path}::{variant}"),
                Kind::Variant,
                Role::Other,
            )
            .sig(type_text(self.api, payload))
            .wire(format!("type `{event_type}`"))
            .at(pointer)
            .doc(doc)
            .gate(Gate::feature(WEBHOOKS_FEATURE))
            .under(&key);
            self.push(item);
        }
    }

    /// The OAuth 2.0 flows the security schemes declare: the crate's `oauth` module (which also
    /// re-exports the runtime's OAuth support), the flow type, and one constant per scheme.
    fn oauth_flows(&mut self, flows: &[OAuthFlow]) {
        if flows.is_empty() {
            return;
        }
        let module = members::api_module::OAUTH;
        let key = format!("fixed:{module}");
        self.push(Item::new(&key, module, Kind::Module, Role::Other));
        let flow = format!("{module}::{}", members::oauth::FLOW);
        self.fixed(&flow, Kind::Struct, Some(module));
        use members::oauth::{AUTHORIZATION_URL, REFRESH_URL, SCOPES, TOKEN_URL};
        for field in [AUTHORIZATION_URL, TOKEN_URL, REFRESH_URL, SCOPES] {
            self.fixed(&format!("{flow}::{field}"), Kind::Field, Some(&flow));
        }
        self.fixed(&format!("{flow}::{}", members::oauth::CONFIG), Kind::Method, Some(&flow));
        for OAuthFlow { scheme, ident, authorization_url, token_url, refresh_url, scopes } in flows {
            let scopes: Vec<&str> = scopes.iter().map(|(name, _)| name.as_str()).collect();
            let item = Item::new(
                format!("oauth:{}", escape(scheme)),
                format!("{module}::{}", ident_text(ident)),
                Kind::Const,
                Role::Other,
            )
            .sig(members::oauth::FLOW)
            .wire(format!(
                "authorize at {authorization_url}, tokens at {token_url}, refresh at {}, scopes {}",
                refresh_url.as_deref().unwrap_or(token_url),
                scopes.join(" ")
            ))
            .at(&Pointer::from("/components/securitySchemes").child(scheme))
            .under(&key);
            self.push(item);
        }
    }

    fn scheme(&mut self, scheme: &SecurityScheme) {
        let SecurityScheme { name, setter, kind, doc } = scheme;
        let (signature, wire) = match kind {
            SchemeKind::Bearer => ("token: impl Into<Secret>", "bearer".to_string()),
            SchemeKind::OAuth2 => ("token: impl Into<Secret>", "oauth2".to_string()),
            SchemeKind::OpenIdConnect => ("token: impl Into<Secret>", "openIdConnect".to_string()),
            SchemeKind::Basic => ("user: impl Into<Secret>, password: impl Into<Secret>", "basic".to_string()),
            SchemeKind::ApiKey { location, name } => {
                let location = match location {
                    KeyLocation::Header => "header",
                    KeyLocation::Query => "query",
                    KeyLocation::Cookie => "cookie",
                };
                ("key: impl Into<Secret>", format!("api key in the {location} `{name}`"))
            }
        };
        let path = format!("{}::{}", members::crate_root::CLIENT_BUILDER, ident_text(setter));
        let item = Item::new(format!("scheme:{}", escape(name)), path, Kind::Method, Role::CredentialSetter)
            .sig(format!("fn(self, {signature}) -> Self"))
            .at(&Pointer::from("/components/securitySchemes").child(name))
            .wire(wire)
            .doc(doc);
        self.push(item);
    }

    /// An operation's items, each compiled with its API module's feature (one that has a gate of
    /// its own, such as `mock`, keeps it: the innermost `cfg` is the one that shows).
    fn operation(&mut self, api: &Api, op: &Operation) {
        let first = self.items.len();
        self.module = module_of(op);
        self.operation_items(api, op);
        self.gate_from(first, &module_gate(api, op));
    }

    /// Gives the items pushed since `first` that have no gate of their own `gate`.
    fn gate_from(&mut self, first: usize, gate: &Gate) {
        for item in &mut self.items[first..] {
            if item.gate.is_always() {
                item.gate.clone_from(gate);
            }
        }
    }

    fn operation_items(&mut self, api: &Api, op: &Operation) {
        let Operation {
            id: _,
            // Where its items are (`module_of`, `Api::module_of`), and its variant of `OperationError` (`crate_root`).
            module: _,
            error_variant: _,
            method_name,
            builder_name,
            error_name,
            // The module is private (its items are re-exported from `operations`), its file is the
            // write stage's: neither is a public item.
            module_name: _,
            file_path: _,
            // The URL is not part of the Rust API (`operation-moved`, over the IR).
            http_method: _,
            path_template: _,
            path: _,
            params,
            body,
            success,
            responses,
            pagination,
            doc,
            deprecated,
            pointer,
            // Wire facts, compared over the IR: credentials sent, media types, the `Accept` header.
            security: _,
            request_media_types: _,
            accept: _,
        } = op;
        let key = op_key(op);
        let builder = format!("{}::{builder_name}", self.module);
        let builder_key = format!("{key}/builder");
        // An operation of an API module is a method of the module's handle.
        let on = match api.module_of(op) {
            Some(am) => format!("{}::{}", ident_text(&am.ident), am.handle),
            None => members::crate_root::CLIENT.to_string(),
        };
        let mut anchor = Item::new(&key, format!("{on}::{}", ident_text(method_name)), Kind::Method, Role::Operation)
            .at(pointer)
            .doc(doc);
        anchor.deprecated = *deprecated;
        anchor.args = params.iter().filter(|p| p.location == Location::Path).map(|p| p.wire.clone()).collect();
        let method_path = anchor.path.clone();
        self.push(anchor);
        self.push(Item::new(&builder_key, &builder, Kind::Struct, Role::Other).under(&key));
        for p in params {
            self.param(&key, &method_path, &builder, p);
        }
        if let Some(body) = body {
            self.body(&key, &builder, op, body);
        }
        // The builder's own methods, from the table lower reserves from and emit prints from.
        use members::request_builder as m;
        for option in members::signatures::request_builder::OPTIONS {
            let name = option.name;
            let item = Item::new(format!("{key}/{name}"), format!("{builder}::{name}"), Kind::Method, Role::Other);
            self.push(item.sig(option.signature()).under(&key));
        }
        let success_type = success_text(self.api, &self.module, success);
        let error = format!("{}::{error_name}", self.module);
        let send = Item::new(format!("{key}/send"), format!("{builder}::{}", m::SEND), Kind::Method, Role::Send)
            .sig(format!("async fn(self) -> Result<Response<{success_type}>, Error<{error}>>"))
            .at(&format!("{pointer}/responses"))
            .under(&key);
        self.push(send);
        if *success == Success::Body(Body::Bytes) {
            let item = Item::new(
                format!("{key}/send_stream"),
                format!("{builder}::{}", m::SEND_STREAM),
                Kind::Method,
                Role::Other,
            )
            .sig(format!("async fn(self) -> Result<Response<ByteStream<{error}>>, Error<{error}>>"))
            .under(&key);
            self.push(item);
        }
        if let Some(p) = pagination {
            self.pagination(&key, &builder, op, &success_type, &error, p);
        }
        if let Success::ByStatus(name) = success {
            let item = Item::new(format!("{key}/success"), format!("{}::{name}", self.module), Kind::Enum, Role::Other);
            self.push(item.under(&key));
        }
        self.push(Item::new(format!("{key}/error"), &error, Kind::Enum, Role::Other).under(&key));
        for arm in responses {
            self.arm(&key, op, arm);
        }
    }

    fn param(&mut self, op_key: &str, method_path: &str, builder: &str, p: &Param) {
        let Param { wire, ident, location, required, ty, serialization, path_style, text, constant, doc, pointer } = p;
        // A one-value header is sent by the client: no item (`constant-header-changed`, over the IR).
        if constant.is_some() {
            return;
        }
        let form = wire_form(*serialization, *path_style, *text);
        let argument = argument_text(self.api, ty);
        let item = if *location == Location::Path {
            Item::new(
                format!("{op_key}/arg:{wire}"),
                format!("{method_path}({})", ident_text(ident)),
                Kind::Argument,
                Role::PathArg,
            )
        } else {
            let mut item = Item::new(
                format!("{op_key}/param:{}:{wire}", location.as_str()),
                format!("{builder}::{}", ident_text(ident)),
                Kind::Method,
                Role::ParamSetter,
            );
            item.demanded = *required;
            item
        };
        self.push(item.sig(argument).wire(form).at(pointer).doc(doc).under(op_key));
    }

    fn body(&mut self, op_key: &str, builder: &str, op: &Operation, body: &RequestBody) {
        let RequestBody { required, doc, forms } = body;
        let default_key = format!("{op_key}/body");
        let at = format!("{}/requestBody", op.pointer);
        for (i, form) in forms.iter().enumerate() {
            let BodyForm { media_type, setter, kind } = form;
            let (argument, wire) = match kind {
                BodyKind::Json { ty, content_type } => (
                    type_text(self.api, ty),
                    format!("json, sent as {}", content_type.as_deref().unwrap_or("application/json")),
                ),
                BodyKind::Form { ty, styles } => {
                    let styles: Vec<String> =
                        styles.iter().map(|(field, style)| format!("{field}: {}", form_style(*style))).collect();
                    (type_text(self.api, ty), format!("form, {}", styles.join(", ")))
                }
                BodyKind::Multipart(m) => (format!("{}::{}", self.module, m.name), "multipart".to_string()),
                BodyKind::Bytes { content_type: Some(t) } => ("impl Into<Payload>".into(), format!("bytes as {t}")),
                BodyKind::Bytes { content_type: None } => {
                    ("content_type: impl Into<String>, impl Into<Payload>".into(), "bytes".into())
                }
                BodyKind::Text { content_type: Some(t) } => ("impl Into<String>".into(), format!("text as {t}")),
                BodyKind::Text { content_type: None } => {
                    ("content_type: impl Into<String>, impl Into<String>".into(), "text".into())
                }
            };
            let path = format!("{builder}::{}", ident_text(setter));
            let item = if i == 0 {
                let mut item = Item::new(&default_key, path, Kind::Method, Role::BodySetter).under(op_key).doc(doc);
                item.demanded = *required;
                item
            } else {
                Item::new(format!("{op_key}/body:{setter}"), path, Kind::Method, Role::BodyFormSetter)
                    .under(&default_key)
            };
            let form_key = item.key.clone();
            // The media type leads: a change of it is the media types' rule, not an encoding change.
            self.push(item.sig(argument).wire(format!("{media_type}: {wire}")).at(&at));
            if let BodyKind::Multipart(m) = kind {
                self.multipart(&form_key, &at, m);
            }
        }
    }

    fn multipart(&mut self, form_key: &str, at: &str, m: &MultipartBody) {
        let MultipartBody { name, doc, parts, open } = m;
        let key = format!("{form_key}/multipart");
        let path = format!("{}::{name}", self.module);
        self.push(Item::new(&key, &path, Kind::Struct, Role::Other).under(form_key).at(at).doc(doc));
        let mut positional = Vec::new();
        let mut ctor_args = Vec::new();
        for part in parts {
            let Part { wire, ident, kind, required, doc } = part;
            let (t, wire_form) = match kind {
                PartKind::File { content_type } => ("FilePart".to_string(), format!("file, {content_type}")),
                PartKind::Files { content_type } => ("Vec<FilePart>".to_string(), format!("files, {content_type}")),
                PartKind::Value(t) => (type_text(self.api, t), "value".to_string()),
                PartKind::Json(t) => (type_text(self.api, t), "json".to_string()),
            };
            let listed = matches!(kind, PartKind::Files { .. });
            let option = !required && !listed;
            let declared = if option { format!("Option<{t}>") } else { t.clone() };
            let field_key = format!("{key}/part:{wire}");
            let field_path = format!("{path}::{}", ident_text(ident));
            if *required && !option {
                positional.push(wire.clone());
                ctor_args.push(format!("{}: {t}", ident_text(ident)));
            }
            let item = Item::new(&field_key, &field_path, Kind::Field, Role::Field)
                .sig(declared)
                .wire(wire_form)
                .at(at)
                .doc(doc)
                .under(&key);
            self.push(item);
            if !required {
                let setter = Item::new(format!("{field_key}/set"), &field_path, Kind::Method, Role::Other)
                    .sig(format!("fn(self, {t}) -> Self"))
                    .under(&field_key);
                self.push(setter);
            }
        }
        let mut ctor = Item::new(
            format!("{key}/new"),
            format!("{path}::{}", members::multipart::NEW),
            Kind::AssocFn,
            Role::Constructor,
        )
        .sig(format!("fn({}) -> {name}", ctor_args.join(", ")))
        .at(at)
        .under(&key);
        ctor.args = positional;
        ctor.sides = Some(Sides { request: true, response: false });
        self.push(ctor);
        if *open {
            use members::signatures::multipart::{ADDITIONAL_FILE, ADDITIONAL_TEXT};
            for m in [ADDITIONAL_TEXT, ADDITIONAL_FILE] {
                let method = m.name;
                let item = Item::new(format!("{key}/{method}"), format!("{path}::{method}"), Kind::Method, Role::Other)
                    .sig(m.signature())
                    .at(at)
                    .under(&key);
                self.push(item);
            }
        }
    }

    fn pagination(&mut self, op_key: &str, builder: &str, op: &Operation, page: &str, error: &str, p: &Pagination) {
        let Pagination { style, items_field, item_type } = p;
        use members::request_builder as m;
        // A field path as the spec writes it (`meta.total`).
        let field = |path: &FieldPath| path.iter().map(|f: &Field| f.wire.as_str()).collect::<Vec<_>>().join(".");
        let param = |index: &usize| op.params.get(*index).map_or("?", |p| p.wire.as_str());
        let optional = |path: &Option<FieldPath>, none: &str| path.as_ref().map_or(none.to_string(), field);
        let how = match style {
            PaginationStyle::Cursor { cursor_param, cursor_field, has_more_field } => format!(
                "cursor `{}` from `{}`, more while `{}`",
                param(cursor_param),
                field(cursor_field),
                optional(has_more_field, "(always)")
            ),
            PaginationStyle::Cursors { cursors } => {
                let each: Vec<String> = cursors
                    .iter()
                    .map(|CursorParam { param: index, field: from }| {
                        format!("`{}` from `{}`", param(index), field(from))
                    })
                    .collect();
                format!("cursors {}", each.join(", "))
            }
            PaginationStyle::Offset { offset_param, limit_param, total_field, default } => format!(
                "offset `{}` from {default}, limit `{}`, total `{}`",
                param(offset_param),
                limit_param.as_ref().map_or("(none)", param),
                optional(total_field, "(none)")
            ),
            PaginationStyle::Page { page_param, limit_param, total_field, default, base } => format!(
                "page `{}` from {default} (counted from {base}), limit `{}`, total `{}`",
                param(page_param),
                limit_param.as_ref().map_or("(none)", param),
                optional(total_field, "(none)")
            ),
        };
        let wire = format!("{how}, items in `{}`", field(items_field));
        let at = format!("{}/x-pagination", op.pointer);
        let stream_key = format!("{op_key}/into_stream");
        let item = type_text(self.api, item_type);
        let stream = Item::new(&stream_key, format!("{builder}::{}", m::INTO_STREAM), Kind::Method, Role::Pagination)
            .sig(format!("fn(self) -> impl Stream<Item = Result<{item}, Error<{error}>>>"))
            .wire(wire)
            .at(&at)
            .under(op_key);
        self.push(stream);
        let pages = Item::new(
            format!("{op_key}/into_pages"),
            format!("{builder}::{}", m::INTO_PAGES),
            Kind::Method,
            Role::Other,
        )
        .sig(format!("fn(self) -> impl Stream<Item = Result<Response<{page}>, Error<{error}>>>"))
        .at(&at)
        .under(&stream_key);
        self.push(pages);
    }

    fn arm(&mut self, op_key: &str, op: &Operation, arm: &ResponseArm) {
        let ResponseArm {
            status,
            body,
            role,
            // The arm's description, media types and envelope are compared over the IR (wire).
            doc: _,
            pointer,
            media_types: _,
            envelope: _,
        } = arm;
        let status = status_key(*status);
        let (key, path, item_role, payload) = match role {
            ArmRole::Success => return,
            ArmRole::SuccessVariant(variant) => {
                let Success::ByStatus(name) = &op.success else { return };
                let payload = match body {
                    Body::Empty => String::new(),
                    other => body_text(self.api, other),
                };
                (
                    format!("{op_key}/success:{status}"),
                    format!("{}::{name}::{variant}", self.module),
                    Role::SuccessVariant,
                    payload,
                )
            }
            ArmRole::Error(variant) | ArmRole::SuccessOrError(variant) => {
                let payload = match body {
                    Body::Json(t) => format!("Box<{}>", type_text(self.api, t)),
                    Body::Empty | Body::Bytes | Body::Text => String::new(),
                };
                (
                    format!("{op_key}/error:{status}"),
                    format!("{}::{}::{variant}", self.module, op.error_name),
                    Role::ErrorVariant,
                    payload,
                )
            }
        };
        let parent = if item_role == Role::ErrorVariant { "error" } else { "success" };
        let item = Item::new(key, path, Kind::Variant, item_role)
            .sig(payload)
            .at(pointer)
            .under(&format!("{op_key}/{parent}"));
        self.push(item);
    }

    /// A type's items, each compiled with the features of the modules that reach it.
    fn type_def(&mut self, def: &TypeDef) {
        let first = self.items.len();
        self.type_items(def);
        self.gate_from(first, &def.gate);
    }

    fn type_items(&mut self, def: &TypeDef) {
        let TypeDef {
            name,
            doc,
            kind,
            usage,
            pointer,
            // The features that compile it: `type_def`.
            gate: _,
        } = def;
        let Usage { request, response } = *usage;
        let sides = Some(Sides { request, response });
        let key = format!("type:{}", escape(pointer));
        let path = format!("types::{name}");
        let (rust_kind, signature) = match kind {
            TypeKind::Struct { .. } => (Kind::Struct, String::new()),
            TypeKind::Enum { .. } | TypeKind::Union { .. } => (Kind::Enum, String::new()),
            TypeKind::Alias(target) => (Kind::TypeAlias, type_text(self.api, target)),
        };
        let mut anchor = Item::new(&key, &path, rust_kind, Role::Type).sig(signature).at(pointer).doc(doc);
        anchor.sides = sides;
        // Struct, enum and union are told apart by the role of their members, and by `wire`.
        anchor.wire = match kind {
            TypeKind::Struct { .. } => "struct",
            TypeKind::Enum { .. } => "open enum",
            TypeKind::Union { .. } => "union",
            TypeKind::Alias(_) => "alias",
        }
        .into();
        self.push(anchor);
        let member = |suffix: &str, path: String, kind: Kind, role: Role| {
            let mut item = Item::new(format!("{key}/{suffix}"), path, kind, role).under(&key).at(pointer);
            item.sides = sides;
            item
        };
        match kind {
            TypeKind::Struct { fields } => {
                let mut args = Vec::new();
                let mut positional = Vec::new();
                for f in fields {
                    let Field { wire, ident, ty, required, nullable, boxed, doc, pointer: at } = f;
                    let inner =
                        if *boxed { format!("Box<{}>", type_text(self.api, ty)) } else { type_text(self.api, ty) };
                    let in_new = *required && !*nullable;
                    let declared = if in_new { inner } else { format!("Option<{inner}>") };
                    if in_new {
                        positional.push(wire.clone());
                        args.push(format!("{}: {declared}", ident_text(ident)));
                    }
                    let item = member(
                        &format!("field:{wire}"),
                        format!("{path}::{}", ident_text(ident)),
                        Kind::Field,
                        Role::Field,
                    )
                    .at(at)
                    .wire(if *required { "required" } else { "optional" })
                    .doc(doc);
                    self.push(item.sig(declared));
                }
                let unknown = members::types::UNKNOWN_FIELDS;
                let item = member("unknown-fields", format!("{path}::{unknown}"), Kind::Field, Role::Other);
                self.push(item.sig("Map<String, Value>"));
                // Types a request carries always have `new()`; the others only for tests (`mock`).
                let mut ctor =
                    member("new", format!("{path}::{}", members::types::NEW), Kind::AssocFn, Role::Constructor)
                        .sig(format!("fn({}) -> {name}", args.join(", ")))
                        .gate(if request { Gate::Always } else { Gate::feature(MOCK_FEATURE) });
                ctor.args = positional;
                self.push(ctor);
            }
            TypeKind::Enum { variants } => {
                for (i, v) in variants.iter().enumerate() {
                    let EnumVariant { wire, ident, doc } = v;
                    let item =
                        member(&format!("value:{wire}"), format!("{path}::{ident}"), Kind::Variant, Role::EnumValue)
                            .at(&format!("{pointer}/enum/{i}"))
                            .doc(doc);
                    self.push(item);
                }
                let unknown = members::types::UNKNOWN_VARIANT;
                self.push(
                    member("unknown", format!("{path}::{unknown}"), Kind::Variant, Role::Other).sig("UnknownValue"),
                );
                for method in [members::types::AS_STR, members::types::IS_UNKNOWN] {
                    self.push(member(method, format!("{path}::{method}"), Kind::Method, Role::Other));
                }
            }
            TypeKind::Union { variants, fallback } => {
                for v in variants {
                    let UnionVariant { ident, ty, boxed } = v;
                    let payload =
                        if *boxed { format!("Box<{}>", type_text(self.api, ty)) } else { type_text(self.api, ty) };
                    let item = member(
                        &format!("variant:{ident}"),
                        format!("{path}::{ident}"),
                        Kind::Variant,
                        Role::UnionVariant,
                    );
                    self.push(item.sig(payload));
                }
                if let Some(other) = fallback {
                    let item = member("fallback", format!("{path}::{other}"), Kind::Variant, Role::Other);
                    self.push(item.sig("Value"));
                }
            }
            TypeKind::Alias(_) => {}
        }
    }
}

/// What a builder method or positional argument takes for a parameter of type `t` (as
/// `emit/operations.rs`'s `argument_type`).
fn argument_text(api: &Api, t: &TypeRef) -> String {
    match t {
        TypeRef::String => "impl Into<String>".into(),
        TypeRef::List(inner) => format!("impl IntoIterator<Item = {}>", type_text(api, inner)),
        other => type_text(api, other),
    }
}

fn wire_form(serialization: Serialization, style: PathStyle, text: TextForm) -> String {
    let serialization = match serialization {
        Serialization::Single => "single".to_string(),
        Serialization::Joined(sep) => format!("joined by `{sep}`"),
        Serialization::Each => "repeated".into(),
        Serialization::Json => "json".into(),
    };
    let style = match style {
        PathStyle::Simple => "simple".to_string(),
        PathStyle::Label { explode } => format!("label{}", if explode { ", exploded" } else { "" }),
        PathStyle::Matrix { explode } => format!("matrix{}", if explode { ", exploded" } else { "" }),
    };
    let text = match text {
        TextForm::Str => "str",
        TextForm::Enum => "enum",
        TextForm::Display => "display",
        TextForm::Json => "json",
    };
    format!("{serialization}, {style}, as {text}")
}

fn form_style(style: FormStyle) -> String {
    match style {
        FormStyle::Form { explode } => format!("form{}", if explode { ", exploded" } else { "" }),
        FormStyle::SpaceDelimited => "spaceDelimited".into(),
        FormStyle::PipeDelimited => "pipeDelimited".into(),
        FormStyle::DeepObject => "deepObject".into(),
        FormStyle::Json => "json".into(),
    }
}

fn status_key(status: StatusMatch) -> String {
    status.key()
}

fn body_text(api: &Api, b: &Body) -> String {
    match b {
        Body::Json(t) => type_text(api, t),
        Body::Empty => "()".into(),
        Body::Bytes => "Bytes".into(),
        Body::Text => "String".into(),
    }
}

fn success_text(api: &Api, module: &str, s: &Success) -> String {
    match s {
        Success::Body(b) => body_text(api, b),
        Success::ByStatus(name) => format!("{module}::{name}"),
    }
}

/// The Rust module an operation's items are in: `operations`, or its API module's.
fn module_of(op: &Operation) -> String {
    match &op.module {
        Some(module) => ident_text(module),
        None => members::crate_root::OPERATIONS.to_string(),
    }
}

/// The cargo features that compile an operation: its API module's.
fn module_gate(api: &Api, op: &Operation) -> Gate {
    api.module_of(op).map_or(Gate::Always, |m| Gate::feature(&m.feature))
}

/// A spec name or pointer inside a key: `~` and `/` escaped as in a JSON pointer, so that the first
/// `/` of a key ends its owner (`op:…`, `type:…`).
pub use crate::pointer::escape;

/// The key of an operation's items: its operationId within its API module (`op:getPet`,
/// `op:pets:getPet`), so that the same id in two modules is two operations, and an operation that
/// moves to another module is removed and added.
pub(crate) fn op_key(op: &Operation) -> String {
    match &op.module {
        Some(module) => format!("op:{}:{}", escape(module), escape(&op.id)),
        None => format!("op:{}", escape(&op.id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gate_is_its_features_and_its_json_is_the_text_people_read() {
        let mut item = Item::new("op:getPet", "Client::get_pet", Kind::Method, Role::Operation);
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json.get("gate"), None, "an item compiled always has no gate in JSON");
        for (gate, text) in [
            (Gate::feature("pets"), "pets"),
            (Gate::Features(vec!["pets".into(), "stores".into()]), "any(pets, stores)"),
        ] {
            item.gate = gate.clone();
            let json = serde_json::to_value(&item).unwrap();
            assert_eq!(json["gate"], text);
            let read: Item = serde_json::from_value(json).unwrap();
            assert_eq!(read.gate, gate);
        }
    }

    #[test]
    fn fixed_members_have_their_signatures_and_a_change_to_one_is_signature_changed() {
        let now = surface(&Api::empty("Nothing"), &Config::default());
        let signature = |surface: &Surface, path: &str| {
            surface.items.iter().find(|i| i.path == path).map(|i| i.signature.clone()).unwrap_or_default()
        };
        assert_eq!(signature(&now, "Client::builder"), "fn() -> ClientBuilder");
        assert_eq!(signature(&now, "Client::request"), "fn(&self, Method, impl Into<String>) -> RawRequest");
        assert_eq!(signature(&now, "ClientBuilder::timeout"), "fn(self, Duration) -> Self");
        assert_eq!(signature(&now, "ClientBuilder::build"), "fn(self) -> Result<Client, BuildError>");
        assert_eq!(signature(&now, "mock::client_builder"), "fn(&MockServer) -> ClientBuilder");
        // The crate of a generator whose `ClientBuilder::timeout` took milliseconds.
        let mut before = now.clone();
        let timeout = before.items.iter_mut().find(|i| i.path == "ClientBuilder::timeout").unwrap();
        timeout.signature = "fn(self, u64) -> Self".into();
        let changes: Vec<_> =
            crate::diff::compare_surfaces(&before, &now).into_iter().map(|c| (c.rule, c.item)).collect();
        assert_eq!(changes, [(crate::diff::Rule::SignatureChanged, "ClientBuilder::timeout".to_string())]);
    }
}
