//! Decodes the shipped weights (`data/tagger.bin`) into the lookup tables
//! the tagger scores with and writes them as one byte string
//! (`$OUT_DIR/tagger.table`, see `Model::to_table`), which the library
//! compiles in: the builtin tagger then loads with a copy instead of a
//! parse (a sixth of `dyad`'s start-up). The decoder is the library's own
//! `src/model.rs`, compiled into this script, so the two cannot disagree.

// The script uses a few items of the library's modules.
#![allow(dead_code, unused_imports)]

#[path = "src/features.rs"]
mod features;
#[path = "src/hash.rs"]
mod hash;
#[path = "src/model.rs"]
mod model;

fn main() {
    for path in [
        "data/tagger.bin",
        "src/features.rs",
        "src/hash.rs",
        "src/model.rs",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    let bytes = std::fs::read("data/tagger.bin").expect("data/tagger.bin is readable");
    let model = model::Model::decode(&bytes).expect("data/tagger.bin is a valid weights file");
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let path = std::path::Path::new(&out_dir).join("tagger.table");
    std::fs::write(path, model.to_table()).expect("OUT_DIR is writable");
}
