//! The crate's event enum (inside `webhook`, cargo feature `webhooks`) and its OAuth 2.0 flows
//! (inside `oauth`), as lower decided them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{doc, ident, ty};
use crate::lower::ir::{Api, OAuthFlow};
use crate::members::{oauth, webhook};

/// `WebhookEvent`: one variant per webhook with an event type, holding its typed payload, and the
/// runtime's `EventTypes` for it, so that `WebhookVerifier::verify::<WebhookEvent>` gives typed
/// events (and an event of any other type as the runtime's `Event::Unknown`, kept whole). Nothing
/// when the spec has no webhooks.
pub fn event_enum(api: &Api) -> Option<TokenStream> {
    if api.webhooks.is_empty() {
        return None;
    }
    let events: Vec<_> = api.webhooks.iter().filter_map(|w| w.event.as_ref().map(|e| (w, e))).collect();
    let variants = events.iter().map(|(webhook, event)| {
        let variant = ident(&event.variant);
        let payload = ty(api, &webhook.payload);
        let mut text = format!("`{}`: webhook `{}`.", event.event_type, webhook.key);
        if let Some(more) = &webhook.doc {
            text.push_str("\n\n");
            text.push_str(more);
        }
        let docs = doc(Some(&text));
        quote!(#docs #variant(#payload),)
    });
    let wire: Vec<&str> = events.iter().map(|(_, event)| event.event_type.as_str()).collect();
    let names: Vec<_> = events.iter().map(|(_, event)| ident(&event.variant)).collect();
    let decode = events.iter().map(|(_, event)| {
        let wire = &event.event_type;
        let variant = ident(&event.variant);
        quote! {
            ::core::option::Option::Some(#wire) => ::serde_json::from_value(payload)
                .map(Self::#variant)
                .map_err(::serde::de::Error::custom),
        }
    });
    let (event_enum, event_type_fn, event_types) = (
        format_ident!("{}", webhook::EVENT_ENUM),
        format_ident!("{}", webhook::EVENT_TYPE),
        format_ident!("{}", webhook::EVENT_TYPES),
    );
    Some(quote! {
        /// The events the API sends as webhooks, each with its typed payload, keyed by the
        /// payload's `type` field: what [`WebhookVerifier::verify`] decodes a known event into
        /// (`Event::Known`). An event of any other type is an `Event::Unknown`, its payload kept
        /// whole, so a new kind of event never fails verification.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // An event is received and handled one at a time: its size is not worth a box per payload.
        #[allow(clippy::large_enum_variant)]
        pub enum #event_enum {
            #(#variants)*
        }

        impl #event_enum {
            /// The value of the payload's `type` field of each variant.
            pub const #event_types: &'static [&'static str] = &[#(#wire),*];

            /// The value of the payload's `type` field of this event.
            pub fn #event_type_fn(&self) -> &'static str {
                match *self {
                    #(Self::#names(..) => #wire,)*
                }
            }
        }

        impl EventTypes for #event_enum {
            fn is_known(event_type: &str) -> bool {
                Self::#event_types.contains(&event_type)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #event_enum {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                // The whole payload is the variant's: its `type` stays in it (a tagged enum of
                // serde's would take it out).
                let payload = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let event_type = payload.get("type").and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match event_type.as_deref() {
                    #(#decode)*
                    other => ::core::result::Result::Err(::serde::de::Error::custom(::std::format!("not an event type of this enum: {other:?}"))),
                }
            }
        }
    })
}

/// `AuthorizationCodeFlow` and one constant per `oauth2` scheme's authorization-code flow.
pub fn oauth_flows(flows: &[OAuthFlow]) -> Option<TokenStream> {
    if flows.is_empty() {
        return None;
    }
    let flow_type = format_ident!("{}", oauth::FLOW);
    let config_fn = format_ident!("{}", oauth::CONFIG);
    let [authorization_url_field, token_url_field, refresh_url_field, scopes_field] =
        [oauth::AUTHORIZATION_URL, oauth::TOKEN_URL, oauth::REFRESH_URL, oauth::SCOPES].map(|f| format_ident!("{f}"));
    let constants = flows.iter().map(|flow| {
        let name = ident(&flow.ident);
        let docs = doc(Some(&format!("The authorization-code flow of the security scheme `{}`.", flow.scheme)));
        let authorization_url = &flow.authorization_url;
        let token_url = &flow.token_url;
        let refresh_url = match &flow.refresh_url {
            Some(url) => quote!(::core::option::Option::Some(#url)),
            None => quote!(::core::option::Option::None),
        };
        let scopes = flow.scopes.iter().map(|(scope, _)| scope);
        quote! {
            #docs
            pub const #name: #flow_type = #flow_type {
                #authorization_url_field: #authorization_url,
                #token_url_field: #token_url,
                #refresh_url_field: #refresh_url,
                #scopes_field: &[#(#scopes),*],
            };
        }
    });
    Some(quote! {
        /// An OAuth 2.0 authorization-code flow as the API description declares it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct #flow_type {
            /// Where the user is sent to authorize the app.
            pub #authorization_url_field: &'static str,
            /// Where codes and refresh tokens are exchanged for tokens.
            pub #token_url_field: &'static str,
            /// Where tokens are refreshed, when not at `token_url`.
            pub #refresh_url_field: ::core::option::Option<&'static str>,
            /// The scopes the flow offers.
            pub #scopes_field: &'static [&'static str],
        }

        impl #flow_type {
            /// The configuration of a [`TokenManager`] for this flow: its token URL (and refresh
            /// URL), with the app's credentials; add the provider's own form fields with `param`.
            pub fn #config_fn(
                &self,
                client_id: impl ::core::convert::Into<::std::string::String>,
                client_secret: impl ::core::convert::Into<crate::Secret>,
            ) -> OAuthConfig {
                let config = OAuthConfig::new(self.#token_url_field, client_id, client_secret);
                match self.#refresh_url_field {
                    ::core::option::Option::Some(url) => config.refresh_url(url),
                    ::core::option::Option::None => config,
                }
            }
        }

        #(#constants)*
    })
}
