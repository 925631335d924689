//! The intermediate representation: what the crate will contain, in the order it will be emitted,
//! with every name already decided. Emitters read only this, never the OpenAPI model.

/// The whole API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server's URL, when it is absolute.
    pub default_base_url: Option<String>,
    pub rate_limit_headers: RateLimitHeaders,
    /// The named types, in the order they are emitted: an arena, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The security schemes the client can send a credential for, in document order.
    pub security_schemes: Vec<SecurityScheme>,
    /// The API modules (`x-modules`), in document order: none for a spec that declares none.
    pub modules: Vec<ApiModule>,
    /// The OAuth 2.0 authorization-code flows the security schemes declare, in document order.
    pub oauth_flows: Vec<OAuthFlow>,
    /// The webhooks the API sends (`webhooks`, or `x-webhooks` in a 3.0 document), in document order.
    pub webhooks: Vec<Webhook>,
}

impl Api {
    /// An API of nothing but its title (for tests): the crate is its fixed members.
    #[cfg(test)]
    pub(crate) fn empty(title: &str) -> Api {
        Api {
            title: title.into(),
            version: "1".into(),
            description: None,
            default_base_url: None,
            rate_limit_headers: RateLimitHeaders::default(),
            types: Vec::new(),
            operations: Vec::new(),
            security_schemes: Vec::new(),
            modules: Vec::new(),
            oauth_flows: Vec::new(),
            webhooks: Vec::new(),
        }
    }

    /// The named type `id` identifies.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }

    /// The named type Rust calls `name`: a linear search, for tools and tests that know a type only
    /// by its Rust name (the generator goes by id, and the diff matches types by origin).
    pub fn type_named(&self, name: &str) -> Option<TypeId> {
        self.types.iter().position(|t| t.name == name).map(TypeId)
    }

    /// The API module an operation belongs to (`None`: a method of the client itself).
    pub fn module_of(&self, op: &Operation) -> Option<&ApiModule> {
        let ident = op.module.as_ref()?;
        self.modules.iter().find(|m| &m.ident == ident)
    }

    /// The operations of an API module, in document order.
    pub fn operations_of<'a>(&'a self, module: &'a ApiModule) -> impl Iterator<Item = &'a Operation> + 'a {
        self.operations.iter().filter(move |op| op.module.as_ref() == Some(&module.ident))
    }
}

/// An API module (`x-modules`): a Rust module of the crate, the `Client` method that returns its
/// handle, and the cargo feature that compiles both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiModule {
    /// The module's name in the spec (its key under `x-modules`).
    pub name: String,
    /// The Rust module, and the `Client` method that returns its handle.
    pub ident: String,
    /// The handle's type (in the module): a clone of the client whose methods are the operations.
    pub handle: String,
    /// The cargo feature that compiles the module.
    pub feature: String,
    /// The module's file, relative to the crate root (`src/<module>/mod.rs`); its operations' files
    /// are beside it.
    pub file_path: String,
}

/// Which features compile an item of the crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Gate {
    /// Always: an item reached by an operation of no module (or by no operation).
    #[default]
    Always,
    /// When any of these features is on (in the order of the modules): an item only the
    /// operations of those modules reach.
    Features(Vec<String>),
}

impl Gate {
    /// Compiled with the one feature `name`.
    pub fn feature(name: &str) -> Gate {
        Gate::Features(vec![name.to_string()])
    }

    pub fn is_always(&self) -> bool {
        *self == Gate::Always
    }

    /// The features any of which compiles it (none: always compiled).
    pub fn features(&self) -> &[String] {
        match self {
            Gate::Always => &[],
            Gate::Features(features) => features,
        }
    }
}

/// For people (reports, the surface's JSON): as the `cfg` predicate names the features, `pets` or
/// `any(pets, stores)`; `always` when there is none.
impl std::fmt::Display for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.features() {
            [] => f.write_str("always"),
            [one] => f.write_str(one),
            several => write!(f, "any({})", several.join(", ")),
        }
    }
}

/// A gate read back from the text `Display` prints (`always`, `pets`, `any(pets, stores)`), as a
/// recorded surface holds it.
impl std::str::FromStr for Gate {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Gate, Self::Err> {
        let list = text.strip_prefix("any(").and_then(|rest| rest.strip_suffix(')'));
        Ok(match list {
            Some(list) => Gate::Features(list.split(',').map(|f| f.trim().to_string()).collect()),
            None if text == "always" => Gate::Always,
            None => Gate::feature(text),
        })
    }
}

/// A webhook: a request the API sends to its subscribers, whose JSON body is an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The key under `webhooks`.
    pub key: String,
    /// The payload's type.
    pub payload: TypeRef,
    /// The event this webhook is, in the crate's event enum; `None` when the payload has no event
    /// type to key it by (warned).
    pub event: Option<WebhookEvent>,
    pub doc: Option<String>,
    /// JSON pointer of the webhook's operation (`/webhooks/<key>/post`, or under `/x-webhooks`).
    pub pointer: String,
}

/// A variant of the event enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    /// The value of the payload's `type` field that marks this event.
    pub event_type: String,
    pub variant: String,
}

/// An OAuth 2.0 authorization-code flow of an `oauth2` security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthFlow {
    /// The key under `securitySchemes`.
    pub scheme: String,
    /// The constant's name in the crate's `oauth` module (`SCREAMING_SNAKE_CASE` of the scheme).
    pub ident: String,
    pub authorization_url: String,
    pub token_url: String,
    pub refresh_url: Option<String>,
    /// The scopes (name, description), in document order.
    pub scopes: Vec<(String, String)>,
}

/// A security scheme of `components.securitySchemes`: a credential setter on the client builder.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key under `securitySchemes`, as security requirements name it.
    pub name: String,
    /// The client builder's setter for its credential.
    pub setter: String,
    pub kind: SchemeKind,
    pub doc: Option<String>,
}

/// How a request carries a scheme's credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// http `bearer`: a token.
    Bearer,
    /// http `basic`: a user and a password.
    Basic,
    /// `apiKey`: a key in the header, query parameter or cookie `name`.
    ApiKey { location: KeyLocation, name: String },
    /// `oauth2`: an access token, sent as bearer.
    OAuth2,
    /// `openIdConnect`: an access token, sent as bearer.
    OpenIdConnect,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// Names of the response headers that carry rate limits (`x-rate-limit-headers`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RateLimitHeaders {
    pub limit: Option<String>,
    pub remaining: Option<String>,
    pub interval_ms: Option<String>,
    pub daily_limit: Option<String>,
    pub daily_remaining: Option<String>,
}

/// A reference to a type, as a field or parameter uses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    String,
    Bool,
    Integer(IntegerKind),
    Number,
    /// A named type of the `types` module.
    Named(TypeId),
    List(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// `null` or the value.
    Nullable(Box<TypeRef>),
    /// Any JSON value: what the generator cannot type more precisely.
    Any,
}

impl TypeRef {
    /// Calls `f` on every type id this reference names (through lists, maps and `null`).
    pub fn ids_mut(&mut self, f: &mut impl FnMut(&mut TypeId)) {
        match self {
            TypeRef::Named(id) => f(id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.ids_mut(f),
            TypeRef::String | TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Any => {}
        }
    }
}

/// The identity of a named type: its index in [`Api::types`]. Its name is what Rust calls it,
/// decided once by lower; where it comes from is its `pointer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(usize);

impl TypeId {
    pub(crate) fn new(index: usize) -> Self {
        TypeId(index)
    }

    /// Its index in [`Api::types`].
    pub fn index(self) -> usize {
        self.0
    }
}

/// The width and sign of an integer (`format: int32`, `uint64`, …; `int64` when none is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntegerKind {
    I32,
    I64,
    U32,
    U64,
}

/// A named type of the `types` module.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Its Rust name (unique in the `types` module).
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// Where the type is used (computed once, after every operation is lowered).
    pub usage: Usage,
    /// The features that compile it: those of the modules whose operations reach it (computed
    /// with `usage`).
    pub gate: Gate,
    /// JSON pointer of the schema it comes from (in the bundled document).
    pub pointer: String,
}

/// Where a type is used, which decides what consumers do with it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from a parameter or a request body: consumers build it (it has `new()` always).
    pub request: bool,
    /// Reachable from a response body: consumers read it.
    pub response: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
    },
    /// An open string enum.
    Enum {
        variants: Vec<EnumVariant>,
    },
    /// A value that is one of several types (`oneOf`/`anyOf`), tried in order.
    Union {
        variants: Vec<UnionVariant>,
        /// The variant that keeps, as JSON, a value no variant accepts; `None` when a variant
        /// already takes any JSON value.
        fallback: Option<String>,
    },
    /// Another name for a type.
    Alias(TypeRef),
}

impl TypeKind {
    /// The types it holds directly: its fields', its variants', its target.
    pub fn refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct { fields } => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(t) => vec![t],
            TypeKind::Enum { .. } => Vec::new(),
        }
    }

    /// [`Self::refs`], to change.
    pub fn refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            TypeKind::Struct { fields } => fields.iter_mut().map(|f| &mut f.ty).collect(),
            TypeKind::Union { variants, .. } => variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Alias(t) => vec![t],
            TypeKind::Enum { .. } => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire: String,
    pub ident: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Boxed to break a cycle of types that contain each other directly.
    pub boxed: bool,
    pub doc: Option<String>,
    /// JSON pointer of the property (for a merged `allOf`, under the merged schema).
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub wire: String,
    pub ident: String,
    /// What the value means (`x-enum-descriptions`).
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub ident: String,
    pub ty: TypeRef,
    /// Boxed to break a cycle: the variant's type contains the union directly.
    pub boxed: bool,
}

/// One API operation: a method on the client and a request builder.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub id: String,
    /// The module it belongs to (the [`ApiModule::ident`]); `None`: the crate root's, always compiled.
    pub module: Option<String>,
    /// Its variant of the crate's `OperationError` (unique across modules).
    pub error_variant: String,
    /// Client method, builder type, error enum, and module (file) name.
    pub method_name: String,
    pub builder_name: String,
    pub error_name: String,
    pub module_name: String,
    /// The module's file, relative to the crate root (`src/operations/<module>.rs`, or
    /// `src/<api module>/<module>.rs` for an operation of an API module).
    pub file_path: String,
    pub http_method: HttpMethod,
    pub path_template: String,
    pub path: Vec<PathPart>,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub success: Success,
    pub responses: Vec<ResponseArm>,
    pub pagination: Option<Pagination>,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// JSON pointer of the operation (`/paths/…/get`).
    pub pointer: String,
    /// The security requirement that applies (the operation's, else the document's): alternatives,
    /// each the names of the schemes it needs together. `None` when neither says anything.
    pub security: Option<Vec<Vec<String>>>,
    /// Every media type the request body is documented in.
    pub request_media_types: Vec<String>,
    /// What the caller is asked for, or sends, when the success body is not JSON: the
    /// `Accept` header (`None`: the client's default, JSON).
    pub accept: Option<String>,
}

/// The HTTP method of an operation (the eight an OpenAPI path item may hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// The method of a path item's key (`get`, `post`, …; any case).
    pub fn from_key(key: &str) -> Option<HttpMethod> {
        Some(match key.to_ascii_lowercase().as_str() {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            _ => return None,
        })
    }

    /// The method as HTTP writes it: `GET`, `POST`, …
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// Index into `params`.
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
}

impl Location {
    /// The location as the spec writes it (`in: query`).
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        }
    }
}

/// How a parameter's value goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serialization {
    /// One scalar value.
    Single,
    /// A list joined by a separator in one value (`type=a,b`).
    Joined(char),
    /// A list as repeated parameters (`type=a&type=b`).
    Each,
    /// Anything else, as a JSON text.
    Json,
}

/// How a path parameter is written in its place: OpenAPI's `style` for `in: path`, and for a list
/// whether it is exploded (`simple` writes a list the same either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `5`, `3,4,5`.
    Simple,
    /// `.5`, `.3,4,5`, exploded `.3.4.5`.
    Label { explode: bool },
    /// `;id=5`, `;id=3,4,5`, exploded `;id=3;id=4;id=5`.
    Matrix { explode: bool },
}

/// How a value becomes the text of a path, query or header value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextForm {
    /// A string: itself.
    Str,
    /// An open enum: its wire value.
    Enum,
    /// A number or a boolean: its display form.
    Display,
    /// Anything else: its JSON form (a JSON string without its quotes).
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire: String,
    /// Builder method and field name (positional argument name for path parameters).
    pub ident: String,
    pub location: Location,
    pub required: bool,
    pub ty: TypeRef,
    pub serialization: Serialization,
    /// How a path parameter is written in its place ([`PathStyle::Simple`] for the others).
    pub path_style: PathStyle,
    /// How the value (a list: each item) is written as text.
    pub text: TextForm,
    /// The one value a header may take: sent automatically, never asked of the caller.
    pub constant: Option<String>,
    pub doc: Option<String>,
    /// JSON pointer of the parameter.
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub required: bool,
    pub doc: Option<String>,
    /// The forms the caller may send it in, one per kind: the first (JSON where offered) is the
    /// default, set with `body()`; each has its own builder setter.
    pub forms: Vec<BodyForm>,
}

impl RequestBody {
    /// The default form.
    pub fn default_form(&self) -> &BodyForm {
        &self.forms[0]
    }

    /// Every type the caller builds to send the body, in any form.
    pub fn types(&self) -> impl Iterator<Item = &TypeRef> {
        self.forms.iter().flat_map(|form| match &form.kind {
            BodyKind::Json { ty, .. } | BodyKind::Form { ty, .. } => vec![ty],
            BodyKind::Multipart(m) => m
                .parts
                .iter()
                .filter_map(|p| match &p.kind {
                    PartKind::Value(ty) | PartKind::Json(ty) => Some(ty),
                    PartKind::File { .. } | PartKind::Files { .. } => None,
                })
                .collect(),
            BodyKind::Bytes { .. } | BodyKind::Text { .. } => vec![],
        })
    }
}

/// One form of a request body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyForm {
    /// The media type it is documented under.
    pub media_type: String,
    /// The builder setter (and field) that holds it.
    pub setter: String,
    pub kind: BodyKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// JSON of this type, sent with the `Content-Type` `content_type` when there is one (a vendor
    /// JSON type), else `application/json`.
    Json { ty: TypeRef, content_type: Option<String> },
    /// `application/x-www-form-urlencoded`: the fields of this type, each encoded in the style
    /// the `encoding` object gives it (fields not listed are `form`, exploded).
    Form { ty: TypeRef, styles: Vec<(String, FormStyle)> },
    /// `multipart/form-data`: the parts of a struct of the operation's module.
    Multipart(MultipartBody),
    /// Bytes or a stream; `content_type` is the media type sent, or `None` when the caller
    /// names it (the spec lists several, or a pattern such as `image/*`).
    Bytes { content_type: Option<String> },
    /// A string; `content_type` as for bytes.
    Text { content_type: Option<String> },
}

/// How a form field is encoded (OpenAPI's `encoding` object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    Form {
        explode: bool,
    },
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    /// `contentType: application/json`: the value's JSON text.
    Json,
}

/// A `multipart/form-data` body: a struct, named here, with a field per part.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartBody {
    pub name: String,
    pub doc: Option<String>,
    pub parts: Vec<Part>,
    /// Parts the schema does not name may be added (`additionalProperties` is not `false`).
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub wire: String,
    pub ident: String,
    pub kind: PartKind,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// A file (`format: binary`); `content_type` applies when the caller gives none.
    File { content_type: String },
    /// Several files under one name.
    Files { content_type: String },
    /// A value sent as text (scalars; one part per item of an array) or as JSON (objects).
    Value(TypeRef),
    /// A value the `encoding` object sends as JSON.
    Json(TypeRef),
}

/// What a response body is decoded as.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Json(TypeRef),
    Empty,
    Bytes,
    /// `text/*`: a string.
    Text,
}

/// What an operation's `send()` gives on success.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// Every success status has this body.
    Body(Body),
    /// The success statuses have different bodies: the enum of this name (in the operation's
    /// module), with a variant per success arm (named on the arm) that holds the arm's body.
    ByStatus(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX`: the hundreds digit.
    Range(u16),
    Default,
}

impl StatusMatch {
    /// The key of the response in the spec: `404`, `4XX`, `default`.
    pub fn key(self) -> String {
        match self {
            StatusMatch::Code(c) => c.to_string(),
            StatusMatch::Range(r) => format!("{r}XX"),
            StatusMatch::Default => "default".into(),
        }
    }

    /// One status this matches, for a server that must answer with it (a mock): a range gives
    /// its first status, `default` gives 500.
    pub fn representative(self) -> u16 {
        match self {
            StatusMatch::Code(code) => code,
            StatusMatch::Range(hundreds) => hundreds * 100,
            StatusMatch::Default => 500,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseArm {
    pub status: StatusMatch,
    pub body: Body,
    /// What the arm decodes as.
    pub role: ArmRole,
    pub doc: Option<String>,
    /// JSON pointer of the response (`…/responses/404`).
    pub pointer: String,
    /// Every media type the response is documented in.
    pub media_types: Vec<String>,
    /// The body may also arrive wrapped in an envelope (`x-envelope` on the media type).
    pub envelope: Option<Envelope>,
}

/// What a response arm decodes as: one value, decided by lower.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArmRole {
    /// The operation's one success body (`Success::Body`).
    Success,
    /// This variant of the operation's success enum (`Success::ByStatus`).
    SuccessVariant(String),
    /// This variant of the operation's error enum.
    Error(String),
    /// `default` when no 2xx is documented: a 2xx decodes as the one success body, any other
    /// status as this variant of the error enum.
    SuccessOrError(String),
}

impl ResponseArm {
    /// Whether a 2xx status matching the arm decodes as success.
    pub fn is_success(&self) -> bool {
        !matches!(self.role, ArmRole::Error(_))
    }

    /// Its variant in the error enum, if it has one.
    pub fn error_variant(&self) -> Option<&str> {
        match &self.role {
            ArmRole::Error(name) | ArmRole::SuccessOrError(name) => Some(name),
            ArmRole::Success | ArmRole::SuccessVariant(_) => None,
        }
    }

    /// Its variant in the success enum, if it has one.
    pub fn success_variant(&self) -> Option<&str> {
        match &self.role {
            ArmRole::SuccessVariant(name) => Some(name),
            _ => None,
        }
    }
}

/// A response body that may arrive either as documented or as an object (the envelope) whose member
/// `property` holds the documented body. The envelope's other members are kept for the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The member of the envelope that holds the documented body.
    pub property: String,
}

/// Pagination (`x-pagination`): where a page's items are, and how the next request is made.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub style: PaginationStyle,
    pub items_field: FieldPath,
    pub item_type: TypeRef,
}

/// The fields from the success body to a value (`meta.total`: the field `meta`, then its field
/// `total`); never empty, and every field but the last is of a struct type.
pub type FieldPath = Vec<Field>;

/// How an operation pages. Parameters are indexes into the operation's `params`, each a query
/// parameter without a constant value.
#[derive(Debug, Clone, PartialEq)]
pub enum PaginationStyle {
    /// One string cursor, sent back while `has_more_field` (if any) is true.
    Cursor { cursor_param: usize, cursor_field: FieldPath, has_more_field: Option<FieldPath> },
    /// Several cursor values from the page, each sent as its parameter.
    Cursors { cursors: Vec<CursorParam> },
    /// An offset (or skip): the next one is this one plus the items read.
    Offset { offset_param: usize, limit_param: Option<usize>, total_field: Option<FieldPath>, default: u64 },
    /// A page number: the next one is this one plus one. `default` is the first page's number
    /// when the caller sets none (the parameter's default, else 1); `base` the number of the
    /// first page (0 when the default is 0, else 1).
    Page { page_param: usize, limit_param: Option<usize>, total_field: Option<FieldPath>, default: u64, base: u64 },
}

/// One cursor of [`PaginationStyle::Cursors`]: a parameter and the field of the page it is set from.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorParam {
    pub param: usize,
    pub field: FieldPath,
}
