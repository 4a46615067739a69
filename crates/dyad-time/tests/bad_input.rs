//! Years at and past the edges of the calendar (0, 9999, 99999, -9999), in
//! the text and as the publication date counted from, and every input the
//! `time` fuzz target ever crashed on (`tests/fuzz-regressions/`, replayed
//! the way the target reads them: 4 bytes of date, then the text). The
//! finder must return spans inside the text, never panic.

use dyad_doc::Date;
use dyad_time::{find_times, TimeContext};
use std::path::Path;

fn check(text: &str, published: Option<Date>) -> Vec<String> {
    let times = find_times(text, &[], &TimeContext::new(published));
    times
        .iter()
        .map(|time| {
            let (start, end) = (time.span.start as usize, time.span.end as usize);
            assert!(
                start <= end
                    && end <= text.len()
                    && text.is_char_boundary(start)
                    && text.is_char_boundary(end),
                "span {start}..{end} in {text:?}"
            );
            let value = time.value.map(|v| v.to_string()).unwrap_or_default();
            format!("{}={value}", &text[start..end])
        })
        .collect()
}

const EDGE_TEXTS: &[&str] = &[
    "The pact was signed in the year 0 and renewed in 99999.",
    "On 1 January 0000 and on 31 December 9999 and on 1 January 99999 nothing happened.",
    "By 99999 AD, or in 0 BC, or on 0000-01-01, or on 99999-12-31, or 9999-12-31T23:59:59Z.",
    "Next year, last year, next month, next week, tomorrow, yesterday, in ten years, a decade ago.",
    "The 99999th century, the 0s, the 9990s, the 10000s, Q4 9999, Q1 0000, December 9999.",
    "From 9998 to 99999, since 0, until 10000, between 0 and 1, 31/12/9999, 12/31/99999, 0/0/0.",
    "Friday, next Friday, last Friday, on Friday 31 December, in mid-December, late next year.",
];

fn edge_dates() -> Vec<Option<Date>> {
    [
        (0, 1, 1),
        (1, 1, 1),
        (9999, 12, 31),
        (9999, 12, 25),
        (-9999, 1, 1),
        (2024, 2, 29),
    ]
    .iter()
    .map(|&(y, m, d)| Date::new(y, m, d).ok())
    .chain([None])
    .collect()
}

#[test]
fn years_0_and_99999_in_text_and_as_publication_dates() {
    for published in edge_dates() {
        for text in EDGE_TEXTS {
            check(text, published);
        }
    }
    // Values stay in range: "next year" from 9999-12-31 has no 10000 to be.
    let found = check("It will happen next year.", Date::new(9999, 12, 31).ok());
    assert!(found.iter().all(|f| !f.contains("10000")), "{found:?}");
    // A plain year 0 and year 2023 read the same way.
    let found = check("The pact was signed in 2023.", Date::new(0, 6, 1).ok());
    assert!(found.iter().any(|f| f.ends_with("=2023")), "{found:?}");
}

/// The publication date the `time` fuzz target makes of its first 4 bytes
/// (kept in step with `fuzz/fuzz_targets/time.rs`).
fn fuzz_date(bytes: [u8; 4]) -> Option<Date> {
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

#[test]
fn inputs_that_once_crashed_the_fuzzer_run_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let Ok(files) = std::fs::read_dir(&root) else {
        return;
    };
    for file in files.filter_map(Result::ok) {
        let bytes = std::fs::read(file.path()).expect("regression file reads");
        if bytes.len() < 4 {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes[4..]);
        check(&text, fuzz_date([bytes[0], bytes[1], bytes[2], bytes[3]]));
        for published in edge_dates() {
            check(&text, published);
        }
    }
}
