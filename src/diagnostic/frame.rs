//! The source text a code frame shows: safe for a terminal and a few kilobytes at most.
//!
//! miette prints source lines as they are. A YAML comment holding ESC would then drive the
//! terminal of whoever runs `twinstack lint`, a 1 MiB one-line value would be printed whole, and
//! a label over a whole document would print every line. So each diagnostic gets its own copy
//! of the text: only the lines its labels show are kept (the others are left empty, so line
//! numbers stay right), invisible characters are written as visible escapes
//! ([`crate::visible`]), long lines are cut to a window around the label with `…`, and a label
//! over many lines is shortened to its first line. Spans are moved to the new text, and the
//! `file:line:column` of each frame still names the original position.

use std::collections::HashMap;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::Label;
use crate::source::SourceFile;
use crate::visible::{is_invisible, push_escape};
use crate::yaml::Span;

/// Lines shown before and after a label (miette's context lines).
pub(super) const CONTEXT_LINES: usize = 1;
/// The widest source line shown, in characters (escapes count at their shown width).
pub(super) const MAX_LINE_CHARS: usize = 120;
/// A label over more lines than this is shown on its first line only.
pub(super) const MAX_SPAN_LINES: usize = 8;
/// How much of a long line is shown before the label's start.
const LEAD_CHARS: usize = 24;
const ELLIPSIS: &str = "…";

/// The text one diagnostic's code frame is drawn from, with its labels moved onto it.
pub(super) struct Frame {
    name: String,
    text: String,
    pub(super) labels: Vec<Label>,
    /// The original 0-based column (in characters) of each label start, by its new offset.
    columns: HashMap<usize, usize>,
}

/// Where the kept part of one source line went in the frame's text.
struct LineMap {
    /// Original byte offsets of the kept characters, with the display offset of each.
    kept: Vec<(usize, usize)>,
    /// Original offset just past the last kept character.
    kept_end: usize,
    /// Display offset just past the last kept character (where a trailing `…` starts).
    display_end: usize,
    /// Display offset of the line start (where a leading `…` starts).
    display_start: usize,
    prefix: bool,
    suffix: bool,
}

impl LineMap {
    /// The display offset of an original offset on this line; `end` says whether it ends a
    /// span (a span cut by `…` then covers the `…`).
    fn map(&self, offset: usize, end: bool) -> usize {
        let ellipsis = ELLIPSIS.len();
        match self.kept.first() {
            Some(&(first, _)) if offset < first => {
                if end && self.prefix {
                    self.display_start + ellipsis
                } else {
                    self.display_start
                }
            }
            _ if offset >= self.kept_end => {
                if end && self.suffix && offset > self.kept_end {
                    self.display_end + ellipsis
                } else {
                    self.display_end
                }
            }
            _ => {
                let i = self.kept.partition_point(|&(o, _)| o <= offset) - 1;
                self.kept[i].1
            }
        }
    }
}

impl Frame {
    /// The frame of one diagnostic's labels over `file`.
    pub(super) fn new(file: &SourceFile, labels: &[Label]) -> Self {
        let text = file.text();
        let labels: Vec<Label> = labels.iter().map(|l| shorten(file, l)).collect();
        let mut needed = std::collections::BTreeSet::new();
        for l in &labels {
            let first = file.line_index(l.span.start);
            let last = file.line_index(l.span.end.saturating_sub(1).max(l.span.start));
            // One more line than the context: miette reads one further after a span that
            // ends with its line break.
            needed.extend(first.saturating_sub(CONTEXT_LINES)..=last + CONTEXT_LINES + 1);
        }
        let mut out = String::new();
        let mut maps: HashMap<usize, LineMap> = HashMap::new();
        for line in 0..file.line_count() {
            if line > 0 {
                out.push('\n');
            }
            if needed.contains(&line) {
                let (start, end) = file.line_bounds(line);
                let focus = labels
                    .iter()
                    .map(|l| l.span.start)
                    .filter(|&s| s >= start && s <= end)
                    .min()
                    .unwrap_or(start);
                maps.insert(line, show_line(text, start, end, focus, &mut out));
            }
        }
        let map = |offset: usize, end: bool| {
            maps.get(&file.line_index(offset))
                .map_or(0, |m| m.map(offset, end))
        };
        let mut columns = HashMap::new();
        let labels = labels
            .into_iter()
            .map(|l| {
                let start = map(l.span.start, false);
                let end = map(l.span.end, true).max(start);
                columns
                    .entry(start)
                    .or_insert_with(|| file.line_col(l.span.start).1 - 1);
                Label {
                    span: Span::new(start, end),
                    text: l.text,
                }
            })
            .collect();
        Self {
            name: crate::visible::escape(file.name()).into_owned(),
            text: out,
            labels,
            columns,
        }
    }
}

/// A label on char boundaries inside the text; one over too many lines keeps its first line.
fn shorten(file: &SourceFile, label: &Label) -> Label {
    let text = file.text();
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(label.span.start);
    let end = floor(label.span.end).max(start);
    let first = file.line_index(start);
    let last = file.line_index(end.saturating_sub(1).max(start));
    if last - first < MAX_SPAN_LINES {
        return Label {
            span: Span::new(start, end),
            text: label.text.clone(),
        };
    }
    let (_, line_end) = file.line_bounds(first);
    let more = last - first;
    let note = format!("and {more} more lines");
    Label {
        span: Span::new(start, line_end.max(start)),
        text: if label.text.is_empty() {
            note
        } else {
            format!("{} ({note})", label.text)
        },
    }
}

/// Writes the shown part of `text[start..end]` to `out`: a window of at most
/// [`MAX_LINE_CHARS`] around `focus`, invisible characters escaped.
fn show_line(text: &str, start: usize, end: usize, focus: usize, out: &mut String) -> LineMap {
    let line = &text[start..end];
    let width = |c: char| {
        if c == '\t' {
            4
        } else if is_invisible(c) {
            let mut s = String::new();
            push_escape(&mut s, c);
            s.chars().count()
        } else {
            1
        }
    };
    let chars: Vec<(usize, char)> = line.char_indices().map(|(i, c)| (start + i, c)).collect();
    let total: usize = chars.iter().map(|&(_, c)| width(c)).sum();
    let (first, prefix) = if total <= MAX_LINE_CHARS {
        (0, false)
    } else {
        let focus_at = chars.partition_point(|&(o, _)| o < focus);
        let before: usize = chars[..focus_at].iter().map(|&(_, c)| width(c)).sum();
        if before + 1 < MAX_LINE_CHARS * 3 / 4 {
            (0, false)
        } else {
            (focus_at.saturating_sub(LEAD_CHARS), true)
        }
    };
    let display_start = out.len();
    if prefix {
        out.push_str(ELLIPSIS);
    }
    let budget = MAX_LINE_CHARS - usize::from(prefix) - usize::from(total > MAX_LINE_CHARS);
    let mut used = 0;
    let mut kept = Vec::new();
    let mut kept_end = start;
    let mut all = true;
    for &(offset, c) in &chars[first..] {
        let w = width(c);
        if total > MAX_LINE_CHARS && used + w > budget {
            all = false;
            break;
        }
        used += w;
        kept.push((offset, out.len()));
        if c != '\t' && is_invisible(c) {
            push_escape(out, c);
        } else {
            out.push(c);
        }
        kept_end = offset + c.len_utf8();
    }
    if kept.is_empty() {
        kept_end = chars.get(first).map_or(end, |&(o, _)| o);
    }
    let display_end = out.len();
    let suffix = !all;
    if suffix {
        out.push_str(ELLIPSIS);
    }
    LineMap {
        kept,
        kept_end: if all { end } else { kept_end },
        display_end,
        display_start,
        prefix,
        suffix,
    }
}

impl SourceCode for Frame {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = <[u8] as SourceCode>::read_span(
            self.text.as_bytes(),
            span,
            context_lines_before,
            context_lines_after,
        )?;
        let data: &'a [u8] = inner.data();
        // The lines this excerpt covers, so miette joins two labels' frames only when they
        // touch (its own count runs from the top of the file).
        let lines = data.iter().filter(|b| **b == b'\n').count()
            + usize::from(!data.is_empty() && !data.ends_with(b"\n"));
        let column = match self.columns.get(&span.offset()) {
            Some(&c) if context_lines_before == 0 => c,
            _ => inner.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            *inner.span(),
            inner.line(),
            column,
            lines,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(text: &str, span: Span) -> Frame {
        let file = SourceFile::from_text("t.yaml", text);
        Frame::new(
            &file,
            &[Label {
                span,
                text: "here".into(),
            }],
        )
    }

    #[test]
    fn escapes_controls_and_keeps_line_numbers() {
        let text = "a: 1\n# \u{1b}]0;x\u{7}\u{202e}\nb: 2\nc: 3\nd: 4\n";
        let f = frame(text, Span::new(20, 21));
        assert_eq!(f.text, "\n# \\u{1b}]0;x\\u{7}\\u{202e}\nb: 2\nc: 3\nd: 4\n");
        assert_eq!(&f.text[f.labels[0].span.start..f.labels[0].span.end], "2");
    }

    #[test]
    fn long_lines_are_cut_around_the_label() {
        let text = format!("k: {}X{}\n", "a".repeat(500), "b".repeat(500));
        let f = frame(&text, Span::new(503, 504));
        let line = f.text.lines().next().unwrap();
        assert!(line.chars().count() <= MAX_LINE_CHARS, "{line}");
        assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
        assert_eq!(&f.text[f.labels[0].span.start..f.labels[0].span.end], "X");
        assert_eq!(f.columns[&f.labels[0].span.start], 503);
        let whole = frame(&text, Span::new(3, 1004));
        let shown = &whole.text[whole.labels[0].span.start..whole.labels[0].span.end];
        assert!(shown.ends_with('…') && shown.chars().count() < MAX_LINE_CHARS);
    }

    #[test]
    fn spans_over_many_lines_keep_their_first() {
        let text = "a: 1\n".repeat(1000);
        let f = frame(&text, Span::new(0, text.len()));
        assert_eq!(
            &f.text[f.labels[0].span.start..f.labels[0].span.end],
            "a: 1"
        );
        assert_eq!(f.labels[0].text, "here (and 999 more lines)");
        assert!(f.text.trim_end_matches('\n').lines().count() <= 4);
    }
}
