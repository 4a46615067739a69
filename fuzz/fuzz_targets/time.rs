//! dyad-time's expression finder on arbitrary text and reference dates.
//!
//! The first four bytes give the publication date (year anywhere in jiff's
//! range -9999..=9999, including 0 and the edges, or none); the rest, lossily
//! decoded, is the text. Every expression's span must lie in the text on
//! char boundaries, in text order, and every value must print.

#![no_main]

use dyad_doc::Date;
use dyad_time::{find_times, TimeContext};
use libfuzzer_sys::fuzz_target;

fn date(bytes: [u8; 4]) -> Option<Date> {
    let raw = i16::from_le_bytes([bytes[0], bytes[1]]);
    let year = match bytes[3] % 4 {
        0 => return None,
        1 => raw % 10_000,
        2 => [0, 1, -9999, 9999, 1970, 2024][usize::from(bytes[2]) % 6],
        _ => 1900 + (raw.rem_euclid(200)),
    };
    let month = (bytes[2] % 12 + 1) as i8;
    let day = (bytes[3] / 4 % 31 + 1) as i8;
    Date::new(year, month, day)
        .ok()
        .or_else(|| Date::new(year, month, 1).ok())
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let published = date([data[0], data[1], data[2], data[3]]);
    let text = String::from_utf8_lossy(&data[4..]);
    let times = find_times(&text, &[], &TimeContext::new(published));
    let mut previous = 0u32;
    for time in &times {
        let (start, end) = (time.span.start as usize, time.span.end as usize);
        assert!(
            start <= end && end <= text.len(),
            "span {start}..{end} of {}",
            text.len()
        );
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        assert!(time.span.start >= previous, "times out of order");
        previous = time.span.start;
        if let Some(value) = time.value {
            let _ = value.to_string();
            let _ = value.bounds();
        }
    }
});
