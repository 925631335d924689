//! Schemas → named types and type references.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaData, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use super::docs;
use super::ir::{EnumVariant, Field, Gate, IntegerKind, TypeDef, TypeId, TypeKind, TypeRef, UnionVariant, Usage};
use super::names::{self, Namespace};
use crate::diagnostics::{Diagnostics, Lint};
use crate::pointer::Pointer;

/// Lowers schemas, handing out type names and collecting the named types in order.
pub struct Types<'a> {
    components: &'a IndexMap<String, ReferenceOr<Schema>>,
    /// Component schema name → its type's name and id (decided up front, so refs resolve in any order).
    component_types: HashMap<String, (String, TypeId)>,
    pub namespace: Namespace,
    /// The named types, in the order they are emitted; once the components are lowered, a type's
    /// id is its position here.
    pub defs: Vec<TypeDef>,
    /// While the components are lowered, an id is handed out before its type is placed (a ref may
    /// name a component lowered later): each id's name and position in `defs`. Empty once
    /// [`Self::lower_components`] has renumbered every id to its position.
    pending: Vec<(String, Option<usize>)>,
    lowered_components: HashSet<String>,
    pub diags: &'a mut Diagnostics,
}

impl<'a> Types<'a> {
    pub fn new(components: &'a IndexMap<String, ReferenceOr<Schema>>, diags: &'a mut Diagnostics) -> Self {
        let mut namespace = Namespace::default();
        let mut component_types = HashMap::new();
        let mut pending = Vec::new();
        for name in components.keys() {
            let claimed = namespace.claim(&names::upper_camel(name));
            if claimed.changed {
                diags.warn(
                    Lint::Rename,
                    Pointer::from("/components/schemas").child(name),
                    format!("schema `{name}` is named `{}` in Rust to keep names unique", claimed.name),
                );
            }
            component_types.insert(name.clone(), (claimed.name.clone(), TypeId::new(pending.len())));
            pending.push((claimed.name, None));
        }
        Types {
            components,
            component_types,
            namespace,
            defs: Vec::new(),
            pending,
            lowered_components: HashSet::new(),
            diags,
        }
    }

    /// Lowers every component schema, in document order; then every type's id is its position.
    pub fn lower_components(&mut self) {
        for (name, schema) in self.components {
            self.lower_component(name, schema);
        }
        let to: Vec<TypeId> = self
            .pending
            .drain(..)
            .map(|(name, at)| TypeId::new(at.unwrap_or_else(|| panic!("type `{name}` was never placed"))))
            .collect();
        for def in &mut self.defs {
            for ty in def.kind.refs_mut() {
                ty.ids_mut(&mut |id| *id = to[id.index()]);
            }
        }
        for (_, id) in self.component_types.values_mut() {
            *id = to[id.index()];
        }
    }

    /// Places a type after the others; `id`: the one a component was given up front. Returns its id.
    fn place(&mut self, id: Option<TypeId>, def: TypeDef) -> TypeId {
        let position = self.defs.len();
        let name = def.name.clone();
        self.defs.push(def);
        if self.pending.is_empty() {
            return TypeId::new(position);
        }
        let id = id.unwrap_or_else(|| {
            self.pending.push((name, None));
            TypeId::new(self.pending.len() - 1)
        });
        self.pending[id.index()].1 = Some(position);
        id
    }

    /// The Rust name of a type (placed or not yet).
    fn name(&self, id: TypeId) -> &str {
        match self.pending.get(id.index()) {
            Some((name, _)) => name,
            None => &self.defs[id.index()].name,
        }
    }

    fn lower_component(&mut self, name: &str, schema: &ReferenceOr<Schema>) {
        if !self.lowered_components.insert(name.to_string()) {
            return;
        }
        let (type_name, id) = self.component_types[name].clone();
        let at = Pointer::from("/components/schemas").child(name);
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, &at),
            ReferenceOr::Item(schema) => self.schema_as(schema, &type_name, &at, Some(id)),
        };
        // A component that lowered to something other than its own named type (a string, a list, a
        // ref to another component) still gets its name, as an alias.
        let own = TypeRef::Named(id);
        if ty != own && ty != TypeRef::Nullable(Box::new(own)) {
            let doc = match schema {
                ReferenceOr::Item(s) => docs::schema(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            let def = TypeDef {
                name: type_name,
                doc,
                kind: TypeKind::Alias(ty),
                usage: Usage::default(),
                gate: Gate::Always,
                pointer: at.to_string(),
            };
            self.place(Some(id), def);
        }
    }

    /// The type of a schema that appears inline somewhere; `hint` names it if it needs a name.
    pub fn lower(&mut self, schema: &ReferenceOr<Schema>, hint: &str, at: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at),
            ReferenceOr::Item(s) => self.schema_as(s, hint, at, None),
        }
    }

    pub fn lower_boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, hint: &str, at: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at),
            ReferenceOr::Item(s) => self.schema_as(s, hint, at, None),
        }
    }

    fn reference(&mut self, reference: &str, at: &str) -> TypeRef {
        match component_name(reference).and_then(|n| self.component_types.get(&n).map(|(_, id)| *id)) {
            Some(id) => TypeRef::Named(id),
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

    /// `named`: the id of a component, whose claimed name `hint` already is; otherwise a new name is
    /// claimed only if the schema needs one.
    fn schema_as(&mut self, schema: &Schema, hint: &str, at: &str, named: Option<TypeId>) -> TypeRef {
        let ty = self.kind(&schema.schema_kind, &schema.schema_data, hint, at, named);
        if schema.schema_data.nullable {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn name_for(&mut self, hint: &str, at: &str, named: Option<TypeId>) -> String {
        if named.is_some() {
            hint.to_string()
        } else {
            self.claim(hint, at)
        }
    }

    fn kind(&mut self, kind: &SchemaKind, data: &SchemaData, hint: &str, at: &str, named: Option<TypeId>) -> TypeRef {
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
    fn any(&mut self, any: &AnySchema, data: &SchemaData, hint: &str, at: &str, named: Option<TypeId>) -> TypeRef {
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

    fn string(
        &mut self,
        values: Vec<String>,
        data: &SchemaData,
        hint: &str,
        at: &str,
        named: Option<TypeId>,
    ) -> TypeRef {
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
        let id = self.place(
            named,
            TypeDef {
                name,
                doc: docs::schema(data),
                kind: TypeKind::Enum { variants },
                usage: Usage::default(),
                gate: Gate::Always,
                pointer: at.to_string(),
            },
        );
        TypeRef::Named(id)
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
        named: Option<TypeId>,
    ) -> TypeRef {
        if properties.is_empty() {
            let value = match additional {
                Some(AdditionalProperties::Schema(s)) => {
                    self.lower(s, &format!("{hint}Value"), &Pointer::from(at).child("additionalProperties"))
                }
                _ => TypeRef::Any,
            };
            if named.is_none() {
                return TypeRef::Map(Box::new(value));
            }
            // A named free-form object still gets its name, as an alias of a map.
            let id = self.place(
                named,
                TypeDef {
                    name: hint.to_string(),
                    doc: docs::schema(data),
                    kind: TypeKind::Alias(TypeRef::Map(Box::new(value))),
                    usage: Usage::default(),
                    gate: Gate::Always,
                    pointer: at.to_string(),
                },
            );
            return TypeRef::Named(id);
        }
        let name = self.name_for(hint, at, named);
        // Reserve the slot so that this type precedes the inline types of its fields.
        let slot = self.defs.len();
        let id = self.place(
            named,
            TypeDef {
                name: name.clone(),
                doc: docs::schema(data),
                kind: TypeKind::Struct { fields: Vec::new() },
                usage: Usage::default(),
                gate: Gate::Always,
                pointer: at.to_string(),
            },
        );
        let fields = self.fields(properties, required, &name, at);
        self.defs[slot].kind = TypeKind::Struct { fields };
        TypeRef::Named(id)
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
        named: Option<TypeId>,
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
        let id = self.place(
            named,
            TypeDef {
                name: name.clone(),
                doc: docs::schema(data),
                kind: TypeKind::Union { variants: Vec::new(), fallback: None },
                usage: Usage::default(),
                gate: Gate::Always,
                pointer: at.to_string(),
            },
        );
        let mut ns = Namespace::default();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_at = Pointer::from(at).child(keyword).child(i);
            let ty = self.lower(member, &format!("{name}Variant{i}"), &member_at);
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let wanted = self.variant_name(&ty);
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
        TypeRef::Named(id)
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
        named: Option<TypeId>,
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
        let mut stack: Vec<TypeRef> = roots.into_iter().cloned().collect();
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(id) => {
                    let def = &mut self.defs[id.index()];
                    let flag = side(&mut def.usage);
                    if *flag {
                        continue;
                    }
                    *flag = true;
                    stack.extend(def.kind.refs().into_iter().cloned());
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
        // Every type `roots` reach, by index.
        let walk = |roots: Vec<TypeRef>| -> HashSet<usize> {
            let mut seen = HashSet::new();
            let mut stack = roots;
            while let Some(ty) = stack.pop() {
                match ty {
                    TypeRef::Named(id) if seen.insert(id.index()) => {
                        stack.extend(self.defs[id.index()].kind.refs().into_iter().cloned());
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
            .map(|i| TypeRef::Named(TypeId::new(i)))
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
        let direct = |ty: &TypeRef| -> Option<TypeId> {
            match ty {
                TypeRef::Named(id) => Some(*id),
                TypeRef::Nullable(inner) => match inner.as_ref() {
                    TypeRef::Named(id) => Some(*id),
                    _ => None,
                },
                _ => None,
            }
        };
        // Edges that put a value inline (not behind a Vec or map).
        let edges: Vec<Vec<TypeId>> =
            self.defs.iter().map(|d| d.kind.refs().into_iter().filter_map(direct).collect()).collect();
        let reaches = |from: TypeId, to: TypeId| -> bool {
            let mut seen = HashSet::new();
            let mut stack = vec![from];
            while let Some(n) = stack.pop() {
                if n == to {
                    return true;
                }
                if seen.insert(n) {
                    stack.extend(edges[n.index()].iter().copied());
                }
            }
            false
        };
        let mut to_box = Vec::new();
        for (i, def) in self.defs.iter().enumerate() {
            let own = TypeId::new(i);
            match &def.kind {
                TypeKind::Struct { fields } => {
                    for (j, f) in fields.iter().enumerate() {
                        if direct(&f.ty).is_some_and(|target| reaches(target, own)) {
                            to_box.push((i, j));
                        }
                    }
                }
                TypeKind::Union { variants, .. } => {
                    for (j, v) in variants.iter().enumerate() {
                        if direct(&v.ty).is_some_and(|target| reaches(target, own)) {
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

    /// The type `id` identifies (once the components are lowered).
    pub fn def(&self, id: TypeId) -> &TypeDef {
        debug_assert!(self.pending.is_empty(), "types are looked up by id once the components are lowered");
        &self.defs[id.index()]
    }

    /// The name of a union variant that holds `ty`.
    fn variant_name(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::String => "String".into(),
            TypeRef::Bool => "Boolean".into(),
            TypeRef::Integer(_) => "Integer".into(),
            TypeRef::Number => "Number".into(),
            TypeRef::Named(id) => self.name(*id).to_string(),
            TypeRef::List(inner) => format!("{}List", self.variant_name(inner)),
            TypeRef::Map(_) => "Object".into(),
            TypeRef::Nullable(inner) => self.variant_name(inner),
            TypeRef::Any => "Other".into(),
        }
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
