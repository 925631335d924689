//! Helpers every emitter shares: identifiers, type references, doc attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::lower::ir::TypeRef;
use crate::lower::names;

/// An identifier, raw if it is a keyword (`type` → `r#type`).
pub fn ident(name: &str) -> Ident {
    let text = names::ident_text(name);
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", text),
    }
}

/// The Rust type of a type reference, as used anywhere in the crate.
pub fn ty(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(kind) => {
            let k = format_ident!("{}", kind);
            quote!(#k)
        }
        TypeRef::Number => quote!(f64),
        TypeRef::Named(name) => {
            let n = ident(name);
            quote!(crate::types::#n)
        }
        TypeRef::List(inner) => {
            let inner = ty(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) if **inner == TypeRef::Any => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Map(inner) => {
            let inner = ty(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = ty(inner);
            quote!(Option<#inner>)
        }
        TypeRef::Any => quote!(serde_json::Value),
    }
}

/// `#[doc = …]` attributes for a text, made safe for rustdoc: no line is read as an indented code
/// block, and fenced blocks are marked `text` so that they never run as doctests.
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    let mut in_fence = false;
    let lines = text.lines().map(|line| {
        let trimmed = line.trim_start();
        let line = if trimmed.starts_with("```") {
            in_fence = !in_fence;
            if in_fence {
                "```text".to_string()
            } else {
                "```".to_string()
            }
        } else if in_fence {
            line.to_string()
        } else {
            trimmed.to_string()
        };
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    let mut out: Vec<String> = lines.collect();
    if in_fence {
        out.push(" ```".into());
    }
    quote!(#(#[doc = #out])*)
}
