//! The JSON API: one [`Endpoint`] per route (its parameters, summary and
//! response schema, which the OpenAPI document is built from) and its handler.
//!
//! Lists are pages: `{offset, limit, total, has_more, items}`; `total` is
//! `null` where counting would cost a second full query (actors, quotes,
//! search). Event filters are those of `dyad query events`, with the same
//! names as its flags.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use dyad_store::{
    ActorFilter, Bucket, DocumentFilter, Dyad, EventFilter, EventMention, MentionContext,
    QuoteFilter, Store,
};
use serde::Serialize;

use crate::article::{article_view, Annotation, Segment};
use crate::error::ApiError;
use crate::params::{ParamKind, ParamSpec, Params};
use crate::pool::Pool;

/// What every handler shares.
#[derive(Clone)]
pub struct App {
    /// Store connections.
    pub pool: Arc<Pool>,
}

/// One route of the API, as documented.
pub struct Endpoint {
    /// Route, with `{name}` for path parameters (axum's and OpenAPI's syntax).
    pub path: &'static str,
    /// One line.
    pub summary: &'static str,
    /// More detail.
    pub description: &'static str,
    /// Path parameters.
    pub path_params: &'static [ParamSpec],
    /// Query parameters, in groups.
    pub query: &'static [&'static [ParamSpec]],
    /// Name of the response schema in the OpenAPI components.
    pub response: &'static str,
}

impl Endpoint {
    /// All query parameters, flattened.
    pub fn query_specs(&self) -> Vec<ParamSpec> {
        self.query
            .iter()
            .flat_map(|group| group.iter().copied())
            .collect()
    }

    fn params(&self, raw: Option<&str>) -> Result<Params, ApiError> {
        Params::parse(raw, &self.query_specs())
    }
}

use ParamKind::{Bool, Cameo, Choice, Code, Country2, Country3, Day, Int, Text, Word};

const PAGE: &[ParamSpec] = &[
    ParamSpec::new(
        "limit",
        Int {
            min: 1,
            max: 1000,
            default: 50,
        },
        "At most this many items.",
    ),
    ParamSpec::new(
        "offset",
        Int {
            min: 0,
            max: 1_000_000,
            default: 0,
        },
        "Skip this many items first.",
    ),
];

/// The filters of `dyad query events`, under the names of its flags.
const EVENT_FILTERS: &[ParamSpec] = &[
    ParamSpec::new(
        "actor",
        Code,
        "Actor code prefix on either side (RUS matches RUS and RUSGOV).",
    ),
    ParamSpec::new("source", Code, "Source actor code prefix."),
    ParamSpec::new("target", Code, "Target actor code prefix."),
    ParamSpec::new("country", Country3, "ISO alpha-3 country of either actor."),
    ParamSpec::new("cameo", Cameo, "CAMEO root or code prefix (04, 042)."),
    ParamSpec::new(
        "plover",
        Word,
        "PLOVER event type (CONSULT, ASSAULT), any case.",
    ),
    ParamSpec::new("from", Day, "First day (YYYY-MM-DD), inclusive."),
    ParamSpec::new("to", Day, "Last day (YYYY-MM-DD), inclusive."),
    ParamSpec::new("place", Text, "Place name of the event, any case."),
    ParamSpec::new(
        "place_country",
        Country2,
        "ISO alpha-2 country of the event's place.",
    ),
    ParamSpec::new(
        "claimant",
        Bool,
        "yes: only events known through a claimant; no: only events without one.",
    ),
    ParamSpec::new(
        "asserted",
        Bool,
        "yes: only events the article states itself (not attributed, asserted, not negated).",
    ),
    ParamSpec::new(
        "text",
        Text,
        "Full-text query (SQLite FTS5 syntax) over the events' articles.",
    ),
];

const DYAD: &[ParamSpec] = &[
    ParamSpec::new("a", Code, "First actor code prefix of the dyad."),
    ParamSpec::new("b", Code, "Second actor code prefix; absent: any actor."),
    ParamSpec::new(
        "directed",
        Bool,
        "yes: only a acting on b; no (default): either way round.",
    ),
];

const BUCKET: &[ParamSpec] = &[ParamSpec::new(
    "bucket",
    Choice(&["month", "week", "day"]),
    "Width of a period: month (default), ISO week, or day.",
)];

const NETWORK: &[ParamSpec] = &[
    ParamSpec::new(
        "min_events",
        Int {
            min: 1,
            max: 1_000_000,
            default: 1,
        },
        "Leave out edges with fewer distinct events.",
    ),
    ParamSpec::new(
        "max_edges",
        Int {
            min: 1,
            max: 500,
            default: 80,
        },
        "Keep only this many edges, the heaviest.",
    ),
];

const PLACES: &[ParamSpec] = &[ParamSpec::new(
    "limit",
    Int {
        min: 1,
        max: 5000,
        default: 1000,
    },
    "At most this many places, most events first.",
)];

const ACTOR_FILTERS: &[ParamSpec] = &[
    ParamSpec::new("q", Text, "Name contains this, any case."),
    ParamSpec::new("code", Code, "Code prefix."),
    ParamSpec::new("country", Country3, "ISO alpha-3 country."),
];

const ACTOR_DETAIL: &[ParamSpec] = &[
    ParamSpec::new(
        "partners",
        Int {
            min: 0,
            max: 200,
            default: 10,
        },
        "How many top partners.",
    ),
    ParamSpec::new(
        "quotes",
        Int {
            min: 0,
            max: 500,
            default: 20,
        },
        "How many of its quotes.",
    ),
];

const QUOTE_FILTERS: &[ParamSpec] = &[
    ParamSpec::new("speaker", Code, "Speaker code prefix."),
    ParamSpec::new("doc", Text, "Only this document (id as ingested)."),
    ParamSpec::new(
        "contains",
        Text,
        "The reported words contain this, any case.",
    ),
];

const DOCUMENT_FILTERS: &[ParamSpec] = &[
    ParamSpec::new("outlet", Text, "Outlet (source name), any case."),
    ParamSpec::new("from", Day, "First publication day, inclusive."),
    ParamSpec::new("to", Day, "Last publication day, inclusive."),
    ParamSpec::new(
        "failed",
        Bool,
        "yes: only documents whose coding failed; no: only coded ones.",
    ),
];

const SEARCH: &[ParamSpec] = &[ParamSpec::required(
    "q",
    Text,
    "FTS5 query: words (all must match), \"exact phrase\", OR, NOT, prefix*, title:word.",
)];

const ID_PATH: &[ParamSpec] = &[ParamSpec::required(
    "id",
    Int {
        min: 1,
        max: i64::MAX,
        default: 1,
    },
    "Aggregated event id (agg_id).",
)];

const CODE_PATH: &[ParamSpec] = &[ParamSpec::required("code", Code, "Exact actor code.")];

const DOC_PATH: &[ParamSpec] = &[ParamSpec::required(
    "id",
    Text,
    "Content hash (SHA-256 of the body) or the id the document was ingested under.",
)];

/// `GET /api/stats`.
pub const STATS: Endpoint = Endpoint {
    path: "/api/stats",
    summary: "Totals of the store",
    description: "Documents, failed documents, stories, event mentions and distinct events.",
    path_params: &[],
    query: &[],
    response: "Stats",
};

/// `GET /api/events`.
pub const EVENTS: Endpoint = Endpoint {
    path: "/api/events",
    summary: "Distinct events",
    description: "Aggregated events (one per distinct event, with mention, source and article counts) \
                  at least one of whose mentions matches the filters, by date. Like `dyad query aggregated`.",
    path_params: &[],
    query: &[EVENT_FILTERS, PAGE],
    response: "EventPage",
};

/// `GET /api/events/{id}`.
pub const EVENT: Endpoint = Endpoint {
    path: "/api/events/{id}",
    summary: "One event with every mention",
    description: "The aggregated event and each article's mention of it, with the sentence cut around the trigger.",
    path_params: ID_PATH,
    query: &[],
    response: "EventDetail",
};

/// `GET /api/mentions`.
pub const MENTIONS: Endpoint = Endpoint {
    path: "/api/mentions",
    summary: "Event mentions",
    description: "One row per event per article, by date. Like `dyad query events`.",
    path_params: &[],
    query: &[EVENT_FILTERS, PAGE],
    response: "MentionPage",
};

/// `GET /api/actors`.
pub const ACTORS: Endpoint = Endpoint {
    path: "/api/actors",
    summary: "Search actors",
    description: "Actors by code and name, most documents first. Like `dyad query actors`.",
    path_params: &[],
    query: &[ACTOR_FILTERS, PAGE],
    response: "ActorPage",
};

/// `GET /api/actors/{code}`.
pub const ACTOR: Endpoint = Endpoint {
    path: "/api/actors/{code}",
    summary: "One actor",
    description: "Names, counts as source, target and claimant, top partners and quotes of one exact actor code.",
    path_params: CODE_PATH,
    query: &[ACTOR_DETAIL],
    response: "ActorDetail",
};

/// `GET /api/quotes`.
pub const QUOTES: Endpoint = Endpoint {
    path: "/api/quotes",
    summary: "Quotes",
    description: "Quotes with their speakers and words, by document. Like `dyad query quotes`.",
    path_params: &[],
    query: &[QUOTE_FILTERS, PAGE],
    response: "QuotePage",
};

/// `GET /api/articles`.
pub const ARTICLES: Endpoint = Endpoint {
    path: "/api/articles",
    summary: "Articles",
    description: "Stored documents without their bodies, newest first.",
    path_params: &[],
    query: &[DOCUMENT_FILTERS, PAGE],
    response: "ArticlePage",
};

/// `GET /api/articles/{id}`.
pub const ARTICLE: Endpoint = Endpoint {
    path: "/api/articles/{id}",
    summary: "One article with all its annotations",
    description: "The stored document (body and record), every annotation as a highlight, and the body \
                  cut into segments at the highlights' edges (spans are UTF-8 byte offsets; segments \
                  spare clients from converting them).",
    path_params: DOC_PATH,
    query: &[],
    response: "ArticleDetail",
};

/// `GET /api/series`.
pub const SERIES: Endpoint = Endpoint {
    path: "/api/series",
    summary: "A dyad's time series",
    description: "Distinct events per day, ISO week or month between two actors (or one actor and anyone): \
                  counts by QuadClass and mean Goldstein weight. Every period from the first dated event \
                  to the last is listed; negated and undated events are left out.",
    path_params: &[],
    query: &[DYAD, BUCKET, EVENT_FILTERS],
    response: "Series",
};

/// `GET /api/network`.
pub const NETWORK_ENDPOINT: Endpoint = Endpoint {
    path: "/api/network",
    summary: "The actor network",
    description: "Who acts on whom: edges from source to target code weighted by distinct events, with \
                  their mean Goldstein weight, and the nodes they touch. Negated events are left out.",
    path_params: &[],
    query: &[DYAD, NETWORK, EVENT_FILTERS],
    response: "Network",
};

/// `GET /api/places`.
pub const PLACES_ENDPOINT: Endpoint = Endpoint {
    path: "/api/places",
    summary: "Places of events",
    description:
        "Resolved places of the matching events with coordinates, counts and mean Goldstein weight.",
    path_params: &[],
    query: &[DYAD, PLACES, EVENT_FILTERS],
    response: "Places",
};

/// `GET /api/search`.
pub const SEARCH_ENDPOINT: Endpoint = Endpoint {
    path: "/api/search",
    summary: "Full-text search",
    description:
        "Documents matching an FTS5 query over titles and bodies, best first, with a snippet \
                  whose matches are marked [like this]. Like `dyad query search`.",
    path_params: &[],
    query: &[SEARCH, PAGE],
    response: "SearchPage",
};

/// `GET /api/openapi.json`.
pub const OPENAPI: Endpoint = Endpoint {
    path: "/api/openapi.json",
    summary: "This document",
    description: "The OpenAPI 3.1 description of the API.",
    path_params: &[],
    query: &[],
    response: "OpenApi",
};

/// Every endpoint, in the order the OpenAPI document lists them.
pub const ENDPOINTS: &[&Endpoint] = &[
    &STATS,
    &EVENTS,
    &EVENT,
    &MENTIONS,
    &ACTORS,
    &ACTOR,
    &QUOTES,
    &ARTICLES,
    &ARTICLE,
    &SERIES,
    &NETWORK_ENDPOINT,
    &PLACES_ENDPOINT,
    &SEARCH_ENDPOINT,
    &OPENAPI,
];

/// A page of a list.
#[derive(Serialize)]
struct Page<T> {
    offset: usize,
    limit: usize,
    total: Option<i64>,
    has_more: bool,
    items: Vec<T>,
}

impl<T> Page<T> {
    /// A page cut from `rows`, which were fetched with `LIMIT offset + limit + 1`
    /// (or `+ 0` when `total` is known).
    fn cut(rows: Vec<T>, offset: usize, limit: usize, total: Option<i64>) -> Page<T> {
        let fetched = rows.len();
        let items: Vec<T> = rows.into_iter().skip(offset).take(limit).collect();
        let has_more = match total {
            Some(total) => ((offset + items.len()) as i64) < total,
            None => fetched > offset + limit,
        };
        Page {
            offset,
            limit,
            total,
            has_more,
            items,
        }
    }
}

/// A JSON response that caches nowhere (the store changes under ingest).
pub fn json_response(value: &impl Serialize) -> Result<Response, ApiError> {
    let body = serde_json::to_vec(value).map_err(ApiError::internal)?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

fn event_filter(params: &Params) -> EventFilter {
    EventFilter {
        actor: params.text("actor"),
        source: params.text("source"),
        target: params.text("target"),
        country: params.text("country"),
        cameo: params.text("cameo"),
        plover: params.text("plover"),
        date_from: params.text("from"),
        date_to: params.text("to"),
        place: params.text("place"),
        place_country: params.text("place_country"),
        claimant: params.flag("claimant"),
        asserted: params.flag("asserted"),
        text: params.text("text"),
        limit: None,
    }
}

fn dyad(params: &Params) -> Dyad {
    Dyad {
        a: params.text("a"),
        b: params.text("b"),
        directed: params.flag("directed").unwrap_or(false),
    }
}

/// Checks path parameters with the same rules as query parameters.
fn path_params(endpoint: &Endpoint, pairs: &[(&str, &str)]) -> Result<Params, ApiError> {
    let query = serde_urlencoded::to_string(pairs).map_err(ApiError::internal)?;
    let params = Params::parse(Some(&query), endpoint.path_params)?;
    Ok(params)
}

/// `GET /api/stats`.
pub async fn stats(State(app): State<App>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    STATS.params(raw.as_deref())?;
    let counts = app.pool.run(|store| Ok(store.counts()?)).await?;
    json_response(&counts)
}

/// `GET /api/events`.
pub async fn events(State(app): State<App>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = EVENTS.params(raw.as_deref())?;
    let filter = event_filter(&params);
    let (limit, offset) = (params.count("limit"), params.count("offset"));
    let page = app
        .pool
        .run(move |store| {
            let total = store.aggregated_event_count(&filter)?;
            let rows = store.aggregated_events(&EventFilter {
                limit: Some(offset + limit),
                ..filter
            })?;
            Ok(Page::cut(rows, offset, limit, Some(total)))
        })
        .await?;
    json_response(&page)
}

/// A mention with its sentence.
#[derive(Serialize)]
struct MentionWithContext {
    mention: EventMention,
    context: Option<MentionContext>,
}

/// `GET /api/events/{id}`.
pub async fn event(
    State(app): State<App>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let agg_id = path_params(&EVENT, &[("id", &id)])?.int("id");
    EVENT.params(raw.as_deref())?;
    let detail = app
        .pool
        .run(move |store| {
            let Some(event) = store.aggregated_event(agg_id)? else {
                return Err(ApiError::not_found(format!("no event {agg_id}")));
            };
            let mut contexts: HashMap<(String, String), MentionContext> = store
                .mention_contexts(agg_id)?
                .into_iter()
                .map(|c| ((c.content_hash.clone(), c.event_id.clone()), c))
                .collect();
            let mentions: Vec<MentionWithContext> = store
                .event_mentions(agg_id)?
                .into_iter()
                .map(|mention| {
                    let key = (mention.content_hash.clone(), mention.event_id.clone());
                    MentionWithContext {
                        context: contexts.remove(&key),
                        mention,
                    }
                })
                .collect();
            Ok(serde_json::json!({ "event": event, "mentions": mentions }))
        })
        .await?;
    json_response(&detail)
}

/// `GET /api/mentions`.
pub async fn mentions(
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = MENTIONS.params(raw.as_deref())?;
    let filter = event_filter(&params);
    let (limit, offset) = (params.count("limit"), params.count("offset"));
    let page = app
        .pool
        .run(move |store| {
            let total = store.event_mention_count(&filter)?;
            let rows = store.events(&EventFilter {
                limit: Some(offset + limit),
                ..filter
            })?;
            Ok(Page::cut(rows, offset, limit, Some(total)))
        })
        .await?;
    json_response(&page)
}

/// `GET /api/actors`.
pub async fn actors(State(app): State<App>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = ACTORS.params(raw.as_deref())?;
    let (limit, offset) = (params.count("limit"), params.count("offset"));
    let filter = ActorFilter {
        code: params.text("code"),
        country: params.text("country"),
        name: params.text("q"),
        limit: Some(offset + limit + 1),
    };
    let page = app
        .pool
        .run(move |store| Ok(Page::cut(store.actors(&filter)?, offset, limit, None)))
        .await?;
    json_response(&page)
}

/// `GET /api/actors/{code}`.
pub async fn actor(
    State(app): State<App>,
    Path(code): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let code = path_params(&ACTOR, &[("code", &code)])?
        .text("code")
        .unwrap_or_default();
    let params = ACTOR.params(raw.as_deref())?;
    let (partners, quotes) = (params.count("partners"), params.count("quotes"));
    let detail = app
        .pool
        .run(move |store| {
            let Some(profile) = store.actor_profile(&code, partners)? else {
                return Err(ApiError::not_found(format!("no actor with code {code}")));
            };
            let quotes = store.quotes_by_speaker(&code, quotes, 0)?;
            Ok(serde_json::json!({ "actor": profile, "quotes": quotes }))
        })
        .await?;
    json_response(&detail)
}

/// `GET /api/quotes`.
pub async fn quotes(State(app): State<App>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = QUOTES.params(raw.as_deref())?;
    let (limit, offset) = (params.count("limit"), params.count("offset"));
    let filter = QuoteFilter {
        speaker: params.text("speaker"),
        doc_id: params.text("doc"),
        contains: params.text("contains"),
        limit: Some(offset + limit + 1),
    };
    let page = app
        .pool
        .run(move |store| Ok(Page::cut(store.quotes(&filter)?, offset, limit, None)))
        .await?;
    json_response(&page)
}

/// `GET /api/articles`.
pub async fn articles(
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = ARTICLES.params(raw.as_deref())?;
    let (limit, offset) = (params.count("limit"), params.count("offset"));
    let filter = DocumentFilter {
        outlet: params.text("outlet"),
        published_from: params.text("from"),
        published_to: params.text("to"),
        failed: params.flag("failed"),
        limit: Some(limit),
        offset,
    };
    let page = app
        .pool
        .run(move |store| {
            let total = store.document_count(&filter)?;
            let rows = store.documents(&filter)?;
            // Rows are already cut by the store: only the flag needs computing.
            let has_more = ((offset + rows.len()) as i64) < total;
            Ok(Page {
                offset,
                limit,
                total: Some(total),
                has_more,
                items: rows,
            })
        })
        .await?;
    json_response(&page)
}

/// The article view's response.
#[derive(Serialize)]
struct ArticleDetail {
    document: dyad_store::StoredDocument,
    events: Vec<EventLink>,
    annotations: Vec<Annotation>,
    segments: Vec<Segment>,
    notes: Vec<String>,
}

/// A record event and the distinct event it counts towards.
#[derive(Serialize)]
struct EventLink {
    event_id: String,
    agg_id: i64,
}

fn read_article(store: &Store, id: &str) -> Result<ArticleDetail, ApiError> {
    let Some(document) = store.document(id)? else {
        return Err(ApiError::not_found(format!("no article {id:?}")));
    };
    let links = store.document_event_ids(&document.content_hash)?;
    let ids: HashMap<String, i64> = links.iter().cloned().collect();
    let (annotations, segments, mut notes) = match &document.record {
        Some(record) => {
            let view = article_view(&document.body, record, &ids);
            (view.annotations, view.segments, view.notes)
        }
        None => (
            Vec::new(),
            vec![Segment {
                text: document.body.clone(),
                marks: Vec::new(),
            }],
            Vec::new(),
        ),
    };
    if let Some(error) = &document.error {
        notes.insert(0, format!("coding failed: {error}"));
    }
    Ok(ArticleDetail {
        events: links
            .into_iter()
            .map(|(event_id, agg_id)| EventLink { event_id, agg_id })
            .collect(),
        document,
        annotations,
        segments,
        notes,
    })
}

/// `GET /api/articles/{id}`.
pub async fn article(
    State(app): State<App>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let id = path_params(&ARTICLE, &[("id", &id)])?
        .text("id")
        .unwrap_or_default();
    ARTICLE.params(raw.as_deref())?;
    let detail = app.pool.run(move |store| read_article(store, &id)).await?;
    json_response(&detail)
}

/// `GET /api/series`.
pub async fn series(State(app): State<App>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = SERIES.params(raw.as_deref())?;
    let filter = event_filter(&params);
    let dyad = dyad(&params);
    let bucket: Bucket = params
        .text("bucket")
        .unwrap_or_default()
        .parse()
        .map_err(ApiError::bad_request)?;
    let series = app
        .pool
        .run(move |store| {
            let points = store.dyad_series(&filter, &dyad, bucket)?;
            Ok(serde_json::json!({
                "bucket": bucket,
                "a": dyad.a,
                "b": dyad.b,
                "directed": dyad.directed,
                "points": points,
            }))
        })
        .await?;
    json_response(&series)
}

/// `GET /api/network`.
pub async fn network(
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = NETWORK_ENDPOINT.params(raw.as_deref())?;
    let filter = event_filter(&params);
    let dyad = dyad(&params);
    let (min_events, max_edges) = (params.int("min_events"), params.count("max_edges"));
    let network = app
        .pool
        .run(move |store| Ok(store.network(&filter, &dyad, min_events, max_edges)?))
        .await?;
    json_response(&network)
}

/// `GET /api/places`.
pub async fn places(State(app): State<App>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = PLACES_ENDPOINT.params(raw.as_deref())?;
    let filter = event_filter(&params);
    let dyad = dyad(&params);
    let limit = params.count("limit");
    let places = app
        .pool
        .run(move |store| {
            let places = store.event_places(&filter, &dyad, limit)?;
            Ok(serde_json::json!({ "places": places }))
        })
        .await?;
    json_response(&places)
}

/// `GET /api/search`.
pub async fn search(State(app): State<App>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = SEARCH_ENDPOINT.params(raw.as_deref())?;
    let query = params.text("q").unwrap_or_default();
    let (limit, offset) = (params.count("limit"), params.count("offset"));
    let page = app
        .pool
        .run(move |store| {
            let rows = store.search(&query, offset + limit + 1)?;
            Ok(Page::cut(rows, offset, limit, None))
        })
        .await?;
    json_response(&page)
}

/// `GET /api/openapi.json`.
pub async fn openapi(RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    OPENAPI.params(raw.as_deref())?;
    json_response(crate::openapi::document())
}

/// Any other `/api/...` address.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such API endpoint (see /api/openapi.json)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_know_whether_more_follow() {
        let page = Page::cut((0..6).collect::<Vec<i32>>(), 2, 3, None);
        assert_eq!(page.items, [2, 3, 4]);
        assert!(page.has_more);
        let last = Page::cut((0..5).collect::<Vec<i32>>(), 2, 3, None);
        assert!(!last.has_more);
        let counted = Page::cut((0..5).collect::<Vec<i32>>(), 2, 3, Some(5));
        assert!(!counted.has_more);
    }

    #[test]
    fn endpoint_parameters_have_unique_names() {
        for endpoint in ENDPOINTS {
            let mut names: Vec<&str> = endpoint.query_specs().iter().map(|s| s.name).collect();
            let count = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), count, "{}", endpoint.path);
        }
    }
}
