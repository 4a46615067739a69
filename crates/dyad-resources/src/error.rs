//! The one error type of this crate: which file, which line, what is wrong.

use std::fmt;

/// A resource file that did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ResourceError {
    /// The file's name (builtin path or the user's path).
    pub file: String,
    /// 1-based line number, 0 when the problem is not on one line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ResourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

/// Iterates the data lines of a resource file: skips comments and blank
/// lines, yields `(line_number, line)`.
pub fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(idx, line)| (idx + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| {
            let trimmed = trim(line);
            !trimmed.is_empty() && !trimmed.starts_with('#')
        })
}

/// `str::trim`, without its Unicode-aware scan when both ends are printable
/// ASCII (nearly every field of the some 60,000 dictionary lines start-up reads).
#[inline]
fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Splits a TSV line into exactly `n` fields (missing trailing fields are empty).
pub fn fields<'a>(
    file: &str,
    line_no: usize,
    line: &'a str,
    min: usize,
    max: usize,
) -> Result<Vec<&'a str>, ResourceError> {
    // A byte scan for the tab: cheaper than `str::split`'s char searcher on
    // short fields, and start-up splits some 60,000 dictionary lines.
    let mut parts: Vec<&str> = Vec::with_capacity(max);
    let mut start = 0;
    for (at, byte) in line.bytes().enumerate() {
        if byte == b'\t' {
            parts.push(trim(&line[start..at]));
            start = at + 1;
        }
    }
    parts.push(trim(&line[start..]));
    if parts.len() < min || parts.len() > max {
        return Err(ResourceError {
            file: file.to_string(),
            line: line_no,
            message: format!(
                "expected {min} to {max} tab-separated fields, found {}",
                parts.len()
            ),
        });
    }
    while parts.len() < max {
        parts.push("");
    }
    for part in parts.iter_mut() {
        if *part == "-" {
            *part = "";
        }
    }
    Ok(parts)
}

/// Splits a `|`-separated list field, dropping empty items.
pub fn list(field: &str) -> impl Iterator<Item = &str> {
    field
        .split('|')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_is_str_trim() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a\t",
            "\u{a0}b\u{a0}",
            "b\u{2003}",
            "x y",
            "\u{85}",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn fields_are_trimmed_padded_and_counted() {
        let parts = fields("f", 1, " Jo Example \tEx\t\tUSA", 3, 6).expect("four fields");
        assert_eq!(parts, vec!["Jo Example", "Ex", "", "USA", "", ""]);
        assert_eq!(
            fields("f", 1, "", 1, 2).expect("one empty field"),
            vec!["", ""]
        );
        assert_eq!(fields("f", 1, "a\t", 2, 2).expect("two"), vec!["a", ""]);
        let error = fields("f", 7, "a\tb\tc", 1, 2).expect_err("three fields is too many");
        assert_eq!(error.line, 7);
        assert!(error.message.contains("found 3"), "{}", error.message);
        assert!(fields("f", 1, "a", 2, 3).is_err());
    }
}
