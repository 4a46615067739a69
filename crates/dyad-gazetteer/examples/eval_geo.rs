//! Toponym resolution given gold spans: accuracy@161 km on gold place files.
//!
//! For every gold place span of a document, the span text is looked up in the
//! built-in gazetteer and resolved with a [`GeoContext`] built from the *other*
//! gold spans of the same document (their context-free resolutions). This is
//! "resolution given gold spans", the setting of Mordecai 3's published figures
//! (TR-News 0.873, LGL 0.827 accuracy@161 km); detection is not measured.
//!
//! ```text
//! cargo run --release -p dyad-gazetteer --example eval_geo -- \
//!     /work/shared/eval/gold-dev/geo.jsonl \
//!     /work/shared/eval/geo/trnews.places.jsonl /work/shared/eval/geo/lgl.places.jsonl
//! ```
//!
//! Options: `--errors N` prints N wrong resolutions per file; `--missing N`
//! prints the N most frequent span texts the gazetteer does not know; `--no-context`
//! resolves every span by its prior alone (the baseline); `--weights
//! COUNTRY,ADMIN1,NEAR,NEAR_KM` overrides the context weights of
//! [`ResolveConfig`] (for tuning).
//!
//! Input format: one JSON document per line with `places: [{text, lat, lon,
//! country?, geonames_id?}]` (see `shared/eval/FORMAT.md`, "places"); spans
//! without coordinates are skipped.

use std::process::ExitCode;

use dyad_gazetteer::{haversine_km, normalize, Entry, Gazetteer, GeoContext, ResolveConfig};

struct GoldPlace {
    text: String,
    lat: f64,
    lon: f64,
    country: Option<String>,
    geonames_id: Option<u64>,
}

#[derive(Default)]
struct Tally {
    spans: usize,
    found: usize,
    within_161: usize,
    same_id: usize,
    same_country: usize,
    /// Right GeoNames entry, but more than 161 km from the gold point: the
    /// gazetteer's representative point differs from the gold file's.
    same_id_far: usize,
    errors_km: Vec<f64>,
}

fn main() -> ExitCode {
    let mut files = Vec::new();
    let mut show_errors = 0usize;
    let mut show_missing = 0usize;
    let mut use_context = true;
    let mut config = ResolveConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--errors" => match args.next().and_then(|value| value.parse().ok()) {
                Some(count) => show_errors = count,
                None => {
                    eprintln!("--errors needs a number");
                    return ExitCode::from(2);
                }
            },
            "--missing" => match args.next().and_then(|value| value.parse().ok()) {
                Some(count) => show_missing = count,
                None => {
                    eprintln!("--missing needs a number");
                    return ExitCode::from(2);
                }
            },
            "--no-context" => use_context = false,
            "--weights" => {
                let weights: Vec<f64> = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|value| value.parse().ok())
                    .collect();
                let [country, admin1, near, near_km] = weights[..] else {
                    eprintln!("--weights needs COUNTRY,ADMIN1,NEAR,NEAR_KM");
                    return ExitCode::from(2);
                };
                config.country_bonus = country;
                config.admin1_bonus = admin1;
                config.near_bonus = near;
                config.near_km = near_km;
            }
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        eprintln!(
            "usage: eval_geo [--errors N] [--missing N] [--no-context] [--weights C,A,N,KM] GOLD.jsonl..."
        );
        return ExitCode::from(2);
    }
    let started = std::time::Instant::now();
    let gazetteer = Gazetteer::builtin();
    println!(
        "gazetteer: {} entries, loaded in {:.1} ms",
        gazetteer.entry_count(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("{file}: {error}");
                return ExitCode::from(2);
            }
        };
        let mut tally = Tally::default();
        let mut shown = 0;
        let mut missing: std::collections::BTreeMap<String, usize> = Default::default();
        for (line_no, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let document: serde_json::Value = match serde_json::from_str(line) {
                Ok(value) => value,
                Err(error) => {
                    eprintln!("{file}:{}: {error}", line_no + 1);
                    continue;
                }
            };
            let places = gold_places(&document);
            let picks = resolve_document(gazetteer, &places, use_context, &config);
            for (place, pick) in places.iter().zip(&picks) {
                tally.spans += 1;
                let Some(entry) = pick else {
                    *missing.entry(place.text.clone()).or_default() += 1;
                    continue;
                };
                tally.found += 1;
                let km = haversine_km(entry.lat, entry.lon, place.lat, place.lon);
                tally.errors_km.push(km);
                if km <= 161.0 {
                    tally.within_161 += 1;
                }
                if place.geonames_id.is_some()
                    && place.geonames_id == entry.geonames_id.map(u64::from)
                {
                    tally.same_id += 1;
                    if km > 161.0 {
                        tally.same_id_far += 1;
                    }
                }
                if place.country.is_some()
                    && place.country.as_deref() == entry.country.as_ref().map(|c| c.as_str())
                {
                    tally.same_country += 1;
                }
                if km > 161.0 && shown < show_errors {
                    shown += 1;
                    println!(
                        "  miss {:>6.0} km  {:?} → {} ({}, {}, {:?}) gold ({:.2}, {:.2}) {:?} id {:?}",
                        km,
                        place.text,
                        entry.name,
                        entry.kind,
                        entry.country.map(|c| c.to_string()).unwrap_or_default(),
                        entry.admin1,
                        place.lat,
                        place.lon,
                        place.country,
                        place.geonames_id
                    );
                }
            }
        }
        report(file, &mut tally);
        let mut missing: Vec<(String, usize)> = missing.into_iter().collect();
        missing.sort_by(|left, right| right.1.cmp(&left.1).then(left.0.cmp(&right.0)));
        for (text, count) in missing.iter().take(show_missing) {
            println!("  unknown {count:>4}  {text:?}");
        }
    }
    ExitCode::SUCCESS
}

fn gold_places(document: &serde_json::Value) -> Vec<GoldPlace> {
    let Some(places) = document.get("places").and_then(|value| value.as_array()) else {
        return Vec::new();
    };
    places
        .iter()
        .filter_map(|place| {
            Some(GoldPlace {
                text: place.get("text")?.as_str()?.to_string(),
                lat: place.get("lat")?.as_f64()?,
                lon: place.get("lon")?.as_f64()?,
                country: place
                    .get("country")
                    .and_then(|value| value.as_str())
                    .map(str::to_string),
                geonames_id: place.get("geonames_id").and_then(|value| value.as_u64()),
            })
        })
        .collect()
}

/// How many context rounds follow the context-free first pass.
const ROUNDS: usize = 1;

/// Resolves every span: first without context, then again with a context made
/// of the other spans' first-pass resolutions (those with a different name).
fn resolve_document<'g>(
    gazetteer: &'g Gazetteer,
    places: &[GoldPlace],
    use_context: bool,
    config: &ResolveConfig,
) -> Vec<Option<&'g Entry>> {
    let keys: Vec<String> = places.iter().map(|place| normalize(&place.text)).collect();
    let first: Vec<Option<&Entry>> = places
        .iter()
        .map(|place| gazetteer.resolve_name(&place.text, &GeoContext::new()))
        .collect();
    if !use_context {
        return first;
    }
    // Each round resolves every span against the previous round's picks.
    let mut picks = first;
    for _ in 0..ROUNDS {
        picks = places
            .iter()
            .enumerate()
            .map(|(index, place)| {
                let mut context = GeoContext::new();
                for (other, pick) in picks.iter().enumerate() {
                    if keys[other] == keys[index] {
                        continue;
                    }
                    if let Some(entry) = pick {
                        context.add_entry(entry);
                    }
                }
                gazetteer.resolve_name_with(&place.text, &context, config)
            })
            .collect();
    }
    picks
}

fn report(file: &str, tally: &mut Tally) {
    let share = |count: usize, total: usize| {
        if total == 0 {
            0.0
        } else {
            count as f64 / total as f64
        }
    };
    tally.errors_km.sort_by(f64::total_cmp);
    let median = tally
        .errors_km
        .get(tally.errors_km.len() / 2)
        .copied()
        .unwrap_or(f64::NAN);
    println!("{file}");
    println!(
        "  spans {}  found {} ({:.3})  acc@161 {:.3} of all, {:.3} of found  \
         same geonames id {:.3}  same country {:.3}  median error {:.0} km",
        tally.spans,
        tally.found,
        share(tally.found, tally.spans),
        share(tally.within_161, tally.spans),
        share(tally.within_161, tally.found),
        share(tally.same_id, tally.spans),
        share(tally.same_country, tally.spans),
        median
    );
    println!(
        "  right entry but point > 161 km from gold: {} spans ({:.3} of all)",
        tally.same_id_far,
        share(tally.same_id_far, tally.spans)
    );
}
