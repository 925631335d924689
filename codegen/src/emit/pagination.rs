//! `into_pages()` and `into_stream()` of a paginated operation's request builder, in each style
//! (`ir::PaginationStyle`): the builder reads the page's fields and sets the next request's
//! parameter; the runtime's `support::pagination` decides when to stop.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::common::{ident, ty};
use crate::lower::ir::{Api, CursorParam, Field, Operation, Pagination, PaginationStyle, TypeRef};
use crate::members;

/// The impl block with the pagination methods of `op`'s builder (nothing when it does not page).
pub(super) fn methods(api: &Api, op: &Operation, builder: &Ident, error: &Ident, page: &TokenStream) -> TokenStream {
    let Some(p) = &op.pagination else { return TokenStream::new() };
    match &p.style {
        PaginationStyle::Cursor { cursor_param, cursor_field, has_more_field } => {
            cursor(api, op, p, *cursor_param, cursor_field, has_more_field.as_deref(), builder, error, page)
        }
        PaginationStyle::Cursors { cursors } => several(api, op, p, cursors, builder, error, page),
        PaginationStyle::Offset { offset_param, limit_param, total_field, default } => {
            let start = count_param(op, *offset_param, *default);
            let limit = limit(op, *limit_param);
            let total = total_fn(total_field.as_deref(), page);
            let set = set_count(op, *offset_param, builder, "offset");
            let args = quote!(self, start, limit, Self::send, items, total, with_offset);
            let doc = " Every page, fetched one at a time as the stream is read: each next request's offset is this \
                       one's plus the items read, keeping every other parameter of this request. Stops after an \
                       empty page, a page shorter than the limit set, or at the total; after the first error; and \
                       with an error if a page repeats an earlier one.";
            counted(
                api,
                p,
                "offset",
                quote!(let start = #start; let limit = #limit;),
                args,
                quote!(#total #set),
                doc,
                builder,
                error,
                page,
            )
        }
        PaginationStyle::Page { page_param, limit_param, total_field, default, base } => {
            let start = count_param(op, *page_param, *default);
            let limit = limit(op, *limit_param);
            let total = total_fn(total_field.as_deref(), page);
            let set = set_count(op, *page_param, builder, "page");
            let args = quote!(self, start, #base, limit, Self::send, items, total, with_page);
            let doc = " Every page, fetched one at a time as the stream is read: each next request asks for the \
                       next page number, keeping every other parameter of this request. Stops after an empty \
                       page, a short page, or when the pages read cover the total; after the first error; and \
                       with an error if a page repeats an earlier one.";
            counted(
                api,
                p,
                "page",
                quote!(let start = #start; let limit = #limit;),
                args,
                quote!(#total #set),
                doc,
                builder,
                error,
                page,
            )
        }
    }
}

/// One cursor: as the generator has always printed it (a top-level field prints as before).
#[allow(clippy::too_many_arguments)]
fn cursor(
    api: &Api,
    op: &Operation,
    p: &Pagination,
    cursor_param: usize,
    cursor_field: &[Field],
    has_more_field: Option<&[Field]>,
    builder: &Ident,
    error: &Ident,
    page: &TokenStream,
) -> TokenStream {
    use members::request_builder as m;
    let [into_pages, into_stream, send, next_cursor, with_cursor] =
        [m::INTO_PAGES, m::INTO_STREAM, m::SEND, m::NEXT_CURSOR, m::WITH_CURSOR].map(ident);
    let cursor_param = ident(&op.params[cursor_param].ident);
    let item = ty(api, &p.item_type);
    let cursor = read(cursor_field).cloned_option();
    let has_more = match has_more_field {
        Some(path) => read(path).flag(),
        None => quote!(true),
    };
    let items = take(&p.items_field);
    quote! {
        impl #builder {
            /// Every page, fetched one at a time as the stream is read: follows the cursor while the
            /// server says there is more, keeping every other parameter of this request. Stops after
            /// the first error, and with an error if the server repeats a cursor.
            pub fn #into_pages(self) -> impl crate::runtime::Stream<Item = ::core::result::Result<crate::Response<#page>, crate::Error<#error>>> + ::core::marker::Unpin + ::core::marker::Send + 'static {
                let start = self.params.#cursor_param.clone();
                crate::runtime::pagination::pages(self, start, Self::#send, Self::#next_cursor, Self::#with_cursor)
            }

            /// Every item of every page, fetched lazily (see [`Self::into_pages`]).
            pub fn #into_stream(self) -> impl crate::runtime::Stream<Item = ::core::result::Result<#item, crate::Error<#error>>> + ::core::marker::Unpin + ::core::marker::Send + 'static {
                let start = self.params.#cursor_param.clone();
                crate::runtime::pagination::items(self, start, Self::#send, Self::#next_cursor, Self::#with_cursor, |page: #page| #items)
            }

            fn #next_cursor(page: &#page) -> ::core::option::Option<::std::string::String> {
                if #has_more { #cursor.filter(|cursor| !cursor.is_empty()) } else { ::core::option::Option::None }
            }

            fn #with_cursor(mut self, cursor: ::std::string::String) -> Self {
                self.params.#cursor_param = ::core::option::Option::Some(cursor);
                self
            }
        }
    }
}

/// Several cursors. The helpers are functions local to each method, so that they take no name
/// a parameter's setter could want.
fn several(
    api: &Api,
    op: &Operation,
    p: &Pagination,
    cursors: &[CursorParam],
    builder: &Ident,
    error: &Ident,
    page: &TokenStream,
) -> TokenStream {
    let params: Vec<_> = cursors.iter().map(|c| &op.params[c.param]).collect();
    let starts = params.iter().map(|param| {
        let name = ident(&param.ident);
        match param.ty {
            TypeRef::String => quote!(self.params.#name.clone()),
            _ => quote!(self.params.#name.map(|value| value.to_string())),
        }
    });
    let values = cursors.iter().map(|c| read(&c.field).text(leaf(&c.field)));
    let sets = cursors.iter().zip(&params).map(|(c, param)| {
        let name = ident(&param.ident);
        let value = read(&c.field).converted(leaf(&c.field), &param.ty);
        quote!(builder.params.#name = #value;)
    });
    let helpers = quote! {
        fn values(page: &#page) -> ::std::vec::Vec<::core::option::Option<::std::string::String>> {
            ::std::vec::Vec::from([#(#values),*])
        }
        fn with_cursors(mut builder: #builder, page: &#page) -> #builder {
            #(#sets)*
            builder
        }
    };
    let items_fn = items_fn(api, &p.items_field, &p.item_type, page);
    let helpers = quote!(#items_fn #helpers);
    let start = quote!(let start = ::std::vec::Vec::from([#(#starts),*]););
    let args = quote!(self, start, Self::send, values, items, with_cursors);
    let doc = " Every page, fetched one at a time as the stream is read: each next request carries the cursors \
               of this page, keeping every other parameter of this request. Stops after a page without items \
               or without any cursor; after the first error; and with an error if the server repeats its \
               cursors.";
    methods_of(api, p, "cursors", start, args, helpers, doc, builder, error, page)
}

/// Offset and page number: `helpers` defines `total` and the setter of the count.
#[allow(clippy::too_many_arguments)]
fn counted(
    api: &Api,
    p: &Pagination,
    module: &str,
    start: TokenStream,
    args: TokenStream,
    helpers: TokenStream,
    doc: &str,
    builder: &Ident,
    error: &Ident,
    page: &TokenStream,
) -> TokenStream {
    let items_fn = items_fn(api, &p.items_field, &p.item_type, page);
    methods_of(api, p, module, start, args, quote!(#items_fn #helpers), doc, builder, error, page)
}

/// `into_pages()` and `into_stream()` calling `support::pagination::<module>` with `args` (and
/// `take_items`), each with `helpers` in its body.
#[allow(clippy::too_many_arguments)]
fn methods_of(
    api: &Api,
    p: &Pagination,
    module: &str,
    start: TokenStream,
    args: TokenStream,
    helpers: TokenStream,
    doc: &str,
    builder: &Ident,
    error: &Ident,
    page: &TokenStream,
) -> TokenStream {
    use members::request_builder as m;
    let [into_pages, into_stream] = [m::INTO_PAGES, m::INTO_STREAM].map(ident);
    let module = ident(module);
    let item = ty(api, &p.item_type);
    let items = take(&p.items_field);
    quote! {
        impl #builder {
            #[doc = #doc]
            pub fn #into_pages(self) -> impl crate::runtime::Stream<Item = ::core::result::Result<crate::Response<#page>, crate::Error<#error>>> + ::core::marker::Unpin + ::core::marker::Send + 'static {
                #helpers
                #start
                crate::runtime::pagination::#module::pages(#args)
            }

            /// Every item of every page, fetched lazily (see [`Self::into_pages`]).
            pub fn #into_stream(self) -> impl crate::runtime::Stream<Item = ::core::result::Result<#item, crate::Error<#error>>> + ::core::marker::Unpin + ::core::marker::Send + 'static {
                #helpers
                fn take_items(page: #page) -> ::std::vec::Vec<#item> {
                    #items
                }
                #start
                crate::runtime::pagination::#module::items(#args, take_items)
            }
        }
    }
}

/// `fn items(page) -> &[Item]`.
fn items_fn(api: &Api, path: &[Field], item: &TypeRef, page: &TokenStream) -> TokenStream {
    let item = ty(api, item);
    let slice = read(path).slice();
    quote! {
        fn items(page: &#page) -> &[#item] {
            #slice
        }
    }
}

/// `fn total(page) -> Option<u64>` (`None` without a total field, or when it is negative).
fn total_fn(path: Option<&[Field]>, page: &TokenStream) -> TokenStream {
    match path {
        Some(path) => {
            let total = read(path).count();
            quote! {
                fn total(page: &#page) -> ::core::option::Option<u64> {
                    #total
                }
            }
        }
        None => quote! {
            fn total(_: &#page) -> ::core::option::Option<u64> {
                ::core::option::Option::None
            }
        },
    }
}

/// `fn with_<what>(builder, n) -> Option<Builder>`: `None` when `n` does not fit the parameter.
fn set_count(op: &Operation, param: usize, builder: &Ident, what: &str) -> TokenStream {
    let name = ident(&op.params[param].ident);
    let function = ident(&format!("with_{what}"));
    quote! {
        fn #function(mut builder: #builder, value: u64) -> ::core::option::Option<#builder> {
            builder.params.#name = ::core::option::Option::Some(::core::convert::TryFrom::try_from(value).ok()?);
            ::core::option::Option::Some(builder)
        }
    }
}

/// The caller's value of an integer parameter as a count, else `default`.
fn count_param(op: &Operation, param: usize, default: u64) -> TokenStream {
    let name = ident(&op.params[param].ident);
    quote!(self.params.#name.and_then(|value| <u64 as ::core::convert::TryFrom<_>>::try_from(value).ok()).unwrap_or(#default))
}

/// The limit the caller set, if any.
fn limit(op: &Operation, param: Option<usize>) -> TokenStream {
    match param {
        Some(param) => {
            let name = ident(&op.params[param].ident);
            quote!(self.params.#name.and_then(|value| <u64 as ::core::convert::TryFrom<_>>::try_from(value).ok()))
        }
        None => quote!(::core::option::Option::None),
    }
}

fn leaf(path: &[Field]) -> &TypeRef {
    path.last().map_or(&TypeRef::Any, |f| &f.ty)
}

/// A field of `page` reached by reference: a place of the field's type, a place of an `Option`
/// of it, or an `Option<&T>`.
enum Access {
    Place(TokenStream),
    OptionPlace(TokenStream),
    OptionRef(TokenStream),
}

fn optional(field: &Field) -> bool {
    !field.required || field.nullable
}

/// The value at `path` from `page: &Page` (a top-level field is `page.field`, as ever).
fn read(path: &[Field]) -> Access {
    let mut access = Access::Place(quote!(page));
    for field in path {
        let name = ident(&field.ident);
        access = match access {
            Access::Place(e) if optional(field) => Access::OptionPlace(quote!(#e.#name)),
            Access::Place(e) => Access::Place(quote!(#e.#name)),
            Access::OptionPlace(e) => beneath(quote!(#e.as_ref()), field, &name),
            Access::OptionRef(e) => beneath(e, field, &name),
        };
    }
    access
}

/// `field` of the struct an `Option<&Struct>` holds.
fn beneath(e: TokenStream, field: &Field, name: &Ident) -> Access {
    if optional(field) {
        Access::OptionRef(quote!(#e.and_then(|value| value.#name.as_ref())))
    } else {
        Access::OptionRef(quote!(#e.map(|value| &value.#name)))
    }
}

impl Access {
    /// `Option<String>` of a string field.
    fn cloned_option(self) -> TokenStream {
        match self {
            Access::Place(e) => quote!(::core::option::Option::Some(#e.clone())),
            Access::OptionPlace(e) => quote!(#e.clone()),
            Access::OptionRef(e) => quote!(#e.cloned()),
        }
    }

    /// `bool` of a boolean field (missing is false).
    fn flag(self) -> TokenStream {
        match self {
            Access::Place(e) => e,
            Access::OptionPlace(e) => quote!(#e.unwrap_or(false)),
            Access::OptionRef(e) => quote!(#e.copied().unwrap_or(false)),
        }
    }

    /// `&[T]` of a list field (missing is empty).
    fn slice(self) -> TokenStream {
        match self {
            Access::Place(e) => quote!(#e.as_slice()),
            Access::OptionPlace(e) => quote!(#e.as_deref().unwrap_or_default()),
            Access::OptionRef(e) => quote!(#e.map(::std::vec::Vec::as_slice).unwrap_or_default()),
        }
    }

    /// `Option<u64>` of an integer field (a negative one is missing).
    fn count(self) -> TokenStream {
        let convert = quote!(<u64 as ::core::convert::TryFrom<_>>::try_from);
        match self {
            Access::Place(e) => quote!(#convert(#e).ok()),
            Access::OptionPlace(e) => quote!(#e.and_then(|value| #convert(value).ok())),
            Access::OptionRef(e) => quote!(#e.and_then(|value| #convert(*value).ok())),
        }
    }

    /// `Option<String>` of a scalar field: a string, or a number's text.
    fn text(self, field: &TypeRef) -> TokenStream {
        if *field == TypeRef::String {
            return self.cloned_option();
        }
        match self {
            Access::Place(e) => quote!(::core::option::Option::Some(#e.to_string())),
            Access::OptionPlace(e) | Access::OptionRef(e) => quote!(#e.map(|value| value.to_string())),
        }
    }

    /// `Option<P>` of a scalar field for a parameter of type `param` (lower checked they fit:
    /// the same type, text, or a number from an integer).
    fn converted(self, field: &TypeRef, param: &TypeRef) -> TokenStream {
        if param == field && *field == TypeRef::String {
            return self.cloned_option();
        }
        if *param == TypeRef::String {
            return self.text(field);
        }
        if param == field {
            return match self {
                Access::Place(e) => quote!(::core::option::Option::Some(#e)),
                Access::OptionPlace(e) => e,
                Access::OptionRef(e) => quote!(#e.copied()),
            };
        }
        // A number from an integer.
        match self {
            Access::Place(e) => quote!(::core::option::Option::Some(#e as f64)),
            Access::OptionPlace(e) => quote!(#e.map(|value| value as f64)),
            Access::OptionRef(e) => quote!(#e.map(|value| *value as f64)),
        }
    }
}

/// The items of `page: Page`, by value (missing is empty).
fn take(path: &[Field]) -> TokenStream {
    let mut e = quote!(page);
    let mut option = false;
    for field in path {
        let name = ident(&field.ident);
        e = match (option, optional(field)) {
            (false, _) => quote!(#e.#name),
            (true, true) => quote!(#e.and_then(|value| value.#name)),
            (true, false) => quote!(#e.map(|value| value.#name)),
        };
        option = option || optional(field);
    }
    if option {
        quote!(#e.unwrap_or_default())
    } else {
        e
    }
}
