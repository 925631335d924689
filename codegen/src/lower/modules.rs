//! API modules (`x-modules`, and `x-module` on each operation, which load writes on the operations
//! of a module's file): one Rust module, `Client` method and cargo feature each, and the namespaces
//! in which each module's operations are named.

use std::collections::HashMap;

use openapiv3::OpenAPI;
use serde_json::Value;

use super::ir::{ApiModule, Body, Operation, RequestBody, TypeRef};
use super::names::{self, Namespace};
use crate::diagnostics::{Diagnostics, Lint};
use crate::load::modules::{MODULE, MODULES};
use crate::pointer::Pointer;

/// The modules of a spec and the names each has handed out.
pub struct Modules {
    pub list: Vec<ApiModule>,
    by_name: HashMap<String, usize>,
    /// Per module: its items (builders, errors, …) and its handle's methods.
    namespaces: Vec<(Namespace, Namespace)>,
}

impl Modules {
    /// The modules `x-modules` declares, in order, each named in `client_methods` (the namespace of
    /// `Client`'s methods, where its handle's method goes) before any operation of the crate root.
    pub fn declare(api: &OpenAPI, client_methods: &mut Namespace, diags: &mut Diagnostics) -> Self {
        let mut modules = Modules { list: Vec::new(), by_name: HashMap::new(), namespaces: Vec::new() };
        let Some(Value::Object(declared)) = api.extensions.get(MODULES) else { return modules };
        let mut idents = Namespace::with_reserved(names::api_module::ALL);
        for name in declared.keys() {
            let wanted = names::module_ident(name);
            let claimed = idents.claim(&wanted);
            if claimed.changed {
                diags
                    .warn(
                        Lint::Rename,
                        Pointer::root().child(MODULES).child(name),
                        format!(
                            "the module `{name}` is `{}` (feature `{}`): `{wanted}` is taken by the crate itself or another module",
                            claimed.name,
                            names::module_feature(&claimed.name)
                        ),
                    )
                    .help("rename the module in `x-modules`");
            }
            let ident = claimed.name;
            client_methods.take(&ident);
            let handle = names::module_handle_type(&ident);
            let mut items = Namespace::with_reserved(names::operation_module::ALL);
            items.take(&handle);
            let dir = names::ident_text(&ident).trim_start_matches("r#").to_string();
            modules.by_name.insert(name.clone(), modules.list.len());
            modules.namespaces.push((items, Namespace::with_reserved(names::module_handle::ALL)));
            modules.list.push(ApiModule {
                name: name.clone(),
                feature: names::module_feature(&ident),
                file_path: format!("src/{dir}/mod.rs"),
                ident,
                handle,
            });
        }
        modules
    }

    /// The module an operation (at `at`) names with `x-module`. One that names no declared module
    /// belongs to none (compiled always), with a warning.
    pub fn of(&self, op: &openapiv3::Operation, at: &str, diags: &mut Diagnostics) -> Option<usize> {
        let value = op.extensions.get(MODULE)?;
        let found = value.as_str().and_then(|name| self.by_name.get(name).copied());
        if found.is_none() {
            diags
                .warn(
                    Lint::InvalidExtension,
                    Pointer::from(at).child(MODULE),
                    format!("`{MODULE}: {value}` names no module of `{MODULES}`; the operation belongs to no module and is always compiled"),
                )
                .help("declare the module in `x-modules` at the root, or fix the name");
        }
        found
    }

    /// The namespaces of module `m`: its items, and its handle's methods.
    pub fn namespaces(&mut self, m: usize) -> (&mut Namespace, &mut Namespace) {
        let (items, methods) = &mut self.namespaces[m];
        (items, methods)
    }

    /// Puts the operations of modules in their module: their file, and their variant of
    /// `OperationError` (claimed after every operation of the crate root has its builder's name).
    pub fn place(&self, operations: &mut [Operation], module_of: &[Option<usize>], diags: &mut Diagnostics) {
        let mut variants = Namespace::default();
        for (op, module) in operations.iter_mut().zip(module_of) {
            if module.is_none() {
                op.error_variant = op.builder_name.clone();
                variants.take(&op.builder_name);
            }
        }
        for (op, module) in operations.iter_mut().zip(module_of) {
            let Some(m) = module else { continue };
            let module = &self.list[*m];
            let wanted = names::module_error_variant(&module.handle, &op.builder_name);
            let claimed = variants.claim(&wanted);
            if claimed.changed {
                diags.warn(
                    Lint::Rename,
                    &op.pointer,
                    format!(
                        "the variant of `OperationError` `{wanted}` is named `{}` to keep names unique",
                        claimed.name
                    ),
                );
            }
            op.error_variant = claimed.name;
            op.module = Some(module.ident.clone());
            let dir = module.file_path.trim_end_matches("/mod.rs");
            op.file_path = format!("{dir}/{}.rs", names::ident_text(&op.module_name).trim_start_matches("r#"));
        }
    }

    /// Each module's feature, in order.
    pub fn features(&self) -> Vec<String> {
        self.list.iter().map(|m| m.feature.clone()).collect()
    }
}

/// The types an operation names itself: its parameters', its request body's and its responses'.
pub fn roots(op: &Operation) -> Vec<&TypeRef> {
    let sent = op.params.iter().map(|p| &p.ty).chain(op.body.iter().flat_map(RequestBody::types));
    let received = op.responses.iter().filter_map(|arm| match &arm.body {
        Body::Json(ty) => Some(ty),
        Body::Empty | Body::Bytes | Body::Text => None,
    });
    sent.chain(received).collect()
}
