//! Unpacks the compressed GeoNames files (`data/cities.tsv.gz`,
//! `data/towns.tsv.gz`) into `OUT_DIR`, so the library compiles in their
//! text and never inflates them at run time.
//!
//! Why: inflating the 10 MB of text took about a fifth of the gazetteer's
//! start-up (dyad's start-up budget is 100 ms). The files stay compressed in
//! the repository, where they are generated data (`tools/gazetteer/build.py`).

use std::io::Read;
use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in ["cities.tsv", "towns.tsv"] {
        let source = manifest.join("data").join(format!("{name}.gz"));
        println!("cargo:rerun-if-changed=data/{name}.gz");
        let compressed = std::fs::read(&source)
            .unwrap_or_else(|error| panic!("reading {}: {error}", source.display()));
        let mut text = String::with_capacity(compressed.len() * 4);
        flate2::read::GzDecoder::new(compressed.as_slice())
            .read_to_string(&mut text)
            .unwrap_or_else(|error| panic!("unpacking {}: {error}", source.display()));
        std::fs::write(out.join(name), text)
            .unwrap_or_else(|error| panic!("writing {name} to OUT_DIR: {error}"));
    }
}
