//! Plain-scalar resolution by the YAML 1.2 core schema.
//!
//! YAML 1.1 turned `no`, `on` and `y` into booleans and `2027-03-31` into a timestamp; the 1.2
//! core schema keeps them strings, which is what a blueprint author means (`expires: 2027-03-31`).

use super::Value;

/// Resolves an untagged plain scalar.
pub(super) fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(v) = resolve_int(text) {
        return v;
    }
    if is_core_float(text)
        && let Ok(f) = text.parse::<f64>()
    {
        return Value::Float(f);
    }
    Value::String(text.to_owned())
}

fn resolve_int(text: &str) -> Option<Value> {
    let (digits, radix) = if let Some(hex) = text.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(oct) = text.strip_prefix("0o") {
        (oct, 8)
    } else {
        let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Too large for i64: still a number, kept as a float so range checks can report it.
        return Some(text.parse::<i64>().map_or_else(
            |_| Value::Float(text.parse().unwrap_or(f64::MAX)),
            Value::Int,
        ));
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(i64::from_str_radix(digits, radix).map_or(Value::Float(f64::MAX), Value::Int))
}

/// Whether `text` is an integer literal too large (or small) for a 64-bit whole number: it
/// resolves to a float, and the parser refuses it rather than lose its digits.
pub(super) fn is_out_of_range_int(text: &str) -> bool {
    matches!(resolve_int(text), Some(Value::Float(_)))
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_core_float(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            (!int.is_empty() || !frac.is_empty())
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema() {
        assert_eq!(resolve_plain("no"), Value::String("no".into()));
        assert_eq!(resolve_plain("yes"), Value::String("yes".into()));
        assert_eq!(
            resolve_plain("2027-03-31"),
            Value::String("2027-03-31".into())
        );
        assert_eq!(resolve_plain("1"), Value::Int(1));
        assert_eq!(resolve_plain("-42"), Value::Int(-42));
        assert_eq!(resolve_plain("0x1F"), Value::Int(31));
        assert_eq!(resolve_plain("1.5"), Value::Float(1.5));
        assert_eq!(resolve_plain("1e3"), Value::Float(1000.0));
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(resolve_plain("True"), Value::Bool(true));
        assert_eq!(
            resolve_plain("10.40.0.0/16"),
            Value::String("10.40.0.0/16".into())
        );
        assert_eq!(resolve_plain("1.2.3"), Value::String("1.2.3".into()));
        assert!(is_out_of_range_int("99999999999999999999"));
        assert!(is_out_of_range_int("-9223372036854775809"));
        assert!(is_out_of_range_int("0xFFFFFFFFFFFFFFFFFF"));
        assert!(!is_out_of_range_int("9223372036854775807"));
        assert!(!is_out_of_range_int("1e30"));
    }
}
