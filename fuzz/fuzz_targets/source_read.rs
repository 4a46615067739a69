//! The entry point `dyad_source::read` as the CLI calls it on stdin: the
//! format sniffed from the content, then read (decompressing first).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let format = dyad_source::Format::sniff(data);
    common::read_and_check(data, format);
    // Format names are user input too (`--format`, file names).
    if let Ok(name) = std::str::from_utf8(data) {
        let _ = dyad_source::Format::from_name(name);
        let _ = dyad_source::Format::parse(name);
        let _ = dyad_source::compress::Compression::from_name(name);
        let _ = dyad_source::parse_date(name);
    }
});
