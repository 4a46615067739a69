//! Security headers on every response, and a Host check against DNS rebinding.
//!
//! Article text, titles and URLs come from the web and are untrusted. The
//! page never turns them into markup (it builds the DOM with `textContent`),
//! and the Content-Security-Policy makes any slip harmless: scripts, styles,
//! images and requests only from this server, no inline script or style, no
//! plugins, no framing, no `<base>` rewriting.
//!
//! Why the Host check: a server on 127.0.0.1 is reachable from a web page on
//! any site the user visits, through a name the attacker points at 127.0.0.1
//! (DNS rebinding). Such requests carry the attacker's host name, so when the
//! server listens on a loopback address it answers only requests addressed
//! to `localhost` or an IP literal (a reverse proxy in front of it should
//! forward `Host: localhost`).

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The Content-Security-Policy of every response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Headers set on every response.
const HEADERS: &[(&str, &str)] = &[
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ),
];

/// Whether the Host check applies (the server listens on loopback only).
#[derive(Clone, Copy)]
pub struct HostCheck(pub bool);

/// True when `host` (a Host header, port included) names this machine:
/// `localhost` or an IP literal.
pub fn is_local_host(host: &str) -> bool {
    // Strip the port: "[::1]:8080", "127.0.0.1:8080", "localhost:8080".
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split_once(']').map_or("", |(name, _)| name)
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok()
}

fn host_of(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::HOST).and_then(|v| v.to_str().ok())
}

/// Middleware: refuses foreign Host names (when checking), then adds the headers.
pub async fn guard(State(check): State<HostCheck>, request: Request, next: Next) -> Response {
    if check.0 && !host_of(request.headers()).is_some_and(is_local_host) {
        let mut refused = ApiError {
            status: StatusCode::MISDIRECTED_REQUEST,
            message: "this server answers only requests to localhost or an IP address".into(),
        }
        .into_response();
        add_headers(refused.headers_mut());
        return refused;
    }
    let mut response = next.run(request).await;
    add_headers(response.headers_mut());
    response
}

fn add_headers(headers: &mut HeaderMap) {
    for (name, value) in HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_hosts() {
        for host in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:8080",
            "127.0.0.1",
            "[::1]:8080",
            "LOCALHOST:1",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in ["evil.example:8080", "localhost.evil.example", "", "[::1"] {
            assert!(!is_local_host(host), "{host}");
        }
    }

    #[test]
    fn policy_forbids_inline_code() {
        assert!(CONTENT_SECURITY_POLICY.starts_with("default-src 'self'"));
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
    }
}
