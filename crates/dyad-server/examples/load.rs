//! A load test against a running `dyad serve`: N requests over a mix of API
//! endpoints, C of them in flight at once, each on its own connection;
//! prints errors and p50/p90/p99 latency. Loopback only.
//!
//! ```text
//! cargo run --release -p dyad-server --example fixture_store -- /tmp/fixtures.db
//! dyad serve --db /tmp/fixtures.db &
//! cargo run --release -p dyad-server --example load -- 127.0.0.1:8080 1000 1000
//! ```
//!
//! A fourth argument names a file of paths (one per line, each starting with
//! `/`) to request in turn instead of the fixture mix, for any other store.

#[path = "../tests/common/load.rs"]
mod load;

use std::net::SocketAddr;
use std::time::Duration;

fn main() {
    let mut args = std::env::args().skip(1);
    let addr: SocketAddr = args
        .next()
        .unwrap_or_else(|| "127.0.0.1:8080".to_string())
        .parse()
        .unwrap_or_else(|error| {
            eprintln!("address: {error}");
            std::process::exit(2);
        });
    if !addr.ip().is_loopback() {
        eprintln!("load tests only target loopback addresses");
        std::process::exit(2);
    }
    let number = |text: Option<String>, default: usize| {
        text.map_or(Ok(default), |t| t.parse::<usize>())
            .unwrap_or_else(|error| {
                eprintln!("count: {error}");
                std::process::exit(2);
            })
    };
    let requests = number(args.next(), 1000);
    let concurrency = number(args.next(), 1000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|error| {
            eprintln!("runtime: {error}");
            std::process::exit(2);
        });
    // An optional file of paths, one per line, replaces the fixture mix
    // (whose article ids exist only in the fixture store).
    let paths = match args.next() {
        Some(file) => std::fs::read_to_string(&file)
            .unwrap_or_else(|error| {
                eprintln!("{file}: {error}");
                std::process::exit(2);
            })
            .lines()
            .map(str::trim)
            .filter(|line| line.starts_with('/'))
            .map(str::to_string)
            .collect(),
        None => load::api_mix(),
    };
    if paths.is_empty() {
        eprintln!("no paths to request");
        std::process::exit(2);
    }
    let report = runtime.block_on(load::run(
        addr,
        &paths,
        requests,
        concurrency,
        Duration::from_secs(60),
    ));
    println!("{}", report.summary());
    for error in &report.first_errors {
        println!("error: {error}");
    }
    if report.errors > 0 {
        std::process::exit(1);
    }
}
