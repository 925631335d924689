//! The surface (`codegen::surface`) is the generated crate's public API: every generated crate
//! (`generated-client/` and each fixture crate), parsed with `syn`, has exactly the public items
//! the surface of its spec lists (path, kind and cargo feature), no more and no fewer. The diff
//! compares surfaces, so this is what makes its items the crate's.
//!
//! Left out on both sides: re-exports of the runtime (`pub use`; their changes are the runtime's,
//! `runtime-incompatible`), trait impls, and `#[doc(hidden)]` items (not part of the API).

use std::collections::BTreeSet;
use std::path::Path;

use codegen::surface::{Kind, Surface};
use syn::{Attribute, FnArg, ImplItem, Item, Pat, Type, Visibility};

/// (path, kind, cargo feature).
type Entry = (String, Kind, Option<String>);

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

/// The feature of a `#[cfg(feature = "…")]` among `attrs`, else `outer`.
fn gate(attrs: &[Attribute], outer: &Option<String>) -> Option<String> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("cfg")) {
        let mut found = None;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("feature") {
                let value: syn::LitStr = meta.value()?.parse()?;
                found = Some(value.value());
            }
            Ok(())
        });
        if found.is_some() {
            return found;
        }
    }
    outer.clone()
}

/// A type's path, and whether it is spelled from the crate root (`crate::Client`).
fn type_path(ty: &Type) -> (String, bool) {
    let Type::Path(p) = ty else { return (String::new(), false) };
    let segments: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
    let absolute = segments.first().is_some_and(|s| s == "crate");
    (segments.into_iter().filter(|s| s != "crate").collect::<Vec<_>>().join("::"), absolute)
}

fn name(ident: &syn::Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(|raw| format!("r#{raw}")).unwrap_or(text)
}

/// The public items of one file, whose items live under `prefix` (`""`, `types::`, `operations::`).
fn collect(items: &[Item], prefix: &str, outer: &Option<String>, out: &mut BTreeSet<Entry>) {
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
                let (self_path, absolute) = type_path(&imp.self_ty);
                // `impl crate::Client` in an operation's file is the crate root's `Client`.
                let path = if absolute { self_path } else { format!("{prefix}{self_path}") };
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
                    // An operation's client method's arguments are path parameters: items of their own.
                    if path == "Client" && absolute {
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
    collect(&parse(&src.join("lib.rs")).items, "", &None, &mut out);
    collect(&parse(&src.join("types.rs")).items, "types::", &None, &mut out);
    // `operations/mod.rs` re-exports every public item of each operation's (private) module.
    let mut files: Vec<_> = std::fs::read_dir(src.join("operations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "mod.rs"))
        .collect();
    files.sort();
    for file in files {
        collect(&parse(&file).items, "operations::", &None, &mut out);
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
