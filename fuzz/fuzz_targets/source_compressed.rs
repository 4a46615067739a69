//! gzip and zstd decompression, whole and streamed: output stays under the
//! limit (plus one read buffer), and compressed input read as any format
//! gives results that name the document. The first byte picks the codec
//! (the rest is given its magic number so the decoder, not the sniffer, is
//! exercised) and the format.

#![no_main]

use dyad_source::compress::{self, Compression};
use dyad_source::Format;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const LIMIT: u64 = 1024 * 1024;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let (compression, magic): (Compression, &[u8]) = if selector & 1 == 0 {
        (Compression::Gzip, &[0x1f, 0x8b])
    } else {
        (Compression::Zstd, &[0x28, 0xb5, 0x2f, 0xfd])
    };
    let mut bytes = magic.to_vec();
    bytes.extend_from_slice(rest);

    let (out, _error) = compress::decompress(&bytes, compression, LIMIT);
    assert!(
        out.len() as u64 <= LIMIT + 64 * 1024,
        "{} bytes out",
        out.len()
    );

    let mut streamed = Vec::new();
    let mut reader = compression.streaming_reader(&bytes[..], LIMIT);
    let _ = compress::read_to_end_lenient(&mut reader, &mut streamed);
    let bound = LIMIT.max(bytes.len() as u64 * compress::MAX_RATIO) + 64 * 1024;
    assert!(
        streamed.len() as u64 <= bound,
        "{} bytes streamed",
        streamed.len()
    );

    let format = match (selector >> 1) % 6 {
        0 => Format::Text,
        1 => Format::Json,
        2 => Format::JsonLines,
        3 => Format::Html,
        4 => Format::Feed,
        _ => Format::Warc,
    };
    common::read_and_check(&bytes, format);
});
