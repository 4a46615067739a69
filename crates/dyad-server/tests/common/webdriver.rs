//! A minimal W3C WebDriver client over `ureq` (already in the workspace), for
//! driving Debian's headless Chromium through `chromedriver`.
//!
//! Why not a WebDriver crate: the tests need seven commands (new session,
//! navigate, execute script, find, click, screenshot, delete session), which
//! are a few JSON requests each; fantoccini or thirtyfour would add an HTTP
//! client stack and a build minute for them.
//!
//! Chromium runs with the flags this machine needs (no sandbox as root, no
//! background networking: the network is closed) and a fresh profile.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Where Debian installs the browser and its driver.
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Why the browser tests cannot run here, or `None` when they can.
pub fn missing_browser() -> Option<String> {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    (!missing.is_empty()).then(|| format!("{} not installed", missing.join(" and ")))
}

/// A browser session; dropping it closes the browser and stops the driver.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

fn request(method: &str, url: &str, body: Option<&Value>) -> Result<Value, String> {
    let agent = super::agent();
    let response = match (method, body) {
        ("POST", Some(body)) => agent
            .post(url)
            .header("Content-Type", "application/json")
            .send(body.to_string()),
        ("DELETE", _) => agent.delete(url).call(),
        _ => agent.get(url).call(),
    };
    let mut response = response.map_err(|error| format!("{method} {url}: {error}"))?;
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_string()
        .map_err(|error| format!("{method} {url}: {error}"))?;
    let value: Value =
        serde_json::from_str(&text).map_err(|error| format!("{method} {url}: {error}: {text}"))?;
    if status >= 400 {
        return Err(format!(
            "{method} {url}: HTTP {status}: {}",
            value["value"]["message"].as_str().unwrap_or(&text)
        ));
    }
    Ok(value["value"].clone())
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session.
    pub fn start(width: u32, height: u32) -> Result<Browser, String> {
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| format!("starting {CHROMEDRIVER}: {error}"))?;
        let base = format!("http://127.0.0.1:{port}");
        let profile = tempfile::tempdir().map_err(|error| error.to_string())?;
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            _profile: profile,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(status) = request("GET", &format!("{}/status", browser.base), None) {
                if status["ready"].as_bool() == Some(true) {
                    break;
                }
            }
            if Instant::now() > deadline {
                return Err("chromedriver did not become ready in 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile_dir = browser._profile.path().display().to_string();
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:loggingPrefs": { "browser": "ALL" },
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--hide-scrollbars",
                        format!("--user-data-dir={profile_dir}"),
                        format!("--window-size={width},{height}"),
                    ],
                },
            } }
        });
        let session = request(
            "POST",
            &format!("{}/session", browser.base),
            Some(&capabilities),
        )?;
        browser.session = session["sessionId"]
            .as_str()
            .ok_or("no session id")?
            .to_string();
        Ok(browser)
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{}", self.base, self.session, path)
    }

    /// Opens `url` and waits for the document to load.
    pub fn goto(&self, url: &str) -> Result<(), String> {
        request("POST", &self.url("/url"), Some(&json!({ "url": url }))).map(|_| ())
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub fn execute(&self, script: &str, args: Value) -> Result<Value, String> {
        request(
            "POST",
            &self.url("/execute/sync"),
            Some(&json!({ "script": script, "args": args })),
        )
    }

    /// Polls `script` until it returns true.
    pub fn wait_until(&self, what: &str, script: &str, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        loop {
            if self.execute(script, json!([]))?.as_bool() == Some(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("timed out waiting for {what}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the page's view says it is drawn (`data-state="ready"`) for `route`.
    pub fn wait_ready(&self, route: &str) -> Result<(), String> {
        let script = format!(
            "const v = document.getElementById('view'); \
             if (v && v.dataset.state === 'error') throw new Error('view error: ' + v.textContent); \
             return !!v && v.dataset.state === 'ready' && v.dataset.route === {};",
            json!(route)
        );
        self.wait_until(
            &format!("the {route} view"),
            &script,
            Duration::from_secs(20),
        )
    }

    /// The first element matching a CSS selector (its WebDriver reference).
    pub fn find(&self, css: &str) -> Result<Value, String> {
        request(
            "POST",
            &self.url("/element"),
            Some(&json!({ "using": "css selector", "value": css })),
        )
    }

    /// Clicks an element found by [`Browser::find`], as a user would.
    pub fn click(&self, element: &Value) -> Result<(), String> {
        let id = element
            .as_object()
            .and_then(|map| map.values().next())
            .and_then(Value::as_str)
            .ok_or("not an element reference")?;
        request(
            "POST",
            &self.url(&format!("/element/{id}/click")),
            Some(&json!({})),
        )
        .map(|_| ())
    }

    /// Console messages of level SEVERE since the last call (script errors,
    /// failed requests, Content-Security-Policy violations), through
    /// chromedriver's log endpoint.
    pub fn console_errors(&self) -> Result<Vec<String>, String> {
        let entries = request(
            "POST",
            &self.url("/se/log"),
            Some(&json!({ "type": "browser" })),
        )?;
        Ok(entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or("").to_string())
            .collect())
    }

    /// Saves a PNG of the viewport.
    pub fn screenshot(&self, path: &PathBuf) -> Result<(), String> {
        use base64::Engine;
        let data = request("GET", &self.url("/screenshot"), None)?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().ok_or("no screenshot data")?)
            .map_err(|error| error.to_string())?;
        std::fs::write(path, png).map_err(|error| format!("{}: {error}", path.display()))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = request("DELETE", &self.url(""), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
