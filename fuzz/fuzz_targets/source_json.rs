//! The JSON and JSON Lines readers of dyad-source; the first byte picks one.

#![no_main]

use dyad_source::Format;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let format = if selector & 1 == 0 {
        Format::Json
    } else {
        Format::JsonLines
    };
    common::read_and_check(rest, format);
});
