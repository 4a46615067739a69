//! A bounded load generator for loopback servers: `requests` GETs spread
//! over `paths`, `concurrency` of them in flight at once, each on its own
//! connection (HTTP/1.1, `Connection: close`), timed from connect to the
//! last byte. Used by `tests/load.rs` and `examples/load.rs`.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

/// What a load run measured.
#[derive(Debug, Clone)]
pub struct LoadReport {
    pub requests: usize,
    pub ok: usize,
    /// Failures: connection errors, timeouts, non-200 statuses (with the first few reasons).
    pub errors: usize,
    pub first_errors: Vec<String>,
    pub wall: Duration,
    /// Sorted latencies of the successful requests.
    pub latencies: Vec<Duration>,
}

impl LoadReport {
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1]
    }

    pub fn summary(&self) -> String {
        format!(
            "{} requests, {} ok, {} errors in {:.2} s ({:.0} req/s); latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.requests,
            self.ok,
            self.errors,
            self.wall.as_secs_f64(),
            self.requests as f64 / self.wall.as_secs_f64().max(1e-9),
            self.percentile(50.0).as_secs_f64() * 1e3,
            self.percentile(90.0).as_secs_f64() * 1e3,
            self.percentile(99.0).as_secs_f64() * 1e3,
            self.latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        )
    }
}

async fn one(addr: SocketAddr, path: String) -> Result<Duration, String> {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr)
        .await
        .map_err(|error| format!("connect: {error}"))?;
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: application/json\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|error| format!("write: {error}"))?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .await
        .map_err(|error| format!("read: {error}"))?;
    let elapsed = started.elapsed();
    let head = String::from_utf8_lossy(&response[..response.len().min(64)]).to_string();
    if head.starts_with("HTTP/1.1 200") {
        Ok(elapsed)
    } else {
        Err(format!(
            "{path}: {}",
            head.lines().next().unwrap_or("no response")
        ))
    }
}

/// Runs the load on the current tokio runtime.
pub async fn run(
    addr: SocketAddr,
    paths: &[String],
    requests: usize,
    concurrency: usize,
    timeout: Duration,
) -> LoadReport {
    let gate = Arc::new(Semaphore::new(concurrency.max(1)));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(requests);
    for i in 0..requests {
        let path = paths[i % paths.len()].clone();
        let gate = Arc::clone(&gate);
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await.map_err(|e| e.to_string())?;
            match tokio::time::timeout(timeout, one(addr, path)).await {
                Ok(result) => result,
                Err(_) => Err(format!("timed out after {timeout:?}")),
            }
        }));
    }
    let mut latencies = Vec::with_capacity(requests);
    let mut first_errors = Vec::new();
    let mut errors = 0;
    for task in tasks {
        match task.await {
            Ok(Ok(latency)) => latencies.push(latency),
            Ok(Err(error)) => {
                errors += 1;
                if first_errors.len() < 5 {
                    first_errors.push(error);
                }
            }
            Err(error) => {
                errors += 1;
                if first_errors.len() < 5 {
                    first_errors.push(error.to_string());
                }
            }
        }
    }
    let wall = started.elapsed();
    latencies.sort();
    LoadReport {
        requests,
        ok: latencies.len(),
        errors,
        first_errors,
        wall,
        latencies,
    }
}

/// A mix of API requests over the fixture store (or any store with these actors).
pub fn api_mix() -> Vec<String> {
    [
        "/api/stats",
        "/api/events?limit=20",
        "/api/events?actor=RUS&cameo=19&limit=10",
        "/api/series?a=RUS&b=UKR&bucket=month",
        "/api/network?max_edges=50",
        "/api/places",
        "/api/actors?q=a&limit=20",
        "/api/actors/RUS",
        "/api/quotes?limit=10",
        "/api/articles?limit=20",
        "/api/articles/odesa-claim",
        "/api/search?q=officials&limit=10",
        "/api/mentions?source=RUS&limit=10",
        "/",
        "/assets/app.js",
    ]
    .iter()
    .map(|path| path.to_string())
    .collect()
}
