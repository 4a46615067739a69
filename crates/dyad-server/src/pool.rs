//! Store connections for request handlers.
//!
//! A [`Store`] is one SQLite connection: it may move between threads but not
//! be shared. Handlers borrow one from this pool on a blocking thread (SQLite
//! calls block), and give it back; a semaphore caps how many queries run at
//! once, so a burst of requests queues instead of opening hundreds of
//! connections. Readers never block each other or a concurrent `dyad ingest`
//! (the store runs in write-ahead-log mode).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use dyad_store::Store;
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// Connections to one store file, opened on demand and reused.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
}

impl Pool {
    /// A pool over `path` running at most `max_queries` queries at once.
    pub fn new(path: PathBuf, max_queries: usize) -> Pool {
        Pool {
            path,
            idle: Mutex::new(Vec::new()),
            permits: Semaphore::new(max_queries.max(1)),
        }
    }

    /// Adds an already open store (the one opened at start-up, which migrated the file).
    pub fn put(&self, store: Store) {
        // A poisoned lock only means a query panicked; the list itself is fine.
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        idle.push(store);
    }

    fn take(&self) -> Result<Store, ApiError> {
        let reused = {
            let mut idle = self
                .idle
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            idle.pop()
        };
        match reused {
            Some(store) => Ok(store),
            None => Store::open(&self.path).map_err(ApiError::internal),
        }
    }

    /// Runs `query` with a store on a blocking thread.
    ///
    /// # Errors
    /// Whatever `query` returns; a 500 if no connection could be opened or
    /// the query panicked.
    pub async fn run<T, F>(self: &Arc<Self>, query: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::internal("the query pool is closed"))?;
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let store = pool.take()?;
            let result = query(&store);
            pool.put(store);
            result
        })
        .await
        .map_err(|error| ApiError::internal(format!("query task failed: {error}")))?
    }
}
