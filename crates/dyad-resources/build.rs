//! Lists the data files under `data/` so `lib.rs` can compile them in.
//!
//! Why a build script: folders such as `data/actors/people/` and
//! `data/patterns/` hold any number of files, and adding one should not need
//! a code change. The generated list is `(relative path, include_str!(...))`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, root, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("tsv" | "txt")
        ) {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
}

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let data = manifest.join("data");
    println!("cargo:rerun-if-changed=data");
    for sub in ["actors", "actors/people", "patterns", "lexicon", "cameo"] {
        println!("cargo:rerun-if-changed=data/{sub}");
    }
    let mut files = Vec::new();
    collect(&data, &data, &mut files);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut out = fs::File::create(out_dir.join("builtin_files.rs")).expect("OUT_DIR is writable");
    writeln!(
        out,
        "/// Every builtin data file: path under `data/` and contents."
    )
    .expect("write");
    writeln!(out, "pub const BUILTIN_FILES: &[(&str, &str)] = &[").expect("write");
    for (rel, path) in files {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("write");
    }
    writeln!(out, "];").expect("write");
}
