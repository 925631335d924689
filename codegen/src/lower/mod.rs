//! Stage 3, lower: the checked OpenAPI model → the IR ([`ir::Api`]), with every name decided here
//! (see [`names`]) and every construct the generator cannot type replaced by "any JSON value" with a
//! warning.

mod bodies;
pub mod docs;
mod envelope;
pub mod ir;
mod modules;
pub mod names;
mod pagination;
mod security;
mod types;
mod webhooks;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, Response, Schema, SchemaKind, StatusCode,
    Type,
};
use serde_json::Value;

use crate::diagnostics::{Diagnostics, Lint};
use crate::media::is_json;
use crate::pointer::Pointer;
use ir::*;
use names::Namespace;
use types::Types;

/// Lowers a checked document.
pub fn lower(api: &OpenAPI, diags: &mut Diagnostics) -> Api {
    let empty = IndexMap::new();
    let components = api.components.as_ref();
    let schemas = components.map(|c| &c.schemas).unwrap_or(&empty);
    let mut types = Types::new(schemas, diags);
    types.lower_components();
    let security_schemes = security::schemes(api, types.diags);
    let mut security_warned = HashSet::new();

    let mut ops_namespace = Namespace::with_reserved(names::operation_module::ALL);
    let mut method_namespace = Namespace::with_reserved(names::client::ALL);
    // Module handles are `Client` methods named before any operation of the crate root.
    let mut modules = modules::Modules::declare(api, &mut method_namespace, types.diags);
    let mut module_of = Vec::new();
    let mut operations = Vec::new();
    for (path, item) in api.paths.iter() {
        let at_path = Pointer::root().child("paths").child(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                types.diags.warn(
                    Lint::UnresolvedRef,
                    &at_path,
                    format!("path item refs (`{reference}`) are not followed; the path is skipped"),
                );
                continue;
            }
        };
        for (method, op) in item.iter() {
            let at = at_path.child(method);
            let module = modules.of(op, &at, types.diags);
            let (ops_namespace, method_namespace) = match module {
                Some(m) => modules.namespaces(m),
                None => (&mut ops_namespace, &mut method_namespace),
            };
            let mut lowering = OperationLowering {
                api,
                types: &mut types,
                at: at.to_string(),
                schemes: &security_schemes,
                security_warned: &mut security_warned,
            };
            if let Some(op) = lowering.operation(path, method, op, &item.parameters, ops_namespace, method_namespace) {
                operations.push(op);
                module_of.push(module);
            }
        }
    }
    let webhooks = webhooks::webhooks(api, &mut types);
    // What consumers build (parameters and request bodies) and what they read (response bodies,
    // webhook payloads).
    let sent = operations
        .iter()
        .flat_map(|op| op.params.iter().map(|p| &p.ty).chain(op.body.iter().flat_map(RequestBody::types)));
    types.mark_usage(sent, |usage| &mut usage.request);
    let received = operations.iter().flat_map(|op| {
        op.responses.iter().filter_map(|arm| match &arm.body {
            Body::Json(ty) => Some(ty),
            Body::Empty | Body::Bytes | Body::Text => None,
        })
    });
    types.mark_usage(received, |usage| &mut usage.response);
    modules.place(&mut operations, &module_of, types.diags);
    // Types are compiled with the features that reach them: their modules', and `webhooks` for
    // the webhooks' payloads (a consumer who receives no webhook compiles none of them).
    let mut features = modules.features();
    let mut reach: Vec<(Option<usize>, Vec<&TypeRef>)> =
        operations.iter().zip(&module_of).map(|(op, m)| (*m, modules::roots(op))).collect();
    if !webhooks.is_empty() {
        features.push(crate::members::api_module::WEBHOOKS.to_string());
        reach.push((Some(features.len() - 1), webhooks.iter().map(|w| &w.payload).collect()));
    }
    types.mark_gates(&features, reach);
    types.mark_usage(webhooks.iter().map(|w| &w.payload), |usage| &mut usage.response);
    types.box_cycles();

    Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        default_base_url: default_base_url(api, types.diags),
        rate_limit_headers: rate_limit_headers(api.extensions.get("x-rate-limit-headers"), types.diags),
        types: types.defs,
        operations,
        security_schemes,
        modules: modules.list,
        oauth_flows: security::oauth_flows(api),
        webhooks,
    }
}

struct OperationLowering<'a, 'b> {
    api: &'a OpenAPI,
    types: &'a mut Types<'b>,
    at: String,
    schemes: &'a [ir::SecurityScheme],
    /// Requirement sites and scheme names already warned about.
    security_warned: &'a mut HashSet<String>,
}

impl OperationLowering<'_, '_> {
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &openapiv3::Operation,
        shared: &[ReferenceOr<Parameter>],
        ops_namespace: &mut Namespace,
        method_namespace: &mut Namespace,
    ) -> Option<Operation> {
        // `PathItem::iter` yields only the eight methods.
        let http_method = HttpMethod::from_key(method)?;
        let id = op.operation_id.clone().unwrap_or_else(|| format!("{method}{path}"));
        let method_name = self.claim(method_namespace, &names::snake(&id), "client method");
        let builder_name = self.claim(ops_namespace, &names::upper_camel(&id), "request builder type");
        let error_name = self.claim(ops_namespace, &format!("{builder_name}Error"), "error type");
        let module_name = method_name.clone();
        // The module's identifier without `r#` (names are already cut short enough for any file system).
        let file_path = format!("src/operations/{}.rs", names::ident_text(&module_name).trim_start_matches("r#"));

        // Operation-level parameters override path-level ones with the same name and location.
        let mut raw: Vec<(String, Parameter)> = Vec::new();
        for (i, p) in shared.iter().enumerate() {
            if let Some(p) =
                self.parameter(p, &Pointer::from(&self.at).parent().unwrap_or_default().child("parameters").child(i))
            {
                raw.push((p.0, p.1));
            }
        }
        for (i, p) in op.parameters.iter().enumerate() {
            if let Some((at, p)) = self.parameter(p, &format!("{}/parameters/{i}", self.at)) {
                let d = p.parameter_data_ref();
                let key = (d.name.clone(), location_name(&p));
                raw.retain(|(_, q)| (q.parameter_data_ref().name.clone(), location_name(q)) != key);
                raw.push((at, p));
            }
        }

        // Path parameters are positional arguments (and fields of the builder's parameters, never
        // setters, so the builder's methods do not concern them): they are named first, and a
        // parameter of another location with the same name (legal: a parameter is its name and
        // location) is the one renamed.
        let mut path_namespace = Namespace::default();
        let mut path_idents = HashMap::new();
        for (at, p) in &raw {
            if matches!(p, Parameter::Path { .. }) {
                let wire = &p.parameter_data_ref().name;
                let claimed = path_namespace.claim(&names::snake(wire));
                if claimed.changed {
                    self.types.diags.warn(
                        Lint::Rename,
                        at,
                        format!(
                            "the path parameter `{wire}` is the argument `{}` to keep argument names unique",
                            claimed.name
                        ),
                    );
                }
                path_idents.insert(wire.clone(), claimed.name);
            }
        }
        let mut param_namespace = Namespace::with_reserved(names::request_builder::ALL);
        for ident in path_idents.values() {
            param_namespace.take(ident);
        }
        let mut params = Vec::new();
        for (at, p) in &raw {
            let name = &p.parameter_data_ref().name;
            let clashes = raw.iter().any(|(_, q)| {
                location_name(q) != location_name(p) && names::snake(&q.parameter_data_ref().name) == names::snake(name)
            });
            if let Some(param) = self.param(p, at, &builder_name, &mut param_namespace, &path_idents, clashes) {
                params.push(param);
            }
        }
        let path_parts = self.path_parts(path, &params)?;

        let body = op.request_body.as_ref().and_then(|b| self.request_body(b, &builder_name, ops_namespace));
        let (success, responses) = self.responses(&op.responses, &builder_name, ops_namespace);
        let accept = accept(&responses);
        let security_at = if op.security.is_some() {
            Pointer::from(&self.at).child("security")
        } else {
            Pointer::root().child("security")
        };
        let security = security::requirement(
            op.security.as_ref().or(self.api.security.as_ref()),
            &security_at,
            self.schemes,
            self.security_warned,
            self.types.diags,
        );
        let pagination =
            op.extensions.get("x-pagination").and_then(|ext| self.pagination(ext, &params, &raw, &success));

        let mut doc_parts = Vec::new();
        if let Some(s) = &op.summary {
            doc_parts.push(s.trim().to_string());
        }
        if let Some(d) = &op.description {
            if op.summary.as_deref().map(str::trim) != Some(d.trim()) {
                doc_parts.push(d.trim().to_string());
            }
        }
        doc_parts.push(format!("`{} {path}` (operation `{id}`)", method.to_uppercase()));
        Some(Operation {
            id,
            // Decided with the other operations of the module (`modules::Modules::place`).
            module: None,
            error_variant: String::new(),
            method_name,
            builder_name,
            error_name,
            module_name,
            file_path,
            http_method,
            path_template: path.to_string(),
            path: path_parts,
            params,
            body,
            success,
            responses,
            pagination,
            doc: docs::join(doc_parts),
            deprecated: op.deprecated,
            pointer: self.at.clone(),
            security,
            request_media_types: self.request_media_types(op.request_body.as_ref()),
            accept,
        })
    }

    /// Resolves a parameter ref; returns the pointer to report at, too.
    fn parameter(&mut self, p: &ReferenceOr<Parameter>, at: &str) -> Option<(String, Parameter)> {
        let components = self.api.components.as_ref();
        match resolve(p, "parameters", components.map(|c| &c.parameters)) {
            Ok((p, Some(pointer))) => Some((pointer, p.clone())),
            Ok((p, None)) => Some((at.to_string(), p.clone())),
            Err(reference) => {
                self.types.diags.warn(
                    Lint::UnresolvedRef,
                    at,
                    format!("parameter ref `{reference}` does not resolve to a parameter; skipped"),
                );
                None
            }
        }
    }

    /// Claims `wanted` in `namespace`, warning when it had to be changed.
    fn claim(&mut self, namespace: &mut Namespace, wanted: &str, what: &str) -> String {
        let claimed = namespace.claim(wanted);
        if claimed.changed {
            self.types.diags.warn(
                Lint::Rename,
                &self.at,
                format!("the {what} `{wanted}` is named `{}` to keep names unique", claimed.name),
            );
        }
        claimed.name
    }

    /// `clashes`: a parameter of another location has the same name.
    /// `path_idents`: the argument name of each path parameter, decided before the others.
    fn param(
        &mut self,
        p: &Parameter,
        at: &str,
        builder: &str,
        ns: &mut Namespace,
        path_idents: &HashMap<String, String>,
        clashes: bool,
    ) -> Option<Param> {
        let data = p.parameter_data_ref();
        let path_style = match p {
            Parameter::Path { style: openapiv3::PathStyle::Label, .. } => {
                PathStyle::Label { explode: data.explode.unwrap_or(false) }
            }
            Parameter::Path { style: openapiv3::PathStyle::Matrix, .. } => {
                PathStyle::Matrix { explode: data.explode.unwrap_or(false) }
            }
            _ => PathStyle::Simple,
        };
        let (location, style) = match p {
            Parameter::Path { .. } => (Location::Path, None),
            Parameter::Query { style, .. } => (Location::Query, Some(style)),
            Parameter::Header { .. } => (Location::Header, None),
            Parameter::Cookie { .. } => {
                self.types.diags.warn(
                    Lint::UnsupportedParameter,
                    at,
                    format!("cookie parameter `{}` is not supported; it is not sent", data.name),
                );
                return None;
            }
        };
        let hint = format!("{builder}{}", names::upper_camel(&data.name));
        let (ty, constant, json) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => match (location, single_value(schema)) {
                (Location::Header, Some(value)) => (TypeRef::String, Some(value), false),
                _ => (self.types.lower(schema, &hint, &Pointer::from(at).child("schema")), None, false),
            },
            ParameterSchemaOrContent::Content(content) => {
                let schema = content.values().next().and_then(|m| m.schema.as_ref());
                let ty = schema
                    .map(|s| self.types.lower(s, &hint, &Pointer::from(at).child("content")))
                    .unwrap_or(TypeRef::Any);
                (ty, None, true)
            }
        };
        let ty = match ty {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        };
        let list = matches!(ty, TypeRef::List(_));
        let text = match &ty {
            TypeRef::List(item) => self.text_form(item),
            scalar => self.text_form(scalar),
        };
        let explode = data.explode.unwrap_or(matches!(style, Some(QueryStyle::Form)));
        // A choice of a scalar and a list of scalars in the exploded form style: the list variant's
        // items are repeated parameters, the scalar is one (`Each` of a type that is not a list).
        let form_exploded = explode && matches!(style, None | Some(QueryStyle::Form));
        let serialization = if !json
            && location == Location::Query
            && form_exploded
            && self.is_scalar_or_list_union(&ty)
        {
            Serialization::Each
        } else if json || !self.is_simple(&ty) {
            if !json {
                self.types.diags.warn(
                    Lint::UnsupportedStyle,
                    at,
                    format!("parameter `{}` is not a scalar or a list of scalars; it is sent as JSON text", data.name),
                );
            }
            Serialization::Json
        } else if !list {
            Serialization::Single
        } else {
            match style {
                Some(QueryStyle::Form) if explode => Serialization::Each,
                Some(QueryStyle::SpaceDelimited) => Serialization::Joined(' '),
                Some(QueryStyle::PipeDelimited) => Serialization::Joined('|'),
                Some(QueryStyle::DeepObject) => {
                    self.types.diags.warn(
                        Lint::UnsupportedStyle,
                        at,
                        format!(
                            "parameter `{}` is a list in the `deepObject` style, which OpenAPI defines for objects only; it is sent as JSON text",
                            data.name
                        ),
                    );
                    Serialization::Json
                }
                _ => Serialization::Joined(','),
            }
        };
        let ident = if let (Location::Path, Some(ident)) = (location, path_idents.get(&data.name)) {
            ident.clone()
        } else {
            let wanted = names::snake(&data.name);
            let claimed = if clashes && ns.contains(&wanted) {
                ns.claim(&format!("{}_{wanted}", location.as_str()))
            } else {
                ns.claim(&wanted)
            };
            if clashes && claimed.name != wanted {
                self.types.diags.warn(
                    Lint::Rename,
                    at,
                    format!(
                        "the {} parameter `{}` has the name of a parameter in another location; it is set with `.{}()`",
                        location.as_str(),
                        data.name,
                        claimed.name
                    ),
                );
            } else if claimed.changed {
                self.types.diags.warn(
                    Lint::Rename,
                    at,
                    format!(
                        "parameter `{}` is set with `.{}()` to keep builder method names unique",
                        data.name, claimed.name
                    ),
                );
            }
            claimed.name
        };
        let mut doc_parts = Vec::new();
        if let Some(d) = &data.description {
            doc_parts.push(d.trim().to_string());
        }
        if let Some(e) = &data.example {
            doc_parts.push(docs::example(e));
        }
        Some(Param {
            wire: data.name.clone(),
            ident,
            location,
            required: data.required || location == Location::Path,
            ty,
            serialization,
            path_style,
            text,
            constant,
            doc: docs::join(doc_parts),
            pointer: at.to_string(),
        })
    }

    /// A scalar, an enum, or a list of them: what has a plain text form.
    fn is_simple(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String | TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Number => true,
            TypeRef::Named(id) => match &self.types.def(*id).kind {
                TypeKind::Enum { .. } => true,
                TypeKind::Alias(t) => self.is_scalar(t),
                TypeKind::Union { variants, .. } => variants.iter().all(|v| self.is_scalar(&v.ty)),
                _ => false,
            },
            TypeRef::List(inner) => self.is_scalar(inner),
            _ => false,
        }
    }

    /// A union whose variants are each a scalar or a list of scalars, at least one a list.
    fn is_scalar_or_list_union(&self, ty: &TypeRef) -> bool {
        let TypeRef::Named(id) = ty else { return false };
        match &self.types.def(*id).kind {
            TypeKind::Union { variants, .. } => {
                variants.iter().all(|v| self.is_simple(&v.ty)) && variants.iter().any(|v| !self.is_scalar(&v.ty))
            }
            _ => false,
        }
    }

    /// How a value of `ty` is written as text (through aliases).
    fn text_form(&self, ty: &TypeRef) -> TextForm {
        match ty {
            TypeRef::String => TextForm::Str,
            TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Number => TextForm::Display,
            TypeRef::Named(id) => match &self.types.def(*id).kind {
                TypeKind::Enum { .. } => TextForm::Enum,
                TypeKind::Alias(inner) => self.text_form(inner),
                _ => TextForm::Json,
            },
            _ => TextForm::Json,
        }
    }

    fn is_scalar(&self, ty: &TypeRef) -> bool {
        !matches!(ty, TypeRef::List(_)) && self.is_simple(ty)
    }

    fn path_parts(&mut self, path: &str, params: &[Param]) -> Option<Vec<PathPart>> {
        let mut parts = Vec::new();
        let mut rest = path;
        for var in crate::path_template::variables(path) {
            let token = format!("{{{var}}}");
            let Some(pos) = rest.find(&token) else { break };
            if pos > 0 {
                parts.push(PathPart::Literal(rest[..pos].to_string()));
            }
            match params.iter().position(|p| p.location == Location::Path && p.wire == var) {
                Some(i) => parts.push(PathPart::Param(i)),
                None => {
                    self.types.diags.warn(
                        Lint::UndeclaredPathVariable,
                        &self.at,
                        format!("path variable `{{{var}}}` has no parameter; the operation is skipped"),
                    );
                    return None;
                }
            }
            rest = &rest[pos + token.len()..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_string()));
        }
        Some(parts)
    }

    /// The media types of a request body (a ref that does not resolve has none; `request_body` warns).
    fn request_media_types(&self, body: Option<&ReferenceOr<openapiv3::RequestBody>>) -> Vec<String> {
        let components = self.api.components.as_ref();
        body.and_then(|b| resolve(b, "requestBodies", components.map(|c| &c.request_bodies)).ok())
            .map(|(b, _)| b.content.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn response(&mut self, r: &ReferenceOr<Response>, at: &str) -> Option<Response> {
        let components = self.api.components.as_ref();
        match resolve(r, "responses", components.map(|c| &c.responses)) {
            Ok((r, _)) => Some(r.clone()),
            Err(reference) => {
                self.types.diags.warn(
                    Lint::UnresolvedRef,
                    at,
                    format!("response ref `{reference}` does not resolve; that status is treated as undocumented"),
                );
                None
            }
        }
    }

    fn responses(
        &mut self,
        responses: &openapiv3::Responses,
        builder: &str,
        ops_namespace: &mut Namespace,
    ) -> (Success, Vec<ResponseArm>) {
        let at = Pointer::from(&self.at).child("responses");
        let mut arms = Vec::new();
        let mut variants = Namespace::default();
        let entries: Vec<(StatusMatch, &ReferenceOr<Response>)> = responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => StatusMatch::Code(*c),
                    StatusCode::Range(r) => StatusMatch::Range(*r),
                };
                (status, r)
            })
            .chain(responses.default.iter().map(|r| (StatusMatch::Default, r)))
            .collect();
        let has_success = entries.iter().any(|(s, _)| is_success(*s));
        let success_count = entries.iter().filter(|(s, _)| is_success(*s)).count();
        for (status, r) in entries {
            let r_at = at.child(status.key());
            let Some(resp) = self.response(r, &r_at) else { continue };
            // With no 2xx documented, `default` describes success as well.
            let success = is_success(status) || (!has_success && status == StatusMatch::Default);
            let variant_base = status_variant(status);
            let hint = if success {
                if success_count > 1 {
                    format!("{builder}Response{}", variant_base)
                } else {
                    format!("{builder}Response")
                }
            } else {
                format!("{builder}{variant_base}")
            };
            let body = self.body(&resp, &hint, &r_at);
            let envelope = envelope::read(&resp, success, &r_at, self.types.diags);
            let role = match (success, status) {
                (true, StatusMatch::Default) => ArmRole::SuccessOrError(variants.claim(&variant_base).name),
                (true, _) => ArmRole::Success,
                (false, _) => ArmRole::Error(variants.claim(&variant_base).name),
            };
            let doc = Some(resp.description.trim().to_string()).filter(|d| !d.is_empty());
            let mut media_types: Vec<String> = resp.content.keys().cloned().collect();
            // A body read as its `Content-Type` header says is documented in that media type.
            if media_types.is_empty() && body != Body::Empty {
                media_types.extend(bodies::documented_content_type(&resp, self.api.components.as_ref()));
            }
            arms.push(ResponseArm { status, body, role, doc, pointer: r_at.into(), media_types, envelope });
        }
        let success = match success_body(&arms) {
            Some(body) => Success::Body(body),
            None => {
                // Success statuses with different bodies: an enum with a variant per status.
                let name = self.claim(ops_namespace, &format!("{builder}Success"), "success type");
                let mut variants = Namespace::default();
                // (A `default` that stands for success is the only success arm: never an enum.)
                for arm in arms.iter_mut().filter(|a| a.role == ArmRole::Success) {
                    arm.role = ArmRole::SuccessVariant(variants.claim(&status_variant(arm.status)).name);
                }
                Success::ByStatus(name)
            }
        };
        (success, arms)
    }

    fn pagination(
        &mut self,
        ext: &Value,
        params: &[Param],
        raw: &[(String, Parameter)],
        success: &Success,
    ) -> Option<Pagination> {
        pagination::lower(self.types, &Pointer::from(&self.at).child("x-pagination"), ext, params, raw, success)
    }
}

/// The object `item` stands for: itself, or the component its ref names in `section` (refs of refs
/// followed to any depth), with that component's pointer. `Err` holds a ref that names nothing.
fn resolve<'a, T>(
    mut item: &'a ReferenceOr<T>,
    section: &str,
    components: Option<&'a IndexMap<String, ReferenceOr<T>>>,
) -> Result<(&'a T, Option<String>), String> {
    let mut pointer = None;
    // The checker refuses cycles of refs; the bound only keeps this loop finite regardless.
    for _ in 0..64 {
        let reference = match item {
            ReferenceOr::Item(found) => return Ok((found, pointer)),
            ReferenceOr::Reference { reference } => reference,
        };
        let Some(name) = component_name(reference, section) else { return Err(reference.clone()) };
        let Some(next) = components.and_then(|c| c.get(&name)) else { return Err(reference.clone()) };
        pointer = Some(Pointer::root().child("components").child(section).child(&name).into());
        item = next;
    }
    match item {
        ReferenceOr::Reference { reference } => Err(reference.clone()),
        ReferenceOr::Item(found) => Ok((found, pointer)),
    }
}

/// The component a local ref names in `section` (`#/components/{section}/{name}`), unescaped.
fn component_name(reference: &str, section: &str) -> Option<String> {
    let name = reference.strip_prefix("#/components/")?.strip_prefix(section)?.strip_prefix('/')?;
    Some(crate::pointer::unescape(name).into_owned())
}

/// The success value of an operation when its success arms agree on one body; `None` when they
/// differ (then it is an enum by status).
fn success_body(arms: &[ResponseArm]) -> Option<Body> {
    let mut bodies = arms.iter().filter(|a| a.is_success()).map(|a| &a.body);
    let first = bodies.next().cloned().unwrap_or(Body::Empty);
    bodies.all(|b| *b == first).then_some(first)
}

/// The `Accept` header of an operation whose success is not JSON: the success media types, then
/// JSON when an error body is JSON. `None` when JSON alone is expected (the client's default).
fn accept(arms: &[ResponseArm]) -> Option<String> {
    let success = arms.iter().filter(|a| a.is_success());
    if success.clone().all(|a| matches!(a.body, Body::Json(_) | Body::Empty)) {
        return None;
    }
    let mut media: Vec<String> = Vec::new();
    for arm in success {
        for m in &arm.media_types {
            if !media.contains(m) {
                media.push(m.clone());
            }
        }
    }
    if arms.iter().any(|a| !a.is_success() && matches!(a.body, Body::Json(_))) && !media.iter().any(|m| is_json(m)) {
        media.push("application/json".into());
    }
    (!media.is_empty()).then(|| media.join(", "))
}

/// The name of the variant for a status, in a success or an error enum.
fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => names::status_variant(c),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

fn is_success(status: StatusMatch) -> bool {
    matches!(status, StatusMatch::Code(200..=299) | StatusMatch::Range(2))
}

fn location_name(p: &Parameter) -> &'static str {
    match p {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// The one value a schema allows: a string enum of exactly one value.
fn single_value(schema: &ReferenceOr<Schema>) -> Option<String> {
    let ReferenceOr::Item(schema) = schema else { return None };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
            [Some(v)] => Some(v.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn default_base_url(api: &OpenAPI, diags: &mut Diagnostics) -> Option<String> {
    let server = api.servers.first()?;
    let mut url = server.url.clone();
    for (name, var) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &var.default);
    }
    if url.starts_with("http://") || url.starts_with("https://") {
        Some(url)
    } else {
        diags
            .warn(
                Lint::RelativeServer,
                "/servers/0/url",
                format!("server URL `{}` is not absolute; the client has no default base URL", server.url),
            )
            .help("callers must set `base_url()`");
        None
    }
}

fn rate_limit_headers(ext: Option<&Value>, diags: &mut Diagnostics) -> RateLimitHeaders {
    let Some(ext) = ext else { return RateLimitHeaders::default() };
    let get = |key: &str| ext.get(key).and_then(Value::as_str).map(str::to_string);
    let headers = RateLimitHeaders {
        limit: get("limit"),
        remaining: get("remaining"),
        interval_ms: get("intervalMilliseconds"),
        daily_limit: get("dailyLimit"),
        daily_remaining: get("dailyRemaining"),
    };
    if headers == RateLimitHeaders::default() {
        diags.warn(Lint::InvalidExtension, "/x-rate-limit-headers", "no header names found (expected `limit`, `remaining`, `intervalMilliseconds`, `dailyLimit`, `dailyRemaining`)");
    }
    headers
}
