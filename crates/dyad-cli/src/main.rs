//! The `dyad` binary: parses flags, wires the crates together, maps results
//! to exit codes. The work lives in the library crates.
//!
//! Exit codes: 0 everything went fine; 1 the run finished but some documents
//! could not be read (each was reported on stderr) or an evaluation floor was
//! missed; 2 fatal (bad flags, unreadable resource file).

mod cmd;
mod run;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: the pipeline makes thousands of
/// small allocations per article (token strings, layer vectors, JSON), and
/// glibc's malloc and free were about a seventh of all instructions of
/// `dyad code` (issue 7). The choice belongs to the binary, not the libraries.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// dyad codes news articles into events: which actor did what to which other, when, where, and on whose word.
#[derive(Parser)]
#[command(name = "dyad", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code articles into events, actors, quotes, times and places.
    Code(cmd::code::CodeArgs),
    /// Score the pipeline against gold files (precision, recall, F1 per layer).
    Eval(cmd::eval::EvalArgs),
    /// Show how a name resolves to an actor at a date.
    Actors(cmd::actors::ActorsArgs),
    /// Extract title, byline, date, language and article body from web pages.
    Extract(cmd::extract::ExtractArgs),
    /// Read, code and store articles in a SQLite file (idempotent, resumable).
    Ingest(cmd::ingest::IngestArgs),
    /// Query a store: events, aggregated events, actors, quotes, full-text search.
    Query(cmd::query::QueryArgs),
    /// Export a store's events (GDELT-style TSV, CSV, JSON Lines, Parquet) or records.
    Export(cmd::export::ExportArgs),
    /// Poll RSS/Atom feeds and ingest their new articles.
    Watch(cmd::watch::WatchArgs),
    /// Browse a store in a web page, or query it as JSON (API and page on 127.0.0.1:8080).
    Serve(cmd::serve::ServeArgs),
    /// Measure coding speed on a corpus (articles/s, MB/s, time per stage, memory).
    Bench(cmd::bench::BenchArgs),
}

/// What a command reports back to `main`.
pub enum Outcome {
    /// Everything went fine.
    Success,
    /// Finished, with problems already reported.
    Partial,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => cmd::code::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Actors(args) => cmd::actors::run(args),
        Command::Extract(args) => cmd::extract::run(args),
        Command::Bench(args) => cmd::bench::run(args),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Query(args) => cmd::query::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Watch(args) => cmd::watch::run(args),
        Command::Serve(args) => cmd::serve::run(args),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(err) => {
            // A closed pipe (`dyad code … | head`) is not an error.
            if err.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("dyad: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
