//! The web page: HTML, CSS, JavaScript modules and the world outline,
//! compiled into the binary (`include_str!`), so `dyad serve` needs no files
//! beside it and the page works offline: nothing is fetched from elsewhere.
//!
//! The files live in `crates/dyad-server/assets/`; `assets/README.md` says
//! what each holds and where the map data comes from.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// One file of the page.
pub struct Asset {
    /// File name under `/assets/`.
    pub name: &'static str,
    /// Its media type.
    pub content_type: &'static str,
    /// Its content.
    pub body: &'static str,
}

/// The entry page, served at `/`.
pub const INDEX: &str = include_str!("../assets/index.html");

/// Every file served under `/assets/`.
pub const ASSETS: &[Asset] = &[
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../assets/app.css"),
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../assets/app.js"),
    },
    Asset {
        name: "dom.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../assets/dom.js"),
    },
    Asset {
        name: "charts.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../assets/charts.js"),
    },
    Asset {
        name: "views.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../assets/views.js"),
    },
    Asset {
        name: "world-110m-land.json",
        content_type: "application/json",
        body: include_str!("../assets/world-110m-land.json"),
    },
];

fn respond(content_type: &'static str, body: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Revalidate each time: a new binary serves new files under the same names.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// `GET /`: the page.
pub async fn index() -> Response {
    respond("text/html; charset=utf-8", INDEX)
}

/// `GET /assets/{name}`.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|asset| asset.name == name) {
        Some(asset) => respond(asset.content_type, asset.body),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

/// `GET /favicon.ico`: nothing, without a 404 in the browser's console.
pub async fn favicon() -> StatusCode {
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page builds its DOM from data with `textContent` and never parses
    /// strings as HTML or code; these are the APIs that would.
    #[test]
    fn scripts_never_parse_strings_as_markup_or_code() {
        let forbidden = [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "setTimeout(\"",
            "createContextualFragment",
            "DOMParser",
        ];
        for asset in ASSETS.iter().filter(|a| a.name.ends_with(".js")) {
            for word in forbidden {
                assert!(!asset.body.contains(word), "{} uses {word}", asset.name);
            }
        }
    }

    /// No inline script or style, no resource from another origin.
    #[test]
    fn page_has_no_inline_code_or_remote_resources() {
        assert!(INDEX.contains("<script type=\"module\" src=\"/assets/app.js\"></script>"));
        assert_eq!(INDEX.matches("<script").count(), 1);
        assert!(!INDEX.contains("<style"));
        assert!(!INDEX.contains(" style="));
        let inline_handler = INDEX.match_indices(" on").any(|(at, _)| {
            let rest = &INDEX[at + 3..];
            let name_len = rest.chars().take_while(char::is_ascii_lowercase).count();
            name_len > 0 && rest[name_len..].starts_with('=')
        });
        assert!(!inline_handler, "no inline event handlers");
        for asset in ASSETS.iter().filter(|a| !a.name.ends_with(".json")) {
            let body = asset.body.replace("http://www.w3.org/2000/svg", "");
            assert!(
                !body.contains("http://") && !body.contains("https://"),
                "{} names another origin",
                asset.name
            );
        }
    }

    #[test]
    fn world_outline_names_its_source() {
        let world: serde_json::Value = serde_json::from_str(
            ASSETS
                .iter()
                .find(|a| a.name == "world-110m-land.json")
                .map(|a| a.body)
                .unwrap_or_default(),
        )
        .expect("world outline parses");
        assert!(world["source"]
            .as_str()
            .is_some_and(|s| s.contains("Natural Earth")));
        assert!(world["geometry"]["coordinates"]
            .as_array()
            .is_some_and(|polygons| polygons.len() > 100));
    }
}
