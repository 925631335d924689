//! Helpers every emitter shares: identifiers, type references, doc attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ident as names;
use crate::lower::ir::{Api, Gate, IntegerKind, TypeRef};
use crate::members::Method;

/// A fixed method's declaration after its name, as the table (`members::signatures`) gives it:
/// `(mut self, timeout: ::core::time::Duration) -> Self`.
pub fn declaration(m: &Method) -> TokenStream {
    let receiver = Some(m.receiver.to_string()).filter(|r| !r.is_empty());
    let args: Vec<String> =
        receiver.into_iter().chain(m.args.iter().map(|(name, ty)| format!("{name}: {ty}"))).collect();
    let text = format!("({}) -> {}", args.join(", "), m.output);
    text.parse().unwrap_or_else(|e| panic!("the signature of `{}` is not Rust: {e}", m.name))
}

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

/// How a type is spelled: in generated code, std and dependency items by full path (so that no
/// spec name can shadow them) and named types by their path from the crate root; in messages and
/// reports (the diff), as a reader writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    Generated,
    Short,
}

/// The Rust type of a type reference, as used anywhere in the generated crate.
pub fn ty(api: &Api, t: &TypeRef) -> TokenStream {
    rust_type(api, t, Spelling::Generated)
}

/// The Rust type of a type reference as text for people: `Option<Vec<Pet>>`.
pub fn type_text(api: &Api, t: &TypeRef) -> String {
    tidy(&rust_type(api, t, Spelling::Short).to_string())
}

/// A field's declared type as text for people: boxed to break a cycle, the box is part of it.
pub fn field_type_text(api: &Api, t: &TypeRef, boxed: bool) -> String {
    let inner = rust_type(api, t, Spelling::Short);
    let declared = if boxed { quote!(Box<#inner>) } else { inner };
    tidy(&declared.to_string())
}

/// The one printer of Rust types (a named type by its name in `api`).
fn rust_type(api: &Api, t: &TypeRef, spelling: Spelling) -> TokenStream {
    let generated = spelling == Spelling::Generated;
    let string = if generated { quote!(::std::string::String) } else { quote!(String) };
    let json = if generated { quote!(::serde_json) } else { quote!(serde_json) };
    match t {
        TypeRef::String => string,
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(kind) => {
            let k = format_ident!("{}", kind.rust_name());
            quote!(#k)
        }
        TypeRef::Number => quote!(f64),
        TypeRef::Named(id) => {
            let n = ident(&api.type_def(*id).name);
            if generated {
                quote!(crate::types::#n)
            } else {
                quote!(#n)
            }
        }
        TypeRef::List(inner) => {
            let inner = rust_type(api, inner, spelling);
            if generated {
                quote!(::std::vec::Vec<#inner>)
            } else {
                quote!(Vec<#inner>)
            }
        }
        TypeRef::Map(inner) if **inner == TypeRef::Any => quote!(#json::Map<#string, #json::Value>),
        TypeRef::Map(inner) => {
            let inner = rust_type(api, inner, spelling);
            if generated {
                quote!(::std::collections::BTreeMap<#string, #inner>)
            } else {
                quote!(BTreeMap<#string, #inner>)
            }
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(api, inner, spelling);
            if generated {
                quote!(::core::option::Option<#inner>)
            } else {
                quote!(Option<#inner>)
            }
        }
        TypeRef::Any => quote!(#json::Value),
    }
}

/// A type's tokens as people write them (`Vec<String>`, not `Vec < String >`).
fn tidy(tokens: &str) -> String {
    tokens.replace(" :: ", "::").replace(" < ", "<").replace(" <", "<").replace(" >", ">").replace(" ,", ",")
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

/// The attribute that compiles an item only with the features of `gate` (nothing when it is always
/// compiled).
pub fn cfg(gate: &Gate) -> Option<TokenStream> {
    match gate {
        Gate::Always => None,
        Gate::Features(features) if features.len() == 1 => {
            let feature = &features[0];
            Some(quote!(#[cfg(feature = #feature)]))
        }
        Gate::Features(features) => Some(quote!(#[cfg(any(#(feature = #features),*))])),
    }
}
