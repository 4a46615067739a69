//! The Feed reader of dyad-source on arbitrary bytes.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::read_and_check(data, dyad_source::Format::Feed);
});
