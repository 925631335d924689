//! What a spec change does to the generated crate, each change classified by a [`Rule`] as
//! breaking, additive or internal, and the whole change summed up as a semver class.
//!
//! Two parts. The API: the two [surfaces](crate::surface) (every public item with its key, path,
//! signature, feature gate and constructor arity) compared generically in `items.rs`, each kind of
//! change looked up in the rule table by the item's role. The wire: what no signature shows (the
//! URL, one-value headers, media types, envelopes, credentials an operation accepts, success
//! statuses, the document's server and info) compared over the IR here, each IR struct
//! destructured without `..` so that a new field does not compile until the diff decides about it.
//!
//! Items are matched by what stays stable when a spec changes: types by origin (else by Rust name),
//! fields and enum values by wire name, operations by `operationId` (else by method and path: a
//! rename), parameters by location and wire name, responses by status.

mod items;
pub mod report;
pub mod rules;

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::lower::ir::{Api, ArmRole, Envelope, Operation, Param, RateLimitHeaders, ResponseArm, Success, TypeDef};
use crate::media::is_json;
use crate::pointer::Pointer;
use crate::surface::{escape, op_key};
use crate::Config;
pub use items::compare as compare_surfaces;
pub use rules::Rule;

/// How a change affects consumers of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Docs, examples, wire details: no consumer code changes.
    Internal,
    /// New items or new possibilities: existing consumer code keeps compiling and working.
    Additive,
    /// Some consumer code stops compiling or stops working.
    Breaking,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Internal => "internal",
            Class::Additive => "additive",
            Class::Breaking => "breaking",
        }
    }
}

/// The semver class of a whole change, for consumers of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Semver {
    None,
    Patch,
    Minor,
    Major,
}

impl Semver {
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::None => "none",
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

/// Which of the two specs a change's pointer is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub rule: Rule,
    /// JSON pointer of the spec item: in the new spec, or in the old one for what was removed.
    pub pointer: String,
    pub side: Side,
    /// The Rust item it touches, as a path from the crate root (`types::Pet::name`, `Client::get_pet`).
    pub item: String,
    /// What changed, in a sentence.
    pub message: String,
}

impl Change {
    pub fn class(&self) -> Class {
        self.rule.class()
    }
}

/// Every change between two APIs, in a fixed order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    /// The highest class of any change; `None` when nothing changed.
    pub fn worst(&self) -> Option<Class> {
        self.changes.iter().map(Change::class).max()
    }

    /// The highest class of any change, as semver: breaking → major, additive → minor, internal → patch.
    pub fn semver(&self) -> Semver {
        match self.worst() {
            None => Semver::None,
            Some(Class::Internal) => Semver::Patch,
            Some(Class::Additive) => Semver::Minor,
            Some(Class::Breaking) => Semver::Major,
        }
    }
}

/// Compares two APIs.
/// The change of the runtime requirement between two releases of a generated crate (`old` and `new`
/// are the versions its manifests require with Cargo's caret rule), when they are not compatible:
/// the generated crate's API is the spec's and the runtime's together.
pub fn runtime_change(old: &str, new: &str) -> Option<Change> {
    // Cargo's caret rule: the leftmost non-zero of major and minor decides compatibility (0.x
    // minors are majors); anything unparsable is compatible only when equal.
    let range = |v: &str| -> Option<(u64, u64)> {
        let mut parts = v.trim().split('.').map(str::parse::<u64>);
        let (major, minor) = (parts.next()?.ok()?, parts.next().unwrap_or(Ok(0)).ok()?);
        Some(if major == 0 { (0, minor) } else { (major, 0) })
    };
    let compatible = old == new || matches!((range(old), range(new)), (Some(a), Some(b)) if a == b);
    (!compatible).then(|| Change {
        rule: Rule::RuntimeIncompatible,
        pointer: String::new(),
        side: Side::New,
        item: "openapi-client-runtime".into(),
        message: format!(
            "the generated code requires the runtime {new} instead of {old}; what changed for code that uses the crate is in the runtime's CHANGELOG.md"
        ),
    })
}

/// Compares two APIs: their surfaces (with the same configuration), then their wire.
pub fn diff(old: &Api, new: &Api) -> Report {
    let config = Config::default();
    let (old_surface, new_surface) = (crate::surface::surface(old, &config), crate::surface::surface(new, &config));
    let mut d = Differ { old, new, changes: Vec::new() };
    d.document();
    let ops = d.operations();
    let types = d.types();
    let renamed: HashSet<String> = ops.iter().filter(|(o, n)| o != n).map(|(_, n)| n.clone()).collect();
    let rekey = |key: &str| -> String {
        let (owner, rest) = key.split_once('/').map_or((key, ""), |(owner, rest)| (owner, rest));
        let moved = if owner.starts_with("op:") {
            ops.iter().find(|(o, _)| o == owner).map(|(_, n)| n.clone())
        } else if let Some(origin) = owner.strip_prefix("type:") {
            types.get(origin).map(|n| format!("type:{n}"))
        } else {
            None
        };
        match (moved, rest) {
            (Some(owner), "") => owner,
            (Some(owner), rest) => format!("{owner}/{rest}"),
            (None, _) => key.to_string(),
        }
    };
    d.changes.extend(items::compare_rekeyed(&old_surface, &new_surface, &rekey, &renamed));
    say_where_operations_went(&mut d.changes, old, new);
    Report { changes: d.changes }
}

struct Differ<'a> {
    old: &'a Api,
    new: &'a Api,
    changes: Vec<Change>,
}

impl Differ<'_> {
    fn push(&mut self, rule: Rule, side: Side, pointer: &str, item: impl Into<String>, message: impl Into<String>) {
        self.changes.push(Change {
            rule,
            pointer: pointer.to_string(),
            side,
            item: item.into(),
            message: message.into(),
        });
    }

    fn doc(&mut self, old: &Option<String>, new: &Option<String>, pointer: &str, item: &str, what: &str) {
        if old != new {
            self.push(
                Rule::DocChanged,
                Side::New,
                pointer,
                item,
                format!("the description or example of {what} changed"),
            );
        }
    }

    /// The document as a whole: what is not an item of the surface.
    fn document(&mut self) {
        let Api {
            title,
            version,
            description,
            default_base_url,
            rate_limit_headers,
            // Items of the surface (a module is its Rust module, handle and cargo feature).
            types: _,
            security_schemes: _,
            modules: _,
            oauth_flows: _,
            webhooks: _,
            // Matched one by one in `operations`.
            operations: _,
        } = self.old;
        let (old_title, old_version, old_description, old_url, old_limits) =
            (title, version, description, default_base_url, rate_limit_headers);
        let Api {
            title,
            version,
            description,
            default_base_url,
            rate_limit_headers,
            types: _,
            security_schemes: _,
            modules: _,
            oauth_flows: _,
            webhooks: _,
            operations: _,
        } = self.new;
        match (old_url, default_base_url) {
            (Some(a), Some(b)) if a != b => self.push(
                Rule::ServerUrlChanged,
                Side::New,
                "/servers/0/url",
                "Client::builder",
                format!("the default base URL changed from `{a}` to `{b}`"),
            ),
            (None, Some(b)) => self.push(
                Rule::ServerUrlAdded,
                Side::New,
                "/servers/0/url",
                "Client::builder",
                format!("the default base URL is now `{b}`"),
            ),
            (Some(a), None) => self.push(
                Rule::ServerUrlRemoved,
                Side::Old,
                "/servers/0/url",
                "Client::builder",
                format!("the default base URL `{a}` is gone: `base_url()` is now needed"),
            ),
            _ => {}
        }
        if old_title != title || old_version != version || old_description != description {
            self.push(
                Rule::ApiInfoChanged,
                Side::New,
                "/info",
                "crate documentation",
                "the document's title, version or description changed",
            );
        }
        let RateLimitHeaders { limit, remaining, interval_ms, daily_limit, daily_remaining } = rate_limit_headers;
        let now = [limit, remaining, interval_ms, daily_limit, daily_remaining];
        let RateLimitHeaders { limit, remaining, interval_ms, daily_limit, daily_remaining } = old_limits;
        if now != [limit, remaining, interval_ms, daily_limit, daily_remaining] {
            self.push(
                Rule::RateLimitHeadersChanged,
                Side::New,
                "/x-rate-limit-headers",
                "RateLimit",
                "the headers the rate limits are read from changed",
            );
        }
    }

    /// Matches the operations (by `operationId`, else by method and path: a rename) and compares
    /// the wire of each pair; returns the pairs of keys ([`op_key`]).
    fn operations(&mut self) -> Vec<(String, String)> {
        let (old, new) = (self.old, self.new);
        let mut pairs = Vec::new();
        // An operation is its operationId in its API module: one that moves to another module is
        // another item of the crate (its method is on another handle, its types in another module),
        // so it is removed and added.
        let old_ids: HashSet<(Option<&str>, &str)> =
            old.operations.iter().map(|o| (o.module.as_deref(), o.id.as_str())).collect();
        let new_ids: HashMap<(Option<&str>, &str), usize> =
            new.operations.iter().enumerate().map(|(i, n)| ((n.module.as_deref(), n.id.as_str()), i)).collect();
        let mut taken = HashSet::new();
        for o in &old.operations {
            let same_id = new_ids.get(&(o.module.as_deref(), o.id.as_str())).copied();
            // Renamed: the same method and path under an operationId the old spec does not have.
            let moved = || {
                new.operations.iter().position(|n| {
                    n.http_method == o.http_method
                        && n.path_template == o.path_template
                        && n.module == o.module
                        && !old_ids.contains(&(n.module.as_deref(), n.id.as_str()))
                })
            };
            if let Some(i) = same_id.or_else(moved).filter(|i| taken.insert(*i)) {
                let n = &new.operations[i];
                pairs.push((op_key(o), op_key(n)));
                self.operation(o, n);
            }
        }
        pairs
    }

    /// The wire of one operation in both versions: what its surface items do not show.
    fn operation(&mut self, o: &Operation, n: &Operation) {
        let Operation {
            id: _,
            // Items of the surface (their names, signatures, docs, deprecation, module and gate).
            module: _,
            error_variant: _,
            method_name: _,
            builder_name: _,
            error_name: _,
            params: _,
            body: _,
            success: _,
            pagination: _,
            doc: _,
            deprecated: _,
            // Not public: the private module and its file.
            module_name: _,
            file_path: _,
            // The URL.
            http_method,
            path_template,
            path: _,
            pointer,
            security,
            request_media_types: _,
            // In the surface (`send()`'s wire form).
            accept: _,
            responses: _,
        } = n;
        let at = pointer.as_str();
        let method = method_item(self.new, n);
        if o.http_method != *http_method || o.path_template != *path_template {
            self.push(
                Rule::OperationMoved,
                Side::New,
                at,
                method.clone(),
                format!(
                    "`{}` moved from `{} {}` to `{http_method} {path_template}`",
                    n.id, o.http_method, o.path_template
                ),
            );
        }
        self.constant_headers(o, n);
        self.media_types(o, n);
        self.responses(o, n);
        let (old_alts, new_alts) = (alternatives(&o.security), alternatives(security));
        for alt in new_alts.difference(&old_alts) {
            self.push(
                Rule::SecurityAlternativeAdded,
                Side::New,
                &format!("{at}/security"),
                method.clone(),
                format!("`{}` now also accepts {}", n.id, alternative_text(alt)),
            );
        }
        for alt in old_alts.difference(&new_alts) {
            self.push(
                Rule::SecurityAlternativeRemoved,
                Side::New,
                &format!("{at}/security"),
                method.clone(),
                format!("`{}` no longer accepts {}", n.id, alternative_text(alt)),
            );
        }
    }

    /// One-value headers: sent by the client, never items of the API.
    fn constant_headers(&mut self, o: &Operation, n: &Operation) {
        let method = method_item(self.new, n);
        let constants = |op: &Operation| -> Vec<(String, String, String)> {
            op.params
                .iter()
                .filter_map(|p| {
                    // The other fields are the surface's (the parameter's setter or argument).
                    let Param {
                        wire,
                        location,
                        constant,
                        pointer,
                        ident: _,
                        required: _,
                        ty: _,
                        serialization: _,
                        path_style: _,
                        text: _,
                        doc: _,
                    } = p;
                    let constant = constant.as_ref()?;
                    Some((format!("{}:{wire}", location.as_str()), constant.clone(), pointer.clone()))
                })
                .collect()
        };
        let (old_c, new_c) = (constants(o), constants(n));
        for (key, value, pointer) in &new_c {
            let wire = key.split_once(':').map_or(key.as_str(), |(_, w)| w);
            let message = match old_c.iter().find(|(k, _, _)| k == key) {
                Some((_, old, _)) if old == value => continue,
                Some((_, old, _)) => format!("the client now sends `{wire}: {value}` (was `{old}`)"),
                None => format!("the client now sends `{wire}: {value}`"),
            };
            self.push(Rule::ConstantHeaderChanged, Side::New, pointer, method.clone(), message);
        }
        for (key, value, pointer) in old_c.iter().filter(|(k, _, _)| !new_c.iter().any(|(j, _, _)| j == k)) {
            let wire = key.split_once(':').map_or(key.as_str(), |(_, w)| w);
            self.push(
                Rule::ConstantHeaderChanged,
                Side::Old,
                pointer,
                method.clone(),
                format!("the client no longer sends `{wire}: {value}`"),
            );
        }
    }

    fn media_types(&mut self, o: &Operation, n: &Operation) {
        let body_at = Pointer::from(&n.pointer).child("requestBody").child("content");
        let old_body_at = Pointer::from(&o.pointer).child("requestBody").child("content");
        let sent = o.body.as_ref().map(|b| &b.default_form().media_type);
        // A media type that is a body form whose setter comes or goes is reported by the surface
        // (as a setter added or removed).
        let setter_only_in = |media: &str, here: &Operation, there: &Operation| {
            let (Some(here), Some(there)) = (&here.body, &there.body) else { return false };
            here.forms.iter().any(|f| f.media_type == media && !there.forms.iter().any(|g| g.setter == f.setter))
        };
        for m in unmatched(&n.request_media_types, &o.request_media_types, PartialEq::eq) {
            if setter_only_in(m, n, o) {
                continue;
            }
            self.push(
                Rule::MediaTypeAdded,
                Side::New,
                &body_at.child(m),
                format!("{}::body", builder_path(n)),
                format!("the request body may also be sent as `{m}`"),
            );
        }
        for m in unmatched(&o.request_media_types, &n.request_media_types, PartialEq::eq) {
            if Some(m) != sent && setter_only_in(m, o, n) {
                continue;
            }
            let rule = if Some(m) == sent { Rule::SentMediaTypeRemoved } else { Rule::MediaTypeRemoved };
            self.push(
                rule,
                Side::Old,
                &old_body_at.child(m),
                format!("{}::body", builder_path(o)),
                format!("the request body may no longer be sent as `{m}`"),
            );
        }
    }

    /// Responses: statuses, media types, envelopes and descriptions (the variants and bodies are
    /// items of the surface).
    fn responses(&mut self, o: &Operation, n: &Operation) {
        let kind = |a: &ResponseArm| if a.error_variant().is_some() { "error" } else { "success" };
        for a in &n.responses {
            let ResponseArm {
                status,
                // The variant's payload and name are items of the surface; `send()`'s value too.
                body: _,
                role: _,
                doc,
                pointer,
                media_types,
                envelope: _,
            } = a;
            let Some(b) = matching(&o.responses, a) else {
                // An error status is a variant of the error enum: an item of the surface.
                if a.error_variant().is_none() {
                    self.push(
                        Rule::SuccessStatusAdded,
                        Side::New,
                        pointer,
                        arm_item(n, a),
                        format!("documented {} status {} added", kind(a), status.key()),
                    );
                }
                continue;
            };
            for m in unmatched(media_types, &b.media_types, PartialEq::eq) {
                self.push(
                    Rule::MediaTypeAdded,
                    Side::New,
                    &Pointer::from(pointer).child("content").child(m),
                    arm_item(n, a),
                    format!("the {} response may also come as `{m}`", status.key()),
                );
            }
            for m in unmatched(&b.media_types, media_types, PartialEq::eq) {
                self.push(
                    Rule::MediaTypeRemoved,
                    Side::Old,
                    &Pointer::from(&b.pointer).child("content").child(m),
                    arm_item(o, b),
                    format!("the {} response no longer comes as `{m}`", b.status.key()),
                );
            }
            self.envelope(o, b, n, a);
            self.doc(&b.doc, doc, pointer, &arm_item(n, a), &format!("the {} response", status.key()));
        }
        for b in o.responses.iter().filter(|b| b.error_variant().is_none()) {
            if matching(&n.responses, b).is_none() {
                self.push(
                    Rule::SuccessStatusRemoved,
                    Side::Old,
                    &b.pointer,
                    arm_item(o, b),
                    format!("documented {} status {} removed", kind(b), b.status.key()),
                );
            }
        }
    }

    /// `x-envelope` on a response of both versions (old arm `b`, new arm `a`).
    fn envelope(&mut self, o: &Operation, b: &ResponseArm, n: &Operation, a: &ResponseArm) {
        let status = a.status.key();
        // The extension sits on the decoded (first JSON) media type.
        let at = |arm: &ResponseArm| {
            let content = Pointer::from(&arm.pointer).child("content");
            match arm.media_types.iter().find(|m| is_json(m)) {
                Some(media) => content.child(media).child("x-envelope"),
                None => content,
            }
        };
        let property = |e: &Envelope| {
            let Envelope { property } = e;
            property.clone()
        };
        match (b.envelope.as_ref().map(property), a.envelope.as_ref().map(property)) {
            (None, Some(new)) => self.push(
                Rule::EnvelopeAdded,
                Side::New,
                &at(a),
                arm_item(n, a),
                format!("the {status} body may now also arrive wrapped in `{new}`"),
            ),
            (Some(old), None) => self.push(
                Rule::EnvelopeRemoved,
                Side::Old,
                &at(b),
                arm_item(o, b),
                format!("the {status} body no longer decodes when wrapped in `{old}`"),
            ),
            (Some(old), Some(new)) if old != new => self.push(
                Rule::EnvelopeChanged,
                Side::New,
                &at(a),
                arm_item(n, a),
                format!("the {status} body's envelope member is now `{new}` (was `{old}`)"),
            ),
            _ => {}
        }
    }

    /// Types are matched by origin (the schema they come from), else by name: a type whose schema
    /// stayed but whose Rust name changed (a collision resolved the other way) is one change, not a
    /// removal and an addition. Returns the old origin → new origin of each pair (escaped, as in
    /// the surface's keys), where they differ.
    fn types(&mut self) -> HashMap<String, String> {
        let (old, new) = (self.old, self.new);
        let old_by_origin: HashMap<&str, &TypeDef> = old.types.iter().map(|o| (o.pointer.as_str(), o)).collect();
        let old_by_name: HashMap<&str, &TypeDef> = old.types.iter().map(|o| (o.name.as_str(), o)).collect();
        let new_origins: HashSet<&str> = new.types.iter().map(|n| n.pointer.as_str()).collect();
        let mut pairs = HashMap::new();
        for t in &new.types {
            if old_by_origin.contains_key(t.pointer.as_str()) {
                continue;
            }
            // Else by name, unless that old type's origin is still there (it is matched by it).
            if let Some(o) = old_by_name.get(t.name.as_str()).filter(|o| !new_origins.contains(o.pointer.as_str())) {
                pairs.insert(escape(&o.pointer).into_owned(), escape(&t.pointer).into_owned());
            }
        }
        pairs
    }
}

/// The method of an operation, as the surface names it: `Client::get_pet`, or on its module's
/// handle, `pets::Pets::get_pet`.
fn method_item(api: &Api, op: &Operation) -> String {
    use crate::ident::ident_text;
    match api.module_of(op) {
        Some(module) => format!("{}::{}::{}", ident_text(&module.ident), module.handle, ident_text(&op.method_name)),
        None => format!("Client::{}", ident_text(&op.method_name)),
    }
}

/// Says where an operation went when it moved to another module: the surface reports the old
/// method removed and the new one added, each on its own.
fn say_where_operations_went(changes: &mut [Change], old: &Api, new: &Api) {
    for change in changes.iter_mut().filter(|c| c.rule == Rule::OperationRemoved) {
        let Some(o) = old.operations.iter().find(|o| method_item(old, o) == change.item) else { continue };
        let same =
            |n: &&Operation| n.id == o.id || (n.http_method == o.http_method && n.path_template == o.path_template);
        let Some(n) = new.operations.iter().find(same).filter(|n| n.module != o.module) else { continue };
        let from = match &o.module {
            Some(module) => format!("the module `{module}`"),
            None => "the crate root".to_string(),
        };
        change.message = format!("operation `{}` removed from {from}: it is now `{}`", o.id, method_item(new, n));
    }
}

/// The Rust module of an operation's items: `operations`, or its API module's.
fn module_path(op: &Operation) -> String {
    match &op.module {
        Some(module) => crate::ident::ident_text(module),
        None => crate::members::crate_root::OPERATIONS.to_string(),
    }
}

/// The path of an operation's request builder (`operations::GetPet`, `pets::GetPet`).
fn builder_path(op: &Operation) -> String {
    format!("{}::{}", module_path(op), op.builder_name)
}

fn arm_item(op: &Operation, arm: &ResponseArm) -> String {
    match &arm.role {
        ArmRole::Error(variant) | ArmRole::SuccessOrError(variant) => {
            format!("{}::{}::{variant}", module_path(op), op.error_name)
        }
        ArmRole::SuccessVariant(variant) => match &op.success {
            Success::ByStatus(name) => format!("{}::{name}::{variant}", module_path(op)),
            Success::Body(_) => format!("{}::send", builder_path(op)),
        },
        ArmRole::Success => format!("{}::send", builder_path(op)),
    }
}

/// The arm of `arms` with the status of `arm`, if both are error variants or neither is.
fn matching<'a>(arms: &'a [ResponseArm], arm: &ResponseArm) -> Option<&'a ResponseArm> {
    arms.iter().find(|b| b.status == arm.status && b.error_variant().is_some() == arm.error_variant().is_some())
}

/// The items of `items` that no item of `other` is the `same` as, in order.
fn unmatched<'a, T>(items: &'a [T], other: &'a [T], same: impl Fn(&T, &T) -> bool) -> impl Iterator<Item = &'a T> {
    items.iter().filter(move |x| !other.iter().any(|y| same(x, y)))
}

/// The alternatives of a security requirement; none (or an empty list) means anonymous.
fn alternatives(security: &Option<Vec<Vec<String>>>) -> BTreeSet<Vec<String>> {
    let mut out: BTreeSet<Vec<String>> = security
        .iter()
        .flatten()
        .map(|alt| {
            let mut alt = alt.clone();
            alt.sort();
            alt
        })
        .collect();
    if out.is_empty() {
        out.insert(Vec::new());
    }
    out
}

fn alternative_text(alt: &[String]) -> String {
    if alt.is_empty() {
        "calls without credentials".into()
    } else {
        format!("the credentials of {}", alt.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" + "))
    }
}
