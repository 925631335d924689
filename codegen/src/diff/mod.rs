//! What a spec change does to the generated crate: two IRs ([`crate::lower::ir::Api`]) compared
//! item by item, each change classified by a [`Rule`] as breaking, additive or internal, and the
//! whole change summed up as a semver class.
//!
//! Items are matched by what stays stable when a spec changes: types by Rust name, fields and enum
//! values by wire name, operations by `operationId` (else by method and path: a rename), parameters
//! by location and wire name, responses by status.

pub mod report;
pub mod rules;

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::diagnostics::child;
use crate::emit::type_text;
use crate::ident::ident_text;
use crate::lower::ir::{
    Api, ArmRole, Body, BodyForm, BodyKind, Field, Location, Operation, Param, ResponseArm, SecurityScheme, Success,
    TypeDef, TypeKind, UnionVariant,
};
use crate::lower::is_json;
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

pub fn diff(old: &Api, new: &Api) -> Report {
    let mut d = Differ { old, new, changes: Vec::new() };
    d.document();
    d.operations();
    d.types();
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

    fn document(&mut self) {
        let (old, new) = (self.old, self.new);
        match (&old.default_base_url, &new.default_base_url) {
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
        if old.title != new.title || old.version != new.version || old.description != new.description {
            self.push(
                Rule::ApiInfoChanged,
                Side::New,
                "/info",
                "crate documentation",
                "the document's title, version or description changed",
            );
        }
        if old.rate_limit_headers != new.rate_limit_headers {
            self.push(
                Rule::RateLimitHeadersChanged,
                Side::New,
                "/x-rate-limit-headers",
                "RateLimit",
                "the headers the rate limits are read from changed",
            );
        }
        let pointer = |scheme: &SecurityScheme| child("/components/securitySchemes", &scheme.name);
        // A scheme whose kind changes has a setter of another signature: removed and added.
        let same =
            |a: &SecurityScheme, b: &SecurityScheme| a.name == b.name && a.setter == b.setter && a.kind == b.kind;
        for scheme in unmatched(&new.security_schemes, &old.security_schemes, same) {
            self.push(
                Rule::SecuritySchemeAdded,
                Side::New,
                &pointer(scheme),
                "ClientBuilder",
                format!("security scheme `{}` added: a new credential setter `{}()`", scheme.name, scheme.setter),
            );
        }
        for scheme in unmatched(&old.security_schemes, &new.security_schemes, same) {
            self.push(
                Rule::SecuritySchemeRemoved,
                Side::Old,
                &pointer(scheme),
                "ClientBuilder",
                format!(
                    "security scheme `{}` removed: its credential setter `{}()` is gone",
                    scheme.name, scheme.setter
                ),
            );
        }
    }

    fn operations(&mut self) {
        let (old, new) = (self.old, self.new);
        let mut matched_new = HashSet::new();
        // An operation is its operationId in its API module: one that moves to another module is
        // another item of the crate (its method is on another handle, its types in another module),
        // so it is removed and added.
        let old_ids: HashSet<(Option<&str>, &str)> =
            old.operations.iter().map(|o| (o.module.as_deref(), o.id.as_str())).collect();
        for o in &old.operations {
            let same_id = new.operations.iter().position(|n| n.id == o.id && n.module == o.module);
            // Renamed: the same method and path under an operationId the old spec does not have.
            let moved = || {
                new.operations.iter().position(|n| {
                    n.http_method == o.http_method
                        && n.path_template == o.path_template
                        && n.module == o.module
                        && !old_ids.contains(&(n.module.as_deref(), n.id.as_str()))
                })
            };
            match same_id.or_else(moved) {
                Some(i) => {
                    matched_new.insert(i);
                    self.operation(o, &new.operations[i]);
                }
                None => {
                    // The same operation in another module: say where it went.
                    let elsewhere = new.operations.iter().find(|n| {
                        n.id == o.id || (n.http_method == o.http_method && n.path_template == o.path_template)
                    });
                    let message = match elsewhere {
                        Some(n) if n.module != o.module => format!(
                            "operation `{}` removed from {}: it is now `{}`",
                            o.id,
                            module_text(o),
                            method_item(n)
                        ),
                        _ => format!("operation `{}` removed", o.id),
                    };
                    self.push(Rule::OperationRemoved, Side::Old, &o.pointer, method_item(o), message);
                }
            }
        }
        for (i, n) in new.operations.iter().enumerate() {
            if !matched_new.contains(&i) {
                self.push(
                    Rule::OperationAdded,
                    Side::New,
                    &n.pointer,
                    method_item(n),
                    format!("operation `{}` added ({} {})", n.id, n.http_method, n.path_template),
                );
            }
        }
    }

    fn operation(&mut self, o: &Operation, n: &Operation) {
        let at = n.pointer.as_str();
        if o.id != n.id {
            self.push(
                Rule::OperationRenamed,
                Side::New,
                at,
                method_item(n),
                format!(
                    "operation `{}` renamed to `{}`: `Client::{}` is now `Client::{}`",
                    o.id, n.id, o.method_name, n.method_name
                ),
            );
        } else {
            for (what, a, b) in [
                ("client method", &o.method_name, &n.method_name),
                ("request builder", &o.builder_name, &n.builder_name),
                ("error enum", &o.error_name, &n.error_name),
            ] {
                if a != b {
                    self.push(
                        Rule::RustNameChanged,
                        Side::New,
                        at,
                        method_item(n),
                        format!("the {what} of `{}` is now `{b}` (was `{a}`)", n.id),
                    );
                }
            }
        }
        if o.http_method != n.http_method || o.path_template != n.path_template {
            self.push(
                Rule::OperationMoved,
                Side::New,
                at,
                method_item(n),
                format!(
                    "`{}` moved from `{} {}` to `{} {}`",
                    n.id, o.http_method, o.path_template, n.http_method, n.path_template
                ),
            );
        }
        if o.deprecated != n.deprecated {
            let what = if n.deprecated { "is now deprecated" } else { "is no longer deprecated" };
            self.push(Rule::OperationDeprecated, Side::New, at, method_item(n), format!("`{}` {what}", n.id));
        }
        self.doc(&o.doc, &n.doc, at, &method_item(n), &format!("operation `{}`", n.id));
        self.params(o, n);
        self.body(o, n);
        self.media_types(o, n);
        self.responses(o, n);
        match (&o.pagination, &n.pagination) {
            (None, Some(_)) => self.push(
                Rule::PaginationAdded,
                Side::New,
                &format!("{at}/x-pagination"),
                format!("{}::into_stream", builder_path(n)),
                format!("`{}` is now paginated", n.id),
            ),
            (Some(_), None) => self.push(
                Rule::PaginationRemoved,
                Side::Old,
                &format!("{}/x-pagination", o.pointer),
                format!("{}::into_stream", builder_path(o)),
                format!("`{}` is no longer paginated", n.id),
            ),
            _ => {}
        }
        let (old_alts, new_alts) = (alternatives(&o.security), alternatives(&n.security));
        for alt in new_alts.difference(&old_alts) {
            self.push(
                Rule::SecurityAlternativeAdded,
                Side::New,
                &format!("{at}/security"),
                method_item(n),
                format!("`{}` now also accepts {}", n.id, alternative_text(alt)),
            );
        }
        for alt in old_alts.difference(&new_alts) {
            self.push(
                Rule::SecurityAlternativeRemoved,
                Side::New,
                &format!("{at}/security"),
                method_item(n),
                format!("`{}` no longer accepts {}", n.id, alternative_text(alt)),
            );
        }
    }

    fn params(&mut self, o: &Operation, n: &Operation) {
        let method = method_item(n);
        // Positional (path) parameters: the client method's arguments, in order.
        let is_path: fn(&Param) -> bool = |p| p.location == Location::Path;
        let (old_path, new_path) = (params_of(o, is_path), params_of(n, is_path));
        for p in unmatched(&new_path, &old_path, same_param) {
            self.push(
                Rule::PathParamAdded,
                Side::New,
                &p.pointer,
                format!("{method}({})", p.ident),
                format!("path parameter `{}` added: a new positional argument", p.wire),
            );
        }
        for p in unmatched(&old_path, &new_path, same_param) {
            self.push(
                Rule::PathParamRemoved,
                Side::Old,
                &p.pointer,
                format!("{}({})", method_item(o), p.ident),
                format!("path parameter `{}` removed: a positional argument is gone", p.wire),
            );
        }
        let common = |these: &[&Param], those: &[&Param]| -> Vec<String> {
            these.iter().filter(|p| those.iter().any(|q| same_param(p, q))).map(|p| p.wire.clone()).collect()
        };
        let (common_old, common_new) = (common(&old_path, &new_path), common(&new_path, &old_path));
        if common_old != common_new {
            self.push(
                Rule::PathParamsReordered,
                Side::New,
                &n.pointer,
                method.clone(),
                format!(
                    "the positional arguments of `{}` are now in the order {}",
                    n.method_name,
                    common_new.join(", ")
                ),
            );
        }

        // Builder parameters and one-value headers.
        let is_settable: fn(&Param) -> bool = |p| p.constant.is_none() && p.location != Location::Path;
        let (old_set, new_set) = (params_of(o, is_settable), params_of(n, is_settable));
        let builder = |op: &Operation, p: &Param| format!("{}::{}", builder_path(op), ident_text(&p.ident));
        for p in unmatched(&new_set, &old_set, same_param) {
            let rule = if p.required { Rule::RequiredParamAdded } else { Rule::OptionalParamAdded };
            let what = if p.required { "required" } else { "optional" };
            self.push(
                rule,
                Side::New,
                &p.pointer,
                builder(n, p),
                format!("{what} {} parameter `{}` added", p.location.as_str(), p.wire),
            );
        }
        for p in unmatched(&old_set, &new_set, same_param) {
            self.push(
                Rule::ParamRemoved,
                Side::Old,
                &p.pointer,
                builder(o, p),
                format!("{} parameter `{}` removed", p.location.as_str(), p.wire),
            );
        }
        for p in &new_set {
            if let Some(q) = old_set.iter().find(|q| same_param(q, p)) {
                self.param_pair(q, p, builder(n, p));
            }
        }
        for p in &new_path {
            if let Some(q) = old_path.iter().find(|q| same_param(q, p)) {
                self.param_pair(q, p, format!("{method}({})", p.ident));
            }
        }
        let is_constant: fn(&Param) -> bool = |p| p.constant.is_some();
        let (old_c, new_c) = (params_of(o, is_constant), params_of(n, is_constant));
        let value = |p: &Param| p.constant.clone().unwrap_or_default();
        for p in &new_c {
            let message = match old_c.iter().find(|q| same_param(q, p)) {
                Some(q) if q.constant == p.constant => continue,
                Some(q) => format!("the client now sends `{}: {}` (was `{}`)", p.wire, value(p), value(q)),
                None => format!("the client now sends `{}: {}`", p.wire, value(p)),
            };
            self.push(Rule::ConstantHeaderChanged, Side::New, &p.pointer, method.clone(), message);
        }
        for p in unmatched(&old_c, &new_c, same_param) {
            self.push(
                Rule::ConstantHeaderChanged,
                Side::Old,
                &p.pointer,
                method.clone(),
                format!("the client no longer sends `{}: {}`", p.wire, value(p)),
            );
        }
    }

    fn param_pair(&mut self, q: &Param, p: &Param, item: String) {
        if q.ident != p.ident {
            self.push(
                Rule::RustNameChanged,
                Side::New,
                &p.pointer,
                item.clone(),
                format!("parameter `{}` is now `{}` in Rust (was `{}`)", p.wire, p.ident, q.ident),
            );
        }
        if q.ty != p.ty {
            self.push(
                Rule::ParamTypeChanged,
                Side::New,
                &p.pointer,
                item.clone(),
                format!("parameter `{}` changed type from `{}` to `{}`", p.wire, type_text(&q.ty), type_text(&p.ty)),
            );
        } else if q.serialization != p.serialization {
            self.push(
                Rule::ParamSerializationChanged,
                Side::New,
                &p.pointer,
                item.clone(),
                format!("parameter `{}` is written differently on the wire", p.wire),
            );
        }
        if p.location != Location::Path && q.required != p.required {
            let (rule, what) = if p.required {
                (Rule::ParamBecameRequired, "required")
            } else {
                (Rule::ParamBecameOptional, "optional")
            };
            self.push(rule, Side::New, &p.pointer, item.clone(), format!("parameter `{}` is now {what}", p.wire));
        }
        self.doc(&q.doc, &p.doc, &p.pointer, &item, &format!("parameter `{}`", p.wire));
    }

    fn body(&mut self, o: &Operation, n: &Operation) {
        let at = format!("{}/requestBody", n.pointer);
        let item = |op: &Operation| format!("{}::body", builder_path(op));
        match (&o.body, &n.body) {
            (None, Some(b)) => {
                let rule = if b.required { Rule::RequiredRequestBodyAdded } else { Rule::OptionalRequestBodyAdded };
                self.push(
                    rule,
                    Side::New,
                    &at,
                    item(n),
                    format!(
                        "{} request body {} added",
                        if b.required { "required" } else { "optional" },
                        form_text(b.default_form())
                    ),
                );
            }
            (Some(_), None) => self.push(
                Rule::RequestBodyRemoved,
                Side::Old,
                &format!("{}/requestBody", o.pointer),
                item(o),
                "the request body is gone (or is no longer in a media type the client sends)",
            ),
            (Some(a), Some(b)) => {
                for old_form in &a.forms {
                    match b.forms.iter().find(|f| f.setter == old_form.setter) {
                        // The same setter sending another media type of the same Rust type (JSON
                        // became a form) is the sent media type's change, reported by its own rule.
                        Some(new_form) if setter_argument(new_form) != setter_argument(old_form) => self.push(
                            Rule::RequestBodyTypeChanged,
                            Side::New,
                            &at,
                            format!("{}::{}", builder_path(n), new_form.setter),
                            format!(
                                "the request body changed type from {} to {}",
                                form_text(old_form),
                                form_text(new_form)
                            ),
                        ),
                        Some(_) => {}
                        None => self.push(
                            Rule::RequestBodyRemoved,
                            Side::Old,
                            &format!("{}/requestBody", o.pointer),
                            format!("{}::{}", builder_path(o), old_form.setter),
                            format!("the request body can no longer be sent as {}", form_text(old_form)),
                        ),
                    }
                }
                for new_form in b.forms.iter().filter(|f| !a.forms.iter().any(|o| o.setter == f.setter)) {
                    self.push(
                        Rule::RequestBodyFormAdded,
                        Side::New,
                        &at,
                        format!("{}::{}", builder_path(n), new_form.setter),
                        format!("the request body may also be sent as {}", form_text(new_form)),
                    );
                }
                if a.required != b.required {
                    let rule =
                        if b.required { Rule::RequestBodyBecameRequired } else { Rule::RequestBodyBecameOptional };
                    self.push(
                        rule,
                        Side::New,
                        &at,
                        item(n),
                        format!("the request body is now {}", if b.required { "required" } else { "optional" }),
                    );
                }
                self.doc(&a.doc, &b.doc, &at, &item(n), "the request body");
            }
            (None, None) => {}
        }
    }

    fn media_types(&mut self, o: &Operation, n: &Operation) {
        let body_at = format!("{}/requestBody/content", n.pointer);
        let old_body_at = format!("{}/requestBody/content", o.pointer);
        let sent = o.body.as_ref().map(|b| &b.default_form().media_type);
        // A media type that is a body form whose setter comes or goes is reported by `body` (as a
        // setter added or removed).
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
                &child(&body_at, m),
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
                &child(&old_body_at, m),
                format!("{}::body", builder_path(o)),
                format!("the request body may no longer be sent as `{m}`"),
            );
        }
        for a in &n.responses {
            let Some(b) = o.responses.iter().find(|b| b.status == a.status) else {
                continue;
            };
            for m in unmatched(&a.media_types, &b.media_types, PartialEq::eq) {
                self.push(
                    Rule::MediaTypeAdded,
                    Side::New,
                    &child(&format!("{}/content", a.pointer), m),
                    arm_item(n, a),
                    format!("the {} response may also come as `{m}`", a.status.key()),
                );
            }
            for m in unmatched(&b.media_types, &a.media_types, PartialEq::eq) {
                self.push(
                    Rule::MediaTypeRemoved,
                    Side::Old,
                    &child(&format!("{}/content", b.pointer), m),
                    arm_item(o, b),
                    format!("the {} response no longer comes as `{m}`", b.status.key()),
                );
            }
            self.envelope(o, b, n, a);
        }
    }

    /// `x-envelope` on a response of both versions (old arm `b`, new arm `a`).
    fn envelope(&mut self, o: &Operation, b: &ResponseArm, n: &Operation, a: &ResponseArm) {
        let status = a.status.key();
        // The extension sits on the decoded (first JSON) media type.
        let at = |arm: &ResponseArm| {
            let content = format!("{}/content", arm.pointer);
            match arm.media_types.iter().find(|m| is_json(m)) {
                Some(media) => child(&child(&content, media), "x-envelope"),
                None => content,
            }
        };
        match (&b.envelope, &a.envelope) {
            (None, Some(new)) => self.push(
                Rule::EnvelopeAdded,
                Side::New,
                &at(a),
                arm_item(n, a),
                format!("the {status} body may now also arrive wrapped in `{}`", new.property),
            ),
            (Some(old), None) => self.push(
                Rule::EnvelopeRemoved,
                Side::Old,
                &at(b),
                arm_item(o, b),
                format!("the {status} body no longer decodes when wrapped in `{}`", old.property),
            ),
            (Some(old), Some(new)) if old != new => self.push(
                Rule::EnvelopeChanged,
                Side::New,
                &at(a),
                arm_item(n, a),
                format!("the {status} body's envelope member is now `{}` (was `{}`)", new.property, old.property),
            ),
            _ => {}
        }
    }

    fn responses(&mut self, o: &Operation, n: &Operation) {
        let kind = |a: &ResponseArm| if a.error_variant().is_some() { "error" } else { "success" };
        for a in n.responses.iter() {
            let Some(b) = matching(&o.responses, a) else {
                let rule = if a.error_variant().is_some() { Rule::ErrorStatusAdded } else { Rule::SuccessStatusAdded };
                self.push(
                    rule,
                    Side::New,
                    &a.pointer,
                    arm_item(n, a),
                    format!("documented {} status {} added", kind(a), a.status.key()),
                );
                continue;
            };
            if a.error_variant().is_some() {
                if a.error_variant() != b.error_variant() {
                    self.push(
                        Rule::RustNameChanged,
                        Side::New,
                        &a.pointer,
                        arm_item(n, a),
                        format!(
                            "the error variant for {} is now `{}` (was `{}`)",
                            a.status.key(),
                            variant_text(a),
                            variant_text(b)
                        ),
                    );
                }
                if a.body != b.body {
                    self.push(
                        Rule::ErrorBodyChanged,
                        Side::New,
                        &a.pointer,
                        arm_item(n, a),
                        format!(
                            "the {} error body changed from {} to {}",
                            a.status.key(),
                            body_text(&b.body),
                            body_text(&a.body)
                        ),
                    );
                }
            }
            self.doc(&b.doc, &a.doc, &a.pointer, &arm_item(n, a), &format!("the {} response", a.status.key()));
        }
        for b in o.responses.iter() {
            if matching(&n.responses, b).is_none() {
                let rule =
                    if b.error_variant().is_some() { Rule::ErrorStatusRemoved } else { Rule::SuccessStatusRemoved };
                self.push(
                    rule,
                    Side::Old,
                    &b.pointer,
                    arm_item(o, b),
                    format!("documented {} status {} removed", kind(b), b.status.key()),
                );
            }
        }
        if o.success != n.success {
            self.push(
                Rule::SuccessBodyChanged,
                Side::New,
                &format!("{}/responses", n.pointer),
                format!("{}::send", builder_path(n)),
                format!("the success value changed from {} to {}", success_text(&o.success), success_text(&n.success)),
            );
        } else if let Success::ByStatus(name) = &n.success {
            // The same enum by status: each variant is part of the API (one added is not a break:
            // the enum is non-exhaustive).
            for b in o.responses.iter().filter(|b| b.success_variant().is_some()) {
                let now = matching(&n.responses, b);
                let change = match now {
                    None => format!("`{name}::{}` ({}) is gone", variant_text(b), b.status.key()),
                    Some(a) if a.success_variant() != b.success_variant() => {
                        format!(
                            "`{name}::{}` ({}) is now `{name}::{}`",
                            variant_text(b),
                            b.status.key(),
                            variant_text(a)
                        )
                    }
                    Some(a) if a.body != b.body => format!(
                        "`{name}::{}` ({}) now holds {} (was {})",
                        variant_text(a),
                        a.status.key(),
                        body_text(&a.body),
                        body_text(&b.body)
                    ),
                    Some(_) => continue,
                };
                let (side, arm, op) = match now {
                    Some(a) => (Side::New, a, n),
                    None => (Side::Old, b, o),
                };
                self.push(Rule::SuccessBodyChanged, side, &arm.pointer, arm_item(op, arm), change);
            }
        }
    }

    /// Types are matched by origin (the schema they come from), else by name: a type whose schema
    /// stayed but whose Rust name changed (a collision resolved the other way) is one change, not a
    /// removal and an addition.
    fn types(&mut self) {
        let (old, new) = (self.old, self.new);
        let old_by_origin: HashMap<&str, &TypeDef> = old.types.iter().map(|o| (o.pointer.as_str(), o)).collect();
        let old_by_name: HashMap<&str, &TypeDef> = old.types.iter().map(|o| (o.name.as_str(), o)).collect();
        let new_origins: HashSet<&str> = new.types.iter().map(|n| n.pointer.as_str()).collect();
        // By origin; else by name, unless that old type's origin is still there (it is matched by it).
        let counterpart = |t: &TypeDef| -> Option<&TypeDef> {
            old_by_origin
                .get(t.pointer.as_str())
                .or_else(|| old_by_name.get(t.name.as_str()).filter(|o| !new_origins.contains(o.pointer.as_str())))
                .copied()
        };
        let mut matched: HashSet<&str> = HashSet::new();
        for t in &new.types {
            match counterpart(t) {
                Some(o) => {
                    matched.insert(&o.pointer);
                    if o.name != t.name {
                        self.push(
                            Rule::RustNameChanged,
                            Side::New,
                            &t.pointer,
                            type_item(t),
                            format!("the type of this schema is now `{}` (was `{}`)", t.name, o.name),
                        );
                    }
                    self.type_pair(o, t)
                }
                None => {
                    self.push(Rule::TypeAdded, Side::New, &t.pointer, type_item(t), format!("type `{}` added", t.name))
                }
            }
        }
        for o in old.types.iter().filter(|o| !matched.contains(o.pointer.as_str())) {
            self.push(Rule::TypeRemoved, Side::Old, &o.pointer, type_item(o), format!("type `{}` removed", o.name));
        }
    }

    fn type_pair(&mut self, o: &TypeDef, n: &TypeDef) {
        let item = type_item(n);
        self.doc(&o.doc, &n.doc, &n.pointer, &item, &format!("type `{}`", n.name));
        match (&o.kind, &n.kind) {
            (TypeKind::Struct { fields: a }, TypeKind::Struct { fields: b }) => self.fields(o, n, a, b),
            (TypeKind::Enum { variants: a }, TypeKind::Enum { variants: b }) => {
                let response = n.usage.response || !n.usage.request;
                let side = if response { "response" } else { "request" };
                for (i, v) in b.iter().enumerate() {
                    match a.iter().find(|w| w.wire == v.wire) {
                        Some(w) if w.ident != v.ident => self.push(
                            Rule::RustNameChanged,
                            Side::New,
                            &format!("{}/enum/{i}", n.pointer),
                            format!("{item}::{}", v.ident),
                            format!(
                                "enum value `{}` of `{}` is now the variant `{}` (was `{}`)",
                                v.wire, n.name, v.ident, w.ident
                            ),
                        ),
                        Some(_) => {}
                        None => {
                            let rule =
                                if response { Rule::ResponseEnumValueAdded } else { Rule::RequestEnumValueAdded };
                            self.push(
                                rule,
                                Side::New,
                                &format!("{}/enum/{i}", n.pointer),
                                format!("{item}::{}", v.ident),
                                format!("value `{}` added to the {side} enum `{}`", v.wire, n.name),
                            );
                        }
                    }
                }
                for (i, w) in a.iter().enumerate() {
                    if !b.iter().any(|v| v.wire == w.wire) {
                        let rule =
                            if response { Rule::ResponseEnumValueRemoved } else { Rule::RequestEnumValueRemoved };
                        self.push(
                            rule,
                            Side::Old,
                            &format!("{}/enum/{i}", o.pointer),
                            format!("{}::{}", type_item(o), w.ident),
                            format!("value `{}` removed from the {side} enum `{}`", w.wire, n.name),
                        );
                    }
                }
            }
            (TypeKind::Union { variants: a, .. }, TypeKind::Union { variants: b, .. }) => {
                let same = |v: &UnionVariant, w: &UnionVariant| v.ident == w.ident;
                for v in unmatched(b, a, same) {
                    self.push(
                        Rule::UnionVariantAdded,
                        Side::New,
                        &n.pointer,
                        format!("{item}::{}", v.ident),
                        format!("`{}` may now also be a `{}`", n.name, type_text(&v.ty)),
                    );
                }
                for w in unmatched(a, b, same) {
                    self.push(
                        Rule::UnionVariantRemoved,
                        Side::Old,
                        &o.pointer,
                        format!("{item}::{}", w.ident),
                        format!("`{}` may no longer be a `{}`", n.name, type_text(&w.ty)),
                    );
                }
            }
            (TypeKind::Alias(a), TypeKind::Alias(b)) if a == b => {}
            (a, b) => self.push(
                Rule::TypeKindChanged,
                Side::New,
                &n.pointer,
                item,
                format!("`{}` changed from {} to {}", n.name, kind_text(a), kind_text(b)),
            ),
        }
    }

    /// A field of `n` and the same property (`g`) in the old type.
    fn field_pair(&mut self, n: &TypeDef, g: &Field, f: &Field, field_item: String) {
        if g.ident != f.ident {
            self.push(
                Rule::RustNameChanged,
                Side::New,
                &f.pointer,
                field_item.clone(),
                format!("property `{}` is now the field `{}` (was `{}`)", f.wire, f.ident, g.ident),
            );
        }
        if g.ty != f.ty || g.boxed != f.boxed {
            self.push(
                Rule::FieldTypeChanged,
                Side::New,
                &f.pointer,
                field_item.clone(),
                format!(
                    "field `{}` of `{}` changed type from `{}` to `{}`",
                    f.wire,
                    n.name,
                    field_type_text(g),
                    field_type_text(f)
                ),
            );
        } else if positional(g) != positional(f) {
            let (rule, what) = if !positional(f) {
                (Rule::FieldBecameOptional, "optional (`Option<_>`)")
            } else {
                (Rule::FieldBecameRequired, "required (no longer `Option<_>`)")
            };
            self.push(
                rule,
                Side::New,
                &f.pointer,
                field_item.clone(),
                format!("field `{}` of `{}` is now {what}", f.wire, n.name),
            );
        } else if g.required != f.required {
            self.push(
                Rule::FieldRequirednessChangedSameType,
                Side::New,
                &f.pointer,
                field_item.clone(),
                format!(
                    "field `{}` of `{}` is now {} (nullable: the Rust type is unchanged)",
                    f.wire,
                    n.name,
                    if f.required { "required" } else { "optional" }
                ),
            );
        }
        self.doc(&g.doc, &f.doc, &f.pointer, &field_item, &format!("field `{}` of `{}`", f.wire, n.name));
    }

    fn fields(&mut self, o: &TypeDef, n: &TypeDef, a: &[Field], b: &[Field]) {
        let item = type_item(n);
        let request = o.usage.request && n.usage.request;
        match (o.usage.request, n.usage.request) {
            (false, true) => self.push(
                Rule::TypeBecameConstructible,
                Side::New,
                &n.pointer,
                format!("{item}::new"),
                format!("`{}` is now used in a request and gains `new()`", n.name),
            ),
            (true, false) => self.push(
                Rule::TypeNoLongerConstructible,
                Side::New,
                &n.pointer,
                format!("{item}::new"),
                format!("`{}` is no longer used in a request and loses `new()`", n.name),
            ),
            _ => {}
        }
        for f in b {
            let field_item = format!("{item}::{}", ident_text(&f.ident));
            match a.iter().find(|g| g.wire == f.wire) {
                None => {
                    let rule = match (positional(f), request) {
                        (false, _) => Rule::OptionalFieldAdded,
                        (true, false) => Rule::RequiredFieldAdded,
                        (true, true) => Rule::RequiredRequestFieldAdded,
                    };
                    let what = if f.required { "required" } else { "optional" };
                    self.push(
                        rule,
                        Side::New,
                        &f.pointer,
                        field_item,
                        format!("{what} field `{}` added to `{}`", f.wire, n.name),
                    );
                }
                Some(g) => self.field_pair(n, g, f, field_item),
            }
        }
        for g in unmatched(a, b, |g, f| g.wire == f.wire) {
            self.push(
                Rule::FieldRemoved,
                Side::Old,
                &g.pointer,
                format!("{}::{}", type_item(o), ident_text(&g.ident)),
                format!("field `{}` removed from `{}`", g.wire, n.name),
            );
        }
        {
            // `new()` takes the required fields in document order (every struct has one: request
            // types always, the others under the `mock` feature).
            let args = |fields: &[Field], other: &[Field]| -> Vec<String> {
                fields
                    .iter()
                    .filter(|f| positional(f) && other.iter().any(|g| g.wire == f.wire && positional(g)))
                    .map(|f| f.wire.clone())
                    .collect()
            };
            let (before, after) = (args(a, b), args(b, a));
            if before != after {
                self.push(
                    Rule::RequestRequiredFieldsReordered,
                    Side::New,
                    &n.pointer,
                    format!("{item}::new"),
                    format!("the arguments of `{}::new` are now in the order {}", n.name, after.join(", ")),
                );
            }
        }
    }
}

/// The client method of an operation: `Client::get_pet`, or through its module's handle,
/// `Client::pets().get_pet`.
fn method_item(op: &Operation) -> String {
    match &op.module {
        Some(module) => format!("Client::{}().{}", ident_text(module), ident_text(&op.method_name)),
        None => format!("Client::{}", ident_text(&op.method_name)),
    }
}

/// The Rust module of an operation's items: `operations`, or its API module's.
fn module_path(op: &Operation) -> String {
    match &op.module {
        Some(module) => ident_text(module),
        None => crate::members::crate_root::OPERATIONS.to_string(),
    }
}

/// Where an operation is, for a message: `the crate root`, `module `pets``.
fn module_text(op: &Operation) -> String {
    match &op.module {
        Some(module) => format!("module `{module}`"),
        None => "the crate root".to_string(),
    }
}

/// The path of an operation's request builder (`operations::GetPet`, `pets::GetPet`).
fn builder_path(op: &Operation) -> String {
    format!("{}::{}", module_path(op), op.builder_name)
}

fn type_item(t: &TypeDef) -> String {
    format!("types::{}", t.name)
}

/// An arm's variant (in the error enum, else the success enum) as a message names it.
fn variant_text(arm: &ResponseArm) -> &str {
    arm.error_variant().or(arm.success_variant()).unwrap_or("(none)")
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

/// Whether `new()` takes the field as an argument (a required, non-nullable field: not an `Option`).
fn positional(field: &Field) -> bool {
    field.required && !field.nullable
}

/// The items of `items` that no item of `other` is the `same` as, in order.
fn unmatched<'a, T>(items: &'a [T], other: &'a [T], same: impl Fn(&T, &T) -> bool) -> impl Iterator<Item = &'a T> {
    items.iter().filter(move |x| !other.iter().any(|y| same(x, y)))
}

/// The parameters of `op` that `keep` keeps, in order.
fn params_of(op: &Operation, keep: fn(&Param) -> bool) -> Vec<&Param> {
    op.params.iter().filter(|p| keep(p)).collect()
}

/// Parameters are matched by location and wire name.
fn same_param(a: &&Param, b: &&Param) -> bool {
    a.location == b.location && a.wire == b.wire
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

/// A type reference as Rust spells it.
/// A field's type as the struct declares it (the one printer of Rust types is emit's).
fn field_type_text(f: &Field) -> String {
    crate::emit::field_type_text(&f.ty, f.boxed)
}

fn success_text(s: &Success) -> String {
    match s {
        Success::Body(b) => body_text(b),
        Success::ByStatus(name) => format!("the enum `{name}` (a variant per success status)"),
    }
}

fn body_text(b: &Body) -> String {
    match b {
        Body::Json(t) => format!("`{}`", type_text(t)),
        Body::Empty => "no body".into(),
        Body::Bytes => "bytes".into(),
        Body::Text => "text".into(),
    }
}

/// What a form's setter takes, for telling a change of Rust type from a change of encoding.
fn setter_argument(form: &BodyForm) -> BodyKind {
    match &form.kind {
        // The Rust type alone: how the body is encoded or named is the media types' business.
        BodyKind::Json { ty, .. } | BodyKind::Form { ty, .. } => BodyKind::Json { ty: ty.clone(), content_type: None },
        other => other.clone(),
    }
}

/// A request body form as a change describes it.
fn form_text(form: &BodyForm) -> String {
    match &form.kind {
        BodyKind::Json { ty, .. } => format!("`{}`", type_text(ty)),
        BodyKind::Form { ty, .. } => format!("the form `{}`", type_text(ty)),
        BodyKind::Multipart(m) => format!("the multipart `{}`", m.name),
        BodyKind::Bytes { .. } => format!("bytes (`{}`)", form.media_type),
        BodyKind::Text { .. } => format!("text (`{}`)", form.media_type),
    }
}

fn kind_text(k: &TypeKind) -> String {
    match k {
        TypeKind::Struct { .. } => "a struct".into(),
        TypeKind::Enum { .. } => "an enum".into(),
        TypeKind::Union { .. } => "a union".into(),
        TypeKind::Alias(t) => format!("an alias of `{}`", type_text(t)),
    }
}
