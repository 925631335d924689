//! Named types: structs, open enums, unions and aliases, into `src/types.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident, ty};
use crate::ident as names;
use crate::lower::ir::{Api, EnumVariant, Field, TypeDef, TypeKind, UnionVariant};
use crate::members;

/// The types of `src/types.rs` (some of `api`'s); `first`: the part of the file that opens it (its
/// inner doc).
pub fn emit(api: &Api, types: &[TypeDef], first: bool) -> TokenStream {
    let items = types.iter().map(|def| item(api, def));
    let inner_doc = first.then(|| quote!(#![doc = " The types of the API's request and response bodies."]));
    quote! {
        #inner_doc
        #(#items)*
    }
}

/// Every item of one type: its definition and impls, each compiled only with the type's features
/// (`cfg`, after the docs), so that a type and everything that goes with it come and go together.
fn item(api: &Api, def: &TypeDef) -> TokenStream {
    let cfg = super::common::cfg(&def.gate);
    match &def.kind {
        TypeKind::Struct { fields } => strukt(api, def, fields, cfg),
        TypeKind::Enum { variants } => open_enum(def, variants, cfg),
        TypeKind::Union { variants, fallback } => union(api, def, variants, fallback.as_deref(), cfg),
        TypeKind::Alias(target) => {
            let name = ident(&def.name);
            let target = ty(api, target);
            let docs = doc(def.doc.as_deref());
            quote!(#docs #cfg pub type #name = #target;)
        }
    }
}

/// The field's Rust type: `Option` unless it is required and not nullable, `Box` to break cycles.
fn field_type(api: &Api, f: &Field) -> TokenStream {
    let inner = ty(api, &f.ty);
    let inner = if f.boxed { quote!(::std::boxed::Box<#inner>) } else { inner };
    if f.required && !f.nullable {
        inner
    } else {
        quote!(::core::option::Option<#inner>)
    }
}

fn strukt(api: &Api, def: &TypeDef, fields: &[Field], cfg: Option<TokenStream>) -> TokenStream {
    let name = ident(&def.name);
    let new = ident(members::types::NEW);
    let docs = doc(def.doc.as_deref());
    let unknown = ident(names::UNKNOWN_FIELDS);
    let members = fields.iter().map(|f| {
        let field = ident(&f.ident);
        let wire = &f.wire;
        let ftype = field_type(api, f);
        let docs = doc(f.doc.as_deref());
        let serde = if f.required && !f.nullable {
            quote!(#[serde(rename = #wire)])
        } else if f.required {
            // Required but nullable: always written, `null` when absent.
            quote!(#[serde(rename = #wire, default)])
        } else {
            quote!(#[serde(rename = #wire, default, skip_serializing_if = "::core::option::Option::is_none")])
        };
        quote! { #docs #serde pub #field: #ftype, }
    });
    // Types a request carries always have `new`; the others only for test support (feature `mock`),
    // so that a consumer's tests can build any value without JSON.
    let constructor = {
        let required: Vec<&Field> = fields.iter().filter(|f| f.required && !f.nullable).collect();
        let args = required.iter().map(|f| {
            let field = ident(&f.ident);
            let ftype = field_type(api, f);
            quote!(#field: #ftype)
        });
        let inits = fields.iter().map(|f| {
            let field = ident(&f.ident);
            if f.required && !f.nullable {
                quote!(#field)
            } else {
                quote!(#field: None)
            }
        });
        let only_for_tests = (!def.usage.request).then(|| quote!(#[cfg(feature = "mock")]));
        // Nothing required: `new()` is also the `Default`.
        let default = required.is_empty().then(|| {
            quote! {
                #cfg
                #only_for_tests
                impl ::core::default::Default for #name {
                    fn default() -> Self {
                        Self::#new()
                    }
                }
            }
        });
        quote! {
            #cfg
            #only_for_tests
            impl #name {
                /// A value with the required fields set and every optional field empty.
                #[allow(clippy::too_many_arguments)]
                pub fn #new(#(#args),*) -> Self {
                    Self { #(#inits,)* #unknown: ::serde_json::Map::new() }
                }
            }
            #default
        }
    };
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
            /// Fields the spec does not list, kept as they were received and written back when serialised.
            #[serde(flatten)]
            pub #unknown: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        }
        #constructor
    }
}

fn open_enum(def: &TypeDef, variants: &[EnumVariant], cfg: Option<TokenStream>) -> TokenStream {
    let name = ident(&def.name);
    let (as_str, is_unknown) = (ident(members::types::AS_STR), ident(members::types::IS_UNKNOWN));
    let docs = doc(def.doc.as_deref());
    let unknown = ident(names::UNKNOWN_VARIANT);
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.ident)).collect();
    let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
    // The wire value, escaped so that a newline or a fence cannot become a doctest, then what it means.
    let variant_docs = variants.iter().map(|v| {
        let wire = format!(" `{}`", v.wire.escape_debug());
        let meaning = v.doc.as_ref().map(|d| {
            let d = doc(Some(d));
            quote!(#[doc = ""] #d)
        });
        quote!(#[doc = #wire] #meaning)
    });
    let type_name = def.name.as_str();
    quote! {
        #docs
        ///
        /// Open: a value the spec does not list is kept in `Unknown` and written back unchanged.
        #cfg
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #idents,)*
            /// A value this version of the crate does not know; `as_str()` gives it back exactly.
            #unknown(crate::UnknownValue),
        }

        #cfg
        impl #name {
            /// The value as it is written on the wire.
            pub fn #as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #wires,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// Whether the value is one the spec does not list.
            pub fn #is_unknown(&self) -> bool {
                matches!(self, Self::#unknown(_))
            }
        }

        #cfg
        impl crate::runtime::OpenEnum for #name {
            const NAME: &'static str = #type_name;

            fn known(value: &str) -> ::core::option::Option<Self> {
                Some(match value {
                    #(#wires => Self::#idents,)*
                    _ => return None,
                })
            }

            fn unknown(value: crate::UnknownValue) -> Self {
                Self::#unknown(value)
            }
        }

        // Conversions, `Display` and serde, shared by every open enum (`runtime/open_enum.rs`).
        #cfg
        crate::runtime::open_enum_impls!(#name);
    }
}

fn union(
    api: &Api,
    def: &TypeDef,
    variants: &[UnionVariant],
    fallback: Option<&str>,
    cfg: Option<TokenStream>,
) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc(def.doc.as_deref());
    let members = variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let t = ty(api, &v.ty);
        let t = if v.boxed { quote!(::std::boxed::Box<#t>) } else { t };
        quote!(#variant(#t),)
    });
    let fallback = fallback.map(|other| {
        let other = ident(other);
        quote! {
            /// A value none of the documented variants accepts, kept as it was received.
            #other(::serde_json::Value),
        }
    });
    quote! {
        #docs
        ///
        /// One of several types; decoding tries the variants in order.
        #cfg
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#members)*
            #fallback
        }
    }
}
