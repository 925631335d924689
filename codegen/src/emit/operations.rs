//! Operations: per operation a request builder, its error enum, and a method on `Client`, into
//! `src/operations/<name>.rs`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::bodies;
use super::common::{declaration, doc, ident, ty};
use crate::lower::ir::{
    Api, ArmRole, Body, Location, Operation, Param, PathPart, PathStyle, ResponseArm, Serialization, StatusMatch,
    Success, TextForm, TypeRef,
};
use crate::members;

/// An expression of type `&str` for one scalar `value: &T`.
fn scalar_text(form: TextForm, value: TokenStream) -> TokenStream {
    match form {
        TextForm::Str => quote!(#value.as_str()),
        TextForm::Enum => quote!(#value.as_str()),
        TextForm::Display => quote!(#value.to_string().as_str()),
        TextForm::Json => quote!(crate::runtime::to_text(#value).as_str()),
    }
}

/// An iterator of `AsRef<str>` items for a list `value: &Vec<T>`.
fn list_texts(form: TextForm, value: TokenStream) -> TokenStream {
    match form {
        TextForm::Str => quote!(#value.iter().map(::std::string::String::as_str)),
        TextForm::Enum => quote!(#value.iter().map(|item| item.as_str())),
        TextForm::Display => quote!(#value.iter().map(|item| item.to_string())),
        TextForm::Json => quote!(#value.iter().map(crate::runtime::to_text)),
    }
}

/// The type a builder method or positional argument takes for a parameter, and the expression
/// that turns the argument `value` into the stored value.
fn argument_type(api: &Api, p: &Param, value: &Ident) -> (TokenStream, TokenStream) {
    match &p.ty {
        TypeRef::String => (quote!(impl ::core::convert::Into<::std::string::String>), quote!(#value.into())),
        TypeRef::List(inner) => {
            let inner = ty(api, inner);
            (quote!(impl ::core::iter::IntoIterator<Item = #inner>), quote!(#value.into_iter().collect()))
        }
        other => (ty(api, other), quote!(#value)),
    }
}

/// An operation of `api`: the method of its API module's handle (else of `Client`), its builder,
/// its enums.
pub fn emit(api: &Api, op: &Operation) -> TokenStream {
    let module = api.module_of(op);
    let builder = ident(&op.builder_name);
    let error = ident(&op.error_name);
    let method = ident(&op.method_name);
    let op_doc = doc(op.doc.as_deref());
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    let settable: Vec<&Param> =
        op.params.iter().filter(|p| p.constant.is_none() && p.location != Location::Path).collect();
    let positional: Vec<&Param> = op.params.iter().filter(|p| p.location == Location::Path).collect();

    // The parameters' fields: positional values are stored as they are, the others as options.
    let fields: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.constant.is_none())
        .map(|p| {
            let name = ident(&p.ident);
            let t = ty(api, &p.ty);
            if p.location == Location::Path {
                quote!(#name: #t,)
            } else {
                quote!(#name: ::core::option::Option<#t>,)
            }
        })
        .collect();
    let body_field = bodies::fields(api, op.body.as_ref());
    let ctor_inits = settable.iter().map(|p| {
        let name = ident(&p.ident);
        quote!(#name: None,)
    });
    let body_init = bodies::inits(op.body.as_ref());

    let setters = settable.iter().map(|p| {
        let name = ident(&p.ident);
        let (arg, convert) = argument_type(api, p, &format_ident!("value"));
        let docs = doc(p.doc.as_deref());
        let required = p.required.then(|| {
            let note = " Required.";
            quote!(#[doc = ""] #[doc = #note])
        });
        let header = format!(" Sets `{}` ({}).", p.wire, p.location.as_str());
        quote! {
            #[doc = #header]
            #docs
            #required
            pub fn #name(mut self, value: #arg) -> Self {
                self.params.#name = Some(#convert);
                self
            }
        }
    });
    let body_setter = bodies::setters(api, op.body.as_ref());

    let build_steps = request_steps(op);
    let success = success_type(api, &op.success);
    let arms = match_arms(api, op, false);
    // The request's `Method` constant is named as HTTP writes the method.
    let http_method = format_ident!("{}", op.http_method.as_str());
    let op_id = &op.id;

    let (client_args, client_inits): (Vec<TokenStream>, Vec<TokenStream>) = positional
        .iter()
        .map(|p| {
            let name = ident(&p.ident);
            let (arg, convert) = argument_type(api, p, &name);
            // A value stored as it is given takes the field's shorthand (`id,` not `id: id,`).
            let init = match &p.ty {
                TypeRef::String | TypeRef::List(_) => quote!(#name: #convert,),
                _ => quote!(#name,),
            };
            (quote!(#name: #arg), init)
        })
        .unzip();
    // The builder's own methods, named from the table lower reserves from.
    use members::request_builder as m;
    let [new, request, send, decode] = [m::NEW, m::REQUEST, m::SEND, m::DECODE].map(ident);
    // Its per-call options, printed with the table's signatures.
    use members::signatures::request_builder as options;
    let [(timeout, timeout_signature), (deadline, deadline_signature), (retry_policy, retry_policy_signature), (header, header_signature), (query, query_signature), (interceptor, interceptor_signature)] =
        [
            options::TIMEOUT,
            options::DEADLINE,
            options::RETRY_POLICY,
            options::HEADER,
            options::QUERY,
            options::INTERCEPTOR,
        ]
        .map(|m| (ident(m.name), declaration(&m)));
    // The parameters live in a struct of their own (none when the operation takes none).
    let params = ident(members::operation_module::PARAMS);
    let (params_field, params_struct, params_arg, params_value, params_init) = if fields.is_empty() {
        Default::default()
    } else {
        (
            quote!(params: #params,),
            quote! {
                /// The parameters of the request, apart from the builder's own state, so that no
                /// parameter's name can meet one of the builder's fields.
                #[derive(Debug, Clone)]
                struct #params {
                    #(#fields)*
                }
            },
            quote!(params: #params),
            quote!(#params { #(#client_inits)* #(#ctor_inits)* }),
            quote!(params,),
        )
    };

    let error_enum = error_enum(api, op, &error);
    let success_enum = success_enum(api, op);
    let pagination = pagination(api, op, &builder, &error, &success);
    let must_use = format!("a `{}` does nothing until `.send().await`", op.builder_name);
    let mock = mock_operation(op, &builder, &error, &success);
    let send_stream = send_stream(api, op, &error);
    // The method is the client's, or the module handle's (which holds a client).
    let (owner, client) = match module {
        Some(module) => {
            let handle = ident(&module.handle);
            (quote!(super::#handle), quote!(self.client.clone()))
        }
        None => (quote!(crate::Client), quote!(self.clone())),
    };
    let multipart = bodies::multipart_structs(api, op);

    quote! {
        #op_doc
        #[derive(Debug, Clone)]
        #[must_use = #must_use]
        pub struct #builder {
            /// A clone of the client (one `Arc`): the builder, its future and its streams own it.
            client: crate::Client,
            #params_field
            #body_field
            /// This call's options: extra headers and query, retry policy, timeout, deadline, interceptors.
            options: crate::runtime::CallOptions,
        }

        #params_struct

        impl #owner {
            #op_doc
            #deprecated
            pub fn #method(&self, #(#client_args),*) -> #builder {
                #builder::#new(#client, #params_value)
            }
        }

        impl #builder {
            fn #new(client: crate::Client, #params_arg) -> Self {
                Self { client, #params_init #body_init options: ::core::default::Default::default() }
            }

            #(#setters)*
            #body_setter

            /// Overrides the client's timeout for this request (each attempt).
            pub fn #timeout #timeout_signature {
                self.options = ::core::mem::take(&mut self.options).timeout(timeout);
                self
            }

            /// Overrides the client's overall deadline for this call (every attempt and wait).
            pub fn #deadline #deadline_signature {
                self.options = ::core::mem::take(&mut self.options).deadline(deadline);
                self
            }

            /// Overrides the client's retry policy for this call.
            pub fn #retry_policy #retry_policy_signature {
                self.options = ::core::mem::take(&mut self.options).retry_policy(retry);
                self
            }

            /// Sends the header `name: value` with this call (replacing the operation's or the
            /// client's header of that name, never a credential); one that cannot be sent fails
            /// the call before anything is sent.
            pub fn #header #header_signature {
                self.options = ::core::mem::take(&mut self.options).header(name, value);
                self
            }

            /// Appends the query parameter `name=value` to this call, after the operation's own.
            pub fn #query #query_signature {
                self.options = ::core::mem::take(&mut self.options).query(name, value);
                self
            }

            /// Adds an interceptor for this call only, run after the client's.
            pub fn #interceptor #interceptor_signature {
                self.options = ::core::mem::take(&mut self.options).interceptor(interceptor);
                self
            }

            /// The request `send()` makes, or why it refuses to make one.
            fn #request(&self) -> ::core::result::Result<crate::runtime::RequestParts, crate::runtime::InvalidRequest> {
                let mut request = crate::runtime::RequestParts::new(#op_id, crate::runtime::Method::#http_method);
                #build_steps
                request.options(&self.options)?;
                Ok(request)
            }

            /// Sends the request and decodes the response.
            pub async fn #send(self) -> ::core::result::Result<crate::Response<#success>, crate::Error<#error>> {
                let request = self.#request()?;
                let response = self.client.core.execute(request).await?;
                Self::#decode(response)
            }

            /// Decodes a response of this operation, whatever its status (what `send()` does once
            /// the response has arrived; public for fuzzing and tests, not a stable API).
            #[doc(hidden)]
            pub fn #decode(response: crate::runtime::RawResponse) -> ::core::result::Result<crate::Response<#success>, crate::Error<#error>> {
                match response.status_code() {
                    #arms
                }
            }

            #send_stream
        }

        #multipart
        #pagination
        #success_enum
        #error_enum
        #mock
    }
}

/// How the mock server of the `mock` feature answers the operation: its request is the builder's,
/// its success and documented errors are written as the client reads them.
fn mock_operation(op: &Operation, builder: &Ident, error: &Ident, success: &TokenStream) -> TokenStream {
    let request = ident(members::request_builder::REQUEST);
    let success_response = match &op.success {
        Success::Body(body) => {
            // The status a mocked success answers with: the first documented 2xx, else 200.
            let arm = op
                .responses
                .iter()
                .filter(|arm| arm.is_success())
                .find(|arm| matches!(arm.status, StatusMatch::Code(_)));
            let status = arm.map_or(200, |arm| arm.status.representative());
            mock_response(body, status, arm, Some(quote!(value)))
        }
        Success::ByStatus(name) => {
            let name = ident(name);
            let arms = op.responses.iter().filter_map(|arm| Some((arm, ident(arm.success_variant()?)))).map(
                |(arm, variant)| {
                    // An empty variant holds nothing to bind.
                    let (pattern, value) = match arm.body {
                        Body::Empty => (quote!(#name::#variant), None),
                        Body::Json(_) | Body::Bytes | Body::Text => (quote!(#name::#variant(body)), Some(quote!(body))),
                    };
                    let response = mock_response(&arm.body, arm.status.representative(), Some(arm), value);
                    quote!(#pattern => #response,)
                },
            );
            quote!(match value { #(#arms)* })
        }
    };
    let error_arms: Vec<TokenStream> = op
        .responses
        .iter()
        .filter_map(|arm| Some((arm, ident(arm.error_variant()?))))
        .map(|(arm, variant)| {
            let status = Literal::u16_unsuffixed(arm.status.representative());
            match &arm.body {
                Body::Json(_) => {
                    quote!(#error::#variant(body) => crate::runtime::mock::MockResponse::json(#status, body),)
                }
                Body::Empty | Body::Bytes | Body::Text => {
                    quote!(#error::#variant => crate::runtime::mock::MockResponse::empty(#status),)
                }
            }
        })
        .collect();
    // An operation that documents no error has an empty enum, which has no value to match.
    let error_match =
        if error_arms.is_empty() { quote!(match *error {}) } else { quote!(match error { #(#error_arms)* }) };
    quote! {
        #[cfg(feature = "mock")]
        impl crate::runtime::mock::MockOperation for #builder {
            type Success = #success;
            type Error = #error;

            fn mock_request(&self) -> ::core::result::Result<crate::runtime::RequestParts, crate::runtime::InvalidRequest> {
                self.#request()
            }

            fn mock_success(value: &Self::Success) -> crate::runtime::mock::MockResponse {
                #success_response
            }

            fn mock_error(error: &Self::Error) -> crate::runtime::mock::MockResponse {
                #error_match
            }
        }
    }
}

/// How a mock answers with `value`, a success body of `body`'s kind (a binding, `None` for an
/// empty variant that has none), at `status`; raw bytes go out in the first media type `arm` documents.
fn mock_response(body: &Body, status: u16, arm: Option<&ResponseArm>, value: Option<TokenStream>) -> TokenStream {
    let status = Literal::u16_unsuffixed(status);
    match body {
        Body::Json(_) => quote!(crate::runtime::mock::MockResponse::json(#status, #value)),
        Body::Bytes => {
            let media = arm.and_then(|arm| arm.media_types.first()).map_or("application/octet-stream", String::as_str);
            quote!(crate::runtime::mock::MockResponse::bytes(#status, #media, #value.to_vec()))
        }
        Body::Text => {
            let media = arm.and_then(|arm| arm.media_types.first()).map_or("text/plain", String::as_str);
            quote!(crate::runtime::mock::MockResponse::bytes(#status, #media, #value.as_bytes()))
        }
        Body::Empty => match value {
            Some(value) => quote!({
                let _ = #value;
                crate::runtime::mock::MockResponse::empty(#status)
            }),
            None => quote!(crate::runtime::mock::MockResponse::empty(#status)),
        },
    }
}

fn success_type(api: &Api, success: &Success) -> TokenStream {
    match success {
        Success::Body(body) => body_type(api, body),
        Success::ByStatus(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

fn body_type(api: &Api, body: &Body) -> TokenStream {
    match body {
        Body::Json(t) => ty(api, t),
        Body::Empty => quote!(()),
        Body::Bytes => quote!(crate::runtime::Bytes),
        Body::Text => quote!(::std::string::String),
    }
}

/// `send_stream()`, for an operation whose success is bytes: the body as it arrives, never held
/// whole in memory and not limited by `max_response_bytes`.
fn send_stream(api: &Api, op: &Operation, error: &Ident) -> TokenStream {
    if op.success != Success::Body(Body::Bytes) {
        return TokenStream::new();
    }
    let (send_stream, request) =
        (ident(members::request_builder::SEND_STREAM), ident(members::request_builder::REQUEST));
    let mut statuses: Vec<u16> = Vec::new();
    for arm in op.responses.iter().filter(|arm| arm.is_success()) {
        match arm.status {
            StatusMatch::Code(code) => statuses.push(code),
            StatusMatch::Range(_) | StatusMatch::Default => statuses.extend(200..=299),
        }
    }
    statuses.sort_unstable();
    statuses.dedup();
    let statuses = statuses.into_iter().map(Literal::u16_unsuffixed);
    let arms = match_arms(api, op, true);
    quote! {
        /// Sends the request and gives the success body as a stream of chunks, read as they
        /// arrive: never held whole in memory, and not limited by the client's
        /// `max_response_bytes` (each chunk must arrive within the timeout). An error response
        /// is read and decoded as by [`Self::send`].
        pub async fn #send_stream(self) -> ::core::result::Result<crate::Response<crate::ByteStream<#error>>, crate::Error<#error>> {
            let request = self.#request()?;
            let response = self.client.core.execute_streaming(request, &[#(#statuses),*]).await?;
            match response.status_code() {
                #arms
            }
        }
    }
}

/// The statements that fill `request` from the builder's fields.
fn request_steps(op: &Operation) -> TokenStream {
    let mut steps = Vec::new();
    for part in &op.path {
        match part {
            PathPart::Literal(text) => steps.push(quote!(request.path(#text);)),
            PathPart::Param(i) => {
                let p = &op.params[*i];
                let name = ident(&p.ident);
                let wire = &p.wire;
                let (style, explode) = match p.path_style {
                    PathStyle::Simple => (None, false),
                    PathStyle::Label { explode } => (Some(quote!(Label)), explode),
                    PathStyle::Matrix { explode } => (Some(quote!(Matrix)), explode),
                };
                let step = match (&p.ty, style) {
                    (TypeRef::List(_), None) => {
                        let items = list_texts(p.text, quote!(value));
                        quote!(request.path_param(#wire, #items.collect::<::std::vec::Vec<_>>().join(",").as_str())?;)
                    }
                    (_, None) => {
                        let text = scalar_text(p.text, quote!(value));
                        quote!(request.path_param(#wire, #text)?;)
                    }
                    (TypeRef::List(_), Some(style)) => {
                        let items = list_texts(p.text, quote!(value));
                        quote! {
                            let items: ::std::vec::Vec<_> = #items.collect();
                            let items: ::std::vec::Vec<&str> = items.iter().map(::core::convert::AsRef::<str>::as_ref).collect();
                            request.path_param_styled(#wire, crate::runtime::PathStyle::#style, #explode, &items)?;
                        }
                    }
                    (_, Some(style)) => {
                        let text = scalar_text(p.text, quote!(value));
                        quote!(request.path_param_styled(#wire, crate::runtime::PathStyle::#style, #explode, &[#text])?;)
                    }
                };
                steps.push(quote!({
                    let value = &self.params.#name;
                    #step
                }));
            }
        }
    }
    for p in op.params.iter().filter(|p| p.location != Location::Path) {
        let wire = &p.wire;
        if let Some(constant) = &p.constant {
            steps.push(quote!(request.header(#wire, #constant)?;));
            continue;
        }
        let name = ident(&p.ident);
        let apply = param_step(p, quote!(value));
        let missing = format!(
            "the required parameter `{}` is not set (call `.{}()`)",
            p.wire,
            crate::ident::ident_text(&p.ident)
        );
        if p.required {
            steps.push(quote! {
                match &self.params.#name {
                    Some(value) => { #apply }
                    None => return Err(crate::runtime::InvalidRequest::new(#missing)),
                }
            });
        } else {
            steps.push(quote! {
                if let Some(value) = &self.params.#name { #apply }
            });
        }
    }
    steps.push(bodies::steps(op));
    if let Some(accept) = &op.accept {
        steps.push(quote!(request.header("accept", #accept)?;));
    }
    if let Some(alternatives) = &op.security {
        let alternatives = alternatives.iter().map(|schemes| quote!(&[#(#schemes),*]));
        steps.push(quote!(request.security(&[#(#alternatives),*]);));
    }
    quote!(#(#steps)*)
}

/// The statement that puts one non-path parameter `value: &T` on the request.
fn param_step(p: &Param, value: TokenStream) -> TokenStream {
    let wire = &p.wire;
    let json = || quote!(crate::runtime::to_text(#value).as_str());
    match (p.location, p.serialization, &p.ty) {
        (Location::Query, Serialization::Each, TypeRef::List(_)) => {
            let items = list_texts(p.text, value);
            quote!(request.query_each(#wire, #items);)
        }
        // A union of a scalar and a list: its JSON decides (an array's items are each a parameter).
        (Location::Query, Serialization::Each, _) => quote! {
            match ::serde_json::to_value(#value) {
                ::core::result::Result::Ok(::serde_json::Value::Array(items)) => {
                    request.query_each(#wire, items.iter().map(crate::runtime::to_text));
                }
                _ => request.query(#wire, crate::runtime::to_text(#value).as_str()),
            }
        },
        (Location::Query, Serialization::Joined(sep), TypeRef::List(_)) => {
            let items = list_texts(p.text, value);
            let sep = Literal::character(sep);
            quote!(request.query_joined(#wire, #items, #sep);)
        }
        (Location::Query, Serialization::Json, _) => {
            let text = json();
            quote!(request.query(#wire, #text);)
        }
        (Location::Query, _, _) => {
            let text = scalar_text(p.text, value);
            quote!(request.query(#wire, #text);)
        }
        (_, Serialization::Json, _) => {
            let text = json();
            quote!(request.header(#wire, #text)?;)
        }
        (_, _, TypeRef::List(_)) => {
            let items = list_texts(p.text, value);
            quote!(request.header(#wire, #items.collect::<::std::vec::Vec<_>>().join(",").as_str())?;)
        }
        (_, _, _) => {
            let text = scalar_text(p.text, value);
            quote!(request.header(#wire, #text)?;)
        }
    }
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        StatusMatch::Range(r) => {
            let lo = Literal::u16_unsuffixed(r * 100);
            let hi = Literal::u16_unsuffixed(r * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// Exact codes first, then ranges, then the rest: the first matching arm wins.
/// `stream`: success bodies come as a stream (`send_stream`).
fn match_arms(api: &Api, op: &Operation, stream: bool) -> TokenStream {
    let mut arms: Vec<&ResponseArm> = op.responses.iter().collect();
    arms.sort_by_key(|a| match a.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let error = ident(&op.error_name);
    let mut out = Vec::new();
    let mut has_default = false;
    for arm in arms {
        // `default` standing for success too: it decodes 2xx as success, the rest as its variant.
        let decode = || if stream { quote!(response.success_stream()) } else { success_decode(api, &op.success, arm) };
        if matches!(arm.role, ArmRole::SuccessOrError(_)) {
            let decode = decode();
            out.push(quote!(200..=299 => #decode,));
        }
        if matches!(arm.role, ArmRole::Success | ArmRole::SuccessVariant(_)) {
            let pattern = status_pattern(arm.status);
            let decode = decode();
            out.push(quote!(#pattern => #decode,));
            continue;
        }
        let pattern = status_pattern(arm.status);
        has_default |= arm.status == StatusMatch::Default;
        let Some(variant) = arm.error_variant().map(ident) else { continue };
        let value = match &arm.body {
            Body::Json(_) => quote!(response.api_error_json(|body| #error::#variant(::std::boxed::Box::new(body)))),
            Body::Empty | Body::Bytes | Body::Text => quote!(response.api_error_empty(#error::#variant)),
        };
        out.push(quote!(#pattern => Err(#value),));
    }
    if !has_default {
        out.push(quote!(_ => Err(response.unexpected()),));
    }
    quote!(#(#out)*)
}

fn success_decode(api: &Api, success: &Success, arm: &ResponseArm) -> TokenStream {
    match success {
        Success::Body(_) => decode_body(api, arm, false),
        Success::ByStatus(name) => {
            let name = ident(name);
            let Some(variant) = arm.success_variant().map(ident) else { return decode_body(api, arm, false) };
            let decode = decode_body(api, arm, true);
            match arm.body {
                Body::Empty => quote!(#decode.map(|r| crate::Response::map(r, |()| #name::#variant))),
                Body::Json(_) | Body::Bytes | Body::Text => {
                    quote!(#decode.map(|r| crate::Response::map(r, #name::#variant)))
                }
            }
        }
    }
}

/// Reads the success body of `arm` as the arm documents it; `typed`: the JSON type is written out
/// (it cannot be inferred through the `map` into a variant).
fn decode_body(api: &Api, arm: &ResponseArm, typed: bool) -> TokenStream {
    match &arm.body {
        Body::Empty => quote!(response.success_empty()),
        Body::Bytes => quote!(response.success_bytes()),
        Body::Text => quote!(response.success_text()),
        Body::Json(t) => {
            let turbofish = if typed {
                let t = ty(api, t);
                quote!(::<#t, _>)
            } else {
                TokenStream::new()
            };
            match &arm.envelope {
                Some(envelope) => {
                    let property = &envelope.property;
                    quote!(response.success_json_enveloped #turbofish (#property))
                }
                None => quote!(response.success_json #turbofish ()),
            }
        }
    }
}

/// The enum of the success values by status, when they differ.
fn success_enum(api: &Api, op: &Operation) -> TokenStream {
    let Success::ByStatus(name) = &op.success else { return TokenStream::new() };
    let name = ident(name);
    let variants =
        op.responses.iter().filter_map(|arm| Some((arm, ident(arm.success_variant()?)))).map(|(arm, variant)| {
            let text = variant_doc(arm);
            match &arm.body {
                Body::Empty => quote!(#[doc = #text] #variant,),
                body => {
                    let t = body_type(api, body);
                    quote!(#[doc = #text] #variant(#t),)
                }
            }
        });
    let doc_text = format!(" The success responses `{}` documents, by status: their bodies differ.", op.id);
    quote! {
        #[doc = #doc_text]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The doc of the variant for an arm, in a success or an error enum: its status and the first line
/// of its description.
fn variant_doc(arm: &ResponseArm) -> String {
    let status = match arm.status {
        StatusMatch::Default => "any other status".into(),
        status => status.key(),
    };
    format!(" {status}: {}", arm.doc.as_deref().unwrap_or("").lines().next().unwrap_or(""))
}

fn error_enum(api: &Api, op: &Operation, error: &proc_macro2::Ident) -> TokenStream {
    let variants =
        op.responses.iter().filter_map(|arm| Some((arm, ident(arm.error_variant()?)))).map(|(arm, variant)| {
            let text = variant_doc(arm);
            match &arm.body {
                // Boxed: error bodies are rare and may be large, and `Result<_, Error<E>>` should stay small.
                Body::Json(t) => {
                    let t = ty(api, t);
                    quote!(#[doc = #text] #variant(::std::boxed::Box<#t>),)
                }
                Body::Empty | Body::Bytes | Body::Text => quote!(#[doc = #text] #variant,),
            }
        });
    let doc_text = format!(" The error responses `{}` documents, by status.", op.id);
    quote! {
        #[doc = #doc_text]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #error {
            #(#variants)*
        }
    }
}

fn pagination(api: &Api, op: &Operation, builder: &Ident, error: &Ident, page: &TokenStream) -> TokenStream {
    super::pagination::methods(api, op, builder, error, page)
}
