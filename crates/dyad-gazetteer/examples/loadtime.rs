//! Measures how long the built-in gazetteer takes to load (decompress, parse, index).
//!
//! `cargo run --release -p dyad-gazetteer --example loadtime`

use std::time::Instant;

use dyad_gazetteer::GazetteerBuilder;

fn main() {
    let summary = format!("{:?}", GazetteerBuilder::with_builtin().build());
    let mut best_parse = f64::MAX;
    let mut best_total = f64::MAX;
    for _ in 0..5 {
        let started = Instant::now();
        let builder = GazetteerBuilder::with_builtin();
        let parsed = started.elapsed().as_secs_f64() * 1000.0;
        let gazetteer = builder.build();
        let total = started.elapsed().as_secs_f64() * 1000.0;
        best_parse = best_parse.min(parsed);
        best_total = best_total.min(total);
        std::hint::black_box(&gazetteer);
    }
    println!("{summary}");
    println!("parse {best_parse:.1} ms, parse + index {best_total:.1} ms (best of 5)");
}
