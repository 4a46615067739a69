//! Prints the candidates of each name given on the command line, best prior first.
//!
//! `cargo run --release -p dyad-gazetteer --example lookup -- Kiev Georgia "the Kremlin"`

use dyad_gazetteer::Gazetteer;

fn main() {
    let started = std::time::Instant::now();
    let gazetteer = Gazetteer::builtin();
    eprintln!(
        "loaded {} entries in {:.1} ms",
        gazetteer.entry_count(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    for name in std::env::args().skip(1) {
        println!("{name}:");
        for candidate in gazetteer.lookup(&name).iter().take(8) {
            let entry = candidate.entry;
            println!(
                "  {:6.2} {:8} {:30} {} {:4} ({:.3}, {:.3}) pop {} id {:?}{}{}",
                candidate.prior,
                entry.kind,
                entry.name,
                entry.country.map(|c| c.to_string()).unwrap_or_default(),
                entry.admin1.as_deref().unwrap_or(""),
                entry.lat,
                entry.lon,
                entry.population,
                entry.geonames_id,
                if candidate.alias { " alias" } else { "" },
                if candidate.shadowed { " shadowed" } else { "" },
            );
        }
        for entry in gazetteer.lookup_adjective(&name) {
            println!("  adjective of {} ({:?})", entry.name, entry.country);
        }
    }
}
