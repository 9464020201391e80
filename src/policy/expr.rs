//! The condition language: minijinja expressions (like Ansible's `when:`), with strict undefined
//! values so a typo in a pack is an error, not a silently passing rule.
//!
//! Besides minijinja's built-ins, two helpers keep set logic readable:
//! `a | minus(b)` — the items of `a` not in `b`; `a | common(b)` — the items of `a` also in `b`;
//! `n | usd` — a dollar amount with cents and thousands separators (`12,345.60`).

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

/// Instructions one evaluation of an expression or message may execute.
pub const RULE_FUEL: u64 = 1_000_000;

/// The longest message a finding may carry; a longer one is a bug in its rule.
pub const MAX_MESSAGE: usize = 10_000;

/// The environment every pack expression and message template is compiled in.
#[must_use]
pub fn environment<'source>() -> Environment<'source> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_recursion_limit(64);
    // A budget of instructions for every expression and message: the built-in rules use a few
    // hundred; a team rule that loops without end runs out, and is reported at its line.
    env.set_fuel(Some(RULE_FUEL));
    env.add_filter("minus", |a: Vec<Value>, b: Vec<Value>| -> Vec<Value> {
        a.into_iter().filter(|x| !b.contains(x)).collect()
    });
    env.add_filter("common", |a: Vec<Value>, b: Vec<Value>| -> Vec<Value> {
        a.into_iter().filter(|x| b.contains(x)).collect()
    });
    env.add_filter("usd", usd);
    env
}

/// `12345.6` → `12,345.60`.
#[must_use]
pub fn usd(amount: f64) -> String {
    let cents = format!("{:.2}", amount.abs());
    let (whole, frac) = cents.split_once('.').unwrap_or((&cents, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount < 0.0 { "-" } else { "" };
    format!("{sign}{grouped}.{frac}")
}

#[cfg(test)]
mod tests {
    use minijinja::context;

    #[test]
    fn helpers_and_strictness() {
        let env = super::environment();
        let e = env
            .compile_expression("['us', 'eu'] | minus(['us']) == ['eu']")
            .unwrap();
        assert!(e.eval(context! {}).unwrap().is_true());
        let e = env
            .compile_expression("['us', 'eu'] | common(['eu', 'uk'])")
            .unwrap();
        assert_eq!(e.eval(context! {}).unwrap().to_string(), "['eu']");
        let e = env
            .compile_expression("logging.retension_days > 1")
            .unwrap();
        assert!(
            e.eval(context! { logging => context! { retention_days => 3 } })
                .is_err()
        );
    }
}
