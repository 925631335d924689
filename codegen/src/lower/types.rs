//! Schemas → named types and type references.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaData, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use super::docs;
use super::ir::{EnumVariant, Field, Gate, IntegerKind, TypeDef, TypeKind, TypeRef, UnionVariant, Usage};
use super::names::{self, Namespace};
use crate::diagnostics::{Diagnostics, Lint};
use crate::pointer::Pointer;

/// Lowers schemas, handing out type names and collecting the named types in order.
pub struct Types<'a> {
    components: &'a IndexMap<String, ReferenceOr<Schema>>,
    /// Component schema name → type name (decided up front, so refs resolve in any order).
    component_names: HashMap<String, String>,
    pub namespace: Namespace,
    pub defs: Vec<TypeDef>,
    lowered_components: HashSet<String>,
    pub diags: &'a mut Diagnostics,
}

impl<'a> Types<'a> {
    pub fn new(components: &'a IndexMap<String, ReferenceOr<Schema>>, diags: &'a mut Diagnostics) -> Self {
        let mut namespace = Namespace::default();
        let mut component_names = HashMap::new();
        for name in components.keys() {
            let claimed = namespace.claim(&names::upper_camel(name));
            if claimed.changed {
                diags.warn(
                    Lint::Rename,
                    Pointer::from("/components/schemas").child(name),
                    format!("schema `{name}` is named `{}` in Rust to keep names unique", claimed.name),
                );
            }
            component_names.insert(name.clone(), claimed.name);
        }
        Types { components, component_names, namespace, defs: Vec::new(), lowered_components: HashSet::new(), diags }
    }

    /// Lowers every component schema, in document order.
    pub fn lower_components(&mut self) {
        for (name, schema) in self.components {
            self.lower_component(name, schema);
        }
    }

    fn lower_component(&mut self, name: &str, schema: &ReferenceOr<Schema>) {
        if !self.lowered_components.insert(name.to_string()) {
            return;
        }
        let type_name = self.component_names[name].clone();
        let at = Pointer::from("/components/schemas").child(name);
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, &at),
            ReferenceOr::Item(schema) => self.schema_as(schema, &type_name, &at, true),
        };
        // A component that lowered to something other than its own named type (a string, a list, a
        // ref to another component) still gets its name, as an alias.
        let own = TypeRef::Named(type_name.clone());
        if ty != own && ty != TypeRef::Nullable(Box::new(own)) {
            let doc = match schema {
                ReferenceOr::Item(s) => docs::schema(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            self.defs.push(TypeDef {
                name: type_name,
                doc,
                kind: TypeKind::Alias(ty),
                usage: Usage::default(),
                gate: Gate::Always,
                pointer: at.to_string(),
            });
        }
    }

    /// The type of a schema that appears inline somewhere; `hint` names it if it needs a name.
    pub fn lower(&mut self, schema: &ReferenceOr<Schema>, hint: &str, at: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at),
            ReferenceOr::Item(s) => self.schema_as(s, hint, at, false),
        }
    }

    pub fn lower_boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, hint: &str, at: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at),
            ReferenceOr::Item(s) => self.schema_as(s, hint, at, false),
        }
    }

    fn reference(&mut self, reference: &str, at: &str) -> TypeRef {
        match component_name(reference).and_then(|n| self.component_names.get(&n).cloned()) {
            Some(name) => TypeRef::Named(name),
            None => {
                self.diags
                    .warn(
                        Lint::UnresolvedRef,
                        at,
                        format!("reference `{reference}` is not a component schema; typed as any JSON value"),
                    )
                    .help("refer to schemas under `#/components/schemas/`");
                TypeRef::Any
            }
        }
    }

    /// Claims a name for an inline type.
    fn claim(&mut self, hint: &str, at: &str) -> String {
        let wanted = names::upper_camel(hint);
        let claimed = self.namespace.claim(&wanted);
        if claimed.changed && wanted.len() > names::MAX_IDENT {
            self.diags.warn(
                Lint::Rename,
                at,
                format!("the name `{}…` is too long; shortened", &wanted[..names::MAX_IDENT.min(wanted.len())]),
            );
        } else if claimed.changed {
            self.diags.warn(
                Lint::Rename,
                at,
                format!("this inline schema's type is named `{}` (`{wanted}` is taken)", claimed.name),
            );
        }
        claimed.name
    }

    /// `named`: `hint` is already this schema's claimed name (a component); otherwise a new name is
    /// claimed only if the schema needs one.
    fn schema_as(&mut self, schema: &Schema, hint: &str, at: &str, named: bool) -> TypeRef {
        let ty = self.kind(&schema.schema_kind, &schema.schema_data, hint, at, named);
        if schema.schema_data.nullable {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn name_for(&mut self, hint: &str, at: &str, named: bool) -> String {
        if named {
            hint.to_string()
        } else {
            self.claim(hint, at)
        }
    }

    fn kind(&mut self, kind: &SchemaKind, data: &SchemaData, hint: &str, at: &str, named: bool) -> TypeRef {
        match kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                self.string(values, data, hint, at, named)
            }
            SchemaKind::Type(Type::Integer(i)) => integer(&i.format),
            SchemaKind::Type(Type::Number(_)) => TypeRef::Number,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => self.array(a.items.as_ref(), hint, at),
            SchemaKind::Type(Type::Object(o)) => {
                self.object(&o.properties, &o.required, o.additional_properties.as_ref(), data, hint, at, named)
            }
            SchemaKind::OneOf { one_of } => self.union(one_of, "oneOf", data, hint, at, named),
            SchemaKind::AnyOf { any_of } => self.union(any_of, "anyOf", data, hint, at, named),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, &IndexMap::new(), &[], data, hint, at, named),
            SchemaKind::Not { .. } => {
                self.diags.warn(Lint::AnyJson, at, "`not` schemas cannot be typed; typed as any JSON value");
                TypeRef::Any
            }
            SchemaKind::Any(any) => self.any(any, data, hint, at, named),
        }
    }

    /// The typed model's catch-all: a schema whose keywords do not fit one type exactly.
    fn any(&mut self, any: &AnySchema, data: &SchemaData, hint: &str, at: &str, named: bool) -> TypeRef {
        if !any.all_of.is_empty() {
            return self.all_of(&any.all_of, &any.properties, &any.required, data, hint, at, named);
        }
        if !any.one_of.is_empty() {
            return self.union(&any.one_of, "oneOf", data, hint, at, named);
        }
        if !any.any_of.is_empty() {
            return self.union(&any.any_of, "anyOf", data, hint, at, named);
        }
        match any.typ.as_deref() {
            Some("string") => {
                let values = any.enumeration.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
                self.string(values, data, hint, at, named)
            }
            Some("integer") => integer(
                &any.format.clone().map(VariantOrUnknownOrEmpty::Unknown).unwrap_or(VariantOrUnknownOrEmpty::Empty),
            ),
            Some("number") => TypeRef::Number,
            Some("boolean") => TypeRef::Bool,
            Some("array") => self.array(any.items.as_ref(), hint, at),
            Some("object") | None
                if !any.properties.is_empty() || any.additional_properties.is_some() || any.typ.is_some() =>
            {
                self.object(&any.properties, &any.required, any.additional_properties.as_ref(), data, hint, at, named)
            }
            _ => TypeRef::Any,
        }
    }

    fn string(&mut self, values: Vec<String>, data: &SchemaData, hint: &str, at: &str, named: bool) -> TypeRef {
        if values.is_empty() {
            return TypeRef::String;
        }
        let name = self.name_for(hint, at, named);
        let descriptions = self.enum_descriptions(data, &values, at);
        let mut ns = Namespace::with_reserved(&[names::UNKNOWN_VARIANT]);
        let mut seen = HashSet::new();
        let mut variants = Vec::new();
        for value in values {
            if !seen.insert(value.clone()) {
                self.diags.warn(
                    Lint::Repair,
                    Pointer::from(at).child("enum"),
                    format!("enum value `{value}` is listed twice; kept once"),
                );
                continue;
            }
            let claimed = ns.claim(&names::upper_camel(&value));
            if claimed.changed {
                self.diags.warn(
                    Lint::Rename,
                    Pointer::from(at).child("enum"),
                    format!("enum value `{value}` is named `{}` to keep variant names unique", claimed.name),
                );
            }
            let doc = descriptions.get(&value).cloned();
            variants.push(EnumVariant { wire: value, ident: claimed.name, doc });
        }
        self.defs.push(TypeDef {
            name: name.clone(),
            doc: docs::schema(data),
            kind: TypeKind::Enum { variants },
            usage: Usage::default(),
            gate: Gate::Always,
            pointer: at.to_string(),
        });
        TypeRef::Named(name)
    }

    /// The description of each enum value, from `x-enum-descriptions`: a list in the order of
    /// `enum`, or an object keyed by value. Anything else is warned about and ignored.
    fn enum_descriptions(&mut self, data: &SchemaData, values: &[String], at: &str) -> HashMap<String, String> {
        let Some(ext) = data.extensions.get("x-enum-descriptions") else { return HashMap::new() };
        let at = Pointer::from(at).child("x-enum-descriptions");
        let text = |v: &serde_json::Value| v.as_str().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        match ext {
            serde_json::Value::Array(list) if list.len() == values.len() => {
                values.iter().zip(list).filter_map(|(value, d)| Some((value.clone(), text(d)?))).collect()
            }
            serde_json::Value::Object(map) => {
                map.iter().filter_map(|(value, d)| Some((value.clone(), text(d)?))).collect()
            }
            _ => {
                self.diags.warn(
                    Lint::InvalidExtension,
                    at,
                    format!("`x-enum-descriptions` must be a list of {} texts (one per value) or an object keyed by value; ignored", values.len()),
                );
                HashMap::new()
            }
        }
    }

    fn array(&mut self, items: Option<&ReferenceOr<Box<Schema>>>, hint: &str, at: &str) -> TypeRef {
        let item = match items {
            Some(items) => self.lower_boxed(items, &format!("{hint}Item"), &Pointer::from(at).child("items")),
            None => TypeRef::Any,
        };
        TypeRef::List(Box::new(item))
    }

    #[allow(clippy::too_many_arguments)]
    fn object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        data: &SchemaData,
        hint: &str,
        at: &str,
        named: bool,
    ) -> TypeRef {
        if properties.is_empty() {
            let value = match additional {
                Some(AdditionalProperties::Schema(s)) => {
                    self.lower(s, &format!("{hint}Value"), &Pointer::from(at).child("additionalProperties"))
                }
                _ => TypeRef::Any,
            };
            if !named {
                return TypeRef::Map(Box::new(value));
            }
            // A named free-form object still gets its name, as an alias of a map.
            let name = hint.to_string();
            self.defs.push(TypeDef {
                name: name.clone(),
                doc: docs::schema(data),
                kind: TypeKind::Alias(TypeRef::Map(Box::new(value))),
                usage: Usage::default(),
                gate: Gate::Always,
                pointer: at.to_string(),
            });
            return TypeRef::Named(name);
        }
        let name = self.name_for(hint, at, named);
        // Reserve the slot so that this type precedes the inline types of its fields.
        let slot = self.defs.len();
        self.defs.push(TypeDef {
            name: name.clone(),
            doc: docs::schema(data),
            kind: TypeKind::Struct { fields: Vec::new() },
            usage: Usage::default(),
            gate: Gate::Always,
            pointer: at.to_string(),
        });
        let fields = self.fields(properties, required, &name, at);
        self.defs[slot].kind = TypeKind::Struct { fields };
        TypeRef::Named(name)
    }

    fn fields(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        owner: &str,
        at: &str,
    ) -> Vec<Field> {
        let mut ns = Namespace::with_reserved(&[names::UNKNOWN_FIELDS]);
        let mut fields = Vec::new();
        for (wire, schema) in properties {
            let field_at = Pointer::from(at).child("properties").child(wire);
            let claimed = ns.claim(&names::snake(wire));
            if claimed.changed {
                self.diags.warn(
                    Lint::Rename,
                    &field_at,
                    format!("property `{wire}` is named `{}` in Rust to keep field names unique", claimed.name),
                );
            }
            let ty = self.lower_boxed(schema, &format!("{owner}{}", names::upper_camel(wire)), &field_at);
            let (ty, nullable) = match ty {
                TypeRef::Nullable(inner) => (*inner, true),
                other => (other, false),
            };
            let doc = match schema {
                ReferenceOr::Item(s) => docs::schema(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(Field {
                wire: wire.clone(),
                ident: claimed.name,
                ty,
                required: required.contains(wire),
                nullable,
                boxed: false,
                doc,
                pointer: field_at.into(),
            });
        }
        for name in required {
            if !properties.contains_key(name) {
                self.diags.warn(
                    Lint::Repair,
                    Pointer::from(at).child("required"),
                    format!("`{name}` is required but not among the properties; it is kept with the unknown fields"),
                );
            }
        }
        fields
    }

    fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
        data: &SchemaData,
        hint: &str,
        at: &str,
        named: bool,
    ) -> TypeRef {
        if let [only] = members {
            return self.lower(only, hint, &Pointer::from(at).child(keyword).child(0));
        }
        // A choice between string enums (one value each, as some generators write enums with a
        // description per value) is one string enum.
        let values: Option<Vec<Vec<String>>> = members.iter().map(|m| self.string_enum_values(m, 0)).collect();
        if let Some(values) = values {
            return self.string(values.into_iter().flatten().collect(), data, hint, at, named);
        }
        let name = self.name_for(hint, at, named);
        let slot = self.defs.len();
        self.defs.push(TypeDef {
            name: name.clone(),
            doc: docs::schema(data),
            kind: TypeKind::Union { variants: Vec::new(), fallback: None },
            usage: Usage::default(),
            gate: Gate::Always,
            pointer: at.to_string(),
        });
        let mut ns = Namespace::default();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_at = Pointer::from(at).child(keyword).child(i);
            let ty = self.lower(member, &format!("{name}Variant{i}"), &member_at);
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let wanted = variant_name(&ty);
            let claimed = ns.claim(&wanted);
            if claimed.changed {
                self.diags.warn(
                    Lint::Rename,
                    &member_at,
                    format!("the variant for this member is named `{}` (`{wanted}` is taken)", claimed.name),
                );
            }
            variants.push(UnionVariant { ident: claimed.name, ty, boxed: false });
        }
        // serde tries untagged variants in order: integers must be tried before other numbers.
        variants.sort_by_key(|v| matches!(v.ty, TypeRef::Number));
        // Tolerant reader: a value no variant accepts is kept, not refused.
        let fallback = (!variants.iter().any(|v| v.ty == TypeRef::Any)).then(|| ns.claim("Other").name);
        self.defs[slot].kind = TypeKind::Union { variants, fallback };
        TypeRef::Named(name)
    }

    /// `allOf`: objects are merged into one struct; a single member stands for itself.
    #[allow(clippy::too_many_arguments)]
    fn all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        extra_properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        extra_required: &[String],
        data: &SchemaData,
        hint: &str,
        at: &str,
        named: bool,
    ) -> TypeRef {
        if let ([only], true) = (members, extra_properties.is_empty()) {
            return self.lower(only, hint, &Pointer::from(at).child("allOf").child(0));
        }
        let mut properties = IndexMap::new();
        let mut required: Vec<String> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            match self.object_parts(member, 0) {
                Some((props, req)) => {
                    for (k, v) in props {
                        properties.entry(k).or_insert(v);
                    }
                    required.extend(req);
                }
                None => {
                    self.diags.warn(
                        Lint::AnyJson,
                        Pointer::from(at).child("allOf").child(i),
                        "an `allOf` member is not an object; the whole schema is typed as any JSON value",
                    );
                    return TypeRef::Any;
                }
            }
        }
        for (k, v) in extra_properties {
            properties.entry(k.clone()).or_insert_with(|| v.clone());
        }
        required.extend(extra_required.iter().cloned());
        self.object(&properties, &required, None, data, hint, at, named)
    }

    /// The schema a component ref chain ends at (through the one resolver, [`super::resolve`]);
    /// `None` past a nesting `depth` that only a cycle of schemas reaches (the checker reports
    /// cycles; the lowering must still terminate).
    pub(super) fn resolve<'s>(&'s self, schema: &'s ReferenceOr<Schema>, depth: usize) -> Option<&'s Schema> {
        if depth > 32 {
            return None;
        }
        super::resolve(schema, "schemas", Some(self.components)).ok().map(|(schema, _)| schema)
    }

    /// [`Self::resolve`] for a boxed schema (a property, an array's items).
    pub(super) fn resolve_boxed<'s>(&'s self, schema: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema> {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.resolve(self.components.get(&component_name(reference)?)?, 1),
        }
    }

    /// The values of a string enum schema (following refs, and through nested `oneOf`/`anyOf`).
    fn string_enum_values(&self, schema: &ReferenceOr<Schema>, depth: usize) -> Option<Vec<String>> {
        match &self.resolve(schema, depth)?.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                Some(s.enumeration.iter().flatten().cloned().collect())
            }
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                let nested: Option<Vec<Vec<String>>> =
                    list.iter().map(|m| self.string_enum_values(m, depth + 1)).collect();
                nested.map(|v| v.into_iter().flatten().collect())
            }
            _ => None,
        }
    }

    /// The properties and required list of an object schema (following refs), for `allOf` merging.
    #[allow(clippy::type_complexity)]
    pub(super) fn object_parts(
        &self,
        schema: &ReferenceOr<Schema>,
        depth: usize,
    ) -> Option<(IndexMap<String, ReferenceOr<Box<Schema>>>, Vec<String>)> {
        match &self.resolve(schema, depth)?.schema_kind {
            SchemaKind::Type(Type::Object(o)) => Some((o.properties.clone(), o.required.clone())),
            SchemaKind::AllOf { all_of } => {
                let mut props = IndexMap::new();
                let mut req = Vec::new();
                for m in all_of {
                    let (p, r) = self.object_parts(m, depth + 1)?;
                    props.extend(p);
                    req.extend(r);
                }
                Some((props, req))
            }
            SchemaKind::Any(a)
                if a.typ.as_deref().is_none_or(|t| t == "object") && a.one_of.is_empty() && a.any_of.is_empty() =>
            {
                let mut props = a.properties.clone();
                let mut req = a.required.clone();
                for m in &a.all_of {
                    let (p, r) = self.object_parts(m, depth + 1)?;
                    props.extend(p);
                    req.extend(r);
                }
                Some((props, req))
            }
            _ => None,
        }
    }

    /// Marks every type reachable from `roots` as used on one side (`side` picks the flag), through
    /// fields, union variants and aliases: the one computation of reachability.
    pub fn mark_usage<'t>(&mut self, roots: impl IntoIterator<Item = &'t TypeRef>, side: fn(&mut Usage) -> &mut bool) {
        let index: HashMap<String, usize> = self.defs.iter().enumerate().map(|(i, d)| (d.name.clone(), i)).collect();
        let mut stack: Vec<TypeRef> = roots.into_iter().cloned().collect();
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(name) => {
                    let Some(&i) = index.get(&name) else { continue };
                    let def = &mut self.defs[i];
                    let flag = side(&mut def.usage);
                    if *flag {
                        continue;
                    }
                    *flag = true;
                    match &def.kind {
                        TypeKind::Struct { fields } => stack.extend(fields.iter().map(|f| f.ty.clone())),
                        TypeKind::Union { variants, .. } => stack.extend(variants.iter().map(|v| v.ty.clone())),
                        TypeKind::Alias(t) => stack.push(t.clone()),
                        TypeKind::Enum { .. } => {}
                    }
                }
                TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => stack.push(*t),
                _ => {}
            }
        }
    }

    /// Decides each type's [`Gate`] from the types each operation reaches (`reach`: the feature of
    /// the operation's module, `None` for an operation of no module, and its root types): a type is
    /// compiled with the features of the modules that reach it, and always when an operation of no
    /// module reaches it, or no operation does (then it is compiled always, and so is everything it
    /// contains). `features`: every module's feature, in order (none: no type is gated).
    pub fn mark_gates<'t>(
        &mut self,
        features: &[String],
        reach: impl IntoIterator<Item = (Option<usize>, Vec<&'t TypeRef>)>,
    ) {
        if features.is_empty() {
            return;
        }
        let index: HashMap<String, usize> = self.defs.iter().enumerate().map(|(i, d)| (d.name.clone(), i)).collect();
        let children = |def: &TypeDef| -> Vec<TypeRef> {
            match &def.kind {
                TypeKind::Struct { fields } => fields.iter().map(|f| f.ty.clone()).collect(),
                TypeKind::Union { variants, .. } => variants.iter().map(|v| v.ty.clone()).collect(),
                TypeKind::Alias(t) => vec![t.clone()],
                TypeKind::Enum { .. } => Vec::new(),
            }
        };
        // Every type `roots` reach, by index.
        let walk = |roots: Vec<TypeRef>| -> HashSet<usize> {
            let mut seen = HashSet::new();
            let mut stack = roots;
            while let Some(ty) = stack.pop() {
                match ty {
                    TypeRef::Named(name) => {
                        let Some(&i) = index.get(&name) else { continue };
                        if seen.insert(i) {
                            stack.extend(children(&self.defs[i]));
                        }
                    }
                    TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => stack.push(*t),
                    _ => {}
                }
            }
            seen
        };
        // Per type: compiled always, and the modules (by index) that reach it.
        let mut always = vec![false; self.defs.len()];
        let mut modules: Vec<Vec<bool>> = vec![vec![false; features.len()]; self.defs.len()];
        for (module, roots) in reach {
            for i in walk(roots.into_iter().cloned().collect()) {
                match module {
                    Some(m) => modules[i][m] = true,
                    None => always[i] = true,
                }
            }
        }
        let unreached: Vec<TypeRef> = (0..self.defs.len())
            .filter(|&i| !always[i] && !modules[i].contains(&true))
            .map(|i| TypeRef::Named(self.defs[i].name.clone()))
            .collect();
        for i in walk(unreached) {
            always[i] = true;
        }
        for (i, def) in self.defs.iter_mut().enumerate() {
            def.gate = if always[i] {
                Gate::Always
            } else {
                Gate::Features(
                    features.iter().zip(&modules[i]).filter(|(_, on)| **on).map(|(f, _)| f.clone()).collect(),
                )
            };
        }
    }

    /// Boxes every field through which a type contains itself (directly or through other types), so
    /// that recursive schemas have a finite size.
    pub fn box_cycles(&mut self) {
        let index: HashMap<String, usize> = self.defs.iter().enumerate().map(|(i, d)| (d.name.clone(), i)).collect();
        let direct = |ty: &TypeRef| -> Option<String> {
            match ty {
                TypeRef::Named(n) => Some(n.clone()),
                TypeRef::Nullable(inner) => match inner.as_ref() {
                    TypeRef::Named(n) => Some(n.clone()),
                    _ => None,
                },
                _ => None,
            }
        };
        // Edges that put a value inline (not behind a Vec or map).
        let edges: Vec<Vec<String>> = self
            .defs
            .iter()
            .map(|d| match &d.kind {
                TypeKind::Struct { fields } => fields.iter().filter_map(|f| direct(&f.ty)).collect(),
                TypeKind::Union { variants, .. } => variants.iter().filter_map(|v| direct(&v.ty)).collect(),
                TypeKind::Alias(t) => direct(t).into_iter().collect(),
                TypeKind::Enum { .. } => Vec::new(),
            })
            .collect();
        let reaches = |from: &str, to: &str| -> bool {
            let mut seen = HashSet::new();
            let mut stack = vec![from.to_string()];
            while let Some(n) = stack.pop() {
                if n == to {
                    return true;
                }
                if !seen.insert(n.clone()) {
                    continue;
                }
                if let Some(&i) = index.get(&n) {
                    stack.extend(edges[i].iter().cloned());
                }
            }
            false
        };
        let mut to_box = Vec::new();
        for (i, def) in self.defs.iter().enumerate() {
            match &def.kind {
                TypeKind::Struct { fields } => {
                    for (j, f) in fields.iter().enumerate() {
                        if direct(&f.ty).is_some_and(|target| reaches(&target, &def.name)) {
                            to_box.push((i, j));
                        }
                    }
                }
                TypeKind::Union { variants, .. } => {
                    for (j, v) in variants.iter().enumerate() {
                        if direct(&v.ty).is_some_and(|target| reaches(&target, &def.name)) {
                            to_box.push((i, j));
                        }
                    }
                }
                _ => {}
            }
        }
        for (i, j) in to_box {
            match &mut self.defs[i].kind {
                TypeKind::Struct { fields } => fields[j].boxed = true,
                TypeKind::Union { variants, .. } => variants[j].boxed = true,
                _ => {}
            }
        }
    }

    pub fn find(&self, name: &str) -> Option<&TypeDef> {
        self.defs.iter().find(|d| d.name == name)
    }
}

/// The component schema a local ref names (`#/components/schemas/A~1B` → `A/B`), if it names one.
fn component_name(reference: &str) -> Option<String> {
    super::component_name(reference, "schemas")
}

fn integer(format: &VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::Integer(IntegerKind::I32),
        VariantOrUnknownOrEmpty::Unknown(f) if f == "int32" => TypeRef::Integer(IntegerKind::I32),
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint32" => TypeRef::Integer(IntegerKind::U32),
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint64" || f == "uint" => TypeRef::Integer(IntegerKind::U64),
        _ => TypeRef::Integer(IntegerKind::I64),
    }
}

/// The name of a union variant that holds `ty`.
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::Integer(_) => "Integer".into(),
        TypeRef::Number => "Number".into(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::List(inner) => format!("{}List", variant_name(inner)),
        TypeRef::Map(_) => "Object".into(),
        TypeRef::Nullable(inner) => variant_name(inner),
        TypeRef::Any => "Other".into(),
    }
}
