//! Files and folders: the one place readers open files.
//!
//! A folder is walked recursively in name order (hidden entries and
//! symbolic links to folders are skipped, so link loops cannot trap the
//! walk); each file is read by its format. WARC archives stream from disk
//! record by record and JSON Lines files (named `.jsonl`/`.ndjson`, or
//! forced) line by line, so they may be any size (a compressed one is refused
//! only when it inflates like a bomb, see
//! [`Compression::streaming_reader`](crate::compress::Compression::streaming_reader));
//! other files are read whole, compressed ones up to
//! [`ReadOptions::max_decompressed`].

use crate::compress::{read_to_end_lenient, Compression};
use crate::json::JsonLinesStream;
use crate::warc::WarcReader;
use crate::{read, Documents, Format, ReadOptions, SourceError, SourceErrorKind};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// Reads JSON Lines from any stream (standard input, a pipe) one line at a
/// time, gzip or zstd unpacked on the fly: what `--format jsonl` on stdin
/// uses, so a stream of any length is coded in bounded memory.
pub fn read_json_lines_stream(
    name: &str,
    source: impl Read + 'static,
    options: &ReadOptions,
) -> Documents<'static> {
    let mut source = BufReader::new(source);
    let head = match std::io::BufRead::fill_buf(&mut source) {
        Ok(head) => head,
        Err(err) => {
            return Box::new(std::iter::once(Err(SourceError {
                origin: name.to_string(),
                kind: SourceErrorKind::Io(err.to_string()),
            })))
        }
    };
    let plain: Box<dyn Read> = match Compression::detect(head) {
        Some(compression) => compression.streaming_reader(source, options.max_decompressed),
        None => Box::new(source),
    };
    Box::new(JsonLinesStream::new(
        name,
        BufReader::new(plain),
        options.clone(),
    ))
}

/// Deepest folder nesting walked.
const MAX_DEPTH: usize = 64;

/// Reads a file or, recursively, a folder; `forced` overrides the format
/// of every file. Documents come lazily, file after file.
///
/// # Example
/// ```no_run
/// let options = dyad_source::ReadOptions::default();
/// for result in dyad_source::read_path(std::path::Path::new("crawl/"), None, &options) {
///     match result {
///         Ok(doc) => println!("{}: {} bytes", doc.id, doc.body.len()),
///         Err(err) => eprintln!("skipped {err}"),
///     }
/// }
/// ```
pub fn read_path(path: &Path, forced: Option<Format>, options: &ReadOptions) -> Documents<'static> {
    let options = options.clone();
    if path.is_dir() {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        walk(path, 0, &mut files, &mut errors);
        let errors = errors.into_iter().map(Err);
        let documents = files
            .into_iter()
            .flat_map(move |file| read_file(&file, forced, &options));
        return Box::new(errors.chain(documents));
    }
    read_file(path, forced, &options)
}

fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>, errors: &mut Vec<SourceError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            errors.push(io_error(dir, &err));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if depth < MAX_DEPTH {
                walk(&path, depth + 1, files, errors);
            }
        } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
            files.push(path);
        }
    }
}

fn io_error(path: &Path, err: &std::io::Error) -> SourceError {
    SourceError {
        origin: path.display().to_string(),
        kind: SourceErrorKind::Io(err.to_string()),
    }
}

fn read_file(path: &Path, forced: Option<Format>, options: &ReadOptions) -> Documents<'static> {
    let name = path.display().to_string();
    let fail = |err: std::io::Error| -> Documents<'static> {
        Box::new(std::iter::once(Err(io_error(path, &err))))
    };
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(err) => return fail(err),
    };
    let mut magic = [0u8; 4];
    let mut got = 0;
    while got < magic.len() {
        match file.read(&mut magic[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return fail(err),
        }
    }
    let compression = Compression::detect(&magic[..got]);
    let head = magic[..got].to_vec();
    let source = BufReader::new(std::io::Cursor::new(head).chain(file));
    let format = forced.or_else(|| Format::from_name(&name));
    if format == Some(Format::Warc) {
        // Streamed record by record: only bombs are refused, not large archives.
        let plain: Box<dyn Read> = match compression {
            Some(compression) => compression.streaming_reader(source, options.max_decompressed),
            None => Box::new(source),
        };
        return Box::new(WarcReader::new(&name, plain, options.clone()));
    }
    if format == Some(Format::JsonLines) {
        // Streamed line by line: an archive of any size in bounded memory.
        let plain: Box<dyn Read> = match compression {
            Some(compression) => compression.streaming_reader(source, options.max_decompressed),
            None => Box::new(source),
        };
        return Box::new(JsonLinesStream::new(
            &name,
            BufReader::new(plain),
            options.clone(),
        ));
    }
    let plain: Box<dyn Read> = match compression {
        Some(compression) => compression.reader(source, options.max_decompressed),
        None => Box::new(source),
    };
    // Other formats are read whole, within the limits.
    let limit = if compression.is_some() {
        options.max_decompressed
    } else {
        u64::MAX
    };
    let mut bytes = Vec::new();
    let mut limited = crate::compress::Limited::new(plain, limit);
    let error = read_to_end_lenient(&mut limited, &mut bytes);
    let format = format.unwrap_or_else(|| Format::sniff(&bytes));
    if format == Format::Warc {
        let results: Vec<_> = WarcReader::new(&name, &bytes[..], options.clone()).collect();
        return Box::new(
            results
                .into_iter()
                .chain(error.map(|kind| Err(SourceError { origin: name, kind }))),
        );
    }
    let mut results = Vec::new();
    match (format, error) {
        (Format::Text | Format::Json | Format::Html, Some(kind)) => {
            results.push(Err(SourceError { origin: name, kind }))
        }
        (_, error) => {
            results.extend(read(&name, &bytes, format, options));
            results.extend(error.map(|kind| Err(SourceError { origin: name, kind })));
        }
    }
    Box::new(results.into_iter())
}
