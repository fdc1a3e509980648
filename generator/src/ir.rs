//! The IR: a resolved, named, Rust-shaped model of the API.
//!
//! Built by `lower` from `openapiv3`, read by `emit`. Every name here is already a valid Rust
//! identifier (see `lower::naming`); every wire name is kept beside it for serde. Types live in
//! an arena indexed by [`TypeId`], so `$ref` cycles are plain indices. The IR holds no tokens.

/// The whole API.
#[derive(Clone, Debug)]
pub struct Api {
    /// Name of the client struct, e.g. `Junction` (from `info.title`).
    pub client_name: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The `servers`, in document order.
    pub servers: Vec<Server>,
    /// The variables of the server URLs, one setting of the builder each (`lower::servers`).
    pub server_variables: Vec<ServerVariable>,
    /// The `securitySchemes` the client takes credentials for, in document order.
    pub security_schemes: Vec<SecurityScheme>,
    /// The document's `security`: what an operation without its own requires.
    pub security: Option<Security>,
    /// All named types; a [`TypeId`] indexes this.
    pub types: Vec<TypeDef>,
    /// All operations, in document order.
    pub operations: Vec<Operation>,
    /// Types that declared error responses carry, in first-use order.
    pub error_types: Vec<TypeId>,
    /// The webhooks the server sends (OpenAPI 3.1 `webhooks`), in document order.
    pub webhooks: Vec<Webhook>,
    /// The payload property whose value names the event (`event_type` in Junction's spec),
    /// when every payload has one as a required string enum and no value names two webhooks;
    /// `None` when the caller must name the event (GitHub sends it in a header).
    pub webhook_tag: Option<String>,
    /// Every place a value stays untyped (`serde_json::Value`), with the reason.
    pub untyped: Vec<Untyped>,
    /// Operations in the spec's `paths`.
    pub spec_operations: usize,
    /// Schemas in the spec's `components.schemas`.
    pub spec_schemas: usize,
    /// What the spec marks `x-fern-ignore: true`, left out of the client (as Fern's SDKs do).
    pub ignored: Vec<Ignored>,
    /// Each `not` that only says which properties may not appear together: it adds no shape,
    /// so the types ignore it (`lower::schema`); JSON pointers of the `not`s.
    pub unenforced: Vec<String>,
    /// The JSON examples of the operations' success responses, each with whether it decodes
    /// through the success type (set after lowering, from the document, by
    /// `lint::success_examples`): the test kit's stubs answer with those that do.
    pub response_examples: Vec<ResponseExample>,
    /// The cargo features the generated code is gated by (set after lowering from
    /// `Settings::features`; empty: no `cfg`).
    pub features: crate::select::Features,
    /// What each operation with a JSON success answers with the test kit's `.example()`, in
    /// operation order (set after the examples, by `lint::minimal::default_answers`).
    pub default_answers: Vec<DefaultAnswer>,
}

/// The answer of an operation's stub that needs no value from the test: the spec's example
/// when one decodes, else a minimal value built from the success type.
#[derive(Clone, Debug, PartialEq)]
pub struct DefaultAnswer {
    /// JSON pointer of the operation.
    pub operation: String,
    /// The value, and where it comes from; or why there is none.
    pub answer: Answer,
}

/// A default answer, or why an operation has none.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// The spec's example (its JSON pointer), which decodes through the success type.
    Example {
        /// JSON pointer of the example.
        pointer: String,
        /// The example.
        value: serde_json::Value,
    },
    /// The minimal value of the success type: its required fields only (checked to decode).
    Minimal(serde_json::Value),
    /// No value decodes that the generator can build: why.
    None(String),
}

impl Answer {
    /// The value, when there is one.
    pub fn value(&self) -> Option<&serde_json::Value> {
        match self {
            Answer::Example { value, .. } | Answer::Minimal(value) => Some(value),
            Answer::None(_) => None,
        }
    }
}

/// An example of an operation's success response.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseExample {
    /// JSON pointer of the operation.
    pub operation: String,
    /// JSON pointer of the example.
    pub pointer: String,
    /// The example.
    pub value: serde_json::Value,
    /// Whether it decodes through the success type.
    pub decodes: bool,
}

/// An operation or a schema property marked `x-fern-ignore: true`, not in the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    /// JSON pointer of the operation or the property.
    pub pointer: String,
    /// `GET /v2/user` for an operation, `Schema.property` for a property.
    pub what: String,
}

/// A value the client keeps as `serde_json::Value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Untyped {
    /// JSON pointer of the schema.
    pub pointer: String,
    /// Why.
    pub reason: UntypedReason,
}

/// Why a value stays untyped: each is the spec leaving the type open. The generator has no
/// other fallback; what it cannot type is an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum UntypedReason {
    /// The schema gives no type (`{}` or only a title).
    OpenSchema,
    /// An object with no properties that allows any (free-form).
    FreeFormObject,
    /// An array with no `items`.
    ArrayWithoutItems,
    /// A request or response without a schema.
    NoSchema,
}

impl UntypedReason {
    /// The reason in words.
    pub fn describe(self) -> &'static str {
        match self {
            UntypedReason::OpenSchema => "the schema gives no type",
            UntypedReason::FreeFormObject => "a free-form object (no properties listed)",
            UntypedReason::ArrayWithoutItems => "an array without `items`",
            UntypedReason::NoSchema => "no schema is given",
        }
    }
}

/// A server the client can talk to.
#[derive(Clone, Debug)]
pub struct Server {
    /// Variant name in the `Environment` enum.
    pub name: String,
    /// Base URL; `{name}` placeholders are [`Api::server_variables`].
    pub url: String,
    /// `description`.
    pub doc: Option<String>,
    /// This server's default of each variable in its URL, by variable name.
    pub defaults: Vec<(String, String)>,
}

/// A variable of the server URLs (`{region}`), set on the builder.
#[derive(Clone, Debug)]
pub struct ServerVariable {
    /// Its name in the URL templates.
    pub name: String,
    /// The builder setter and field (snake_case).
    pub setter: String,
    /// The enum of its values, when every server that has it lists the same `enum`;
    /// otherwise it is a `String`.
    pub values: Option<ServerEnum>,
    /// `description` (of the first server that has it).
    pub doc: Option<String>,
}

/// The values a server variable may take: an enum with an `Other(String)` variant.
#[derive(Clone, Debug)]
pub struct ServerEnum {
    /// Type name in the crate root.
    pub name: String,
    /// Its values, in document order.
    pub values: Vec<EnumValue>,
}

/// A way to authenticate, from `components.securitySchemes`.
#[derive(Clone, Debug)]
pub struct SecurityScheme {
    /// Its key in `securitySchemes`.
    pub name: String,
    /// The builder setter that takes its credential (snake_case).
    pub setter: String,
    /// The credential and where it goes.
    pub kind: SchemeKind,
    /// `description`.
    pub doc: Option<String>,
}

/// The credential of a scheme and where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key in a header, a query parameter or a cookie of this name.
    ApiKey {
        /// Where it goes.
        location: KeyLocation,
        /// The header, parameter or cookie name.
        name: String,
    },
    /// A bearer token (`http` `bearer`, or an OAuth 2 / OpenID Connect access token).
    Bearer,
    /// A user name and password (`http` `basic`).
    Basic,
}

/// Where an API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// A `security` list: any one of its requirements authenticates a request; each requirement
/// lists the schemes (indices into [`Api::security_schemes`]) sent together. Empty: no
/// credentials; an empty requirement: credentials are optional.
pub type Security = Vec<Vec<usize>>;

/// Index into [`Api::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// A named Rust type to emit.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Rust name (UpperCamelCase).
    pub name: String,
    /// JSON pointer of the schema it comes from.
    pub pointer: String,
    /// Doc text.
    pub doc: Option<String>,
    /// `deprecated: true` or `x-fern-availability: deprecated`.
    pub deprecated: bool,
    /// Whether values of it are sent in requests (then optional nullable fields can say
    /// "leave unchanged" apart from "clear").
    pub in_request: bool,
    /// Whether it is the body of a `multipart/form-data` request (then it is sent as form
    /// parts, not JSON, and its binary fields are files).
    pub form: bool,
    /// Its shape.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum.
    Enum(Enum),
    /// A union of several types, told apart by shape (`#[serde(untagged)]`).
    Untagged(Vec<Variant>),
    /// A union of objects told apart by the value of one property (a `discriminator`).
    Tagged(Tagged),
    /// Another name for a type expression.
    Alias(Type),
}

/// An object type.
#[derive(Clone, Debug)]
pub struct Struct {
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// Type of the values of properties not listed, when the schema gives one.
    pub additional: Option<Type>,
    /// `additionalProperties: false`: no property beyond the listed ones.
    pub closed: bool,
    /// Unions merged in whole (`allOf` of objects and a union of objects): their properties
    /// sit beside the fields on the wire (`#[serde(flatten)]`).
    pub flattened: Vec<Flattened>,
}

/// A union whose properties sit beside a struct's fields on the wire.
#[derive(Clone, Debug)]
pub struct Flattened {
    /// Rust name of the field that holds it (snake_case).
    pub name: String,
    /// Its type (a named union).
    pub ty: Type,
    /// Doc text.
    pub doc: Option<String>,
}

/// A field of a struct.
#[derive(Clone, Debug)]
pub struct Field {
    /// Rust name (snake_case, possibly raw).
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Doc text.
    pub doc: Option<String>,
    /// Type without the optional/nullable wrapping.
    pub ty: Type,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// `deprecated: true` or `x-fern-availability: deprecated`.
    pub deprecated: bool,
    /// Required by the spec but deprecated in a type the client decodes: read as optional, so
    /// that the response still decodes once the API stops sending it, as deprecation announces
    /// (`lower::schema::passes::relax_deprecated`; `Settings::strict_deprecated` keeps it
    /// required). `required` is then false.
    pub relaxed: bool,
}

/// How a field is present in the Rust struct; the one place this rule is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Required and never null: `T`.
    Required,
    /// Required but may be null: `Option<T>`, sent as `null` when `None`.
    RequiredNullable,
    /// May be left out: `Option<T>`, left out when `None`.
    Optional,
    /// May be left out or be null, in a type the caller sends: `Patch<T>` (omit, null, value).
    Patch,
}

impl Field {
    /// The field's presence in `owner`, a struct that is or is not sent in requests.
    pub fn presence(&self, owner: &TypeDef) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, true) if owner.in_request => Presence::Patch,
            (false, _) => Presence::Optional,
        }
    }
}

/// A string enum.
#[derive(Clone, Debug)]
pub struct Enum {
    /// Values in document order.
    pub values: Vec<EnumValue>,
    /// Whether values unknown to this version decode into an `Other(String)` variant.
    pub open: bool,
}

/// One value of a string enum.
#[derive(Clone, Debug)]
pub struct EnumValue {
    /// Variant name.
    pub name: String,
    /// The string on the wire.
    pub wire: String,
}

/// A union of objects told apart by the string value of one of their properties.
#[derive(Clone, Debug)]
pub struct Tagged {
    /// The property that names the variant, on the wire (`petType`).
    pub tag: String,
    /// The known variants, in document order. Objects with any other tag decode into a
    /// variant `Unknown`, which no known variant is named.
    pub variants: Vec<TaggedVariant>,
}

/// One variant of a [`Tagged`] union.
#[derive(Clone, Debug)]
pub struct TaggedVariant {
    /// Variant name.
    pub name: String,
    /// The values of the tag that select it, in document order (one, or several when a
    /// `mapping` sends several to one schema).
    pub tags: Vec<String>,
    /// Its payload, an object type.
    pub ty: Type,
    /// Whether the payload holds the tag as a required field, so that it writes the tag
    /// itself; when not, the tag is written beside the payload's fields.
    pub holds_tag: bool,
}

/// One member of an untagged union.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Variant name.
    pub name: String,
    /// Payload type.
    pub ty: Type,
}

/// A type expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `String`.
    String,
    /// `uuid::Uuid`.
    Uuid,
    /// `chrono::NaiveDate`.
    Date,
    /// `runtime::Timestamp`: keeps the offset the server sent, or that it sent none.
    DateTime,
    /// A file (`format: binary`): `runtime::File` in a multipart body; elsewhere lowered to
    /// `String`, since JSON carries no raw bytes.
    Bytes,
    /// Any JSON value: the spec leaves the type open.
    Json,
    /// `()`: the schema only allows `null`.
    Unit,
    /// A named type.
    Named(TypeId),
    /// `Vec<T>`.
    Vec(Box<Type>),
    /// `BTreeMap<String, T>`.
    Map(Box<Type>),
    /// `Option<T>`: nullable inside a container.
    Option(Box<Type>),
    /// `Box<T>`: breaks a recursive cycle.
    Box(Box<Type>),
}

impl Type {
    /// True for types that are cheap to copy, so parameters take them by value.
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            Type::Bool
                | Type::I32
                | Type::I64
                | Type::F64
                | Type::Uuid
                | Type::Date
                | Type::DateTime
        )
    }
}

/// A webhook: a request the server sends to the client's endpoint.
#[derive(Clone, Debug)]
pub struct Webhook {
    /// Its key in `webhooks`, e.g. `daily.data.activity.*`.
    pub name: String,
    /// Variant name in the generated `webhooks::Event`.
    pub variant: String,
    /// JSON pointer of the webhook (under `/webhooks`).
    pub pointer: String,
    /// Doc text (summary, then description).
    pub doc: Option<String>,
    /// `deprecated: true` or `x-fern-availability: deprecated`.
    pub deprecated: bool,
    /// The type of its JSON body.
    pub payload: Type,
    /// The values of [`Api::webhook_tag`] that name this webhook, in document order (empty
    /// when the API has no tag).
    pub tags: Vec<String>,
}

/// One HTTP operation, placed in a group of the client.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Group path, e.g. `["lab_tests"]`; empty for methods on the client itself.
    pub group: Vec<String>,
    /// Method name (snake_case).
    pub method: String,
    /// HTTP method, upper case.
    pub http_method: String,
    /// Path template as in the spec, e.g. `/v2/user/{user_id}`.
    pub path: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// Doc text (summary, then description).
    pub doc: Option<String>,
    /// `deprecated: true` or `x-fern-availability: deprecated`.
    pub deprecated: bool,
    /// `x-fern-availability: beta` (or `pre-release`, `in-development`): said in its docs.
    pub beta: bool,
    /// Parameters: path ones in template order, then query, then header.
    pub params: Vec<Param>,
    /// Request body, when there is one.
    pub body: Option<Body>,
    /// What a success returns.
    pub success: Success,
    /// Declared error responses with a JSON body.
    pub errors: Vec<ErrorResponse>,
    /// How its pages are read one after the other, when it is paged (`lower::pagination`).
    pub pagination: Option<Pagination>,
    /// Its own `security`, when it declares one (else the document's applies).
    pub security: Option<Security>,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie, in the `Cookie` header.
    Cookie,
}

/// How a parameter's value is written (OpenAPI's `style`, or `content`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    /// `simple` in a path or header, `form` in a query or cookie: lists comma-separated or, in
    /// a query, one pair per item (see [`Param::explode`]).
    Plain,
    /// A query list with its items space-separated in one pair (`?ids=1%202`).
    SpaceDelimited,
    /// A query list with its items separated by `|` in one pair (`?ids=1|2`).
    PipeDelimited,
    /// A query object as `name[key]=value` pairs, nested objects and lists as
    /// `name[key][0][field]=..`.
    DeepObject,
    /// Described by `content` with a JSON media type: the value's JSON text.
    Json,
}

/// An operation parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// Rust name.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: Type,
    /// Whether the caller must give it.
    pub required: bool,
    /// For a list in the query: one `name=value` pair per item (`true`), or one pair with the
    /// items comma-separated (`false`).
    pub explode: bool,
    /// How the value is written.
    pub style: ParamStyle,
    /// A header that carries an idempotency key (`Idempotency-Key`, `x-idempotency-key`...):
    /// the client sends a fresh key when the caller gives none, and retries the call like an
    /// idempotent one.
    pub idempotency_key: bool,
    /// Doc text.
    pub doc: Option<String>,
}

/// A request body.
#[derive(Clone, Debug)]
pub struct Body {
    /// Its type.
    pub ty: Type,
    /// Whether the caller must give it.
    pub required: bool,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// The media type sent as `Content-Type` (the spec's; for a JSON body whose media type is
    /// a wildcard, `application/json`).
    pub media_type: String,
}

/// How a request body goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`.
    Json,
    /// `multipart/form-data`: one part per field.
    Multipart,
    /// `application/x-www-form-urlencoded`: `name=value&..`, from the body's serde form.
    UrlEncoded,
    /// Bytes the caller gives (`runtime::RawBody`: an upload, an image, plain text), sent as
    /// they are; the body's type is not used.
    Raw,
}

/// What a successful call returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Success {
    /// No body (e.g. 204): `()`.
    Empty,
    /// A JSON body of this type.
    Json(Type),
    /// A `text/plain` body: a `String`.
    Text,
    /// A byte stream of this media type (a download), never buffered.
    Download {
        /// What the client asks for in `Accept`.
        media_type: String,
    },
    /// JSON of this type by default, or a download of `media_type` when asked for in `Accept`:
    /// two methods, `{method}` and `{download_method}`.
    JsonOrDownload {
        /// The JSON type.
        ty: Type,
        /// The media type of the download.
        media_type: String,
        /// Name of the method that downloads.
        download_method: String,
    },
}

impl Success {
    /// The JSON type of a success, when it has one.
    pub fn json_type(&self) -> Option<&Type> {
        match self {
            Success::Json(t) | Success::JsonOrDownload { ty: t, .. } => Some(t),
            Success::Empty | Success::Text | Success::Download { .. } => None,
        }
    }
}

/// A declared error status with a JSON body.
#[derive(Clone, Debug)]
pub struct ErrorResponse {
    /// Status code.
    pub status: u16,
    /// The type its body decodes into.
    pub ty: TypeId,
}

/// How the pages of an operation follow one another: which optional query parameter carries
/// the position, and which fields of the JSON response say where the next page starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// Where the rule comes from.
    pub source: PaginationSource,
    /// The optional query parameter that carries the position: its Rust name in the params
    /// struct and its name on the wire.
    pub param: String,
    /// The parameter's name on the wire.
    pub param_wire: String,
    /// How a page gives the next position.
    pub form: PageForm,
    /// The list of results on a page, when the page has one.
    pub results: Option<FieldPath>,
    /// The method that streams the pages, `{method}_pages` unless that name is taken.
    pub pages_method: String,
    /// The method that streams the items, `{method}_items`, when there is a list of results.
    pub items_method: Option<String>,
}

/// Where a pagination rule comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaginationSource {
    /// Fern's `x-fern-pagination` on the operation.
    Operation,
    /// Fern's `x-fern-pagination` on the path item.
    PathItem,
    /// Fern's `x-fern-pagination` of the document, taken up by `x-fern-pagination: true`.
    Document,
    /// Recognised from the parameter and response field names (`Settings::infer_pagination`).
    Inferred,
}

/// How a page gives the position of the next one.
#[derive(Clone, Debug, PartialEq)]
pub enum PageForm {
    /// The response's cursor goes back in the parameter; none ends.
    Cursor {
        /// The response field with the next cursor.
        next: FieldPath,
    },
    /// An offset or a page number, moved on by each page.
    Offset {
        /// The position of the first page when the caller gives none (the parameter's
        /// default, else 0 for an offset of items and 1 for a page number).
        origin: i64,
        /// How far a page moves it.
        advance: PageAdvance,
        /// A response field that says whether another page follows.
        has_next: Option<FieldPath>,
        /// A response field with the number of items in all pages.
        total: Option<FieldPath>,
        /// A response field with the number of pages.
        pages: Option<FieldPath>,
        /// A response field with the page size the server used.
        size: Option<FieldPath>,
        /// A response field that repeats the page's own position.
        at: Option<FieldPath>,
    },
}

/// How far one page moves an offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageAdvance {
    /// A page number: by one.
    Pages,
    /// An offset of items: by the number of results on the page.
    Items,
    /// An offset of items: by the value of this optional parameter (Rust name), the page size.
    Step(String),
}

/// A field of the response, reached through nested objects.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldPath {
    /// The fields from the response type inward.
    pub steps: Vec<FieldStep>,
    /// The type at the end (for a list of results, the item type).
    pub leaf: Type,
}

/// One field on a [`FieldPath`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldStep {
    /// Rust name.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Whether the Rust field is an `Option`.
    pub optional: bool,
}

impl FieldPath {
    /// The wire names joined with dots, as in `$response.meta.next_cursor`.
    pub fn dotted(&self) -> String {
        self.steps
            .iter()
            .map(|s| s.wire.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}
