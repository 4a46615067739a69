//! Measures how long the built-in gazetteer takes to be ready, and how long
//! rebuilding it (the path of user files) takes.
//!
//! `cargo run --release -p dyad-gazetteer --example loadtime`

use std::time::Instant;

use dyad_gazetteer::{Gazetteer, GazetteerBuilder};

fn main() {
    // The built-in tables are packed at build time: this is a header check
    // and a few small maps, once per process.
    let started = Instant::now();
    let builtin = Gazetteer::builtin();
    let ready = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let kyiv = builtin.lookup("Kiev");
    let first_lookup = started.elapsed().as_secs_f64() * 1e6;
    println!("{builtin:?}");
    println!(
        "built-in ready in {ready:.2} ms; first lookup ({} candidates) {first_lookup:.0} µs",
        kyiv.len()
    );
    let mut best_unpack = f64::MAX;
    let mut best_total = f64::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let builder = GazetteerBuilder::with_builtin();
        let unpacked = started.elapsed().as_secs_f64() * 1000.0;
        let gazetteer = builder.build();
        let total = started.elapsed().as_secs_f64() * 1000.0;
        best_unpack = best_unpack.min(unpacked);
        best_total = best_total.min(total);
        std::hint::black_box(&gazetteer);
    }
    println!(
        "with user files: unpack {best_unpack:.1} ms, unpack + rebuild {best_total:.1} ms (best of 3)"
    );
}
