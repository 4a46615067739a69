//! `dyad serve`: a JSON API and a web page over a store, from `dyad-server`.

use crate::Outcome;
use anyhow::{bail, Context, Result};
use clap::Args;
use dyad_server::{Server, ServerConfig};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Browse a store made by `dyad ingest` in a web browser, or query it as JSON.
///
/// The page (dashboard with a dyad's timeline, events, actor network, map,
/// articles with every annotation highlighted, quotes, search) is compiled
/// into the binary and works offline. The API is described at
/// /api/openapi.json. The store is only read; `dyad ingest` may add to it
/// while the server runs.
///
/// Examples:
///
///   dyad serve --db news.db
///   dyad serve --db news.db --addr 127.0.0.1:9000
///   curl 'http://127.0.0.1:8080/api/series?a=RUS&b=UKR&bucket=month'
///   curl 'http://127.0.0.1:8080/api/events?actor=RUS&cameo=19&limit=20'
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct ServeArgs {
    /// The store.
    #[arg(long, default_value = "dyad.db", value_name = "FILE")]
    pub db: PathBuf,
    /// Where to listen. The default answers this machine only; another
    /// address shares the store, unauthenticated, with whoever reaches it.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    pub addr: SocketAddr,
    /// Most database queries at once (default: twice the cores, at least 4).
    #[arg(long, value_name = "N")]
    pub max_queries: Option<usize>,
}

/// Runs `dyad serve` until Ctrl-C.
pub fn run(args: ServeArgs) -> Result<Outcome> {
    if !args.db.exists() {
        bail!(
            "no store at {} (create one with `dyad ingest`)",
            args.db.display()
        );
    }
    let mut config = ServerConfig::new(&args.db, args.addr);
    if let Some(max_queries) = args.max_queries {
        config.max_queries = max_queries.max(1);
    }
    let server =
        Server::bind(&config).with_context(|| format!("starting the server on {}", args.addr))?;
    let addr = server.local_addr();
    if !addr.ip().is_loopback() {
        eprintln!(
            "dyad serve: warning: listening on {addr}: anyone who reaches it can read the store"
        );
    }
    eprintln!(
        "dyad serve: {} on http://{addr}/ (API: http://{addr}/api/openapi.json); Ctrl-C stops",
        args.db.display()
    );
    server.run().context("serving")?;
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeArgs,
    }

    #[test]
    fn listens_on_localhost_by_default() {
        let cli = Cli::parse_from(["serve"]);
        assert_eq!(cli.serve.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(cli.serve.db, PathBuf::from("dyad.db"));
        let cli = Cli::parse_from(["serve", "--addr", "[::1]:9000", "--db", "x.db"]);
        assert!(cli.serve.addr.ip().is_loopback());
        assert!(Cli::try_parse_from(["serve", "--addr", "localhost"]).is_err());
    }

    #[test]
    fn a_missing_store_is_an_error_not_a_new_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("none.db");
        let error = run(ServeArgs {
            db: db.clone(),
            addr: "127.0.0.1:0".parse().expect("address"),
            max_queries: None,
        })
        .err()
        .expect("no store");
        assert!(error.to_string().contains("no store at"), "{error}");
        assert!(!db.exists());
    }
}
