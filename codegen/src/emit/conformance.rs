//! A conformance harness for the generated crate: one function per operation that builds a call
//! through the generated builders, every argument drawn from a sampler, and sends it. A test that
//! runs the calls against a server which validates requests (such as Stoplight Prism) checks that
//! every operation's requests keep the spec, and that every response it answers decodes.
//!
//! The harness names three items of its parent module: `Sampler` (values for the schema at
//! a pointer of the bundled document: `value`, `optional_value`, `body`, `optional_body`, `part`,
//! `coin`, `file`, `bytes`, `text`), `Call` (the boxed future of one call's outcome) and
//! `outcome` (turns the result of `send()` into that outcome). Types come from the builders'
//! signatures by inference, so the harness prints no type but the multipart bodies'.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::common::ident;
use crate::lower::ir::{Api, BodyKind, Location, Operation, Param, PartKind, TypeRef};
use crate::pointer::Pointer;

/// The harness for `api`, whose crate is `crate_name`, as formatted Rust.
pub fn calls(api: &Api, crate_name: &str) -> Result<String, String> {
    let krate = ident(&crate_name.replace('-', "_"));
    let table = api.operations.iter().map(|op| {
        let (id, method, path) = (&op.id, op.http_method.as_str(), &op.path_template);
        quote!((#id, #method, #path),)
    });
    let arms = api.operations.iter().enumerate().map(|(i, _)| {
        let index = Literal::usize_unsuffixed(i);
        let function = format_ident!("operation_{i}");
        quote!(#index => #function(client, sampler),)
    });
    let functions = api.operations.iter().enumerate().map(|(i, op)| call(api, op, i, &krate));
    let count = Literal::usize_unsuffixed(api.operations.len());
    let tokens = quote! {
        /// Every operation: its id, HTTP method and path template, in the order of [`call`].
        pub const OPERATIONS: [(&str, &str, &str); #count] = [#(#table)*];

        /// Builds the call of operation `index` (of [`OPERATIONS`]) with arguments from `sampler`.
        pub fn call(client: &#krate::Client, index: usize, sampler: &mut super::Sampler) -> ::core::result::Result<super::Call, ::std::string::String> {
            match index {
                #(#arms)*
                _ => ::core::result::Result::Err(::std::format!("there is no operation {index}")),
            }
        }

        #(#functions)*
    };
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generator emitted an invalid conformance harness: {e}"))?;
    Ok(format!("{}\n\n{}", crate::format::HEADER, prettyplease::unparse(&file)))
}

/// The function that builds the call of one operation.
fn call(api: &Api, op: &Operation, index: usize, krate: &proc_macro2::Ident) -> TokenStream {
    let function = format_ident!("operation_{index}");
    let method = ident(&op.method_name);
    let positional = op.params.iter().filter(|p| p.location == Location::Path).map(|p| {
        let at = &p.pointer;
        let hint = hint(&p.ty);
        quote!(sampler.value::<#hint>(#at)?)
    });
    let start = match api.module_of(op) {
        Some(module) => {
            let handle = ident(&module.ident);
            quote!(client.#handle().#method(#(#positional),*))
        }
        None => quote!(client.#method(#(#positional),*)),
    };
    let setters = op.params.iter().filter(|p| p.location != Location::Path && p.constant.is_none()).map(setter);
    let body = body(api, op, krate);
    let doc = format!(" `{} {}` (operation `{}`)", op.http_method.as_str(), op.path_template, op.id);
    quote! {
        #[doc = #doc]
        #[allow(deprecated, unused_mut, unused_variables)]
        fn #function(client: &#krate::Client, sampler: &mut super::Sampler) -> ::core::result::Result<super::Call, ::std::string::String> {
            let mut call = #start;
            #(#setters)*
            #body
            ::core::result::Result::Ok(::std::boxed::Box::pin(async move { super::outcome(call.send().await) }))
        }
    }
}

/// The type argument a sampled value needs where the builder takes `impl Into<String>` or
/// `impl IntoIterator`, which inference cannot see through; `_` elsewhere.
fn hint(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::List(_) => quote!(::std::vec::Vec<_>),
        _ => quote!(_),
    }
}

/// Sets a query, header or cookie parameter: always when required, else when the sampler says so.
fn setter(p: &Param) -> TokenStream {
    let name = ident(&p.ident);
    let at = &p.pointer;
    let hint = hint(&p.ty);
    if p.required {
        quote!(call = call.#name(sampler.value::<#hint>(#at)?);)
    } else {
        quote! {
            if let ::core::option::Option::Some(value) = sampler.optional_value::<#hint>(#at)? {
                call = call.#name(value);
            }
        }
    }
}

/// Sets the body in its default form (the first media type the spec lists).
fn body(api: &Api, op: &Operation, krate: &proc_macro2::Ident) -> TokenStream {
    let Some(body) = &op.body else { return TokenStream::new() };
    let form = body.default_form();
    let at = Pointer::from(&op.pointer).child("requestBody").to_string();
    let media = &form.media_type;
    let setter = ident(&form.setter);
    let set = match &form.kind {
        BodyKind::Json { .. } | BodyKind::Form { .. } => {
            return if body.required {
                quote!(call = call.#setter(sampler.body(#at, #media)?);)
            } else {
                quote! {
                    if let ::core::option::Option::Some(value) = sampler.optional_body(#at, #media)? {
                        call = call.#setter(value);
                    }
                }
            };
        }
        BodyKind::Bytes { content_type: Some(_) } => quote!(call = call.#setter(sampler.bytes());),
        BodyKind::Bytes { content_type: None } => quote!(call = call.#setter(#media, sampler.bytes());),
        BodyKind::Text { content_type: Some(_) } => quote!(call = call.#setter(sampler.text());),
        BodyKind::Text { content_type: None } => quote!(call = call.#setter(#media, sampler.text());),
        BodyKind::Multipart(m) => {
            let name = ident(&m.name);
            let path = match api.module_of(op) {
                Some(module) => {
                    let module = ident(&module.ident);
                    quote!(#krate::#module::#name)
                }
                None => quote!(#krate::operations::#name),
            };
            let part = |wire: &str, kind: &PartKind| match kind {
                PartKind::File { .. } => quote!(sampler.file()),
                PartKind::Files { .. } => quote!(::std::vec![sampler.file()]),
                PartKind::Value(_) | PartKind::Json(_) => quote!(sampler.part(#at, #media, #wire)?),
            };
            let required = m.parts.iter().filter(|p| p.required).map(|p| part(&p.wire, &p.kind));
            let optional = m.parts.iter().filter(|p| !p.required).map(|p| {
                let field = ident(&p.ident);
                let value = part(&p.wire, &p.kind);
                quote!(if sampler.coin() { parts = parts.#field(#value); })
            });
            // A part the schema does not name, where it allows one: the body is never empty.
            let extra = m.open.then(|| quote!(parts = parts.additional_text("conformance", sampler.text());));
            quote! {
                let mut parts = #path::new(#(#required),*);
                #(#optional)*
                #extra
                call = call.#setter(parts);
            }
        }
    };
    if body.required {
        set
    } else {
        quote!(if sampler.coin() { #set })
    }
}
