//! What the user types into `init`, checked before anything is chosen: the workload name against
//! the blueprint's pattern, e-mail addresses, and one-line texts free of invisible characters
//! (which could make the file read differently in review, or drive a terminal).

use crate::visible::{escape, is_invisible};

/// Whether `name` fits the blueprint's name pattern `^[a-z][a-z0-9-]{1,30}[a-z0-9]$`.
#[must_use]
pub fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    (3..=32).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[b.len() - 1] != b'-'
}

/// A plausible e-mail address: one `@`, a dotted domain, no spaces or invisible characters.
#[must_use]
pub fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    s.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || is_invisible(c))
}

/// One line of text: no invisible characters (newlines, controls, bidirectional controls).
///
/// # Errors
/// The message and help to show, with the text escaped.
pub fn check_line(flag: &str, text: &str, max: usize) -> Result<(), (String, String)> {
    if text.trim().is_empty() {
        return Err((
            format!("{flag} is empty"),
            "say it in a few words".to_owned(),
        ));
    }
    if let Some(c) = text.chars().find(|c| is_invisible(*c)) {
        return Err((
            format!(
                "{flag} contains the invisible character {}",
                escape(&c.to_string())
            ),
            "write it on one line without control or bidirectional characters".to_owned(),
        ));
    }
    if text.chars().count() > max {
        return Err((
            format!("{flag} is longer than {max} characters"),
            "shorten it".to_owned(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_blueprint_pattern() {
        for ok in ["abc", "claims-assistant", "a1-b2", &"a".repeat(32)] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in [
            "ab",
            "1abc",
            "abc-",
            "Abc",
            "a_b",
            "ab c",
            &"a".repeat(33),
            "é-ab",
        ] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn emails_and_lines() {
        assert!(valid_email("team@example.com"));
        for bad in [
            "team",
            "@example.com",
            "a@b",
            "a@@b.c",
            "a b@c.d",
            "a@c.d\u{202e}",
            "a@.c",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
        assert!(check_line("--purpose", "drafting replies", 50).is_ok());
        assert!(check_line("--purpose", "  ", 50).is_err());
        assert!(check_line("--purpose", &"x".repeat(51), 50).is_err());
        let (message, _) = check_line("--purpose", "a\u{1b}[31m", 50).unwrap_err();
        assert!(
            message.contains("\\u{1b}") && !message.contains('\u{1b}'),
            "{message}"
        );
    }
}
