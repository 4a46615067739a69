//! What the integration tests share: the fixture store, a server started on
//! 127.0.0.1 in this process, and a plain HTTP client.
#![allow(dead_code, missing_docs)]

pub mod fixtures;
pub mod load;
pub mod webdriver;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use dyad_server::{Server, ServerConfig};

/// A server over the fixture store, answering on a free port of 127.0.0.1
/// until the test process ends.
pub struct TestServer {
    pub addr: SocketAddr,
    pub db: PathBuf,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub fn start() -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("fixtures.db");
        drop(fixtures::write_store(&db));
        let config = ServerConfig::new(&db, "127.0.0.1:0".parse().expect("address"));
        let server = Server::bind(&config).expect("bind the test server");
        let addr = server.local_addr();
        std::thread::spawn(move || server.run_until(std::future::pending()));
        TestServer {
            addr,
            db,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

/// A response, whatever its status.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// GET `url` with optional extra headers.
pub fn get_with(url: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = agent().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request
        .call()
        .unwrap_or_else(|error| panic!("GET {url}: {error}"));
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let content_type = headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_string()
        .unwrap_or_else(|error| panic!("GET {url}: reading the body: {error}"));
    Reply {
        status,
        content_type,
        headers,
        body,
    }
}

pub fn get(url: &str) -> Reply {
    get_with(url, &[])
}
