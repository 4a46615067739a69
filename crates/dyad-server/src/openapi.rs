//! The OpenAPI 3.1 document served at `/api/openapi.json`, built from the
//! endpoint table of [`crate::api`] (paths and parameters) and the schemas
//! below (response shapes).
//!
//! Schemas are written in a small notation, one `(field, type)` pair per
//! property: `string`, `integer`, `number`, `boolean`, `object` (free form),
//! a schema name (`AggregatedEvent`), `[T]` for an array of `T`, and a
//! trailing `?` for "or null". Every listed property is required: the server
//! always writes every field. The integration tests validate real responses
//! against this document, so a field added to a response without being added
//! here fails them.

use std::sync::LazyLock;

use serde_json::{json, Map, Value};

use crate::api::ENDPOINTS;
use crate::params::{ParamKind, ParamSpec};

/// One response shape.
struct Schema {
    name: &'static str,
    description: &'static str,
    fields: &'static [(&'static str, &'static str)],
}

const SCHEMAS: &[Schema] = &[
    Schema {
        name: "Error",
        description: "Any 4xx or 5xx answer.",
        fields: &[("error", "ErrorBody")],
    },
    Schema {
        name: "ErrorBody",
        description: "What went wrong.",
        fields: &[("status", "integer"), ("message", "string")],
    },
    Schema {
        name: "Stats",
        description: "Totals of the store.",
        fields: &[
            ("documents", "integer"),
            ("failed", "integer"),
            ("stories", "integer"),
            ("events", "integer"),
            ("aggregated_events", "integer"),
        ],
    },
    Schema {
        name: "AggregatedEvent",
        description: "One distinct event (same source, target, CAMEO code, date and negation) with GDELT's counts.",
        fields: &[
            ("agg_id", "integer"),
            ("source_code", "string?"),
            ("target_code", "string?"),
            ("source_name", "string?"),
            ("target_name", "string?"),
            ("cameo", "string"),
            ("plover", "string"),
            ("goldstein", "number"),
            ("quad_class", "integer"),
            ("date_value", "string?"),
            ("date_start", "string?"),
            ("negated", "boolean"),
            ("num_mentions", "integer"),
            ("num_sources", "integer"),
            ("num_articles", "integer"),
            ("num_stories", "integer"),
            ("first_doc_id", "string"),
            ("url", "string?"),
        ],
    },
    Schema {
        name: "EventActor",
        description: "An actor as an event names it.",
        fields: &[
            ("id", "string"),
            ("code", "string?"),
            ("name", "string?"),
            ("country", "string?"),
        ],
    },
    Schema {
        name: "EventMention",
        description: "One event as one article reports it; spans are UTF-8 byte offsets into the article's body.",
        fields: &[
            ("agg_id", "integer"),
            ("doc_id", "string"),
            ("content_hash", "string"),
            ("url", "string?"),
            ("outlet", "string?"),
            ("story_id", "integer?"),
            ("event_id", "string"),
            ("sentence_start", "integer"),
            ("sentence_end", "integer"),
            ("trigger_start", "integer"),
            ("trigger_end", "integer"),
            ("trigger", "string"),
            ("source", "EventActor?"),
            ("target", "EventActor?"),
            ("cameo", "string"),
            ("plover", "string"),
            ("plover_mode", "string"),
            ("goldstein", "number"),
            ("quad_class", "integer"),
            ("date_value", "string?"),
            ("date_grain", "string?"),
            ("date_start", "string?"),
            ("place_name", "string?"),
            ("place_country", "string?"),
            ("negated", "boolean"),
            ("modality", "string"),
            ("attributed", "boolean"),
            ("claimant", "EventActor?"),
            ("asserted", "boolean"),
            ("pattern", "string"),
            ("target_inferred", "boolean"),
        ],
    },
    Schema {
        name: "MentionContext",
        description: "The sentence of a mention, cut around its trigger.",
        fields: &[
            ("content_hash", "string"),
            ("event_id", "string"),
            ("title", "string?"),
            ("published", "string?"),
            ("before", "string"),
            ("trigger", "string"),
            ("after", "string"),
        ],
    },
    Schema {
        name: "MentionWithContext",
        description: "A mention and its sentence.",
        fields: &[("mention", "EventMention"), ("context", "MentionContext?")],
    },
    Schema {
        name: "EventDetail",
        description: "An event and every mention of it.",
        fields: &[("event", "AggregatedEvent"), ("mentions", "[MentionWithContext]")],
    },
    Schema {
        name: "ActorSummary",
        description: "An actor across the store, one row per code and name.",
        fields: &[
            ("code", "string"),
            ("name", "string"),
            ("country", "string?"),
            ("org", "string?"),
            ("sector", "string?"),
            ("kind", "string"),
            ("num_documents", "integer"),
            ("num_mentions", "integer"),
        ],
    },
    Schema {
        name: "RoleCounts",
        description: "Distinct events and mentions on one side.",
        fields: &[("events", "integer"), ("mentions", "integer")],
    },
    Schema {
        name: "Partner",
        description: "An actor's partner: distinct non-negated events between them.",
        fields: &[
            ("code", "string"),
            ("name", "string?"),
            ("events", "integer"),
            ("as_source", "integer"),
            ("as_target", "integer"),
            ("mean_goldstein", "number"),
        ],
    },
    Schema {
        name: "ActorProfile",
        description: "One exact actor code across the store.",
        fields: &[
            ("code", "string"),
            ("names", "[string]"),
            ("country", "string?"),
            ("org", "string?"),
            ("sector", "string?"),
            ("kind", "string"),
            ("num_documents", "integer"),
            ("num_mentions", "integer"),
            ("as_source", "RoleCounts"),
            ("as_target", "RoleCounts"),
            ("as_claimant", "RoleCounts"),
            ("num_quotes", "integer"),
            ("partners", "[Partner]"),
        ],
    },
    Schema {
        name: "ActorDetail",
        description: "An actor's profile and its quotes.",
        fields: &[("actor", "ActorProfile"), ("quotes", "[QuoteRow]")],
    },
    Schema {
        name: "QuoteRow",
        description: "A quote with its words; spans are UTF-8 byte offsets.",
        fields: &[
            ("doc_id", "string"),
            ("idx", "integer"),
            ("kind", "string"),
            ("start", "integer"),
            ("end", "integer"),
            ("content_start", "integer"),
            ("content_end", "integer"),
            ("content", "string"),
            ("speaker_id", "string?"),
            ("speaker_code", "string?"),
            ("speaker_name", "string?"),
            ("speaker_text", "string?"),
            ("cue", "string?"),
        ],
    },
    Schema {
        name: "DocumentSummary",
        description: "A stored document without its body.",
        fields: &[
            ("id", "string"),
            ("content_hash", "string"),
            ("title", "string?"),
            ("url", "string?"),
            ("published", "string?"),
            ("source_name", "string?"),
            ("story_id", "integer?"),
            ("num_events", "integer"),
            ("num_quotes", "integer"),
            ("error", "string?"),
        ],
    },
    Schema {
        name: "StoredDocument",
        description: "A stored document: its body and its record (DESIGN.md's record contract).",
        fields: &[
            ("id", "string"),
            ("content_hash", "string"),
            ("url", "string?"),
            ("title", "string?"),
            ("published", "string?"),
            ("source_name", "string?"),
            ("body", "string"),
            ("coded_at", "string"),
            ("error", "string?"),
            ("story_id", "integer?"),
            ("record", "object?"),
        ],
    },
    Schema {
        name: "Annotation",
        description: "A highlight: an actor mention, time, place, quote (its reported words), cue or event trigger.",
        fields: &[
            ("id", "string"),
            ("kind", "string"),
            ("index", "integer"),
            ("start", "integer"),
            ("end", "integer"),
            ("text", "string"),
            ("label", "string"),
            ("claim", "boolean"),
            ("actor_code", "string?"),
            ("event", "integer?"),
            ("record", "object?"),
        ],
    },
    Schema {
        name: "Segment",
        description: "A run of the body covered by the same annotations (indices into annotations, outermost first).",
        fields: &[("text", "string"), ("marks", "[integer]")],
    },
    Schema {
        name: "EventLink",
        description: "A record's event and the distinct event it counts towards.",
        fields: &[("event_id", "string"), ("agg_id", "integer")],
    },
    Schema {
        name: "ArticleDetail",
        description: "An article with every annotation; the segments' texts concatenate to the body.",
        fields: &[
            ("document", "StoredDocument"),
            ("events", "[EventLink]"),
            ("annotations", "[Annotation]"),
            ("segments", "[Segment]"),
            ("notes", "[string]"),
        ],
    },
    Schema {
        name: "SeriesPoint",
        description: "One period: distinct events by QuadClass and their mean Goldstein weight (null when none).",
        fields: &[
            ("period", "string"),
            ("start", "string"),
            ("events", "integer"),
            ("verbal_cooperation", "integer"),
            ("material_cooperation", "integer"),
            ("verbal_conflict", "integer"),
            ("material_conflict", "integer"),
            ("mean_goldstein", "number?"),
        ],
    },
    Schema {
        name: "Series",
        description: "A dyad's time series.",
        fields: &[
            ("bucket", "string"),
            ("a", "string?"),
            ("b", "string?"),
            ("directed", "boolean"),
            ("points", "[SeriesPoint]"),
        ],
    },
    Schema {
        name: "NetworkNode",
        description: "An actor of the network.",
        fields: &[("code", "string"), ("name", "string?"), ("events", "integer")],
    },
    Schema {
        name: "NetworkEdge",
        description: "Events from a source code to a target code.",
        fields: &[
            ("source", "string"),
            ("target", "string"),
            ("events", "integer"),
            ("mentions", "integer"),
            ("mean_goldstein", "number"),
        ],
    },
    Schema {
        name: "Network",
        description: "The actor network.",
        fields: &[("nodes", "[NetworkNode]"), ("edges", "[NetworkEdge]")],
    },
    Schema {
        name: "PlacePoint",
        description: "Events at one place.",
        fields: &[
            ("name", "string"),
            ("country", "string?"),
            ("lat", "number"),
            ("lon", "number"),
            ("events", "integer"),
            ("mentions", "integer"),
            ("mean_goldstein", "number"),
        ],
    },
    Schema {
        name: "Places",
        description: "Places of events.",
        fields: &[("places", "[PlacePoint]")],
    },
    Schema {
        name: "SearchHit",
        description: "A document found by full-text search.",
        fields: &[
            ("doc_id", "string"),
            ("content_hash", "string"),
            ("title", "string?"),
            ("url", "string?"),
            ("published", "string?"),
            ("source_name", "string?"),
            ("snippet", "string"),
            ("rank", "number"),
        ],
    },
    Schema {
        name: "OpenApi",
        description: "An OpenAPI 3.1 document.",
        fields: &[
            ("openapi", "string"),
            ("info", "object"),
            ("paths", "object"),
            ("components", "object"),
        ],
    },
];

/// Pages: (schema name, item schema).
const PAGES: &[(&str, &str)] = &[
    ("EventPage", "AggregatedEvent"),
    ("MentionPage", "EventMention"),
    ("ActorPage", "ActorSummary"),
    ("QuotePage", "QuoteRow"),
    ("ArticlePage", "DocumentSummary"),
    ("SearchPage", "SearchHit"),
];

/// The JSON Schema of a type in the notation above.
fn type_schema(notation: &str) -> Value {
    if let Some(inner) = notation.strip_suffix('?') {
        let inner = type_schema(inner);
        return match inner.get("type").and_then(Value::as_str) {
            Some(kind) => {
                let mut nullable = inner.clone();
                nullable["type"] = json!([kind, "null"]);
                nullable
            }
            None => json!({ "anyOf": [inner, { "type": "null" }] }),
        };
    }
    if let Some(item) = notation
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    {
        return json!({ "type": "array", "items": type_schema(item) });
    }
    match notation {
        "string" | "integer" | "number" | "boolean" | "object" => json!({ "type": notation }),
        name => json!({ "$ref": format!("#/components/schemas/{name}") }),
    }
}

fn object_schema(description: &str, fields: &[(&str, &str)]) -> Value {
    let mut properties = Map::new();
    for (name, notation) in fields {
        properties.insert((*name).to_string(), type_schema(notation));
    }
    let required: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
    json!({
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
    })
}

fn parameter(spec: &ParamSpec, location: &str) -> Value {
    let schema = match spec.kind {
        ParamKind::Code => json!({ "type": "string", "pattern": "^[A-Za-z0-9]{1,24}$" }),
        ParamKind::Country3 => json!({ "type": "string", "pattern": "^[A-Za-z]{3}$" }),
        ParamKind::Country2 => json!({ "type": "string", "pattern": "^[A-Za-z]{2}$" }),
        ParamKind::Cameo => json!({ "type": "string", "pattern": "^[0-9]{2,4}$" }),
        ParamKind::Word => json!({ "type": "string", "pattern": "^[A-Za-z_]{1,40}$" }),
        ParamKind::Day => json!({ "type": "string", "format": "date" }),
        ParamKind::Text => json!({ "type": "string", "maxLength": 500 }),
        ParamKind::Bool => {
            json!({ "type": "string", "enum": ["yes", "no", "true", "false", "1", "0"] })
        }
        ParamKind::Int { min, max, default } => {
            json!({ "type": "integer", "minimum": min, "maximum": max, "default": default })
        }
        ParamKind::Choice(choices) => {
            json!({ "type": "string", "enum": choices, "default": choices.first() })
        }
    };
    json!({
        "name": spec.name,
        "in": location,
        "required": spec.required || location == "path",
        "description": spec.description,
        "schema": schema,
    })
}

fn build() -> Value {
    let error = json!({
        "description": "Bad parameter (400), nothing there (404), or a server fault (500).",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } },
    });
    let mut paths = Map::new();
    for endpoint in ENDPOINTS {
        let mut parameters: Vec<Value> = endpoint
            .path_params
            .iter()
            .map(|spec| parameter(spec, "path"))
            .collect();
        parameters.extend(
            endpoint
                .query_specs()
                .iter()
                .map(|spec| parameter(spec, "query")),
        );
        let operation = json!({
            "summary": endpoint.summary,
            "description": endpoint.description,
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": "OK",
                    "content": { "application/json": {
                        "schema": { "$ref": format!("#/components/schemas/{}", endpoint.response) }
                    } },
                },
                "400": error.clone(),
                "404": error.clone(),
                "500": error.clone(),
            },
        });
        paths.insert(endpoint.path.to_string(), json!({ "get": operation }));
    }
    let mut schemas = Map::new();
    for schema in SCHEMAS {
        schemas.insert(
            schema.name.to_string(),
            object_schema(schema.description, schema.fields),
        );
    }
    for (name, item) in PAGES {
        let items = format!("[{item}]");
        let fields = [
            ("offset", "integer"),
            ("limit", "integer"),
            ("total", "integer?"),
            ("has_more", "boolean"),
            ("items", items.as_str()),
        ];
        schemas.insert(
            (*name).to_string(),
            object_schema(&format!("A page of {item} items."), &fields),
        );
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "dyad",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Read-only API over a dyad store: events (who did what to whom, when, where, \
                            on whose word), actors, quotes, articles with their annotations, time series, \
                            the actor network and full-text search. Spans are UTF-8 byte offsets, end-exclusive.",
        },
        "paths": paths,
        "components": { "schemas": schemas },
    })
}

/// The document, built once.
pub fn document() -> &'static Value {
    static DOCUMENT: LazyLock<Value> = LazyLock::new(build);
    &DOCUMENT
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `$ref` in `value` names a schema that exists.
    fn check_refs(value: &Value, schemas: &Map<String, Value>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    let name = target
                        .strip_prefix("#/components/schemas/")
                        .expect("local ref");
                    assert!(schemas.contains_key(name), "dangling $ref {target}");
                }
                map.values().for_each(|inner| check_refs(inner, schemas));
            }
            Value::Array(items) => items.iter().for_each(|inner| check_refs(inner, schemas)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves_and_every_endpoint_is_listed() {
        let document = document();
        let schemas = document["components"]["schemas"]
            .as_object()
            .expect("schemas");
        check_refs(document, schemas);
        let paths = document["paths"].as_object().expect("paths");
        assert_eq!(paths.len(), ENDPOINTS.len());
        let events = &paths["/api/events"]["get"]["parameters"];
        let names: Vec<&str> = events
            .as_array()
            .expect("parameters")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert!(names.contains(&"cameo") && names.contains(&"offset"));
    }

    #[test]
    fn nullable_notation() {
        assert_eq!(
            type_schema("string?"),
            json!({ "type": ["string", "null"] })
        );
        assert_eq!(
            type_schema("EventActor?"),
            json!({ "anyOf": [{ "$ref": "#/components/schemas/EventActor" }, { "type": "null" }] })
        );
        assert_eq!(
            type_schema("[integer]"),
            json!({ "type": "array", "items": { "type": "integer" } })
        );
    }
}
