//! Request bodies: the builder's field and setter per body form, the statements that put the body
//! on the request, and the struct of a multipart body.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{declaration, doc, ident, ty};
use crate::lower::ir::{Api, BodyForm, BodyKind, FormStyle, MultipartBody, Operation, PartKind, RequestBody};
use crate::members::signatures::multipart::{ADDITIONAL_FILE, ADDITIONAL_TEXT};

/// What the builder stores for a form.
fn storage(api: &Api, form: &BodyForm) -> TokenStream {
    match &form.kind {
        BodyKind::Json { ty: t, .. } | BodyKind::Form { ty: t, .. } => ty(api, t),
        BodyKind::Multipart(m) => {
            let name = ident(&m.name);
            quote!(#name)
        }
        BodyKind::Bytes { content_type: Some(_) } => quote!(crate::Payload),
        BodyKind::Bytes { content_type: None } => quote!((::std::string::String, crate::Payload)),
        BodyKind::Text { content_type: Some(_) } => quote!(::std::string::String),
        BodyKind::Text { content_type: None } => quote!((::std::string::String, ::std::string::String)),
    }
}

/// The builder's fields, one per form (`body: Option<T>`, …): fixed names (`members::request_builder`),
/// so they stay in the builder beside its own state, away from the parameters.
pub fn fields(api: &Api, body: Option<&RequestBody>) -> TokenStream {
    let Some(body) = body else { return TokenStream::new() };
    let fields = body.forms.iter().map(|form| {
        let name = ident(&form.setter);
        let t = storage(api, form);
        quote!(#name: ::core::option::Option<#t>,)
    });
    quote!(#(#fields)*)
}

/// The initial values of the body fields.
pub fn inits(body: Option<&RequestBody>) -> TokenStream {
    let Some(body) = body else { return TokenStream::new() };
    let names = body.forms.iter().map(|form| ident(&form.setter));
    quote!(#(#names: None,)*)
}

/// One setter per form; setting one form clears the others (the last call wins).
pub fn setters(api: &Api, body: Option<&RequestBody>) -> TokenStream {
    let Some(body) = body else { return TokenStream::new() };
    let several = body.forms.len() > 1;
    let setters = body.forms.iter().map(|form| {
        let name = ident(&form.setter);
        let others = body.forms.iter().filter(|f| f.setter != form.setter).map(|f| ident(&f.setter));
        let (params, value) = match &form.kind {
            BodyKind::Bytes { content_type: Some(_) } => {
                (quote!(value: impl ::core::convert::Into<crate::Payload>), quote!(value.into()))
            }
            BodyKind::Bytes { content_type: None } => (
                quote!(content_type: impl ::core::convert::Into<::std::string::String>, value: impl ::core::convert::Into<crate::Payload>),
                quote!((content_type.into(), value.into())),
            ),
            BodyKind::Text { content_type: Some(_) } => {
                (quote!(value: impl ::core::convert::Into<::std::string::String>), quote!(value.into()))
            }
            BodyKind::Text { content_type: None } => (
                quote!(content_type: impl ::core::convert::Into<::std::string::String>, value: impl ::core::convert::Into<::std::string::String>),
                quote!((content_type.into(), value.into())),
            ),
            _ => {
                let t = storage(api, form);
                (quote!(value: #t), quote!(value))
            }
        };
        let summary = match &form.kind {
            BodyKind::Bytes { content_type: None } | BodyKind::Text { content_type: None } => format!(
                " Sets the request body, sent as `{}` or another media type the API accepts, named by `content_type`.",
                form.media_type
            ),
            BodyKind::Bytes { .. } => format!(
                " Sets the request body (`{}`): bytes, or a stream sent as it is read (`Payload::stream`; a call with a stream is never retried).",
                form.media_type
            ),
            _ => format!(" Sets the request body, sent as `{}`.", form.media_type),
        };
        let docs = doc(body.doc.as_deref());
        let alternatives = several.then(|| {
            let text = " Setting another form of the body (another media type) replaces this one.";
            quote!(#[doc = ""] #[doc = #text])
        });
        quote! {
            #[doc = #summary]
            #docs
            #alternatives
            pub fn #name(mut self, #params) -> Self {
                #(self.#others = ::core::option::Option::None;)*
                self.#name = ::core::option::Option::Some(#value);
                self
            }
        }
    });
    quote!(#(#setters)*)
}

/// The statements that put the body on `request`, or refuse a missing required body.
pub fn steps(op: &Operation) -> TokenStream {
    let Some(body) = &op.body else { return TokenStream::new() };
    let mut chain = Vec::new();
    for form in &body.forms {
        let name = ident(&form.setter);
        let apply = form_step(form);
        chain.push(quote!(if let ::core::option::Option::Some(body) = &self.#name { #apply }));
    }
    let missing = if body.required {
        let calls: Vec<String> = body.forms.iter().map(|f| format!("`.{}()`", f.setter)).collect();
        let message = format!("the request body is required (call {})", calls.join(" or "));
        quote!(else { return Err(crate::runtime::InvalidRequest::new(#message)); })
    } else {
        TokenStream::new()
    };
    let mut chain = chain.into_iter();
    let first = chain.next();
    quote!(#first #(else #chain)* #missing)
}

/// The statements that encode one form of the body, `body: &Storage`.
fn form_step(form: &BodyForm) -> TokenStream {
    match &form.kind {
        BodyKind::Json { content_type, .. } => {
            let content_type = content_type.as_ref().map(|t| quote!(request.header("content-type", #t)?;));
            quote!(request.json_body(body)?; #content_type)
        }
        BodyKind::Form { styles, .. } => {
            let styles = styles.iter().map(|(field, style)| {
                let style = match style {
                    FormStyle::Form { explode } => quote!(Form { explode: #explode }),
                    FormStyle::SpaceDelimited => quote!(SpaceDelimited),
                    FormStyle::PipeDelimited => quote!(PipeDelimited),
                    FormStyle::DeepObject => quote!(DeepObject),
                    FormStyle::Json => quote!(Json),
                };
                quote!((#field, crate::runtime::FormStyle::#style))
            });
            quote!(request.form_object(body, &[#(#styles),*])?;)
        }
        BodyKind::Multipart(m) => multipart_step(m),
        BodyKind::Bytes { content_type: Some(content_type) } => {
            quote!(request.bytes_body(#content_type, body.clone())?;)
        }
        BodyKind::Bytes { content_type: None } => quote!(request.bytes_body(&body.0, body.1.clone())?;),
        BodyKind::Text { content_type: Some(content_type) } => {
            quote!(request.text_body(#content_type, body.clone())?;)
        }
        BodyKind::Text { content_type: None } => quote!(request.text_body(&body.0, body.1.clone())?;),
    }
}

fn multipart_step(m: &MultipartBody) -> TokenStream {
    let parts = m.parts.iter().map(|part| {
        let field = ident(&part.ident);
        let wire = &part.wire;
        let add = |value: TokenStream| match &part.kind {
            PartKind::File { content_type } => {
                quote!(request.multipart_file(#wire, ::core::clone::Clone::clone(#value), #content_type)?;)
            }
            PartKind::Files { content_type } => {
                quote!(for file in #value { request.multipart_file(#wire, file.clone(), #content_type)?; })
            }
            PartKind::Value(_) => quote!(request.multipart_value(#wire, #value)?;),
            PartKind::Json(_) => quote!(request.multipart_json(#wire, #value)?;),
        };
        // A list of files is a `Vec` whether or not it is required: empty sends none.
        if part.required || matches!(part.kind, PartKind::Files { .. }) {
            add(quote!(&body.#field))
        } else {
            let apply = add(quote!(value));
            quote!(if let Some(value) = &body.#field { #apply })
        }
    });
    let additional = m.open.then(|| {
        quote! {
            for (name, value) in &body.additional_texts {
                request.multipart_text(name, value);
            }
            for (name, file) in &body.additional_files {
                request.multipart_file(name, file.clone(), "application/octet-stream")?;
            }
        }
    });
    quote! {
        request.multipart_body();
        #(#parts)*
        #additional
    }
}

/// The struct of each multipart form of the operation's body.
pub fn multipart_structs(api: &Api, op: &Operation) -> TokenStream {
    let Some(body) = &op.body else { return TokenStream::new() };
    let structs = body.forms.iter().filter_map(|form| match &form.kind {
        BodyKind::Multipart(m) => Some(multipart_struct(api, m, &op.id)),
        _ => None,
    });
    quote!(#(#structs)*)
}

fn multipart_struct(api: &Api, m: &MultipartBody, op_id: &str) -> TokenStream {
    let name = ident(&m.name);
    let part_type = |kind: &PartKind| match kind {
        PartKind::File { .. } => quote!(crate::FilePart),
        PartKind::Files { .. } => quote!(::std::vec::Vec<crate::FilePart>),
        PartKind::Value(t) | PartKind::Json(t) => ty(api, t),
    };
    let is_option = |part: &crate::lower::ir::Part| !part.required && !matches!(part.kind, PartKind::Files { .. });
    let fields = m.parts.iter().map(|part| {
        let field = ident(&part.ident);
        let t = part_type(&part.kind);
        let header = format!(" The part `{}`.", part.wire);
        let docs = doc(part.doc.as_deref());
        let t = if is_option(part) { quote!(::core::option::Option<#t>) } else { t };
        quote!(#[doc = #header] #docs pub #field: #t,)
    });
    let required: Vec<_> = m.parts.iter().filter(|p| !is_option(p) && p.required).collect();
    let args = required.iter().map(|part| {
        let field = ident(&part.ident);
        let t = part_type(&part.kind);
        quote!(#field: #t)
    });
    let inits = m.parts.iter().map(|part| {
        let field = ident(&part.ident);
        if !is_option(part) && part.required {
            quote!(#field,)
        } else if is_option(part) {
            quote!(#field: None,)
        } else {
            quote!(#field: ::std::vec::Vec::new(),)
        }
    });
    let setters = m.parts.iter().filter(|p| !p.required).map(|part| {
        let field = ident(&part.ident);
        let t = part_type(&part.kind);
        let text = format!(" Sets the part `{}`.", part.wire);
        let value = if is_option(part) { quote!(Some(value)) } else { quote!(value) };
        quote! {
            #[doc = #text]
            pub fn #field(mut self, value: #t) -> Self {
                self.#field = #value;
                self
            }
        }
    });
    let [(additional_text, additional_text_signature), (additional_file, additional_file_signature)] =
        [ADDITIONAL_TEXT, ADDITIONAL_FILE].map(|m| (ident(m.name), declaration(&m)));
    let (extra_fields, extra_inits, extra_methods) = if m.open {
        (
            quote! {
                additional_texts: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
                additional_files: ::std::vec::Vec<(::std::string::String, crate::FilePart)>,
            },
            quote!(additional_texts: ::std::vec::Vec::new(), additional_files: ::std::vec::Vec::new(),),
            quote! {
                /// Adds a text part the API description does not name (sent after the named parts).
                pub fn #additional_text #additional_text_signature {
                    self.additional_texts.push((name.into(), value.into()));
                    self
                }

                /// Adds a file part the API description does not name (sent last; its media type is
                /// the part's own, else `application/octet-stream`).
                pub fn #additional_file #additional_file_signature {
                    self.additional_files.push((name.into(), file));
                    self
                }
            },
        )
    } else {
        Default::default()
    };
    // Nothing required: `new()` is also the `Default`.
    let default = required.is_empty().then(|| {
        quote! {
            impl ::core::default::Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let header = format!(" The `multipart/form-data` body of `{op_id}`: a field per part.");
    let docs = doc(m.doc.as_deref());
    quote! {
        #[doc = #header]
        #docs
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra_fields
        }

        impl #name {
            /// A body with the required parts; the others are set with their methods.
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* #extra_inits }
            }

            #(#setters)*
            #extra_methods
        }

        #default
    }
}
