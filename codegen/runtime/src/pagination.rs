//! Lazily walking cursor-paginated operations.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::future::Future;
use std::hash::{Hash, Hasher};

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use super::error::Error;
use super::response::Response;

/// Where the walk is between two pages.
enum Step<B, E> {
    /// Send `request` next; `first` is the caller's original request, reused with each cursor.
    Fetch { first: B, request: B, seen: HashSet<u64> },
    /// Yield this error, then end.
    Fail(Error<E>),
}

fn cursor_hash(cursor: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    cursor.hash(&mut hasher);
    hasher.finish()
}

/// Streams page after page, fetching each only when the previous one has been consumed.
///
/// `send` performs one request; `next_cursor` reads the cursor for the next page from a page
/// (`None` when there are no more pages); `with_cursor(first.clone(), cursor)` builds the next
/// request, so every other parameter of the caller's request is kept. The stream ends after a
/// page without a next cursor, after the first error (which it yields), or with
/// [`Error::Pagination`] when the server repeats a cursor it already sent (which would otherwise
/// loop forever); `start_cursor`, the cursor the caller started from, counts as already sent. The
/// stream is `Unpin`, so `.next().await` works without pinning.
pub fn pages<B, P, E, Fut>(
    first: B,
    start_cursor: Option<String>,
    send: fn(B) -> Fut,
    next_cursor: fn(&P) -> Option<String>,
    with_cursor: fn(B, String) -> B,
) -> impl Stream<Item = Result<Response<P>, Error<E>>> + Unpin
where
    B: Clone,
    Fut: Future<Output = Result<Response<P>, Error<E>>>,
{
    let start = Step::Fetch {
        request: first.clone(),
        first,
        seen: start_cursor.iter().map(|cursor| cursor_hash(cursor)).collect(),
    };
    Box::pin(stream::unfold(Some(start), move |step| async move {
        match step? {
            Step::Fail(error) => Some((Err(error), None)),
            Step::Fetch { first, request, mut seen } => match send(request).await {
                Err(error) => Some((Err(error), None)),
                Ok(page) => {
                    let next = next_cursor(&page).map(|cursor| {
                        if seen.insert(cursor_hash(&cursor)) {
                            Step::Fetch {
                                request: with_cursor(first.clone(), cursor),
                                first,
                                seen,
                            }
                        } else {
                            Step::Fail(Error::Pagination {
                                reason: format!(
                                    "the server returned the cursor `{}` a second time; stopping to avoid an endless loop",
                                    cursor.chars().take(100).collect::<String>()
                                ),
                            })
                        }
                    });
                    Some((Ok(page), next))
                }
            },
        }
    }))
}

/// Streams the items of page after page (see [`pages`]); `take_items` extracts a page's items.
///
/// An error is yielded once, after the items of the pages before it, and ends the stream.
pub fn items<B, P, T, E, Fut>(
    first: B,
    start_cursor: Option<String>,
    send: fn(B) -> Fut,
    next_cursor: fn(&P) -> Option<String>,
    with_cursor: fn(B, String) -> B,
    take_items: fn(P) -> Vec<T>,
) -> impl Stream<Item = Result<T, Error<E>>> + Unpin
where
    B: Clone,
    Fut: Future<Output = Result<Response<P>, Error<E>>>,
{
    pages(first, start_cursor, send, next_cursor, with_cursor).flat_map(move |page| {
        let (items, error) = match page {
            Ok(page) => (take_items(Response::into_inner(page)), None),
            Err(error) => (Vec::new(), Some(error)),
        };
        stream::iter(items.into_iter().map(Ok).chain(error.map(Err)))
    })
}

#[cfg(test)]
mod tests {
    use super::{items, pages};
    use crate::response::RawResponse;
    use crate::support::RateLimitHeaderNames;
    use crate::{Error, Response};
    use bytes::Bytes;
    use futures_core::Stream;
    use futures_util::future::{ready, FutureExt, Ready};
    use futures_util::stream::StreamExt;
    use reqwest::header::HeaderMap;
    use reqwest::StatusCode;

    /// A fake request: which page to fetch, plus a parameter that must survive pagination.
    #[derive(Clone, Debug)]
    struct Req {
        cursor: Option<String>,
        limit: u32,
        /// The cursors the fake server hands out, in order; `""` means "no more pages".
        script: &'static [&'static str],
        fail_at: Option<usize>,
    }

    #[derive(Debug, PartialEq)]
    struct Page {
        items: Vec<String>,
        next: Option<String>,
    }

    fn send(req: Req) -> Ready<Result<Response<Page>, Error<()>>> {
        let index = match &req.cursor {
            None => 0,
            Some(c) => c.trim_start_matches('c').parse::<usize>().unwrap_or(0),
        };
        if req.fail_at == Some(index) {
            return ready(Err(Error::Pagination { reason: format!("boom at {index}") }));
        }
        let next = req.script.get(index).filter(|c| !c.is_empty()).map(|c| (*c).to_owned());
        let page = Page { items: vec![format!("p{index}-limit{}", req.limit)], next };
        let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), Bytes::new(), &RateLimitHeaderNames::NONE);
        ready(raw.success_empty::<()>().map(|r| Response::map(r, |()| page)))
    }

    fn next_cursor(page: &Page) -> Option<String> {
        page.next.clone()
    }

    fn with_cursor(req: Req, cursor: String) -> Req {
        Req { cursor: Some(cursor), ..req }
    }

    fn take_items(page: Page) -> Vec<String> {
        page.items
    }

    /// Drains a stream whose futures are always ready (no executor needed).
    fn drain<S: Stream + Unpin>(mut s: S) -> Vec<S::Item> {
        let mut out = Vec::new();
        while let Some(Some(item)) = s.next().now_or_never() {
            out.push(item);
        }
        out
    }

    fn req(script: &'static [&'static str], fail_at: Option<usize>) -> Req {
        Req { cursor: None, limit: 7, script, fail_at }
    }

    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn walks_all_pages_and_keeps_other_parameters() {
        let s = items(req(&["c1", "c2", ""], None), None, send, next_cursor, with_cursor, take_items);
        assert_send(&s);
        let got: Vec<_> = drain(s).into_iter().map(|r| r.ok()).collect();
        assert_eq!(got, vec![Some("p0-limit7".to_owned()), Some("p1-limit7".to_owned()), Some("p2-limit7".to_owned())]);
    }

    #[test]
    fn single_page() {
        let got = drain(pages(req(&[""], None), None, send, next_cursor, with_cursor));
        assert_eq!(got.len(), 1);
        assert!(got.iter().all(Result::is_ok));
    }

    #[test]
    fn stops_after_the_first_error() {
        let got = drain(items(req(&["c1", "c2", ""], Some(1)), None, send, next_cursor, with_cursor, take_items));
        assert_eq!(got.len(), 2);
        assert!(matches!(got.first(), Some(Ok(item)) if item == "p0-limit7"));
        assert!(matches!(got.get(1), Some(Err(Error::Pagination { reason })) if reason == "boom at 1"));
    }

    #[test]
    fn a_repeated_cursor_ends_with_a_pagination_error() {
        // Page 0 says "c1", page 1 says "c2", page 2 says "c1" again.
        let got = drain(pages(req(&["c1", "c2", "c1"], None), None, send, next_cursor, with_cursor));
        assert_eq!(got.len(), 4, "three pages, then the error");
        assert!(got.iter().take(3).all(Result::is_ok));
        match got.get(3) {
            Some(Err(Error::Pagination { reason })) => assert!(reason.contains("`c1`"), "{reason}"),
            other => panic!("{other:?}"),
        }
        // A cursor that points at its own page is caught on the second time it is seen.
        let got = drain(pages(req(&["c0"], None), None, send, next_cursor, with_cursor));
        assert_eq!(got.len(), 3);
        assert!(matches!(got.last(), Some(Err(Error::Pagination { .. }))));
    }

    #[test]
    fn the_callers_start_cursor_counts_as_seen() {
        // Started from "c0", the first page answers "c0" again: one page, then the error.
        let got = drain(pages(req(&["c0"], None), Some("c0".to_owned()), send, next_cursor, with_cursor));
        assert_eq!(got.len(), 2);
        assert!(matches!(got.last(), Some(Err(Error::Pagination { .. }))));
    }
}
