//! `Client` and `ClientBuilder`, ordinary items of the crate root (so that "go to definition" lands
//! in the crate, not in a macro), around the runtime's `ClientCore` and `ClientConfig`. Their
//! method names come from `crate::members`, the table lower reserves from.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{declaration, ident};
use crate::members::signatures::{client, client_builder};
use crate::members::{self, Method};

/// One setter of `ClientBuilder` (its signature from the table), delegating to the runtime
/// `ClientConfig`'s method of the same name.
fn setter(m: &Method, doc: &str) -> TokenStream {
    let (name, signature) = (ident(m.name), declaration(m));
    let args = m.args.iter().map(|(arg, _)| ident(arg));
    let lines = super::common::doc(Some(&wrap(doc)));
    quote! {
        #lines
        pub fn #name #signature {
            self.config = self.config.#name(#(#args),*);
            self
        }
    }
}

/// Doc text wrapped at 100 columns, paragraph by paragraph, so that the generated lines read well.
fn wrap(text: &str) -> String {
    let paragraphs = text.split("\n\n").map(|paragraph| {
        let mut lines: Vec<String> = vec![String::new()];
        for word in paragraph.split_whitespace() {
            let line = lines.last_mut().expect("one line at least");
            if !line.is_empty() && line.len() + 1 + word.len() > 100 {
                lines.push(word.to_string());
            } else {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
        }
        lines.join("\n")
    });
    paragraphs.collect::<Vec<_>>().join("\n\n")
}

pub fn emit() -> TokenStream {
    let [(builder, builder_signature), (base_url, base_url_signature), (request, request_signature), (build, build_signature)] =
        [client::BUILDER, client::BASE_URL, client::REQUEST, client_builder::BUILD]
            .map(|m| (ident(m.name), declaration(&m)));
    let setters = [
        setter(
            &client_builder::BEARER_TOKEN,
            "The token sent as `Authorization: Bearer <token>`: with the requests of operations whose API description states no security, and for every bearer-like security scheme (http `bearer`, `oauth2`, `openIdConnect`) not given a credential of its own.",
        ),
        setter(
            &client_builder::TOKEN_SOURCE,
            "Where each call gets the token sent as `Authorization: Bearer <token>`, instead of a fixed [`bearer_token`](Self::bearer_token) (which it replaces, for the same operations and schemes): e.g. an OAuth 2.0 [`TokenManager`](crate::oauth::TokenManager), which refreshes the token before it expires. A call answered `401` gets a new token from the source and is sent once more; when there is none, the call fails with `Error::Token`.",
        ),
        setter(
            &client_builder::BASE_URL,
            "Overrides the spec's default server, e.g. for a proxy or a mock server.",
        ),
        setter(
            &client_builder::TIMEOUT,
            "The time limit for one attempt (sending plus reading the whole response); 30 s by default. Retries each get the full time again.",
        ),
        setter(
            &client_builder::DEADLINE,
            "The overall time limit of one call: every attempt and every wait between attempts; 60 s by default. When it runs out during an attempt the call ends with `Error::DeadlineExceeded`; a retry that could not start before it is not made.",
        ),
        setter(
            &client_builder::MAX_RESPONSE_BYTES,
            "The largest response body the client reads, in bytes (8 MiB by default); a larger one ends the call with `Error::ResponseTooLarge`, and nothing past the limit is read.",
        ),
        setter(
            &client_builder::RETRY_POLICY,
            "How failed attempts are retried (see [`RetryPolicy`](crate::RetryPolicy)).",
        ),
        setter(
            &client_builder::MAX_RETRIES,
            "Shortcut for changing only the number of retries of the current policy (0 disables them).",
        ),
        setter(
            &client_builder::USER_AGENT,
            "Replaces the default `User-Agent` (the generated crate's name and version).",
        ),
        setter(
            &client_builder::PACING,
            "Paces the client's calls ([`Pacing`](crate::Pacing)): they wait for the rate limit's budget (configured, or reported by the API's rate-limit headers) instead of being sent to fail with `429`, and at most so many are in flight at once. Off by default.",
        ),
        setter(
            &client_builder::INTERCEPTOR,
            "Adds an interceptor ([`Interceptor`](crate::Interceptor)) that runs around every attempt of every call: before it (it may change the headers and query, or refuse the request) and after it (status, headers, timing, attempt number). Interceptors run in the order they are added, before those of a call.",
        ),
        setter(
            &client_builder::HTTP_CLIENT,
            "Uses an existing `reqwest::Client` (proxy, TLS or pool settings) instead of a new one.\n\nBuild it with `redirect(reqwest::redirect::Policy::none())`: this client follows redirects itself and sends credentials only to the configured origin, whereas a `reqwest::Client` that follows them carries API-key headers, and a `Referer` with the query string, to whatever origin it is sent.",
        ),
    ];
    let credential = ident(members::client_builder::CREDENTIAL);
    quote! {
        /// The API client. Cheap to clone (the configuration and the connection pool are shared), so
        /// clone it rather than building one per request.
        #[derive(Clone)]
        #[rustfmt::skip]
        pub struct Client {
            core: runtime::ClientCore,
        }

        #[rustfmt::skip]
        impl ::core::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(&self.core, f)
            }
        }

        #[rustfmt::skip]
        impl Client {
            /// Starts configuring a client; usually only the credentials are needed.
            pub fn #builder #builder_signature {
                ClientBuilder { config: ::core::default::Default::default() }
            }

            /// The base URL requests go to (without a trailing `/`).
            pub fn #base_url #base_url_signature {
                self.core.base_url()
            }

            /// A request to an endpoint the API description does not describe (yet): `method` to
            /// `path`, a template relative to the base URL whose `{name}`s are filled with
            /// [`RawRequest::path_param`](crate::RawRequest::path_param). It is sent as the
            /// operations are: the base URL, credentials, retries, timeout, deadline, pacing,
            /// response-size cap, interceptors and redaction of this client.
            pub fn #request #request_signature {
                self.core.request(method, path)
            }
        }

        /// Configures a [`Client`]; obtained from [`Client::builder`].
        #[derive(Debug, Clone)]
        #[must_use = "a `ClientBuilder` does nothing until `.build()`"]
        #[rustfmt::skip]
        pub struct ClientBuilder {
            config: runtime::ClientConfig,
        }

        #[rustfmt::skip]
        impl ClientBuilder {
            #(#setters)*

            /// Sets the credential of a security scheme; what the per-scheme setters call.
            #[doc(hidden)]
            pub fn #credential(mut self, scheme: &'static str, credential: runtime::Credential) -> Self {
                self.config = self.config.credential(scheme, credential);
                self
            }

            /// Validates the configuration and creates the client.
            ///
            /// # Errors
            /// When no base URL is configured and the spec has none, when the base URL is not an
            /// absolute http(s) URL (or has credentials, a query or a fragment), when a token, key,
            /// password or the user agent is empty or cannot be sent, when the timeout is zero, or
            /// when the HTTP client cannot be created.
            pub fn #build #build_signature {
                runtime::ClientCore::with_schemes(&API, SCHEMES, self.config).map(|core| Client { core })
            }
        }
    }
}
