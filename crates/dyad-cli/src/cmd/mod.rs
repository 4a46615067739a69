//! One module per subcommand.

pub mod actors;
pub mod bench;
pub mod code;
pub mod eval;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod query;
pub mod serve;
pub mod watch;
