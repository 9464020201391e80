//! Reading input files safely: size limit (also for pipes and standard input, which have no
//! size), UTF-8, byte-order mark, line/column lookup. A file that cannot be read is a
//! [`ReadError`]; `diagnostic` shows it like every other problem.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::yaml::Span;

/// The largest file twinstack reads: blueprints and packs are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

const TOO_LARGE_HELP: &str = "a blueprint is a few kilobytes; is this the right file?";

/// A file's text with its display name and a line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    path: PathBuf,
    text: Arc<String>,
    line_starts: Vec<usize>,
}

/// A file that could not be read at all; shown without a code frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub name: String,
    pub message: String,
    pub help: Option<String>,
}

impl SourceFile {
    /// A source made from text in memory (tests, embedded packs, standard input).
    #[must_use]
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        let mut text: String = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        // Read buffers grow by doubling: a lint run keeps every file's text for its code
        // frames, so it keeps only what the text needs.
        text.shrink_to_fit();
        let mut line_starts: Vec<usize> = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        line_starts.shrink_to_fit();
        Self {
            path: PathBuf::from(&name),
            name,
            text: Arc::new(text),
            line_starts,
        }
    }

    /// Reads a file (or a pipe), refusing one that is too large or not UTF-8.
    ///
    /// # Errors
    /// A [`ReadError`] saying why the file cannot be read.
    pub fn read(path: &Path) -> Result<Self, ReadError> {
        let name = display_name(path);
        let fail = |message: String, help: Option<&str>| ReadError {
            name: name.clone(),
            message,
            help: help.map(str::to_owned),
        };
        let file = std::fs::File::open(path)
            .map_err(|e| fail(format!("cannot read: {}", io_reason(&e)), None))?;
        if let Ok(meta) = file.metadata()
            && meta.is_file()
            && meta.len() > MAX_FILE_BYTES
        {
            return Err(fail(
                format!(
                    "the file is {} bytes; the limit is {MAX_FILE_BYTES} bytes (1 MiB)",
                    meta.len()
                ),
                Some(TOO_LARGE_HELP),
            ));
        }
        let mut file = Self::from_reader(name.clone(), file)?;
        file.path = path.to_path_buf();
        Ok(file)
    }

    /// Reads standard input, shown as `name` in every location.
    ///
    /// # Errors
    /// A [`ReadError`] saying why it cannot be read.
    pub fn read_stdin(name: &str) -> Result<Self, ReadError> {
        Self::from_reader(name.to_owned(), std::io::stdin().lock())
    }

    /// Reads at most [`MAX_FILE_BYTES`] from a stream and checks it is UTF-8.
    fn from_reader(name: String, reader: impl std::io::Read) -> Result<Self, ReadError> {
        use std::io::Read as _;
        let fail = |message: String, help: Option<&str>| ReadError {
            name: name.clone(),
            message,
            help: help.map(str::to_owned),
        };
        let mut bytes = Vec::new();
        reader
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(format!("cannot read: {}", io_reason(&e)), None))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(fail(
                format!("the input is more than the limit of {MAX_FILE_BYTES} bytes (1 MiB)"),
                Some(TOO_LARGE_HELP),
            ));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let valid = &e.as_bytes()[..at];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let col = String::from_utf8_lossy(
                &valid[valid.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1)..],
            )
            .chars()
            .count()
                + 1;
            fail(
                format!(
                    "the file is not valid UTF-8: invalid byte 0x{:02x} at {line}:{col}",
                    e.as_bytes()[at]
                ),
                Some("save the file as UTF-8"),
            )
        })?;
        Ok(Self::from_text(name, text))
    }

    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    #[must_use]
    pub fn text_arc(&self) -> &Arc<String> {
        &self.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The 0-based line of a byte offset.
    #[must_use]
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// How many lines the text has (a final newline starts an empty last line).
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of a 0-based line, without its line break (`\n` or `\r\n`).
    #[must_use]
    pub fn line_bounds(&self, line: usize) -> (usize, usize) {
        let start = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let mut end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    /// The text of a span.
    #[must_use]
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// The path as the user will recognise it: relative where possible, with `/` separators.
#[must_use]
pub fn display_name(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let shown = shown.unwrap_or_else(|| path.to_path_buf());
    let text = shown.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map_or(text.clone(), str::to_owned)
}

/// An I/O error as the end of a sentence: `no such file or folder`, `permission denied`.
#[must_use]
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::from_text("t.yaml", "a: 1\nbé: x\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(5), (2, 1));
        assert_eq!(f.line_col(10), (2, 5));
    }

    #[test]
    fn strips_bom() {
        assert_eq!(SourceFile::from_text("t", "\u{feff}a").text(), "a");
    }
}
