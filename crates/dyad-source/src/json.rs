//! JSON (one object or an array of objects) and JSON Lines (one object per
//! line), with configurable field names.

use crate::text::{check_str, check_text};
use crate::{parse_date, Document, Documents, ReadOptions, SourceError, SourceErrorKind};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// Which JSON fields hold what. Each field is a list of names tried in
/// order; a name starting with `/` is a JSON pointer into nested objects
/// (`/meta/published`).
///
/// # Example
/// ```
/// use dyad_source::{read, FieldNames, Format, ReadOptions};
/// let options = ReadOptions {
///     fields: FieldNames { text: vec!["content".into()], published: vec!["/meta/date".into()], ..FieldNames::default() },
///     ..ReadOptions::default()
/// };
/// let line = br#"{"id": "a1", "content": "Envoys met.", "meta": {"date": "2024-05-17"}}"#;
/// let docs = read("in.jsonl", line, Format::JsonLines, &options);
/// assert_eq!(docs[0].as_ref().map(|d| d.body.as_str()), Ok("Envoys met."));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNames {
    /// Identifier (string or number); default `id`.
    pub id: Vec<String>,
    /// URL; default `url`.
    pub url: Vec<String>,
    /// Headline; default `title`.
    pub title: Vec<String>,
    /// Publication date or timestamp; default `published`, `date`.
    pub published: Vec<String>,
    /// The text; default `text`, `body`.
    pub text: Vec<String>,
    /// Outlet; default `source_name`.
    pub source_name: Vec<String>,
}

impl Default for FieldNames {
    fn default() -> Self {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        FieldNames {
            id: names(&["id"]),
            url: names(&["url"]),
            title: names(&["title"]),
            published: names(&["published", "date"]),
            text: names(&["text", "body"]),
            source_name: names(&["source_name"]),
        }
    }
}

impl FieldNames {
    /// The first of `names` present in `object`.
    fn find<'v>(names: &[String], object: &'v Value) -> Option<&'v Value> {
        names.iter().find_map(|name| {
            let value = if name.starts_with('/') {
                object.pointer(name)
            } else {
                object.get(name)
            };
            value.filter(|v| !v.is_null())
        })
    }

    fn string(names: &[String], object: &Value) -> Option<String> {
        match Self::find(names, object)? {
            Value::String(s) => Some(s.clone()),
            _ => None,
        }
    }
}

/// Reads a JSON file: one object, or an array of objects.
pub(crate) fn read_json(
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> Vec<Result<Document, SourceError>> {
    let error = |kind| {
        vec![Err(SourceError {
            origin: name.to_string(),
            kind,
        })]
    };
    let text = match check_text(bytes, usize::MAX) {
        Ok(text) => text,
        Err(kind) => return error(kind),
    };
    if text.trim().is_empty() {
        return error(SourceErrorKind::Empty);
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(idx, item)| from_value(item, &format!("{name}[{idx}]"), options))
            .collect(),
        Ok(value) => vec![from_value(value, name, options)],
        Err(err) => error(SourceErrorKind::Json(err.to_string())),
    }
}

/// Where a JSON line came from (`name:line`), formatted only when needed: a
/// `format!` per line cost ~850 instructions, yet the text is wanted only for
/// an error or a record without an id.
struct LineOrigin<'a> {
    name: &'a str,
    line: usize,
}

impl fmt::Display for LineOrigin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.name, self.line)
    }
}

/// Reads JSON Lines lazily, one result per non-blank line.
pub(crate) fn read_json_lines<'a>(
    name: &'a str,
    bytes: &'a [u8],
    options: &'a ReadOptions,
) -> Documents<'a> {
    let mut any = false;
    let mut lines = bytes.split(|b| *b == b'\n').enumerate();
    let mut done = false;
    Box::new(std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        let Some((line_no, line)) = lines.next() else {
            done = true;
            return (!any).then(|| {
                Err(SourceError {
                    origin: name.to_string(),
                    kind: SourceErrorKind::Empty,
                })
            });
        };
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        any = true;
        let origin = LineOrigin {
            name,
            line: line_no + 1,
        };
        return Some(
            check_str(line, options.max_bytes.saturating_mul(2))
                .map_err(|kind| SourceError {
                    origin: origin.to_string(),
                    kind,
                })
                .and_then(|text| from_line(text, &origin, options)),
        );
    }))
}

/// Reads JSON Lines from a stream, one line in memory at a time, so an
/// archive of any size is read in bounded memory (the in-memory reader
/// above needs the whole file). Yields what [`read_json_lines`] yields for
/// the same bytes, except that a line longer than twice `max_bytes` is
/// reported as too large even when blank; such a line is skipped without
/// being held.
pub(crate) struct JsonLinesStream<R> {
    name: String,
    reader: R,
    options: ReadOptions,
    line: Vec<u8>,
    line_no: usize,
    any: bool,
    done: bool,
}

impl<R: std::io::BufRead> JsonLinesStream<R> {
    pub(crate) fn new(name: &str, reader: R, options: ReadOptions) -> Self {
        JsonLinesStream {
            name: name.to_string(),
            reader,
            options,
            line: Vec::new(),
            line_no: 0,
            any: false,
            done: false,
        }
    }

    /// Reads the next line into `self.line` (without its newline), keeping
    /// at most `limit + 1` bytes of it; returns the line's full length, or
    /// `None` at the end of the stream.
    fn next_line(&mut self, limit: usize) -> std::io::Result<Option<usize>> {
        use std::io::{BufRead, Read};
        self.line.clear();
        // The usual line fits: `read_until` finds the newline with the
        // platform's vectorised `memchr`, where a byte-by-byte `position`
        // over every chunk cost about three instructions a byte.
        let room = limit.saturating_add(1);
        let read = (&mut self.reader)
            .take(u64::try_from(room).unwrap_or(u64::MAX))
            .read_until(b'\n', &mut self.line)?;
        if read == 0 {
            return Ok(None);
        }
        if self.line.last() == Some(&b'\n') {
            self.line.pop();
            return Ok(Some(self.line.len()));
        }
        if read < room {
            // The last line, with no newline after it.
            return Ok(Some(self.line.len()));
        }
        // Longer than `limit`: the rest is counted, not kept.
        let mut length = self.line.len();
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            };
            if chunk.is_empty() {
                return Ok(Some(length));
            }
            let (part, used, ended) = match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => (at, at + 1, true),
                None => (chunk.len(), chunk.len(), false),
            };
            length = length.saturating_add(part);
            self.reader.consume(used);
            if ended {
                return Ok(Some(length));
            }
        }
    }
}

impl<R: std::io::BufRead> Iterator for JsonLinesStream<R> {
    type Item = Result<Document, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        let limit = self.options.max_bytes.saturating_mul(2);
        loop {
            if self.done {
                return None;
            }
            let length = match self.next_line(limit) {
                Ok(Some(length)) => length,
                Ok(None) => {
                    self.done = true;
                    return (!self.any).then(|| {
                        Err(SourceError {
                            origin: self.name.clone(),
                            kind: SourceErrorKind::Empty,
                        })
                    });
                }
                Err(err) => {
                    self.done = true;
                    return Some(Err(SourceError {
                        origin: format!("{}:{}", self.name, self.line_no + 1),
                        kind: SourceErrorKind::Io(err.to_string()),
                    }));
                }
            };
            self.line_no += 1;
            if length <= limit && self.line.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            self.any = true;
            let origin = LineOrigin {
                name: &self.name,
                line: self.line_no,
            };
            if length > limit {
                return Some(Err(SourceError {
                    origin: origin.to_string(),
                    kind: SourceErrorKind::TooLarge {
                        size: length,
                        limit,
                    },
                }));
            }
            let text = match check_str(&self.line, limit) {
                Ok(text) => text,
                Err(kind) => {
                    return Some(Err(SourceError {
                        origin: origin.to_string(),
                        kind,
                    }))
                }
            };
            return Some(from_line(text, &origin, &self.options));
        }
    }
}

/// One JSON line to a document: what `from_value` makes of the line parsed
/// into a [`Value`], without building the `Value`.
///
/// A `Value` of a whole news record (every field, nested lists, each string
/// copied) cost about 20,000 instructions per Reuters story; here the object's
/// keys are matched against the configured field names as they are read, the
/// wanted strings borrowed from the line where they have no escapes, and
/// everything else skipped. Skipped values are still parsed as `Value` parses
/// them (`deserialize_any`, so numbers out of range are still errors), so a
/// line is refused with the same message. Names that are JSON pointers reach
/// into nested objects and take the `Value` path.
fn from_line(
    text: &str,
    origin: &(impl fmt::Display + ?Sized),
    options: &ReadOptions,
) -> Result<Document, SourceError> {
    let json_error = |err: serde_json::Error| SourceError {
        origin: origin.to_string(),
        kind: SourceErrorKind::Json(err.to_string()),
    };
    let fields = &options.fields;
    let lists = [
        &fields.text,
        &fields.published,
        &fields.id,
        &fields.url,
        &fields.title,
        &fields.source_name,
    ];
    if lists
        .iter()
        .any(|names| names.iter().any(|n| n.starts_with('/')))
    {
        return serde_json::from_str::<Value>(text)
            .map_err(json_error)
            .and_then(|value| from_value(value, origin, options));
    }
    let mut names: Vec<&str> = Vec::with_capacity(12);
    for name in lists.iter().flat_map(|names| names.iter()) {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let top = Line { names: &names }
        .deserialize(&mut deserializer)
        .and_then(|top| deserializer.end().map(|()| top))
        .map_err(json_error)?;
    let slots = match top {
        Top::Object(slots) => slots,
        Top::Other(kind) => {
            return Err(SourceError {
                origin: origin.to_string(),
                kind: SourceErrorKind::Json(format!("expected an object, found {kind}")),
            })
        }
    };
    // The first of `list` present and not null, as `FieldNames::find`.
    let find = |list: &[String]| {
        list.iter().find_map(|name| {
            let slot = names.iter().position(|n| *n == name.as_str())?;
            slots
                .get(slot)?
                .as_ref()
                .filter(|v| !matches!(v, Field::Null))
        })
    };
    let string = |list: &[String]| match find(list) {
        Some(Field::Str(s)) => Some(s.to_string()),
        _ => None,
    };
    let mut document = Fields {
        text: match find(&fields.text) {
            Some(Field::Str(s)) => Some(s.as_ref()),
            _ => None,
        },
        published: match find(&fields.published) {
            Some(Field::Str(s)) => Some(s.as_ref()),
            _ => None,
        },
        id: match find(&fields.id) {
            Some(Field::Str(id)) => Some(id.to_string()),
            Some(Field::Number(n)) => Some(n.to_string()),
            _ => None,
        },
        url: None,
        title: None,
        source_name: None,
    };
    document.url = string(&fields.url);
    document.title = string(&fields.title);
    document.source_name = string(&fields.source_name);
    document.into_document(origin, options)
}

/// The fields of one JSON record a [`Document`] is made of, before checks.
struct Fields<'a> {
    text: Option<&'a str>,
    published: Option<&'a str>,
    id: Option<String>,
    url: Option<String>,
    title: Option<String>,
    source_name: Option<String>,
}

impl Fields<'_> {
    /// The document, or why the record is refused (the checks of `from_value`,
    /// in its order).
    fn into_document(
        self,
        origin: &(impl fmt::Display + ?Sized),
        options: &ReadOptions,
    ) -> Result<Document, SourceError> {
        let error = |kind| SourceError {
            origin: origin.to_string(),
            kind,
        };
        let body = self
            .text
            .ok_or_else(|| error(SourceErrorKind::MissingText))?;
        if body.len() > options.max_bytes {
            return Err(error(SourceErrorKind::TooLarge {
                size: body.len(),
                limit: options.max_bytes,
            }));
        }
        let published = match self.published {
            Some(text) if !text.trim().is_empty() => Some(
                parse_date(text.trim())
                    .or_else(|| dyad_extract::date::parse_date(text))
                    .ok_or_else(|| error(SourceErrorKind::BadDate(text.to_string())))?,
            ),
            _ => options.published,
        };
        Ok(Document {
            id: self.id.unwrap_or_else(|| origin.to_string()),
            url: self.url,
            title: self.title,
            published,
            source_name: self.source_name,
            byline: None,
            language: None,
            body: body.to_string(),
        })
    }
}

/// A top-level JSON value: an object's wanted fields, or what else it was.
enum Top<'de> {
    /// One slot per wanted name (the last occurrence of a key wins, as in a `Value`).
    Object(Vec<Option<Field<'de>>>),
    /// Not an object: its kind, for the error message.
    Other(&'static str),
}

/// A wanted field's value, as far as a document needs it.
enum Field<'de> {
    Null,
    Str(Cow<'de, str>),
    Number(serde_json::Number),
    /// A boolean, array or object (parsed and dropped).
    Other,
}

/// Parses one top-level value, keeping the fields named in `names`.
struct Line<'n> {
    names: &'n [&'n str],
}

impl<'de> DeserializeSeed<'de> for Line<'_> {
    type Value = Top<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Top<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Line<'_> {
    type Value = Top<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<'de>, A::Error> {
        let mut slots: Vec<Option<Field<'de>>> = (0..self.names.len()).map(|_| None).collect();
        while let Some(key) = map.next_key_seed(Key { names: self.names })? {
            match key {
                Some(slot) => slots[slot] = Some(map.next_value_seed(FieldSeed)?),
                None => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(Top::Object(slots))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top<'de>, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Top::Other("an array"))
    }
    fn visit_unit<E>(self) -> Result<Top<'de>, E> {
        Ok(Top::Other("null"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Top<'de>, E> {
        Ok(Top::Other("a boolean"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Top<'de>, E> {
        Ok(Top::Other("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Top<'de>, E> {
        Ok(Top::Other("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Top<'de>, E> {
        Ok(Top::Other("a number"))
    }
    fn visit_str<E>(self, _: &str) -> Result<Top<'de>, E> {
        Ok(Top::Other("a string"))
    }
}

/// An object key: the index of the wanted name it is, if any.
struct Key<'n> {
    names: &'n [&'n str],
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string key")
    }
    fn visit_str<E>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.names.iter().position(|name| *name == key))
    }
}

/// A wanted field's value.
struct FieldSeed;

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Field<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Field<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed {
    type Value = Field<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Field<'de>, E> {
        Ok(Field::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Field<'de>, E> {
        Ok(Field::Other)
    }
    fn visit_i64<E>(self, n: i64) -> Result<Field<'de>, E> {
        Ok(Field::Number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Field<'de>, E> {
        Ok(Field::Number(n.into()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Field<'de>, E> {
        // As `Value` does: a float that is no JSON number is null.
        Ok(serde_json::Number::from_f64(n).map_or(Field::Null, Field::Number))
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Borrowed(s)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Owned(s.to_string())))
    }
    fn visit_string<E>(self, s: String) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Owned(s)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field<'de>, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Field::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field<'de>, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Field::Other)
    }
}

/// Any JSON value, parsed (with `Value`'s checks) and dropped.
struct Skip;

impl<'de> serde::Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Skip, D::Error> {
        deserializer.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

fn from_value(
    value: Value,
    origin: &(impl fmt::Display + ?Sized),
    options: &ReadOptions,
) -> Result<Document, SourceError> {
    let error = |kind| SourceError {
        origin: origin.to_string(),
        kind,
    };
    if !value.is_object() {
        return Err(error(SourceErrorKind::Json(format!(
            "expected an object, found {}",
            kind_of(&value)
        ))));
    }
    let fields = &options.fields;
    let body = FieldNames::string(&fields.text, &value)
        .ok_or_else(|| error(SourceErrorKind::MissingText))?;
    if body.len() > options.max_bytes {
        return Err(error(SourceErrorKind::TooLarge {
            size: body.len(),
            limit: options.max_bytes,
        }));
    }
    let published = match FieldNames::string(&fields.published, &value) {
        Some(text) if !text.trim().is_empty() => Some(
            parse_date(text.trim())
                .or_else(|| dyad_extract::date::parse_date(&text))
                .ok_or_else(|| error(SourceErrorKind::BadDate(text)))?,
        ),
        _ => options.published,
    };
    let id = match FieldNames::find(&fields.id, &value) {
        Some(Value::String(id)) => id.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => origin.to_string(),
    };
    Ok(Document {
        id,
        url: FieldNames::string(&fields.url, &value),
        title: FieldNames::string(&fields.title, &value),
        published,
        source_name: FieldNames::string(&fields.source_name, &value),
        byline: None,
        language: None,
        body,
    })
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read, Format};

    /// A reader that hands out at most `step` bytes per read, so lines
    /// straddle buffer refills.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// Reading options with a smaller size limit, for the too-large paths.
    fn limited(max_bytes: usize) -> ReadOptions {
        ReadOptions {
            max_bytes,
            ..ReadOptions::default()
        }
    }

    /// A JSON Lines stream over `input` through a buffer of `capacity` bytes.
    fn stream_over(
        input: &[u8],
        capacity: usize,
        options: ReadOptions,
    ) -> JsonLinesStream<std::io::BufReader<&[u8]>> {
        JsonLinesStream::new(
            "in.jsonl",
            std::io::BufReader::with_capacity(capacity, input),
            options,
        )
    }

    fn streamed(input: &[u8], step: usize, options: &ReadOptions) -> Vec<String> {
        let reader = std::io::BufReader::with_capacity(7, Trickle { bytes: input, step });
        JsonLinesStream::new("in.jsonl", reader, options.clone())
            .map(|r| format!("{r:?}"))
            .collect()
    }

    #[test]
    fn the_stream_reads_what_the_whole_file_reader_reads() {
        let input: &[u8] = b"{\"id\": \"a\", \"text\": \"Envoys met.\"}\r\n\n  \nnot json\n{\"id\": 7, \"body\": \"Caf\xc3\xa9 talks.\"}\n[1]\n{\"id\": \"b\", \"text\": \"\xff\"}\n{\"id\": \"c\", \"text\": \"last, no newline\"}";
        let options = ReadOptions::default();
        let whole: Vec<String> = read_json_lines("in.jsonl", input, &options)
            .map(|r| format!("{r:?}"))
            .collect();
        assert_eq!(whole.len(), 6, "{whole:#?}");
        for step in [1, 3, 64, 4096] {
            assert_eq!(streamed(input, step, &options), whole, "step {step}");
        }
        let empty: Vec<String> = read_json_lines("in.jsonl", b"\n \n", &options)
            .map(|r| format!("{r:?}"))
            .collect();
        assert_eq!(streamed(b"\n \n", 2, &options), empty);
        assert_eq!(streamed(b"", 2, &options), empty);
    }

    #[test]
    fn an_overlong_line_is_reported_and_skipped_without_being_held() {
        let options = limited(40);
        let long = format!("{{\"text\": \"{}\"}}", "word ".repeat(2_000));
        let input = format!("{long}\n{{\"id\": \"ok\", \"text\": \"Short.\"}}\n");
        let mut stream = stream_over(input.as_bytes(), 16, options);
        match stream.next() {
            Some(Err(SourceError {
                origin,
                kind: SourceErrorKind::TooLarge { size, limit },
            })) => {
                assert_eq!(origin, "in.jsonl:1");
                assert_eq!((size, limit), (long.len(), 80));
            }
            other => panic!("expected a too-large line, got {other:?}"),
        }
        // Only about the limit of the long line was ever buffered.
        assert!(stream.line.capacity() < 1_000, "{}", stream.line.capacity());
        let next = stream.next().expect("a second line").expect("it reads");
        assert_eq!((next.id.as_str(), next.body.as_str()), ("ok", "Short."));
        assert!(stream.next().is_none());
    }

    #[test]
    fn a_line_of_exactly_the_limit_is_read_one_byte_more_is_too_large() {
        let options = limited(20);
        // The limit of a JSON line is twice `max_bytes`: 40 bytes.
        let fits = format!("{{\"id\": \"a\", \"text\": \"{}\"}}", "x".repeat(17));
        let over = format!("{{\"id\": \"b\", \"text\": \"{}\"}}", "x".repeat(18));
        assert_eq!((fits.len(), over.len()), (40, 41));
        for (line, newline) in [(&fits, "\n"), (&fits, ""), (&over, "\n"), (&over, "")] {
            let input = format!("{line}{newline}");
            for capacity in [1, 7, 40, 41, 4096] {
                let mut stream = stream_over(input.as_bytes(), capacity, options.clone());
                let read = stream.next();
                if line.len() <= 40 {
                    assert!(matches!(read, Some(Ok(_))), "{read:?}");
                } else {
                    assert!(
                        matches!(
                            read,
                            Some(Err(SourceError {
                                kind: SourceErrorKind::TooLarge {
                                    size: 41,
                                    limit: 40
                                },
                                ..
                            }))
                        ),
                        "{read:?}"
                    );
                }
                assert!(stream.next().is_none(), "capacity {capacity}");
            }
        }
    }

    /// What the reader made of a line before `from_line`: the whole line
    /// parsed into a `Value`, then `from_value`.
    fn through_value(text: &str, options: &ReadOptions) -> Result<Document, SourceError> {
        serde_json::from_str::<Value>(text)
            .map_err(|err| SourceError {
                origin: "o".into(),
                kind: SourceErrorKind::Json(err.to_string()),
            })
            .and_then(|value| from_value(value, "o", options))
    }

    #[test]
    fn lines_read_without_a_value_read_as_through_one() {
        let lines = [
            r#"{"id": "a", "text": "Plain.", "published": "2024-02-03"}"#,
            r#"{"id": 12, "text": "Escaped \"quote\"\nand \u00e9 \ud83d\ude00."}"#,
            r#"{"id": -4, "text": "Negative id."}"#,
            r#"{"id": 2.50, "text": "Float id."}"#,
            r#"{"id": true, "text": "Boolean id."}"#,
            r#"{"id": "d", "text": "First.", "text": "Last wins."}"#,
            r#"{"id": "e", "text": "Gone.", "text": null, "body": "Body instead."}"#,
            r#"{"id": "f", "text": 5, "body": "Not reached."}"#,
            r#"{"id": "g", "body": "Only body.", "extra": {"deep": [1, {"x": null}]}}"#,
            r#"{"id": "h", "text": "Huge number skipped.", "n": 1e400}"#,
            r#"{"id": "i", "text": "Bad date.", "published": "someday"}"#,
            r#"{"id": "j", "text": "Blank date.", "date": "   "}"#,
            r#"{"id": "k", "title": "T", "url": "u", "source_name": 3, "text": "Fields."}"#,
            r#"{"id": "l"}"#,
            r#"{"id": "m", "text": "Lone \ud800 surrogate."}"#,
            r#"{"id": "n", "text": "Trailing."} x"#,
            r#"{"id": "o", "text": "Cut"#,
            r#"{"id": "p", 3: "key"}"#,
            r#"{"a": [1, 2,], "text": "Trailing comma."}"#,
            r#"{"te\u0078t": "Escaped key."}"#,
            "[1, {\"text\": \"in an array\"}]",
            "\"just a string\"",
            "42",
            "-0.5",
            "null",
            "false",
            "{}",
        ];
        let options = ReadOptions::default();
        for line in lines {
            assert_eq!(
                format!("{:?}", from_line(line, "o", &options)),
                format!("{:?}", through_value(line, &options)),
                "{line}"
            );
        }
        let small = limited(5);
        let line = r#"{"text": "Longer than five."}"#;
        assert_eq!(
            format!("{:?}", from_line(line, "o", &small)),
            format!("{:?}", through_value(line, &small))
        );
    }

    #[test]
    fn reads_json_lines_and_reports_bad_lines() {
        let input = b"{\"id\": \"a\", \"text\": \"Envoys met.\", \"published\": \"2025-03-01\"}\nnot json\n\n{\"id\": 7, \"body\": \"x\"}\n{\"id\": \"b\"}\n[1]\n";
        let docs = read(
            "in.jsonl",
            input,
            Format::JsonLines,
            &ReadOptions::default(),
        );
        assert_eq!(docs.len(), 5);
        let first = docs[0].as_ref().expect("first parses");
        assert_eq!(
            first.published.map(|d| d.to_string()).as_deref(),
            Some("2025-03-01")
        );
        assert_eq!(docs[1].as_ref().expect_err("bad line").origin, "in.jsonl:2");
        assert_eq!(docs[2].as_ref().expect("numeric id").id, "7");
        assert_eq!(
            docs[3].as_ref().expect_err("no text").kind,
            SourceErrorKind::MissingText
        );
        assert!(matches!(
            docs[4].as_ref().expect_err("not an object").kind,
            SourceErrorKind::Json(_)
        ));
    }

    #[test]
    fn json_arrays_dates_and_empty_input() {
        let input = br#"[{"id": "x", "text": "One.", "date": "Tue, 03 Jun 2025 08:00:00 GMT"}, {"id": "y", "text": "Two.", "published": "bad"}]"#;
        let docs = read("a.json", input, Format::Json, &ReadOptions::default());
        assert_eq!(
            docs[0]
                .as_ref()
                .ok()
                .and_then(|d| d.published)
                .map(|d| d.to_string())
                .as_deref(),
            Some("2025-06-03")
        );
        assert!(matches!(
            &docs[1],
            Err(SourceError {
                kind: SourceErrorKind::BadDate(_),
                ..
            })
        ));
        for empty in [&b""[..], b"  \n"] {
            let docs = read("e.json", empty, Format::Json, &ReadOptions::default());
            assert!(matches!(
                &docs[..],
                [Err(SourceError {
                    kind: SourceErrorKind::Empty,
                    ..
                })]
            ));
            let docs = read("e.jsonl", empty, Format::JsonLines, &ReadOptions::default());
            assert!(matches!(
                &docs[..],
                [Err(SourceError {
                    kind: SourceErrorKind::Empty,
                    ..
                })]
            ));
        }
        let docs = read(
            "t.json",
            b"{\"text\": \"cut",
            Format::Json,
            &ReadOptions::default(),
        );
        assert!(matches!(
            &docs[..],
            [Err(SourceError {
                kind: SourceErrorKind::Json(_),
                ..
            })]
        ));
    }

    #[test]
    fn configured_field_names_and_pointers() {
        let options = ReadOptions {
            fields: FieldNames {
                id: vec!["guid".into()],
                text: vec!["content".into()],
                title: vec!["/meta/headline".into()],
                url: vec!["link".into()],
                ..FieldNames::default()
            },
            ..ReadOptions::default()
        };
        let input = br#"{"guid": "g1", "content": "Talks resumed.", "link": "https://example.org/a", "meta": {"headline": "Talks"}}"#;
        let docs = read("c.json", input, Format::Json, &options);
        let doc = docs[0].as_ref().expect("parses");
        assert_eq!(doc.id, "g1");
        assert_eq!(doc.title.as_deref(), Some("Talks"));
        assert_eq!(doc.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(doc.body, "Talks resumed.");
    }
}
