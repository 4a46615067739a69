//! Scores `dyad_time::find_times` against gold files in dyad's `times` JSONL
//! format (`eval/FORMAT.md`): one document per line,
//! `{id, published, text, times: [{start, end, text, value, grain}]}`.
//!
//! ```text
//! cargo run -p dyad-time --example eval_time -- GOLD.jsonl [MORE.jsonl…] [--errors] [--write=PRED.jsonl]
//! ```
//!
//! Figures, per file, follow `score_time` of `eval/score.py`: a prediction
//! matches a gold expression when their byte spans overlap (each gold takes
//! the first unused overlapping prediction); detection P/R/F1; value
//! accuracy over matches (equal ISO strings, intervals within ±1 day at each
//! end). A second accuracy compares at the gold grain over gold values that
//! are calendar values (the TempEval-3 convention: "2012-12" is met by any
//! day of December 2012; "PRESENT_REF" or "2012-SU" are left out).
//! `--errors` lists misses, false alarms and wrong values; `--write=PATH`
//! writes the predictions in the same layout, for `eval/score.py time`.

use dyad_doc::{Date, TimeValue};
use dyad_time::{find_times, TimeContext};
use serde_json::Value;
use std::process::ExitCode;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let show_errors = arguments.iter().any(|argument| argument == "--errors");
    let write_to = arguments
        .iter()
        .find_map(|argument| argument.strip_prefix("--write="));
    let mut written = String::new();
    let files: Vec<&String> = arguments
        .iter()
        .filter(|argument| !argument.starts_with("--"))
        .collect();
    if files.is_empty() {
        eprintln!("usage: eval_time GOLD.jsonl [MORE.jsonl…] [--errors]");
        return ExitCode::from(2);
    }
    for file in files {
        match std::fs::read_to_string(file) {
            Ok(content) => score_file(file, &content, show_errors, &mut written),
            Err(error) => {
                eprintln!("{file}: {error}");
                return ExitCode::from(2);
            }
        }
    }
    if let Some(path) = write_to {
        if let Err(error) = std::fs::write(path, written) {
            eprintln!("{path}: {error}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

#[derive(Default)]
struct Counts {
    predicted: usize,
    gold: usize,
    matched: usize,
    value_equal: usize,
    calendar_matched: usize,
    calendar_equal: usize,
}

fn score_file(file: &str, content: &str, show_errors: bool, written: &mut String) {
    let mut counts = Counts::default();
    let started = std::time::Instant::now();
    let mut bytes = 0;
    for (line_number, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let document: Value = match serde_json::from_str(line) {
            Ok(document) => document,
            Err(error) => {
                eprintln!("{file}:{}: {error}", line_number + 1);
                continue;
            }
        };
        let id = document["id"].as_str().unwrap_or("?");
        let text = document["text"].as_str().unwrap_or("");
        bytes += text.len();
        let published = document["published"]
            .as_str()
            .and_then(|date| date.get(..10)?.parse::<Date>().ok());
        let predicted = find_times(text, &[], &TimeContext::new(published));
        written.push_str(&prediction_line(id, text, &predicted));
        written.push('\n');
        let gold: Vec<&Value> = document["times"]
            .as_array()
            .map(|times| times.iter().collect())
            .unwrap_or_default();
        counts.predicted += predicted.len();
        counts.gold += gold.len();
        let mut used = vec![false; predicted.len()];
        for expression in &gold {
            let start = expression["start"].as_u64().unwrap_or(0) as usize;
            let end = expression["end"].as_u64().unwrap_or(0) as usize;
            let gold_value = expression["value"].as_str().unwrap_or("");
            let found = predicted.iter().enumerate().find(|(index, time)| {
                !used[*index] && time.span.start() < end && start < time.span.end()
            });
            let Some((index, time)) = found else {
                if show_errors {
                    println!("MISS  {id} {:?} {gold_value}", slice(text, start, end));
                }
                continue;
            };
            used[index] = true;
            counts.matched += 1;
            let equal = time
                .value
                .is_some_and(|value| same_value(gold_value, value));
            counts.value_equal += usize::from(equal);
            if let Some(gold_calendar) = parse_calendar(gold_value) {
                counts.calendar_matched += 1;
                let at_grain = time
                    .value
                    .is_some_and(|value| same_at_grain(&gold_calendar, value, gold_value));
                counts.calendar_equal += usize::from(at_grain);
            }
            if show_errors && !equal {
                let shown = time
                    .value
                    .map_or("none".to_string(), |value| value.to_string());
                println!(
                    "VALUE {id} {:?} gold {gold_value} got {shown} ({:?}) | {}",
                    slice(text, start, end),
                    slice(text, time.span.start(), time.span.end()),
                    context(text, start, end)
                );
            }
        }
        if show_errors {
            for (_, time) in predicted
                .iter()
                .enumerate()
                .filter(|(index, _)| !used[*index])
            {
                let shown = time
                    .value
                    .map_or("none".to_string(), |value| value.to_string());
                println!(
                    "EXTRA {id} {:?} {shown} | {}",
                    slice(text, time.span.start(), time.span.end()),
                    context(text, time.span.start(), time.span.end())
                );
            }
        }
    }
    let elapsed = started.elapsed();
    let precision = ratio(counts.matched, counts.predicted);
    let recall = ratio(counts.matched, counts.gold);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    println!("{file}");
    println!(
        "  detection F1 {f1:.3} (P {precision:.3} R {recall:.3}; {} matched of {} gold, {} predicted)",
        counts.matched, counts.gold, counts.predicted
    );
    println!(
        "  value accuracy {:.3} ({}/{} matches, exact ISO value)",
        ratio(counts.value_equal, counts.matched),
        counts.value_equal,
        counts.matched
    );
    println!(
        "  value accuracy at gold grain {:.3} ({}/{} matches with a calendar gold value)",
        ratio(counts.calendar_equal, counts.calendar_matched),
        counts.calendar_equal,
        counts.calendar_matched
    );
    println!(
        "  {bytes} bytes in {:.1} ms",
        elapsed.as_secs_f64() * 1000.0
    );
}

/// One document's predictions in the `times` layout of `eval/FORMAT.md`.
fn prediction_line(id: &str, text: &str, times: &[dyad_doc::TimeExpr]) -> String {
    let times: Vec<Value> = times
        .iter()
        .map(|time| {
            let mut record = serde_json::json!({
                "start": time.span.start,
                "end": time.span.end,
                "text": slice(text, time.span.start(), time.span.end()),
                "value": time.value.map(|value| value.to_string()),
                "grain": time.value.map(|value| value.grain().to_string()),
            });
            match time.open {
                Some(dyad_doc::OpenEnd::From) => record["from"] = record["value"].clone(),
                Some(dyad_doc::OpenEnd::To) => record["to"] = record["value"].clone(),
                None => {}
            }
            record
        })
        .collect();
    serde_json::json!({ "id": id, "times": times }).to_string()
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or("?")
}

/// Up to 60 bytes around a span, on one line.
fn context(text: &str, start: usize, end: usize) -> String {
    let mut from = start.saturating_sub(60);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 40).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    text[from..to].replace('\n', " ")
}

/// The `eval/score.py` rule: equal strings, or intervals within ±1 day.
fn same_value(gold: &str, predicted: TimeValue) -> bool {
    let shown = predicted.to_string();
    if shown == gold {
        return true;
    }
    let Some((gold_from, gold_to)) = gold.split_once('/') else {
        return false;
    };
    let Some((from, to)) = predicted.bounds() else {
        return false;
    };
    let near = |gold: &str, date: Date| {
        gold.get(..10)
            .and_then(|day| day.parse::<Date>().ok())
            .is_some_and(|gold| gold.duration_until(date).as_hours().abs() <= 24)
    };
    near(gold_from, from) && near(gold_to, to)
}

/// A gold value that names a calendar period.
enum Calendar {
    Day(Date),
    Week(i16, i8),
    Month(i16, i8),
    Quarter(i16, i8),
    Year(i16),
    Interval,
}

fn parse_calendar(value: &str) -> Option<Calendar> {
    if value.contains('/') {
        return Some(Calendar::Interval);
    }
    let number = |range: std::ops::Range<usize>| {
        value
            .get(range)
            .and_then(|digits| digits.parse::<i16>().ok())
    };
    let bytes = value.as_bytes();
    match bytes.len() {
        4 => number(0..4).map(Calendar::Year),
        7 if bytes[4] == b'-' && bytes[5] == b'Q' => {
            Some(Calendar::Quarter(number(0..4)?, number(6..7)? as i8))
        }
        7 if bytes[4] == b'-' => Some(Calendar::Month(number(0..4)?, number(5..7)? as i8)),
        8 if bytes[4] == b'-' && bytes[5] == b'W' => {
            Some(Calendar::Week(number(0..4)?, number(6..8)? as i8))
        }
        _ if bytes.len() >= 10 => value.get(..10)?.parse::<Date>().ok().map(Calendar::Day),
        _ => None,
    }
}

/// The predicted value's first day, read at the grain of the gold value.
fn same_at_grain(gold: &Calendar, predicted: TimeValue, gold_text: &str) -> bool {
    let Some((first, _)) = predicted.bounds() else {
        return false;
    };
    match *gold {
        Calendar::Day(day) => first == day,
        Calendar::Week(year, week) => {
            let iso = first.iso_week_date();
            (iso.year(), iso.week()) == (year, week)
        }
        Calendar::Month(year, month) => (first.year(), first.month()) == (year, month),
        Calendar::Quarter(year, quarter) => {
            (first.year(), (first.month() - 1) / 3 + 1) == (year, quarter)
        }
        Calendar::Year(year) => first.year() == year,
        Calendar::Interval => same_value(gold_text, predicted),
    }
}
