//! The whole pipeline on arbitrary bytes, as `dyad code` runs it: bytes
//! decoded lossily, coded with the standard pipeline and built-in
//! resources, then checked with `Doc::check_invariants` and, in the
//! record, every span inside the text on char boundaries with its text
//! equal to the slice it names.

#![no_main]

use dyad_doc::{Date, Doc, DocMeta};
use dyad_pipeline::Pipeline;
use dyad_record::Record;
use dyad_resources::Resources;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(Pipeline::standard)
}

fn span_ok(text: &str, start: u32, end: u32, what: &str) {
    let (start, end) = (start as usize, end as usize);
    assert!(
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end),
        "{what} span {start}..{end} outside a text of {} bytes or off a char boundary",
        text.len()
    );
}

fuzz_target!(
    // Build the gazetteer and patterns before the first input: under ASan it
    // takes longer than the per-input timeout, which is not a hang.
    init: {
        dyad_pipeline::warm_up();
        let mut doc = Doc::new(DocMeta::default(), "Officials met in Oslo on Monday.");
        pipeline().run(&mut doc, Resources::builtin());
    },
    |data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let published = match selector % 4 {
        0 => None,
        1 => Date::new(2025, 6, 5).ok(),
        2 => Date::new(0, 1, 1).ok(),
        _ => Date::new(9999, 12, 31).ok(),
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let resources = Resources::builtin();
    let mut doc = Doc::new(
        DocMeta {
            id: "fuzz".into(),
            published,
            ..DocMeta::default()
        },
        text.clone(),
    );
    pipeline().run(&mut doc, resources);
    if let Err(violation) = doc.check_invariants() {
        panic!("invariant broken: {violation}");
    }
    let record = Record::from_doc(&doc, resources);
    for m in &record.mentions {
        span_ok(&text, m.start, m.end, "mention");
        assert_eq!(m.text, text[m.start as usize..m.end as usize]);
    }
    for t in &record.times {
        span_ok(&text, t.start, t.end, "time");
        assert_eq!(t.text, text[t.start as usize..t.end as usize]);
    }
    for p in &record.places {
        span_ok(&text, p.start, p.end, "place");
        assert_eq!(p.text, text[p.start as usize..p.end as usize]);
        assert!(p.lat.is_finite() && p.lon.is_finite());
    }
    for q in &record.quotes {
        span_ok(&text, q.start, q.end, "quote");
        span_ok(&text, q.content_start, q.content_end, "quote content");
        if let (Some(s), Some(e)) = (q.speaker_start, q.speaker_end) {
            span_ok(&text, s, e, "speaker");
        }
        if let (Some(s), Some(e)) = (q.cue_start, q.cue_end) {
            span_ok(&text, s, e, "cue");
        }
    }
    for e in &record.events {
        span_ok(&text, e.sentence_start, e.sentence_end, "event sentence");
        span_ok(&text, e.trigger_start, e.trigger_end, "event trigger");
        assert_eq!(e.trigger, text[e.trigger_start as usize..e.trigger_end as usize]);
    }
    // Records serialise (they are what `dyad code --jsonl` prints).
    if let Err(err) = serde_json::to_string(&record) {
        panic!("record does not serialise: {err}");
    }
});
