//! `dyad serve`: a JSON API and a web page over a dyad store, for looking at
//! the data before counting it.
//!
//! - **API** ([`api`]): events (distinct and per mention) with the filters of
//!   `dyad query`, one event with every mention and its sentence, actors
//!   (search; one actor's counts as source, target and claimant, its top
//!   partners and quotes), quotes, articles (the stored record and body, every
//!   annotation as a highlight), a dyad's time series by day, week or month
//!   (QuadClass counts, mean Goldstein), the actor network, event places, and
//!   full-text search. Lists are paged. Parameters are checked strictly: a bad
//!   one is a 400 with a JSON error naming it. Documented by the OpenAPI
//!   document at `/api/openapi.json` ([`openapi`]), built from the same
//!   parameter declarations that validate requests.
//! - **Page** ([`assets`]): a dashboard with a dyad's cooperation/conflict
//!   timeline, an event list with filters, the actor network, a map of event
//!   places, the article view with every span highlighted and linked to its
//!   record, quotes and full-text search. Hand-written SVG, no library, no
//!   CDN: every file is compiled into the binary.
//! - **Speed** ([`cache`]): answers are kept while the store file is
//!   unchanged, and identical requests in flight share one query, so a
//!   dashboard over a large store does not rerun its aggregates.
//! - **Safety** ([`security`]): data is never parsed as markup (the page uses
//!   `textContent`), a strict Content-Security-Policy and other security
//!   headers on every response, and a Host check against DNS rebinding when
//!   listening on loopback.
//!
//! What it does not do: write to the store, serve TLS (it binds to
//! 127.0.0.1 by default; put a reverse proxy in front to share it), or
//! authenticate anyone.
//!
//! Why axum: HTTP/1 keep-alive, request parsing and many concurrent
//! connections on two threads are solved problems; axum over hyper and tokio
//! (HTTP/1 only, no TLS, no default features) is the most used such stack in
//! Rust, and costs about 20 s of a clean debug build on two cores.
//!
//! # Example
//! ```no_run
//! use dyad_server::{Server, ServerConfig};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = Server::bind(&ServerConfig::new("news.db", "127.0.0.1:8080".parse()?))?;
//! println!("http://{}/", server.local_addr());
//! server.run()?; // until Ctrl-C
//! # Ok(())
//! # }
//! ```

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::routing::get;
use axum::Router;
use dyad_store::Store;

pub mod api;
pub mod article;
pub mod assets;
pub mod cache;
mod error;
pub mod openapi;
pub mod params;
mod pool;
pub mod security;

pub use error::{ApiError, ServerError};

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The store file (made by `dyad ingest`).
    pub db: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// Most queries running at once; more requests wait for a turn.
    pub max_queries: usize,
}

impl ServerConfig {
    /// A configuration with as many concurrent queries as twice the cores (at least 4).
    pub fn new(db: impl Into<PathBuf>, addr: SocketAddr) -> ServerConfig {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServerConfig {
            db: db.into(),
            addr,
            max_queries: (cores * 2).max(4),
        }
    }
}

/// The routes: API, page and assets, behind the response cache ([`cache`])
/// and, outermost, the security middleware.
///
/// `check_host` refuses requests whose Host is not `localhost` or an IP
/// literal (see [`security`]); pass `true` when listening on loopback.
pub fn router(store_path: PathBuf, first: Store, max_queries: usize, check_host: bool) -> Router {
    // The cache watches the store on a connection of its own; without one
    // (the file cannot be opened twice), answers are simply not cached.
    let cache = Store::open(&store_path)
        .ok()
        .map(|watch| Arc::new(cache::ResponseCache::new(watch)));
    let pool = Arc::new(pool::Pool::new(store_path, max_queries));
    pool.put(first);
    let app = api::App { pool };
    let api = Router::new()
        .route(api::STATS.path, get(api::stats))
        .route(api::EVENTS.path, get(api::events))
        .route(api::EVENT.path, get(api::event))
        .route(api::MENTIONS.path, get(api::mentions))
        .route(api::ACTORS.path, get(api::actors))
        .route(api::ACTOR.path, get(api::actor))
        .route(api::QUOTES.path, get(api::quotes))
        .route(api::ARTICLES.path, get(api::articles))
        .route(api::ARTICLE.path, get(api::article))
        .route(api::SERIES.path, get(api::series))
        .route(api::NETWORK_ENDPOINT.path, get(api::network))
        .route(api::PLACES_ENDPOINT.path, get(api::places))
        .route(api::SEARCH_ENDPOINT.path, get(api::search))
        .route(api::OPENAPI.path, get(api::openapi))
        .route("/api", get(api::not_found))
        .route("/api/{*rest}", get(api::not_found))
        .with_state(app);
    let mut routes = Router::new()
        .route("/", get(assets::index))
        .route("/assets/{name}", get(assets::asset))
        .route("/favicon.ico", get(assets::favicon))
        .merge(api);
    if let Some(cache) = cache {
        routes = routes.layer(axum::middleware::from_fn_with_state(cache, cache::layer));
    }
    routes.layer(axum::middleware::from_fn_with_state(
        security::HostCheck(check_host),
        security::guard,
    ))
}

/// A server bound to its address, not yet answering.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    router: Router,
    addr: SocketAddr,
}

impl Server {
    /// Opens the store (migrating it if it is older), starts the runtime and
    /// binds the address. Port 0 picks a free port ([`Server::local_addr`]).
    ///
    /// # Errors
    /// The store cannot be opened, or the address cannot be bound.
    pub fn bind(config: &ServerConfig) -> Result<Server, ServerError> {
        let store = Store::open(&config.db).map_err(|source| ServerError::Store {
            path: config.db.display().to_string(),
            source,
        })?;
        let io = |context: String| move |source| ServerError::Io { context, source };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("dyad-serve")
            .build()
            .map_err(io("starting the runtime".into()))?;
        let addr = config.addr;
        let listener = runtime
            .block_on(async move {
                let socket = if addr.is_ipv4() {
                    tokio::net::TcpSocket::new_v4()?
                } else {
                    tokio::net::TcpSocket::new_v6()?
                };
                socket.set_reuseaddr(true)?;
                socket.bind(addr)?;
                // A deep accept queue: a burst of connections waits instead of being refused.
                socket.listen(4096)
            })
            .map_err(io(format!("listening on {addr}")))?;
        let addr = listener
            .local_addr()
            .map_err(io("reading the bound address".into()))?;
        let router = router(
            config.db.clone(),
            store,
            config.max_queries,
            addr.ip().is_loopback(),
        );
        Ok(Server {
            runtime,
            listener,
            router,
            addr,
        })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests until Ctrl-C (or SIGTERM on Unix).
    ///
    /// # Errors
    /// The listener failed.
    pub fn run(self) -> Result<(), ServerError> {
        self.run_until(shutdown_signal())
    }

    /// Answers requests until `shutdown` completes, then finishes the
    /// requests in flight.
    ///
    /// # Errors
    /// The listener failed.
    pub fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let Server {
            runtime,
            listener,
            router,
            addr,
        } = self;
        runtime
            .block_on(async move {
                axum::serve(listener, router)
                    .with_graceful_shutdown(shutdown)
                    .await
            })
            .map_err(|source| ServerError::Io {
                context: format!("serving on {addr}"),
                source,
            })
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, run until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
