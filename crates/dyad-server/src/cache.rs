//! A response cache for the API, valid while the store file is unchanged.
//!
//! Why: some answers are aggregates over the whole store (the actor list,
//! totals, the network, places). On a store of 20,000 articles the actor list
//! takes most of a second, and a dashboard asks the same questions over and
//! over; a burst of identical requests would queue behind the same slow query.
//! The store only changes when `dyad ingest` writes to it, so an answer stays
//! right until the file changes.
//!
//! How:
//! - The key is the request's path and query string, exactly as sent.
//! - The store's *generation* is SQLite's `PRAGMA data_version` read on a
//!   connection of the cache's own, which changes whenever another
//!   connection commits (file times are no guide: readers touch the
//!   write-ahead log too). A new generation empties the cache. If that
//!   connection cannot be read, nothing is cached.
//! - Identical requests in flight at once share one computation
//!   (single-flight): the first runs the handler, the others wait for its
//!   answer.
//! - Only successful (200) answers of at most [`MAX_ENTRY_BYTES`] are kept,
//!   and at most [`MAX_TOTAL_BYTES`] in all; past that the cache is emptied
//!   and refills with what is asked next. Errors are never cached: requests
//!   that waited for an answer that was not kept run the handler themselves.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dyad_store::Store;
use tokio::sync::OnceCell;

/// The largest answer kept (bigger ones, e.g. long articles, are recomputed).
pub const MAX_ENTRY_BYTES: usize = 1 << 20;
/// Set to `hit` on an answer served from the cache (for debugging and tests).
pub const HIT_HEADER: &str = "x-dyad-cache";
/// The most bytes kept in all.
pub const MAX_TOTAL_BYTES: usize = 64 << 20;

/// A finished answer: status is always 200.
#[derive(Clone)]
struct Cached {
    headers: HeaderMap,
    body: Bytes,
}

/// One key's answer, computed once by whoever asks first.
type Slot = Arc<OnceCell<Option<Cached>>>;

struct Entries {
    generation: Option<i64>,
    slots: HashMap<String, Slot>,
    bytes: usize,
}

/// The cache shared by all requests of one server.
pub struct ResponseCache {
    /// A connection used only to read the store's generation.
    watch: Mutex<Store>,
    entries: Mutex<Entries>,
}

impl ResponseCache {
    /// A cache for answers computed from `store`, which it keeps to watch
    /// for commits by others.
    pub fn new(store: Store) -> ResponseCache {
        ResponseCache {
            watch: Mutex::new(store),
            entries: Mutex::new(Entries {
                generation: None,
                slots: HashMap::new(),
                bytes: 0,
            }),
        }
    }

    /// The store's generation, or `None` if it cannot be read.
    fn generation(&self) -> Option<i64> {
        // A poisoned lock only means a request panicked; the connection is fine.
        let watch = self
            .watch
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        watch.data_version().ok()
    }

    /// The slot for `key` in the store's current generation, or `None` when
    /// the generation is unknown (then nothing is cached).
    fn slot(&self, key: &str) -> Option<Slot> {
        let generation = self.generation()?;
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if entries.generation != Some(generation) || entries.bytes > MAX_TOTAL_BYTES {
            entries.slots.clear();
            entries.bytes = 0;
            entries.generation = Some(generation);
        }
        Some(Arc::clone(
            entries.slots.entry(key.to_string()).or_default(),
        ))
    }

    fn account(&self, bytes: usize) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        entries.bytes += bytes;
    }

    fn forget(&self, key: &str, slot: &Slot) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if entries
            .slots
            .get(key)
            .is_some_and(|current| Arc::ptr_eq(current, slot))
        {
            entries.slots.remove(key);
        }
    }
}

/// Middleware: answers `GET /api/...` from the cache, or runs the handler
/// once for all identical requests in flight and keeps a successful answer.
pub async fn layer(
    State(cache): State<Arc<ResponseCache>>,
    request: Request,
    next: Next,
) -> Response {
    let cacheable = request.method() == Method::GET && request.uri().path().starts_with("/api/");
    if !cacheable {
        return next.run(request).await;
    }
    let key = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path().to_string(), |pq| pq.to_string());
    let Some(slot) = cache.slot(&key) else {
        return next.run(request).await;
    };
    // Kept to run the handler again if the identical request this one
    // waited for gave nothing to share (an error, or too big).
    let again = (copy_request(&request), next.clone());
    // The first request of this key runs the handler; the response it gets
    // back is its own, the others get the kept copy.
    let mut own: Option<Response> = None;
    let kept = slot
        .get_or_init(|| async {
            let response = next.run(request).await;
            let (kept, response) = keep(response).await;
            own = Some(response);
            kept
        })
        .await
        .clone();
    if let Some(response) = own {
        match &kept {
            Some(cached) => cache.account(cached.body.len() + key.len()),
            None => cache.forget(&key, &slot),
        }
        return response;
    }
    match kept {
        Some(cached) => {
            let mut response = (StatusCode::OK, cached.body).into_response();
            *response.headers_mut() = cached.headers;
            response
                .headers_mut()
                .insert(HIT_HEADER, HeaderValue::from_static("hit"));
            response
        }
        None => {
            let (request, next) = again;
            next.run(request).await
        }
    }
}

/// A body-less copy of a GET request (method, URI, version, headers).
fn copy_request(request: &Request) -> Request {
    let mut copy = Request::new(Body::empty());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// Splits a response into a copy to keep (if it is a 200 of bounded size)
/// and the response to send.
async fn keep(response: Response) -> (Option<Cached>, Response) {
    if response.status() != StatusCode::OK {
        return (None, response);
    }
    let (parts, body) = response.into_parts();
    // The handlers build their answers in memory, so reading the body back
    // holds nothing more than was already held.
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            let cached = (bytes.len() <= MAX_ENTRY_BYTES).then(|| Cached {
                headers: parts.headers.clone(),
                body: bytes.clone(),
            });
            (cached, Response::from_parts(parts, Body::from(bytes)))
        }
        Err(error) => (None, crate::ApiError::internal(error).into_response()),
    }
}
