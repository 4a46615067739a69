//! The JSON API over the fixture store, through real HTTP on 127.0.0.1:
//! answers, pagination, filters, errors, headers, and every response checked
//! against the OpenAPI document the server publishes.

mod common;

use std::sync::OnceLock;

use common::fixtures::{self, CLAIM_STORY, CLAIM_STORY_HIGHLIGHTS, HOSTILE_STORY};
use common::{get, get_with, TestServer};
use serde_json::Value;

fn server() -> &'static TestServer {
    static SERVER: OnceLock<TestServer> = OnceLock::new();
    SERVER.get_or_init(TestServer::start)
}

/// GETs an API path, expects 200 and a response valid against its OpenAPI schema.
fn ok(path: &str) -> Value {
    let reply = get(&server().url(path));
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    assert_eq!(reply.content_type, "application/json", "{path}");
    let body = reply.json();
    let openapi = get(&server().url("/api/openapi.json")).json();
    let route = openapi["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .find(|(pattern, _)| matches_route(pattern, path.split('?').next().unwrap_or(path)))
        .map(|(_, item)| item.clone())
        .unwrap_or_else(|| panic!("{path} is not in the OpenAPI document"));
    let schema = &route["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    validate(&openapi, schema, &body, path);
    body
}

fn matches_route(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    pattern.len() == path.len()
        && pattern
            .iter()
            .zip(&path)
            .all(|(p, s)| p == s || (p.starts_with('{') && !s.is_empty()))
}

/// A small JSON Schema check: type (with null), properties, required, items, $ref, anyOf.
fn validate(doc: &Value, schema: &Value, value: &Value, at: &str) {
    if let Some(target) = schema["$ref"].as_str() {
        let name = target.trim_start_matches("#/components/schemas/");
        return validate(doc, &doc["components"]["schemas"][name], value, at);
    }
    if let Some(options) = schema["anyOf"].as_array() {
        let fits = options
            .iter()
            .any(|option| std::panic::catch_unwind(|| validate(doc, option, value, at)).is_ok());
        assert!(fits, "{at}: {value} matches no option of {schema}");
        return;
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => return,
    };
    let fits = types.iter().any(|kind| match *kind {
        "null" => value.is_null(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    });
    assert!(fits, "{at}: {value} is not of type {types:?}");
    if let (Some(object), Some(properties)) = (value.as_object(), schema["properties"].as_object())
    {
        for name in schema["required"].as_array().into_iter().flatten() {
            let name = name.as_str().unwrap_or_default();
            assert!(object.contains_key(name), "{at}: missing field {name}");
        }
        for (name, inner) in object {
            let property = properties
                .get(name)
                .unwrap_or_else(|| panic!("{at}: field {name} is not documented"));
            validate(doc, property, inner, &format!("{at}.{name}"));
        }
    }
    if let (Some(items), Some(schema)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(doc, schema, item, &format!("{at}[{i}]"));
        }
    }
}

fn error(path: &str) -> (u16, String) {
    let reply = get(&server().url(path));
    assert_eq!(
        reply.content_type, "application/json",
        "{path}: {}",
        reply.body
    );
    let body = reply.json();
    assert_eq!(
        body["error"]["status"].as_u64(),
        Some(u64::from(reply.status))
    );
    (
        reply.status,
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

#[test]
fn stats_count_the_fixtures() {
    let stats = ok("/api/stats");
    assert_eq!(
        stats["documents"].as_u64(),
        Some(fixtures::stories().len() as u64)
    );
    assert_eq!(stats["failed"].as_u64(), Some(0));
}

#[test]
fn events_page_and_filter_like_dyad_query() {
    let first = ok("/api/events?limit=5");
    assert_eq!(first["items"].as_array().map(Vec::len), Some(5));
    assert_eq!(first["offset"], 0);
    assert_eq!(first["has_more"], true);
    let total = first["total"].as_u64().expect("total");
    let second = ok("/api/events?limit=5&offset=5");
    assert_ne!(first["items"][0]["agg_id"], second["items"][0]["agg_id"]);
    let last = ok(&format!("/api/events?limit=5&offset={}", total - 1));
    assert_eq!(last["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(last["has_more"], false);

    // Each Russia-Ukraine dispatch is reported twice: one event, two articles.
    let meetings = ok("/api/events?source=RUS&target=UKR&cameo=040&limit=100");
    for event in meetings["items"].as_array().expect("items") {
        assert_eq!(event["num_articles"], 2, "{event}");
        assert!(event["source_code"]
            .as_str()
            .is_some_and(|c| c.starts_with("RUS")));
    }
    let june = ok("/api/events?actor=RUS&from=2025-06-01&to=2025-06-30&limit=100");
    let dates: Vec<&str> = june["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["date_start"].as_str())
        .collect();
    assert!(!dates.is_empty());
    assert!(dates.iter().all(|d| d.starts_with("2025-06")), "{dates:?}");

    let claims = ok("/api/mentions?claimant=yes");
    assert_eq!(claims["total"], 1);
    assert_eq!(claims["items"][0]["trigger"], "shelled");
    assert_eq!(claims["items"][0]["claimant"]["code"], "UKRGOV");
    let texts = ok("/api/events?text=fisheries");
    assert_eq!(texts["total"], 2, "the pact and the aid");
}

#[test]
fn event_detail_lists_every_mention_with_its_sentence() {
    let page = ok("/api/events?source=RUS&target=UKR&cameo=040&limit=1");
    let id = page["items"][0]["agg_id"].as_i64().expect("id");
    let detail = ok(&format!("/api/events/{id}"));
    assert_eq!(detail["event"]["agg_id"].as_i64(), Some(id));
    let mentions = detail["mentions"].as_array().expect("mentions");
    assert_eq!(mentions.len(), 2);
    for mention in mentions {
        assert_eq!(mention["context"]["trigger"], "met");
        assert!(mention["context"]["before"]
            .as_str()
            .is_some_and(|s| s.starts_with("Russia ")));
        assert_eq!(mention["mention"]["agg_id"].as_i64(), Some(id));
    }
    assert_eq!(error("/api/events/999999").0, 404);
    assert_eq!(error("/api/events/abc").0, 400);
    assert_eq!(error("/api/events/0").0, 400);
}

#[test]
fn actors_search_and_profile() {
    let search = ok("/api/actors?q=kenya");
    let codes: Vec<&str> = search["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|a| a["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"KEN") && codes.contains(&"KENGOV"),
        "{codes:?}"
    );
    let profile = ok("/api/actors/kengov");
    assert_eq!(profile["actor"]["code"], "KENGOV");
    assert_eq!(profile["actor"]["num_quotes"], 1);
    assert_eq!(
        profile["quotes"][0]["content"],
        "opens our ports to a fairer catch"
    );
    let russia = ok("/api/actors/RUS?partners=3&quotes=0");
    assert_eq!(russia["actor"]["partners"][0]["code"], "UKR");
    assert!(russia["actor"]["partners"]
        .as_array()
        .is_some_and(|p| p.len() <= 3));
    assert!(russia["actor"]["as_source"]["events"].as_i64() > Some(0));
    assert_eq!(error("/api/actors/XXX").0, 404);
    assert_eq!(error("/api/actors/R%20US").0, 400);
}

#[test]
fn quotes_and_search() {
    let quotes = ok("/api/quotes?speaker=KEN");
    assert_eq!(quotes["items"].as_array().map(Vec::len), Some(1));
    let contains = ok("/api/quotes?contains=SHELLED");
    assert_eq!(contains["items"][0]["speaker_code"], "UKRGOV");
    let hits = ok("/api/search?q=%22fisheries+agreement%22");
    assert_eq!(hits["items"][0]["doc_id"], "fisheries-pact");
    assert!(hits["items"][0]["snippet"]
        .as_str()
        .is_some_and(|s| s.contains('[')));
    let (status, message) = error("/api/search?q=%22unbalanced");
    assert_eq!(status, 400);
    assert!(message.contains("full-text"), "{message}");
    assert_eq!(error("/api/search").0, 400);
}

#[test]
fn article_view_segments_and_highlights() {
    let article = ok(&format!("/api/articles/{CLAIM_STORY}"));
    let body = article["document"]["body"].as_str().expect("body");
    let joined: String = article["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect();
    assert_eq!(joined, body);
    let highlights: Vec<(&str, &str)> = article["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .map(|a| {
            (
                a["kind"].as_str().unwrap_or(""),
                a["text"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(highlights, CLAIM_STORY_HIGHLIGHTS);
    let shelled = article["annotations"]
        .as_array()
        .and_then(|all| all.iter().find(|a| a["text"] == "shelled"))
        .expect("trigger");
    assert_eq!(shelled["claim"], true);
    assert!(shelled["event"].as_i64().is_some());
    // The same article by content hash.
    let hash = article["document"]["content_hash"].as_str().expect("hash");
    let again = ok(&format!("/api/articles/{hash}"));
    assert_eq!(again["document"]["id"], CLAIM_STORY);
    assert_eq!(error("/api/articles/no-such-article").0, 404);

    let list = ok("/api/articles?limit=2&outlet=harbour+times");
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], CLAIM_STORY);
}

#[test]
fn hostile_text_is_returned_verbatim_as_json_strings() {
    let article = ok(&format!("/api/articles/{HOSTILE_STORY}"));
    let title = article["document"]["title"].as_str().expect("title");
    assert!(title.starts_with("<script>"));
    // JSON escapes nothing HTML-specific: safety is the page's job (textContent) and the CSP's.
    let reply = get(&server().url(&format!("/api/articles/{HOSTILE_STORY}")));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
}

#[test]
fn series_network_places() {
    let series = ok("/api/series?a=RUS&b=UKR&bucket=month");
    let points = series["points"].as_array().expect("points");
    let expected = fixtures::expected_months("RUS", "UKR");
    let with_events: Vec<&str> = points
        .iter()
        .filter(|p| !p["mean_goldstein"].is_null())
        .filter_map(|p| p["period"].as_str())
        .collect();
    assert_eq!(
        with_events,
        expected.iter().map(String::as_str).collect::<Vec<_>>()
    );
    // Twelve months, January to December, two of them empty.
    assert_eq!(points.len(), 12);
    let weekly = ok("/api/series?a=RUS&b=UKR&bucket=week&directed=yes");
    assert!(weekly["points"][0]["period"]
        .as_str()
        .is_some_and(|p| p.starts_with("2025-W")));
    let network = ok("/api/network?min_events=2");
    assert!(network["edges"]
        .as_array()
        .is_some_and(|edges| edges.iter().all(|e| e["events"].as_i64() >= Some(2))));
    let places = ok("/api/places?actor=RUS");
    assert!(places["places"]
        .as_array()
        .is_some_and(|p| p.iter().any(|p| p["name"] == "Istanbul")));
}

#[test]
fn bad_parameters_are_400_with_a_json_error() {
    let cases = [
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=100000", "limit"),
        ("/api/events?from=yesterday", "from"),
        ("/api/events?cameo=abc", "cameo"),
        ("/api/events?actor=%3Cscript%3E", "actor"),
        ("/api/events?colour=red", "colour"),
        ("/api/events?asserted=perhaps", "asserted"),
        ("/api/series?bucket=year", "bucket"),
        ("/api/network?max_edges=-1", "max_edges"),
        ("/api/stats?x=1", "x"),
        ("/api/events?text=%22open", "full-text"),
    ];
    for (path, mentioned) in cases {
        let (status, message) = error(path);
        assert_eq!(status, 400, "{path}: {message}");
        assert!(message.contains(mentioned), "{path}: {message}");
    }
    let (status, _) = error("/api/nothing-here");
    assert_eq!(status, 404);
}

#[test]
fn openapi_documents_every_route() {
    let doc = ok("/api/openapi.json");
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    for path in [
        "/api/events",
        "/api/events/{id}",
        "/api/mentions",
        "/api/actors",
        "/api/actors/{code}",
        "/api/quotes",
        "/api/articles",
        "/api/articles/{id}",
        "/api/series",
        "/api/network",
        "/api/places",
        "/api/search",
        "/api/stats",
        "/api/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} undocumented");
    }
}

#[test]
fn security_headers_and_host_check() {
    for path in ["/", "/assets/app.js", "/api/stats", "/api/events?limit=0"] {
        let reply = get(&server().url(path));
        let csp = reply.header("content-security-policy").unwrap_or_default();
        assert!(csp.starts_with("default-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(
            reply.header("referrer-policy"),
            Some("no-referrer"),
            "{path}"
        );
    }
    let page = get(&server().url("/"));
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    let script = get(&server().url("/assets/views.js"));
    assert!(script.content_type.starts_with("text/javascript"));
    assert_eq!(get(&server().url("/assets/nothing.js")).status, 404);

    // DNS rebinding: a foreign Host name is refused on a loopback server.
    let rebound = get_with(&server().url("/api/stats"), &[("Host", "evil.example")]);
    assert_eq!(rebound.status, 421);
    let local = get_with(&server().url("/api/stats"), &[("Host", "localhost:8080")]);
    assert_eq!(local.status, 200);
}
