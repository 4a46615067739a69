//! gzip and zstd: detection by magic bytes (or extension) and bounded
//! decompression.
//!
//! Every decompressed stream goes through a [`Limited`] reader that fails
//! once more than the configured number of bytes came out, so a gzip bomb
//! (a few KiB that inflate to gigabytes) is refused with a clear error
//! instead of filling memory. Concatenated gzip members (`.warc.gz`, one
//! member per record) and concatenated zstd frames are read through.

use crate::SourceErrorKind;
use std::io::{BufRead, BufReader, Read};

/// A compression wrapper around a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// gzip (RFC 1952), one or more members.
    Gzip,
    /// Zstandard, one or more frames.
    Zstd,
}

impl Compression {
    /// The compression of `bytes`, by their magic number.
    pub fn detect(bytes: &[u8]) -> Option<Compression> {
        if bytes.starts_with(&[0x1f, 0x8b]) {
            Some(Compression::Gzip)
        } else if bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(Compression::Zstd)
        } else {
            None
        }
    }

    /// The compression named by a file's extension, and the name without it.
    pub fn from_name(name: &str) -> (Option<Compression>, &str) {
        let lower = name.to_ascii_lowercase();
        for (ext, compression) in [
            (".gz", Compression::Gzip),
            (".gzip", Compression::Gzip),
            (".zst", Compression::Zstd),
            (".zstd", Compression::Zstd),
        ] {
            if lower.ends_with(ext) {
                return (Some(compression), &name[..name.len() - ext.len()]);
            }
        }
        (None, name)
    }

    /// A reader that decompresses `source`, failing past `limit` output bytes.
    pub fn reader<'a, R: Read + 'a>(self, source: R, limit: u64) -> Box<dyn Read + 'a> {
        match self {
            Compression::Gzip => Box::new(Limited::new(
                flate2::read::MultiGzDecoder::new(source),
                limit,
            )),
            Compression::Zstd => {
                Box::new(Limited::new(MultiZstd::new(BufReader::new(source)), limit))
            }
        }
    }
}

impl Compression {
    /// A reader for streamed formats (WARC): nothing is held whole, so a
    /// large archive may decompress past `limit`; what is refused is a
    /// stream that is both past `limit` and more than [`MAX_RATIO`] times
    /// larger than the compressed bytes read so far (a bomb; real archives
    /// compress 3 to 10 times, and HTML rarely more than 20).
    pub fn streaming_reader<'a, R: Read + 'a>(self, source: R, limit: u64) -> Box<dyn Read + 'a> {
        let consumed = std::rc::Rc::new(std::cell::Cell::new(0u64));
        let counting = Counting {
            inner: source,
            consumed: std::rc::Rc::clone(&consumed),
        };
        let decoder: Box<dyn Read + 'a> = match self {
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(counting)),
            Compression::Zstd => Box::new(MultiZstd::new(BufReader::new(counting))),
        };
        Box::new(RatioLimited {
            inner: decoder,
            limit,
            read: 0,
            consumed,
        })
    }
}

/// Most decompressed bytes per compressed byte a streamed input may reach
/// past the limit.
pub const MAX_RATIO: u64 = 100;

/// Counts the bytes read from the compressed source.
struct Counting<R> {
    inner: R,
    consumed: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed.set(self.consumed.get() + n as u64);
        Ok(n)
    }
}

/// Fails once past `limit` with a decompression ratio over [`MAX_RATIO`].
struct RatioLimited<R> {
    inner: R,
    limit: u64,
    read: u64,
    consumed: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for RatioLimited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read > self.limit && self.read > self.consumed.get().saturating_mul(MAX_RATIO) {
            return Err(std::io::Error::other(OverLimit(self.limit)));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Decompresses `bytes` whole, up to `limit` bytes of output.
///
/// Returns what could be decoded and, when the data is corrupt, truncated or
/// over the limit, the error that stopped decoding: multi-document formats
/// keep the documents decoded before it.
pub fn decompress(
    bytes: &[u8],
    compression: Compression,
    limit: u64,
) -> (Vec<u8>, Option<SourceErrorKind>) {
    let mut out = Vec::new();
    let mut reader = compression.reader(bytes, limit);
    let error = read_to_end_lenient(&mut reader, &mut out);
    (out, error)
}

/// Reads to the end, returning the error (as a kind) instead of losing the bytes read so far.
pub fn read_to_end_lenient(reader: &mut dyn Read, out: &mut Vec<u8>) -> Option<SourceErrorKind> {
    let mut buffer = [0u8; 64 * 1024];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return None,
            Ok(n) => out.extend_from_slice(&buffer[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Some(io_error_kind(&err)),
        }
    }
}

/// Maps an I/O error from a decompressing reader to an error kind.
pub fn io_error_kind(err: &std::io::Error) -> SourceErrorKind {
    if let Some(limit) = err
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<OverLimit>())
    {
        return SourceErrorKind::DecompressedTooLarge { limit: limit.0 };
    }
    match err.kind() {
        std::io::ErrorKind::UnexpectedEof => {
            SourceErrorKind::Decompress("truncated: the compressed data ends early".into())
        }
        _ => SourceErrorKind::Decompress(err.to_string()),
    }
}

/// The error a [`Limited`] reader raises.
#[derive(Debug)]
pub struct OverLimit(pub u64);

impl std::fmt::Display for OverLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "decompressed data over the limit of {} bytes", self.0)
    }
}

impl std::error::Error for OverLimit {}

/// A reader that fails once more than `limit` bytes have been read.
pub struct Limited<R> {
    inner: R,
    limit: u64,
    read: u64,
}

impl<R: Read> Limited<R> {
    /// Wraps `inner`.
    pub fn new(inner: R, limit: u64) -> Limited<R> {
        Limited {
            inner,
            limit,
            read: 0,
        }
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read >= self.limit {
            // One probe byte tells a stream that ends exactly at the limit from a longer one.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::other(OverLimit(self.limit))),
            };
        }
        let room = usize::try_from(self.limit - self.read).unwrap_or(usize::MAX);
        let take = buf.len().min(room);
        let n = self.inner.read(&mut buf[..take])?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Concatenated zstd frames read as one stream.
struct MultiZstd<R: BufRead> {
    state: ZstdState<R>,
}

enum ZstdState<R: BufRead> {
    /// Between frames (or before the first).
    Idle(R),
    /// Inside a frame.
    Frame(Box<ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>>),
    /// After an error or the end.
    Done,
}

impl<R: BufRead> MultiZstd<R> {
    fn new(source: R) -> MultiZstd<R> {
        MultiZstd {
            state: ZstdState::Idle(source),
        }
    }
}

impl<R: BufRead> Read for MultiZstd<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            match std::mem::replace(&mut self.state, ZstdState::Done) {
                ZstdState::Done => return Ok(0),
                ZstdState::Idle(mut source) => {
                    if source.fill_buf()?.is_empty() {
                        return Ok(0);
                    }
                    match ruzstd::decoding::StreamingDecoder::new(source) {
                        Ok(decoder) => self.state = ZstdState::Frame(Box::new(decoder)),
                        Err(err) => {
                            return Err(std::io::Error::new(
                                std::io::ErrorKind::InvalidData,
                                format!("zstd: {err}"),
                            ))
                        }
                    }
                }
                ZstdState::Frame(mut decoder) => {
                    let n = decoder.read(buf)?;
                    if n > 0 {
                        self.state = ZstdState::Frame(decoder);
                        return Ok(n);
                    }
                    if !decoder.decoder.is_finished() {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::UnexpectedEof,
                            "zstd frame ends early",
                        ));
                    }
                    self.state = ZstdState::Idle(decoder.into_inner());
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = encoder.write_all(bytes);
        encoder.finish().unwrap_or_default()
    }

    #[test]
    fn gzip_round_trip_and_members() {
        let mut two = gzip(b"first member ");
        two.extend(gzip(b"second member"));
        let (out, error) = decompress(&two, Compression::Gzip, 1 << 20);
        assert_eq!(error, None);
        assert_eq!(out, b"first member second member");
    }

    #[test]
    fn truncated_gzip_keeps_the_prefix_and_reports() {
        let data = gzip(&b"Envoys met in Geneva. ".repeat(2000));
        let cut = &data[..data.len() / 2];
        let (out, error) = decompress(cut, Compression::Gzip, 1 << 20);
        assert!(!out.is_empty());
        assert!(
            matches!(error, Some(SourceErrorKind::Decompress(_))),
            "{error:?}"
        );
        let (_, error) = decompress(&[0x1f, 0x8b, 0x08], Compression::Gzip, 1 << 20);
        assert!(matches!(error, Some(SourceErrorKind::Decompress(_))));
    }

    #[test]
    fn gzip_bomb_is_refused() {
        let bomb = gzip(&vec![0u8; 10 * 1024 * 1024]);
        assert!(bomb.len() < 64 * 1024);
        let (out, error) = decompress(&bomb, Compression::Gzip, 1024 * 1024);
        assert_eq!(
            error,
            Some(SourceErrorKind::DecompressedTooLarge { limit: 1024 * 1024 })
        );
        assert!(out.len() <= 1024 * 1024);
        // Exactly at the limit is fine.
        let (out, error) = decompress(&gzip(&[7u8; 100]), Compression::Gzip, 100);
        assert_eq!((out.len(), error), (100, None));
    }

    #[test]
    fn streaming_reader_refuses_bombs_but_not_large_streams() {
        let bomb = gzip(&vec![0u8; 8 * 1024 * 1024]);
        let mut out = Vec::new();
        let error = read_to_end_lenient(
            &mut Compression::Gzip.streaming_reader(&bomb[..], 1024 * 1024),
            &mut out,
        );
        assert_eq!(
            error,
            Some(SourceErrorKind::DecompressedTooLarge { limit: 1024 * 1024 })
        );
        // Text that compresses a few times over passes the limit freely.
        let mut state = 1u32;
        let text: Vec<u8> = (0..3 * 1024 * 1024)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                b"abcdefghij klmnopqrstuvwxyz,."[(state >> 16) as usize % 29]
            })
            .collect();
        let packed = gzip(&text);
        let mut out = Vec::new();
        let error = read_to_end_lenient(
            &mut Compression::Gzip.streaming_reader(&packed[..], 1024 * 1024),
            &mut out,
        );
        assert_eq!((error, out.len()), (None, text.len()));
    }

    /// A zstd frame made by `printf 'dyad zstd test\n' | zstd -c` (with its checksum).
    const ZSTD_FRAME: &[u8] = &[
        0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x79, 0x00, 0x00, 0x64, 0x79, 0x61, 0x64, 0x20, 0x7a,
        0x73, 0x74, 0x64, 0x20, 0x74, 0x65, 0x73, 0x74, 0x0a, 0x95, 0x28, 0x17, 0xe4,
    ];

    #[test]
    fn zstd_frames_and_truncation() {
        let (out, error) = decompress(ZSTD_FRAME, Compression::Zstd, 1 << 20);
        assert_eq!(error, None);
        assert_eq!(out, b"dyad zstd test\n");
        let mut two = ZSTD_FRAME.to_vec();
        two.extend_from_slice(ZSTD_FRAME);
        let (out, error) = decompress(&two, Compression::Zstd, 1 << 20);
        assert_eq!(error, None);
        assert_eq!(out, b"dyad zstd test\ndyad zstd test\n");
        for cut in 1..ZSTD_FRAME.len() {
            let (_, error) = decompress(&ZSTD_FRAME[..cut], Compression::Zstd, 1 << 20);
            assert!(error.is_some(), "cut at {cut} gave no error");
        }
        assert!(
            decompress(b"\x28\xb5\x2f\xfdgarbage", Compression::Zstd, 1 << 20)
                .1
                .is_some()
        );
    }

    #[test]
    fn names_and_magic() {
        assert_eq!(
            Compression::from_name("a.warc.gz"),
            (Some(Compression::Gzip), "a.warc")
        );
        assert_eq!(
            Compression::from_name("feed.XML.zst"),
            (Some(Compression::Zstd), "feed.XML")
        );
        assert_eq!(Compression::detect(b"plain"), None);
    }
}
