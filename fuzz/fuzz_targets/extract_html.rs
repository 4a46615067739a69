//! dyad-extract on arbitrary bytes: charset sniffing and decoding, the
//! html5ever tree, metadata and body scoring. The first byte picks an HTTP
//! charset to pass (none, a real one, or junk) and whether a URL is given.

#![no_main]

use libfuzzer_sys::fuzz_target;

const CHARSETS: &[Option<&str>] = &[
    None,
    Some("utf-8"),
    Some("windows-1252"),
    Some("shift_jis"),
    Some("utf-16le"),
    Some("x-no-such-charset"),
    Some(""),
    Some("iso-8859-1"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let charset = CHARSETS[usize::from(selector) % CHARSETS.len()];
    let url = (selector & 0x80 != 0).then_some("https://example.org/2024/05/17/world/talks-resume");
    let page = dyad_extract::extract_bytes(rest, charset, url);
    if let Some(date) = page.published {
        assert_eq!(
            date.to_string().parse::<jiff::civil::Date>().ok(),
            Some(date)
        );
    }
    if let Ok(text) = std::str::from_utf8(rest) {
        let _ = dyad_extract::extract(text, url);
    }
});
