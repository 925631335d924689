//! The surface (`codegen::surface`) is the generated crate's public API: every generated crate
//! (`generated-client/` and each fixture crate), parsed with `syn`, has exactly the public items
//! the surface of its spec lists (path, kind and cargo feature), no more and no fewer. The diff
//! compares surfaces, so this is what makes its items the crate's.
//!
//! Left out on both sides: re-exports of the runtime (`pub use`; their changes are the runtime's,
//! `runtime-incompatible`), trait impls, and `#[doc(hidden)]` items (not part of the API).

use std::collections::BTreeSet;
use std::path::Path;

use codegen::surface::{Gate, Kind, Surface};
use syn::{Attribute, FnArg, ImplItem, Item, Pat, Type, Visibility};

/// (path, kind, cargo feature).
type Entry = (String, Kind, Gate);

fn surface_entries(surface: &Surface) -> BTreeSet<Entry> {
    surface.items.iter().map(|i| (i.path.clone(), i.kind, i.gate.clone())).collect()
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("doc") && a.meta.to_token_stream_string().contains("hidden"))
}

trait MetaText {
    fn to_token_stream_string(&self) -> String;
}

impl MetaText for syn::Meta {
    fn to_token_stream_string(&self) -> String {
        quote::ToTokens::to_token_stream(self).to_string()
    }
}

/// The features of a `feature = "…"` or `any(feature = "…", …)` predicate, in order.
fn features(meta: syn::meta::ParseNestedMeta) -> syn::Result<Vec<String>> {
    if meta.path.is_ident("feature") {
        let value: syn::LitStr = meta.value()?.parse()?;
        return Ok(vec![value.value()]);
    }
    let mut found = Vec::new();
    if meta.path.is_ident("any") {
        meta.parse_nested_meta(|inner| {
            found.extend(features(inner)?);
            Ok(())
        })?;
    }
    Ok(found)
}

/// The gate of the last `#[cfg(…)]` among `attrs` that names features (the innermost, as the
/// surface records it); else `outer`.
fn gate(attrs: &[Attribute], outer: &Gate) -> Gate {
    let mut gate = outer.clone();
    for attr in attrs.iter().filter(|a| a.path().is_ident("cfg")) {
        let mut found = Vec::new();
        let _ = attr.parse_nested_meta(|meta| {
            found.extend(features(meta)?);
            Ok(())
        });
        if !found.is_empty() {
            gate = Gate::Features(found);
        }
    }
    gate
}

/// How an impl names its type.
#[derive(PartialEq)]
enum Spelled {
    /// From the crate root (`crate::Client`).
    Absolute,
    /// From the parent module (`super::Pets`, an API module's handle seen from an operation's file).
    Parent,
    Relative,
}

/// A type's path, and how it is spelled.
fn type_path(ty: &Type) -> (String, Spelled) {
    let Type::Path(p) = ty else { return (String::new(), Spelled::Relative) };
    let segments: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
    let spelled = match segments.first().map(String::as_str) {
        Some("crate") => Spelled::Absolute,
        Some("super") => Spelled::Parent,
        _ => Spelled::Relative,
    };
    (segments.into_iter().filter(|s| s != "crate" && s != "super").collect::<Vec<_>>().join("::"), spelled)
}

fn name(ident: &syn::Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(|raw| format!("r#{raw}")).unwrap_or(text)
}

/// The public items of one file, whose items live under `prefix` (`""`, `types::`, `operations::`).
fn collect(items: &[Item], prefix: &str, outer: &Gate, out: &mut BTreeSet<Entry>) {
    for item in items {
        match item {
            Item::Struct(s) if is_pub(&s.vis) && !hidden(&s.attrs) => {
                let path = format!("{prefix}{}", name(&s.ident));
                let g = gate(&s.attrs, outer);
                for f in s.fields.iter().filter(|f| is_pub(&f.vis) && !hidden(&f.attrs)) {
                    let field = f.ident.as_ref().map(name).unwrap_or_default();
                    out.insert((format!("{path}::{field}"), Kind::Field, gate(&f.attrs, &g)));
                }
                out.insert((path, Kind::Struct, g));
            }
            Item::Enum(e) if is_pub(&e.vis) && !hidden(&e.attrs) => {
                let path = format!("{prefix}{}", name(&e.ident));
                let g = gate(&e.attrs, outer);
                for v in e.variants.iter().filter(|v| !hidden(&v.attrs)) {
                    out.insert((format!("{path}::{}", name(&v.ident)), Kind::Variant, gate(&v.attrs, &g)));
                }
                out.insert((path, Kind::Enum, g));
            }
            Item::Type(t) if is_pub(&t.vis) => {
                out.insert((format!("{prefix}{}", name(&t.ident)), Kind::TypeAlias, gate(&t.attrs, outer)));
            }
            Item::Const(c) if is_pub(&c.vis) => {
                out.insert((format!("{prefix}{}", name(&c.ident)), Kind::Const, gate(&c.attrs, outer)));
            }
            Item::Fn(f) if is_pub(&f.vis) && !hidden(&f.attrs) => {
                out.insert((format!("{prefix}{}", name(&f.sig.ident)), Kind::Fn, gate(&f.attrs, outer)));
            }
            Item::Mod(m) if is_pub(&m.vis) => {
                let path = format!("{prefix}{}", name(&m.ident));
                let g = gate(&m.attrs, outer);
                if let Some((_, inner)) = &m.content {
                    collect(inner, &format!("{path}::"), &g, out);
                }
                out.insert((path, Kind::Module, g));
            }
            // An inherent impl: its public methods and associated functions.
            Item::Impl(imp) if imp.trait_.is_none() => {
                let (self_path, spelled) = type_path(&imp.self_ty);
                // `impl crate::Client` in an operation's file is the crate root's `Client`; the
                // files of a module's operations are private modules whose items the module
                // re-exports, so `super::Pets` there is the module's `Pets`.
                let path = if spelled == Spelled::Absolute { self_path } else { format!("{prefix}{self_path}") };
                let g = gate(&imp.attrs, outer);
                for member in &imp.items {
                    let ImplItem::Fn(f) = member else { continue };
                    if !is_pub(&f.vis) || hidden(&f.attrs) {
                        continue;
                    }
                    let method = format!("{path}::{}", name(&f.sig.ident));
                    let takes_self = matches!(f.sig.inputs.first(), Some(FnArg::Receiver(_)));
                    let kind = if takes_self { Kind::Method } else { Kind::AssocFn };
                    let g = gate(&f.attrs, &g);
                    // An operation's method's arguments (on the client, or on an API module's
                    // handle) are path parameters: items of their own.
                    if (path == "Client" && spelled == Spelled::Absolute) || spelled == Spelled::Parent {
                        for input in &f.sig.inputs {
                            if let FnArg::Typed(arg) = input {
                                if let Pat::Ident(id) = &*arg.pat {
                                    out.insert((format!("{method}({})", name(&id.ident)), Kind::Argument, g.clone()));
                                }
                            }
                        }
                    }
                    out.insert((method, kind, g));
                }
            }
            // `runtime::api_error!(ApiError, OperationError)` defines the crate-level error.
            Item::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == "api_error") => {
                let tokens = m.mac.tokens.to_string();
                let first = tokens.split(',').next().unwrap_or("").trim().to_string();
                out.insert((format!("{prefix}{first}"), Kind::Struct, outer.clone()));
            }
            _ => {}
        }
    }
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The public items of the crate at `dir`, as `syn` reads its files.
fn crate_entries(dir: &Path) -> BTreeSet<Entry> {
    let mut out = BTreeSet::new();
    let src = dir.join("src");
    collect(&parse(&src.join("lib.rs")).items, "", &Gate::Always, &mut out);
    collect(&parse(&src.join("types.rs")).items, "types::", &Gate::Always, &mut out);
    // `operations/mod.rs` re-exports every public item of each operation's (private) module; so
    // does each API module's `mod.rs`, under its module's gate (that of its `mod` in `lib.rs`).
    let modules: Vec<(String, Gate)> = out
        .iter()
        .filter(|(path, kind, _)| *kind == Kind::Module && !path.contains("::") && path != "types")
        .map(|(path, _, gate)| (path.clone(), gate.clone()))
        .collect();
    for (module, gate) in modules {
        let dir = src.join(&module);
        if !dir.is_dir() {
            continue;
        }
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            collect(&parse(&file).items, &format!("{module}::"), &gate, &mut out);
        }
    }
    out
}

fn check(project: &xtask::Project) {
    let lowered = codegen::lower_spec(&project.spec, &project.overlays)
        .unwrap_or_else(|d| panic!("{} does not lower:\n{d}", project.spec.display()));
    let expected = surface_entries(&codegen::surface::surface(&lowered.api, &project.config));
    let found = crate_entries(&project.out);
    let missing: Vec<_> = expected.difference(&found).collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{}: the surface and the generated crate disagree\nin the surface only: {missing:#?}\nin the crate only: {extra:#?}",
        project.out.display()
    );
}

#[test]
fn the_generated_client_has_exactly_the_items_of_its_surface() {
    check(&xtask::leadconnector().unwrap_or_else(|e| panic!("{e}")));
}

#[test]
fn every_fixture_crate_has_exactly_the_items_of_its_surface() {
    for project in xtask::fixture_clients() {
        check(&project);
    }
}
