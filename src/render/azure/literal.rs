//! Bicep literals. Every value a template interpolates becomes a literal here — a string is
//! single-quoted and escaped (`\`, `'`, `${`, newlines, control characters) — so text from a
//! blueprint can never become Bicep syntax. Only values passed through the `raw` filter, which
//! accepts identifier-safe text alone, are written as they are.

use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind, Output, State};

/// Escapes a string for a single-quoted Bicep string literal (without the quotes).
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A quoted Bicep string literal.
#[must_use]
pub fn string(s: &str) -> String {
    format!("'{}'", escape(s))
}

/// The minijinja formatter for `.bicep` templates: values become Bicep literals.
///
/// # Errors
/// A value with no Bicep literal form (a map or a list: templates loop over those).
pub fn format(
    out: &mut Output<'_>,
    _state: &mut State<'_, '_>,
    value: &Value,
) -> Result<(), Error> {
    let text = match value.kind() {
        _ if value.is_safe() => value.as_str().unwrap_or_default().to_owned(),
        ValueKind::String => string(value.as_str().unwrap_or_default()),
        ValueKind::Bool => (if value.is_true() { "true" } else { "false" }).to_owned(),
        ValueKind::Number => value.to_string(),
        ValueKind::None | ValueKind::Undefined => "null".to_owned(),
        other => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("a {other} cannot be written as a Bicep literal; loop over it"),
            ));
        }
    };
    out.write_str(&text)
        .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()))
}

/// `{{ x | raw }}`: identifier-safe text written as is (symbolic names, API versions).
///
/// # Errors
/// Text with characters that could change the template's meaning.
pub fn raw(value: &str) -> Result<Value, Error> {
    if value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
    {
        Ok(Value::from_safe_string(value.to_owned()))
    } else {
        Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "`{}` is not safe to write raw into Bicep",
                value.escape_default()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn escapes_everything_that_matters() {
        assert_eq!(string("it's"), r"'it\'s'");
        assert_eq!(string("a\\b"), r"'a\\b'");
        assert_eq!(string("${x}"), r"'\${x}'");
        assert_eq!(string("$x"), "'$x'");
        assert_eq!(string("l1\nl2\r\t"), r"'l1\nl2\r\t'");
        assert_eq!(string("\u{7}"), r"'\u{7}'");
    }
}
