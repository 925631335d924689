//! Helpers every emitter shares: identifiers, type references, doc attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ident as names;
use crate::lower::ir::{IntegerKind, TypeRef};

/// An identifier, raw if it is a keyword (`type` → `r#type`).
pub fn ident(name: &str) -> Ident {
    let text = names::ident_text(name);
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", text),
    }
}

impl IntegerKind {
    /// The Rust integer type.
    pub fn rust_name(self) -> &'static str {
        match self {
            IntegerKind::I32 => "i32",
            IntegerKind::I64 => "i64",
            IntegerKind::U32 => "u32",
            IntegerKind::U64 => "u64",
        }
    }
}

/// The Rust type of a type reference, as used anywhere in the crate.
pub fn ty(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(kind) => {
            let k = format_ident!("{}", kind.rust_name());
            quote!(#k)
        }
        TypeRef::Number => quote!(f64),
        TypeRef::Named(name) => {
            let n = ident(name);
            quote!(crate::types::#n)
        }
        TypeRef::List(inner) => {
            let inner = ty(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) if **inner == TypeRef::Any => {
            quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
        }
        TypeRef::Map(inner) => {
            let inner = ty(inner);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = ty(inner);
            quote!(::core::option::Option<#inner>)
        }
        TypeRef::Any => quote!(::serde_json::Value),
    }
}

/// `#[doc = …]` attributes for a text, made safe for rustdoc (see [`doc_lines`]).
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// The lines of a doc text, made safe for rustdoc: no line is read as an indented code block, and
/// fenced blocks (` ``` ` or `~~~`, whatever language they name) are marked `text` so that they
/// never run as doctests; an unclosed fence is closed.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut fence: Option<&str> = None;
    let mut out: Vec<String> = text
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
            let line = match (fence, marker) {
                (None, Some(m)) => {
                    fence = Some(m);
                    format!("{m}text")
                }
                (Some(open), Some(m)) if open == m => {
                    fence = None;
                    m.to_string()
                }
                (Some(_), _) => line.to_string(),
                (None, None) => trimmed.to_string(),
            };
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect();
    if let Some(m) = fence {
        out.push(format!(" {m}"));
    }
    out
}
