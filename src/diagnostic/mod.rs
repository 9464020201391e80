//! One diagnostic type for everything twinstack reports against a file, rendered with miette.
//!
//! Checks only say *what* is wrong and *where* (a byte span); this module turns that into the
//! code frames users see, so every producer — YAML parser, schema, catalog checks, policy rules —
//! looks the same and is snapshot-tested the same way. A file that could not be read at all (a
//! [`ReadError`]) becomes a diagnostic without a code frame. What reaches the terminal is made
//! safe and small here too: see `frame` for the source lines; messages, labels and help have
//! their invisible characters escaped and are cut at [`MAX_TEXT_CHARS`].

mod frame;

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use self::frame::Frame;

use crate::source::{ReadError, SourceFile};
use crate::yaml::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    Advice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// What is wrong, where, and how to fix it. The first label is the primary location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: String,
    pub level: Level,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    #[must_use]
    pub fn error(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            level: Level::Error,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    #[must_use]
    pub fn with_level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }

    #[must_use]
    pub fn with_label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The primary span, if the diagnostic has a location.
    #[must_use]
    pub fn span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }
}

/// A file that could not be read: a diagnostic without a code frame.
impl From<&ReadError> for Diagnostic {
    fn from(e: &ReadError) -> Self {
        let d = Diagnostic::error("io::read", format!("{}: {}", e.name, e.message));
        match &e.help {
            Some(h) => d.with_help(h.clone()),
            None => d,
        }
    }
}

/// Diagnostics about one file.
#[derive(Debug, Clone)]
pub struct FileDiagnostics {
    pub file: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

/// How diagnostics are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// The fixed style of snapshot tests: no colour, 80 columns.
    #[must_use]
    pub fn plain() -> Self {
        Self {
            color: false,
            width: 80,
        }
    }
}

/// Renders diagnostics about `file` as miette code frames, in order.
#[must_use]
pub fn render(file: &SourceFile, diagnostics: &[Diagnostic], style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        // An id, path or URL longer than the width overflows on its own line, never cut in two
        // (nor split at its hyphens: `HIPAA-DOC-` / `RETENTION` reads as two words).
        .with_break_words(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_context_lines(frame::CONTEXT_LINES)
        .without_syntax_highlighting();
    let mut out = String::new();
    for (i, diagnostic) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let frame = Frame::new(file, &diagnostic.labels);
        let shown = Diagnostic {
            code: shown_text(&diagnostic.code, false),
            level: diagnostic.level,
            message: shown_text(&diagnostic.message, true),
            labels: frame
                .labels
                .iter()
                .map(|l| Label {
                    span: l.span,
                    text: shown_text(&l.text, false),
                })
                .collect(),
            help: diagnostic.help.as_deref().map(|h| shown_text(h, true)),
        };
        let report = Report {
            diagnostic: &shown,
            source: &frame,
        };
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut out, &report);
    }
    out
}

/// The longest message, label or help text shown, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

/// Text of a diagnostic as the terminal gets it: invisible characters escaped (newlines kept
/// where `lines`), cut at [`MAX_TEXT_CHARS`].
fn shown_text(text: &str, lines: bool) -> String {
    let text = if lines {
        crate::visible::escape_keeping_lines(text)
    } else {
        crate::visible::escape(text)
    };
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.into_owned(),
    }
}

struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a Frame,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    /// An empty code draws no code line (a lint finding leads with its message instead).
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.diagnostic.code.is_empty())
            .then(|| Box::new(&self.diagnostic.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
            Level::Advice => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.diagnostic.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.diagnostic.labels.iter().enumerate().map(
            |(i, l)| {
                let span = SourceSpan::new(l.span.start.into(), l.span.len());
                let text = Some(l.text.clone()).filter(|t| !t.is_empty());
                if i == 0 {
                    LabeledSpan::new_primary_with_span(text, span)
                } else {
                    LabeledSpan::new_with_span(text, span)
                }
            },
        )))
    }
}
