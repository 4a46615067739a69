//! Compact JSON of a [`Record`] written straight into a byte buffer: the
//! exact bytes `serde_json::to_writer` writes for it, at a fraction of the cost.
//!
//! Why not serde: `dyad code --jsonl` prints one record per article, and
//! serde_json spent about 175,000 instructions on an average news record
//! (escaping every key through the string escaper, one `SerializeMap`
//! entry and its state machine per field). Here keys are byte literals,
//! strings are copied in runs between the rare bytes that need escaping, and
//! integers are written without the formatting machinery.
//!
//! Byte identity with serde_json is the contract: field order and names are
//! the structs' declaration order, absent optional fields are skipped exactly
//! where their `skip_serializing_if` says, escapes are serde_json's (the short
//! forms `\"` `\\` `\b` `\f` `\n` `\r` `\t`, `\u00xx` in lowercase hex for
//! other control bytes, nothing else escaped), and floats are formatted by
//! serde_json itself. The tests compare the two writers on records with
//! every field present and absent; a field added to a record struct but not
//! here makes them fail.

use crate::{
    ActorRecord, AttributionRecord, DocRecord, EventDateRecord, EventRecord, MentionRecord,
    PlaceRecord, QuoteRecord, Record, TimeRecord,
};

impl Record {
    /// Appends the record's compact JSON (no trailing newline) to `out`:
    /// byte for byte what `serde_json::to_writer(out, self)` writes.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"doc\":");
        self.doc.write_json(out);
        out.extend_from_slice(b",\"actors\":");
        list(out, &self.actors, ActorRecord::write_json);
        out.extend_from_slice(b",\"mentions\":");
        list(out, &self.mentions, MentionRecord::write_json);
        out.extend_from_slice(b",\"times\":");
        list(out, &self.times, TimeRecord::write_json);
        out.extend_from_slice(b",\"places\":");
        list(out, &self.places, PlaceRecord::write_json);
        out.extend_from_slice(b",\"quotes\":");
        list(out, &self.quotes, QuoteRecord::write_json);
        out.extend_from_slice(b",\"events\":");
        list(out, &self.events, EventRecord::write_json);
        out.push(b'}');
    }
}

impl DocRecord {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"id\":");
        string(out, &self.id);
        opt_string(out, b",\"url\":", &self.url);
        opt_string(out, b",\"title\":", &self.title);
        opt_string(out, b",\"published\":", &self.published);
        opt_string(out, b",\"source_name\":", &self.source_name);
        out.push(b'}');
    }
}

impl ActorRecord {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"id\":");
        string(out, &self.id);
        out.extend_from_slice(b",\"name\":");
        string(out, &self.name);
        out.extend_from_slice(b",\"code\":");
        string(out, &self.code);
        opt_string(out, b",\"country\":", &self.country);
        opt_string(out, b",\"org\":", &self.org);
        opt_string(out, b",\"sector\":", &self.sector);
        opt_string(out, b",\"role\":", &self.role);
        out.extend_from_slice(b",\"kind\":");
        string(out, &self.kind);
        out.push(b'}');
    }
}

impl MentionRecord {
    fn write_json(&self, out: &mut Vec<u8>) {
        span_head(out, self.start.into(), self.end.into(), &self.text);
        out.extend_from_slice(b",\"kind\":");
        string(out, &self.kind);
        opt_string(out, b",\"actor\":", &self.actor);
        out.push(b'}');
    }
}

impl TimeRecord {
    fn write_json(&self, out: &mut Vec<u8>) {
        span_head(out, self.start.into(), self.end.into(), &self.text);
        out.extend_from_slice(b",\"value\":");
        string(out, &self.value);
        out.extend_from_slice(b",\"grain\":");
        string(out, &self.grain);
        opt_string(out, b",\"from\":", &self.from);
        opt_string(out, b",\"to\":", &self.to);
        out.push(b'}');
    }
}

impl PlaceRecord {
    fn write_json(&self, out: &mut Vec<u8>) {
        span_head(out, self.start.into(), self.end.into(), &self.text);
        out.extend_from_slice(b",\"name\":");
        string(out, &self.name);
        opt_string(out, b",\"country\":", &self.country);
        opt_string(out, b",\"admin1\":", &self.admin1);
        out.extend_from_slice(b",\"lat\":");
        float(out, self.lat);
        out.extend_from_slice(b",\"lon\":");
        float(out, self.lon);
        if let Some(id) = self.geonames_id {
            out.extend_from_slice(b",\"geonames_id\":");
            uint(out, id.into());
        }
        out.extend_from_slice(b",\"kind\":");
        string(out, &self.kind);
        out.push(b'}');
    }
}

impl QuoteRecord {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"start\":");
        uint(out, self.start.into());
        out.extend_from_slice(b",\"end\":");
        uint(out, self.end.into());
        out.extend_from_slice(b",\"content_start\":");
        uint(out, self.content_start.into());
        out.extend_from_slice(b",\"content_end\":");
        uint(out, self.content_end.into());
        opt_string(out, b",\"speaker\":", &self.speaker);
        opt_string(out, b",\"speaker_text\":", &self.speaker_text);
        opt_uint(
            out,
            b",\"speaker_start\":",
            self.speaker_start.map(u64::from),
        );
        opt_uint(out, b",\"speaker_end\":", self.speaker_end.map(u64::from));
        opt_string(out, b",\"cue\":", &self.cue);
        opt_uint(out, b",\"cue_start\":", self.cue_start.map(u64::from));
        opt_uint(out, b",\"cue_end\":", self.cue_end.map(u64::from));
        out.extend_from_slice(b",\"kind\":");
        string(out, &self.kind);
        opt_uint(out, b",\"within\":", self.within.map(|w| w as u64));
        out.push(b'}');
    }
}

impl EventDateRecord {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"value\":");
        string(out, &self.value);
        out.extend_from_slice(b",\"grain\":");
        string(out, &self.grain);
        out.extend_from_slice(b",\"time\":");
        string(out, &self.time);
        opt_uint(out, b",\"time_index\":", self.time_index.map(|i| i as u64));
        out.push(b'}');
    }
}

impl AttributionRecord {
    fn write_json(&self, out: &mut Vec<u8>) {
        // `claimant` has no `skip_serializing_if`: an unresolved speaker is `null`.
        out.extend_from_slice(b"{\"claimant\":");
        match &self.claimant {
            Some(claimant) => string(out, claimant),
            None => out.extend_from_slice(b"null"),
        }
        opt_uint(out, b",\"quote\":", self.quote.map(|q| q as u64));
        out.push(b'}');
    }
}

impl EventRecord {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"id\":");
        string(out, &self.id);
        out.extend_from_slice(b",\"sentence_start\":");
        uint(out, self.sentence_start.into());
        out.extend_from_slice(b",\"sentence_end\":");
        uint(out, self.sentence_end.into());
        out.extend_from_slice(b",\"trigger_start\":");
        uint(out, self.trigger_start.into());
        out.extend_from_slice(b",\"trigger_end\":");
        uint(out, self.trigger_end.into());
        out.extend_from_slice(b",\"trigger\":");
        string(out, &self.trigger);
        opt_string(out, b",\"source\":", &self.source);
        opt_string(out, b",\"target\":", &self.target);
        out.extend_from_slice(b",\"cameo\":");
        string(out, &self.cameo);
        out.extend_from_slice(b",\"plover\":");
        string(out, &self.plover);
        if !self.plover_mode.is_empty() {
            out.extend_from_slice(b",\"plover_mode\":");
            string(out, &self.plover_mode);
        }
        out.extend_from_slice(b",\"goldstein\":");
        float(out, self.goldstein);
        out.extend_from_slice(b",\"quad_class\":");
        uint(out, self.quad_class.into());
        if let Some(date) = &self.date {
            out.extend_from_slice(b",\"date\":");
            date.write_json(out);
        }
        opt_uint(out, b",\"place\":", self.place.map(|p| p as u64));
        out.extend_from_slice(b",\"negated\":");
        boolean(out, self.negated);
        out.extend_from_slice(b",\"modality\":");
        string(out, &self.modality);
        if let Some(attribution) = &self.attribution {
            out.extend_from_slice(b",\"attribution\":");
            attribution.write_json(out);
        }
        out.extend_from_slice(b",\"asserted\":");
        boolean(out, self.asserted);
        out.extend_from_slice(b",\"pattern\":");
        string(out, &self.pattern);
        if self.target_inferred {
            out.extend_from_slice(b",\"target_inferred\":true");
        }
        out.push(b'}');
    }
}

/// A JSON array of `items`, each written by `write`.
fn list<T>(out: &mut Vec<u8>, items: &[T], write: fn(&T, &mut Vec<u8>)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(item, out);
    }
    out.push(b']');
}

/// `key` (with its leading comma and colon) and the string, when present.
#[inline]
fn opt_string(out: &mut Vec<u8>, key: &[u8], value: &Option<String>) {
    if let Some(value) = value {
        out.extend_from_slice(key);
        string(out, value);
    }
}

/// `key` and the number, when present.
#[inline]
fn opt_uint(out: &mut Vec<u8>, key: &[u8], value: Option<u64>) {
    if let Some(value) = value {
        out.extend_from_slice(key);
        uint(out, value);
    }
}

#[inline]
fn boolean(out: &mut Vec<u8>, value: bool) {
    out.extend_from_slice(if value { b"true" } else { b"false" });
}

/// An unsigned integer in decimal, as serde_json writes every integer type.
/// Opens a span record: `{"start":…,"end":…,"text":…`, the fields every
/// mention, time and place record begins with, in serde's order.
fn span_head(out: &mut Vec<u8>, start: u64, end: u64, text: &str) {
    out.extend_from_slice(b"{\"start\":");
    uint(out, start);
    out.extend_from_slice(b",\"end\":");
    uint(out, end);
    out.extend_from_slice(b",\"text\":");
    string(out, text);
}

/// The two-digit numbers 00 to 99, one after another: `uint` writes two
/// digits per division, as serde_json's `itoa` does (offsets are mostly of
/// four to six digits).
const PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

fn uint(out: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    while value >= 100 {
        let pair = (value % 100) as usize * 2;
        value /= 100;
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if value >= 10 {
        let pair = value as usize * 2;
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        at -= 1;
        digits[at] = b'0' + value as u8;
    }
    out.extend_from_slice(&digits[at..]);
}

/// A float as serde_json writes it (shortest round-trip form, `null` when
/// not finite): serde_json formats it, so the two cannot drift apart.
fn float(out: &mut Vec<u8>, value: f64) {
    // Writing into a `Vec` cannot fail, nor can serialising an `f64`.
    let _ = serde_json::to_writer(&mut *out, &value);
}

/// Which bytes a JSON string escapes, and how: 0 for none, `u` for
/// `\u00xx`, else the letter after the backslash (serde_json's table).
const fn escape_table() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
}

static ESCAPE: [u8; 256] = escape_table();

/// True when one of the eight bytes of `word` is escaped in JSON: a control
/// byte (below 0x20), a quote or a backslash. The usual "has a zero byte"
/// test (`(x - 0x01..) & !x & 0x80..`) on `word` for "below 0x20", and on
/// `word` XOR the quote or backslash for "equals". It may also flag a byte
/// right after a real hit (a borrow), never a word without one: a hit only
/// sends the word through the byte-by-byte loop.
#[inline]
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let zero = |x: u64| below(x, 1);
    (below(word, 0x20)
        | zero(word ^ (ONES * u64::from(b'"')))
        | zero(word ^ (ONES * u64::from(b'\\'))))
        != 0
}

/// A quoted JSON string: runs of bytes that need no escape are copied whole,
/// found eight bytes at a time.
fn string(out: &mut Vec<u8>, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = value.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Skip whole words with nothing to escape, as most text is.
    let mut clean = 0;
    while let Some(chunk) = bytes.get(clean..clean + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if needs_escape(u64::from_le_bytes(word)) {
            break;
        }
        clean += 8;
    }
    let mut run = 0;
    for (i, &byte) in bytes.iter().enumerate().skip(clean) {
        let escape = ESCAPE[byte as usize];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[run..i]);
        run = i + 1;
        if escape == b'u' {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(byte >> 4) as usize]);
            out.push(HEX[(byte & 0xF) as usize]);
        } else {
            out.push(b'\\');
            out.push(escape);
        }
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_written_as_serde_json_writes_them() {
        let mut values: Vec<u64> = vec![0, 9, 10, 99, 100, 101, 999, 1000, u64::MAX];
        values.extend((0..20).map(|p| 10u64.pow(p)));
        values.extend((1..20).map(|p| 10u64.pow(p) - 1));
        values.extend((0..5000).map(|v| v * 37));
        for value in values {
            let mut mine = Vec::new();
            uint(&mut mine, value);
            let theirs = serde_json::to_vec(&value).unwrap_or_default();
            assert_eq!(mine, theirs, "{value}");
        }
    }

    fn same_as_serde(record: &Record) {
        let mut mine = Vec::new();
        record.write_json(&mut mine);
        let theirs = serde_json::to_vec(record).unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&mine),
            String::from_utf8_lossy(&theirs)
        );
    }

    /// Every string a record may carry, including the bytes JSON escapes.
    const AWKWARD: &str = "say \"no\" \\ back\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f} / é “quoted” 😀";

    fn full() -> Record {
        let s = |text: &str| Some(text.to_string());
        Record {
            doc: DocRecord {
                id: AWKWARD.into(),
                url: s("https://example.org/a?b=1&c=2"),
                title: s("Ministers meet\tagain"),
                published: s("2024-03-05"),
                source_name: s("The Example Courier"),
            },
            actors: vec![
                ActorRecord {
                    id: "a0".into(),
                    name: "Ruritania".into(),
                    code: "RURGOV".into(),
                    country: s("RUR"),
                    org: s("XYZ"),
                    sector: s("GOV"),
                    role: s("head of \"state\""),
                    kind: "country".into(),
                },
                ActorRecord {
                    id: "a1".into(),
                    name: String::new(),
                    code: String::new(),
                    country: None,
                    org: None,
                    sector: None,
                    role: None,
                    kind: "group".into(),
                },
            ],
            mentions: vec![
                MentionRecord {
                    start: 0,
                    end: u32::MAX,
                    text: AWKWARD.into(),
                    kind: "name".into(),
                    actor: s("a0"),
                },
                MentionRecord {
                    start: 10,
                    end: 19,
                    text: "they".into(),
                    kind: "pronoun".into(),
                    actor: None,
                },
            ],
            times: vec![
                TimeRecord {
                    start: 5,
                    end: 12,
                    text: "mid-May".into(),
                    value: "2024-05".into(),
                    grain: "month".into(),
                    from: s("2024-05-11"),
                    to: s("2024-05-20"),
                },
                TimeRecord {
                    start: 7,
                    end: 9,
                    text: "today".into(),
                    value: "2024-03-05".into(),
                    grain: "day".into(),
                    from: None,
                    to: None,
                },
            ],
            places: vec![
                PlaceRecord {
                    start: 1,
                    end: 2,
                    text: "Strelsau".into(),
                    name: "Strelsau".into(),
                    country: s("RU"),
                    admin1: s("North"),
                    lat: -33.8688,
                    lon: 151.2093,
                    geonames_id: Some(4_294_967_295),
                    kind: "city".into(),
                },
                PlaceRecord {
                    start: 3,
                    end: 4,
                    text: "the sea".into(),
                    name: "Sea".into(),
                    country: None,
                    admin1: None,
                    lat: 0.0,
                    lon: 1e-7,
                    geonames_id: None,
                    kind: "region".into(),
                },
                PlaceRecord {
                    start: 3,
                    end: 4,
                    text: "nowhere".into(),
                    name: "Nowhere".into(),
                    country: None,
                    admin1: None,
                    lat: f64::NAN,
                    lon: 1e22,
                    geonames_id: Some(0),
                    kind: "landmark".into(),
                },
            ],
            quotes: vec![
                QuoteRecord {
                    start: 0,
                    end: 40,
                    content_start: 1,
                    content_end: 30,
                    speaker: s("a0"),
                    speaker_text: s("the minister"),
                    speaker_start: Some(31),
                    speaker_end: Some(43),
                    cue: s("said"),
                    cue_start: Some(44),
                    cue_end: Some(48),
                    kind: "direct".into(),
                    within: Some(3),
                },
                QuoteRecord {
                    start: 0,
                    end: 40,
                    content_start: 1,
                    content_end: 30,
                    speaker: None,
                    speaker_text: None,
                    speaker_start: None,
                    speaker_end: None,
                    cue: None,
                    cue_start: None,
                    cue_end: None,
                    kind: "indirect".into(),
                    within: None,
                },
            ],
            events: vec![
                EventRecord {
                    id: "e0".into(),
                    sentence_start: 0,
                    sentence_end: 100,
                    trigger_start: 20,
                    trigger_end: 25,
                    trigger: "met".into(),
                    source: s("a0"),
                    target: s("a1"),
                    cameo: "040".into(),
                    plover: "CONSULT".into(),
                    plover_mode: "visit".into(),
                    goldstein: -9.5,
                    quad_class: 4,
                    date: Some(EventDateRecord {
                        value: "2024-03-05".into(),
                        grain: "day".into(),
                        time: "text".into(),
                        time_index: Some(1),
                    }),
                    place: Some(0),
                    negated: true,
                    modality: "future".into(),
                    attribution: Some(AttributionRecord {
                        claimant: s("a0"),
                        quote: Some(0),
                    }),
                    asserted: false,
                    pattern: "04.meet".into(),
                    target_inferred: true,
                },
                EventRecord {
                    id: "e1".into(),
                    sentence_start: 0,
                    sentence_end: 100,
                    trigger_start: 20,
                    trigger_end: 25,
                    trigger: String::new(),
                    source: None,
                    target: None,
                    cameo: "190".into(),
                    plover: String::new(),
                    plover_mode: String::new(),
                    goldstein: 3.0,
                    quad_class: 1,
                    date: Some(EventDateRecord {
                        value: "2024".into(),
                        grain: "year".into(),
                        time: "published".into(),
                        time_index: None,
                    }),
                    place: None,
                    negated: false,
                    modality: "asserted".into(),
                    attribution: Some(AttributionRecord {
                        claimant: None,
                        quote: None,
                    }),
                    asserted: true,
                    pattern: "19.fight".into(),
                    target_inferred: false,
                },
                EventRecord {
                    id: "e2".into(),
                    sentence_start: 0,
                    sentence_end: 1,
                    trigger_start: 0,
                    trigger_end: 1,
                    trigger: "x".into(),
                    source: None,
                    target: None,
                    cameo: "010".into(),
                    plover: "AGREE".into(),
                    plover_mode: String::new(),
                    goldstein: 0.1 + 0.2,
                    quad_class: 0,
                    date: None,
                    place: None,
                    negated: false,
                    modality: "asserted".into(),
                    attribution: None,
                    asserted: true,
                    pattern: String::new(),
                    target_inferred: false,
                },
            ],
        }
    }

    #[test]
    fn every_field_present_or_absent_is_written_as_serde_json_writes_it() {
        same_as_serde(&full());
    }

    #[test]
    fn an_empty_record_is_written_as_serde_json_writes_it() {
        same_as_serde(&Record {
            doc: DocRecord::default(),
            actors: Vec::new(),
            mentions: Vec::new(),
            times: Vec::new(),
            places: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
        });
    }

    #[test]
    fn every_byte_and_many_floats_are_written_as_serde_json_writes_them() {
        let mut record = full();
        // Every ASCII byte and a few multi-byte characters, one string each.
        record.mentions = (0u8..=0x7f)
            .map(|b| char::from(b).to_string())
            .chain(["é", "\u{2028}", "日本", "a\"b\\c"].map(String::from))
            .map(|text| MentionRecord {
                start: 0,
                end: 1,
                text,
                kind: "name".into(),
                actor: None,
            })
            .collect();
        let floats = [
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            123_456_789.0,
            1e15,
            1e16,
            1e17,
            1e-5,
            1e-6,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -179.999_999_9,
            45.123_456_789_012_3,
        ];
        let template = record.places[0].clone();
        record.places = floats
            .iter()
            .map(|&lat| PlaceRecord {
                lat,
                lon: -lat / 3.0,
                ..template.clone()
            })
            .collect();
        same_as_serde(&record);
    }

    #[test]
    fn the_word_test_flags_every_word_holding_an_escaped_byte() {
        for byte in 0..=255u8 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = byte;
                let escaped = ESCAPE[byte as usize] != 0;
                let flagged = needs_escape(u64::from_le_bytes(word));
                assert!(flagged || !escaped, "byte {byte:#x} at {at} missed");
                assert!(escaped || !flagged, "byte {byte:#x} at {at} flagged");
            }
        }
        // Long strings with the escaped byte past the first words.
        let mut record = full();
        for (i, text) in [
            "0123456789abcdef\"",
            "0123456789abcdefghij\n",
            "ünïcödé ünïcödé\u{1}",
        ]
        .into_iter()
        .enumerate()
        {
            record.mentions[i % 2].text = text.to_string();
            same_as_serde(&record);
        }
    }

    #[test]
    fn integers_are_plain_decimal() {
        for value in [0, 7, 10, 99, 100, 65_535, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            uint(&mut out, value);
            assert_eq!(out, value.to_string().into_bytes());
        }
    }
}
