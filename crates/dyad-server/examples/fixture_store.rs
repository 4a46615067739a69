//! Writes the test fixture store (the stories of `tests/common/fixtures.rs`)
//! to a file, for trying `dyad serve` and for load tests:
//!
//! `cargo run -p dyad-server --example fixture_store -- /tmp/fixtures.db`

#[path = "../tests/common/fixtures.rs"]
mod fixtures;

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: fixture_store FILE.db");
        std::process::exit(2);
    };
    let path = std::path::PathBuf::from(path);
    if path.exists() {
        eprintln!("{} exists; remove it first", path.display());
        std::process::exit(2);
    }
    let store = fixtures::write_store(&path);
    match store.counts() {
        Ok(counts) => println!(
            "{}: {} documents, {} distinct events",
            path.display(),
            counts.documents,
            counts.aggregated_events
        ),
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}
