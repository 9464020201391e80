//! Policy statements, written as the JSON policy's objects (`Sid`, `Effect`, `Principal`,
//! `Action`, `Resource`, `Condition`), turned into `statement` blocks of an
//! `aws_iam_policy_document` data source: readable in review, canonical in Terraform.

use hcl::expr::{Expression, ObjectKey};

use super::super::hcl::{B, lit};

fn key_name(key: &ObjectKey) -> String {
    match key {
        ObjectKey::Identifier(id) => id.to_string(),
        ObjectKey::Expression(Expression::String(s)) => s.clone(),
        other => other.to_string(),
    }
}

/// A value as a list (a single string becomes a one-element list).
fn as_list(value: &Expression) -> Expression {
    match value {
        Expression::Array(_) => value.clone(),
        other => Expression::Array(vec![other.clone()]),
    }
}

/// One `statement` block.
///
/// # Errors
/// A key or shape the conversion does not know.
pub fn statement(object: &Expression) -> Result<B, String> {
    let Expression::Object(fields) = object else {
        return Err("a policy statement must be an object".into());
    };
    let mut b = B::new("statement");
    for (key, value) in fields {
        b = match key_name(key).as_str() {
            "Sid" => b.a("sid", value.clone()),
            "Effect" => b.a("effect", value.clone()),
            "Action" => b.a("actions", as_list(value)),
            "Resource" => b.a("resources", as_list(value)),
            "Principal" => match value {
                Expression::String(s) if s == "*" => b.b(B::new("principals")
                    .a("type", lit("*"))
                    .a("identifiers", Expression::Array(vec![lit("*")]))),
                Expression::Object(principals) => {
                    let mut b = b;
                    for (kind, ids) in principals {
                        b = b.b(B::new("principals")
                            .a("type", lit(key_name(kind)))
                            .a("identifiers", as_list(ids)));
                    }
                    b
                }
                _ => return Err("unknown principal form".into()),
            },
            "Condition" => {
                let Expression::Object(tests) = value else {
                    return Err("a condition must be an object".into());
                };
                let mut b = b;
                for (test, variables) in tests {
                    let Expression::Object(variables) = variables else {
                        return Err("a condition test must be an object".into());
                    };
                    for (variable, values) in variables {
                        b = b.b(B::new("condition")
                            .a("test", lit(key_name(test)))
                            .a("variable", lit(key_name(variable)))
                            .a("values", as_list(values)));
                    }
                }
                b
            }
            other => return Err(format!("unknown policy statement key {other}")),
        };
    }
    Ok(b)
}
