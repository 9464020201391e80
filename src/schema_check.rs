//! Validating a located YAML tree against a JSON Schema, with diagnostics a person can act on.
//!
//! serde stops at the first error and knows no line numbers; JSON Schema validation reports all
//! of them with a JSON pointer, which the YAML tree turns back into a span. Each error kind gets
//! its own message, and unknown keys and values get a did-you-mean from the schema itself. Used
//! for blueprints and for policy packs.

use jsonschema::error::ValidationErrorKind;
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value as Json;

use crate::diagnostic::Diagnostic;
use crate::suggest::did_you_mean;
use crate::yaml::{Node, Path, PathSeg, Value};

/// The draft-07 schema of a type (draft-07 is what every editor plugin understands), without
/// null branches and integer-width formats, with the given `$id`.
#[must_use]
pub fn generate<T: JsonSchema>(id: &str) -> Json {
    generate_with::<T>(id, false)
}

/// Like [`generate`], with each integer's width kept as a bound: a `u32` gets `maximum:
/// 4294967295` unless it has a tighter one, so a value the type cannot hold is a located range
/// error, not a failure of the typed loader after the schema passed.
#[must_use]
pub fn generate_bounded<T: JsonSchema>(id: &str) -> Json {
    generate_with::<T>(id, true)
}

fn generate_with<T: JsonSchema>(id: &str, bounded: bool) -> Json {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    if bounded {
        bound_integers(&mut schema);
    }
    strip_nullable(&mut schema);
    if let Json::Object(map) = &mut schema {
        map.insert("$id".into(), Json::String(id.to_owned()));
    }
    schema
}

/// Pretty JSON with a final newline, as checked in.
#[must_use]
pub fn to_text(schema: &Json) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A compiled schema that reports errors against a YAML tree.
pub struct SchemaValidator {
    schema: Json,
    validator: jsonschema::Validator,
    /// How messages name the document root: "the blueprint", "the pack".
    root_name: &'static str,
}

impl SchemaValidator {
    /// # Panics
    /// If `schema` is not a valid draft-07 schema (they are generated from our own types).
    #[must_use]
    pub fn new(schema: Json, root_name: &'static str) -> Self {
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            .build(&schema)
            .expect("a generated schema is a valid draft-07 schema");
        Self {
            schema,
            validator,
            root_name,
        }
    }

    #[must_use]
    pub fn schema(&self) -> &Json {
        &self.schema
    }

    /// One diagnostic per problem, in source order.
    #[must_use]
    pub fn validate(&self, tree: &Node, json: &Json) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = Vec::new();
        for error in self.validator.iter_errors(json) {
            let path = Path::from_json_pointer(&error.instance_path().to_string());
            out.extend(describe(
                &self.schema,
                self.root_name,
                tree,
                &path,
                error.kind(),
            ));
        }
        out.sort_by_key(|d| d.span().map(|s| s.start));
        out.dedup();
        out
    }
}

/// Turns one schema error into diagnostics (one per unknown key).
fn describe(
    schema: &Json,
    root_name: &str,
    tree: &Node,
    path: &Path,
    kind: &ValidationErrorKind,
) -> Vec<Diagnostic> {
    let here = tree.locate(path);
    let node = tree.at(path);
    let name = if path.is_root() {
        root_name.to_owned()
    } else {
        format!("`{path}`")
    };
    let found = node.map_or("nothing", Node::type_name);
    let shown = node.map(show_value).unwrap_or_default();
    let field_help = describe_field(schema, path);
    let one = |d: Diagnostic| vec![d];
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed = property_names(schema, path);
            unexpected
                .iter()
                .map(|key| {
                    let span = node
                        .and_then(|n| n.get(key))
                        .map_or(here.primary(), |e| e.key_span);
                    let where_ = if path.is_root() {
                        "at the top level".to_owned()
                    } else {
                        format!("in `{path}`")
                    };
                    let help = match did_you_mean(key, allowed.iter().map(String::as_str)) {
                        _ if key == "<<" => "YAML merge keys (`<<`) are not supported: write \
                                            the keys out (anchors and aliases of whole values work)"
                            .to_owned(),
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("expected one of: {}", allowed.join(", ")),
                    };
                    Diagnostic::error(
                        "schema::unknown-key",
                        format!("unknown key `{key}` {where_}"),
                    )
                    .with_label(span, "unknown key")
                    .with_help(help)
                })
                .collect()
        }
        ValidationErrorKind::Required { property } => {
            let key = property.as_str().unwrap_or_default();
            let help =
                describe_field(schema, &path.key(key)).unwrap_or_else(|| format!("add `{key}`"));
            let label = if path.is_root() {
                format!("`{key}` is missing")
            } else {
                format!("`{key}` is missing here")
            };
            let span = if path.is_root() {
                tree.entries()
                    .and_then(|e| e.first())
                    .map_or(here.value, |e| e.key_span)
            } else {
                here.key.unwrap_or_else(|| here.primary())
            };
            one(Diagnostic::error(
                "schema::missing-key",
                format!("missing required key `{key}` in {name}"),
            )
            .with_label(span, label)
            .with_help(format!(
                "add `{key}`: {}",
                crate::text::lowercase_first(&help)
            )))
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match format!("{kind:?}").to_lowercase() {
                k if k.contains("object") => "a mapping",
                k if k.contains("array") => "a list",
                k if k.contains("integer") => "a whole number",
                k if k.contains("number") => "a number",
                k if k.contains("boolean") => "true or false",
                _ => "a string",
            };
            let mut d = Diagnostic::error(
                "schema::type",
                format!("{name} must be {expected}, found {found}"),
            )
            .with_label(here.primary(), format!("expected {expected}"));
            d.help = match node.map(|n| &n.value) {
                Some(Value::Null) => Some(format!(
                    "{name} is empty: give it a value or remove the key"
                )),
                _ => field_help,
            };
            one(d)
        }
        ValidationErrorKind::Enum { .. } if path.to_string() == "version" => {
            one(Diagnostic::error(
                "schema::version",
                format!("unsupported blueprint version `{shown}`"),
            )
            .with_label(here.primary(), "unsupported")
            .with_help("this twinstack reads `version: 1`"))
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(json_word).collect())
                .unwrap_or_default();
            let help = match node.and_then(|n| {
                if let Value::String(s) = &n.value {
                    Some(s.as_str())
                } else {
                    None
                }
            }) {
                Some(s) => match did_you_mean(s, allowed.iter().map(String::as_str)) {
                    Some(best) => format!(
                        "did you mean `{best}`? {name} is one of: {}",
                        allowed.join(", ")
                    ),
                    None => format!("{name} is one of: {}", allowed.join(", ")),
                },
                None => format!("{name} is one of: {}", allowed.join(", ")),
            };
            one(Diagnostic::error(
                "schema::value",
                format!("`{shown}` is not a valid value for {name}"),
            )
            .with_label(here.primary(), "not allowed")
            .with_help(help))
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            one(range(&here, &name, &shown, "at least", limit, field_help))
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            one(range(&here, &name, &shown, "at most", limit, field_help))
        }
        ValidationErrorKind::MinLength { limit } => one(Diagnostic::error(
            "schema::length",
            format!(
                "{name} must be at least {limit} character{} long",
                crate::text::plural(usize::try_from(*limit).unwrap_or(usize::MAX))
            ),
        )
        .with_label(here.primary(), "too short")),
        ValidationErrorKind::MaxLength { limit } => one(Diagnostic::error(
            "schema::length",
            format!(
                "{name} must be at most {limit} characters long, found {}",
                match node.map(|n| &n.value) {
                    Some(Value::String(s)) => s.chars().count(),
                    _ => shown.chars().count(),
                }
            ),
        )
        .with_label(here.primary(), "too long")),
        ValidationErrorKind::MinItems { limit } => one(Diagnostic::error(
            "schema::items",
            format!(
                "{name} needs at least {limit} item{}",
                crate::text::plural(usize::try_from(*limit).unwrap_or(usize::MAX))
            ),
        )
        .with_label(
            here.primary(),
            if found == "a list" { "empty" } else { "here" },
        )
        .with_help(field_help.unwrap_or_default())),
        ValidationErrorKind::MaxItems { limit } => one(Diagnostic::error(
            "schema::items",
            format!("{name} takes at most {limit} items"),
        )
        .with_label(here.primary(), "too many items")),
        ValidationErrorKind::MinProperties { .. } => {
            let allowed = property_names(schema, path);
            one(Diagnostic::error(
                "schema::items",
                format!("{name} needs at least one of: {}", allowed.join(", ")),
            )
            .with_label(here.primary(), "empty"))
        }
        ValidationErrorKind::UniqueItems => {
            let span = node.and_then(first_repeat).unwrap_or(here.primary());
            one(Diagnostic::error(
                "schema::unique",
                format!("{name} lists the same value twice"),
            )
            .with_label(span, "repeated")
            .with_help("remove the repeated item"))
        }
        ValidationErrorKind::Pattern { .. } => one(Diagnostic::error(
            "schema::format",
            format!("`{shown}` is not a valid value for {name}"),
        )
        .with_label(here.primary(), "wrong format")
        .with_help(field_help.unwrap_or_default())),
        ValidationErrorKind::Format { format } => {
            let what = match format.as_str() {
                "email" => "an e-mail address",
                "date" => "a calendar date written YYYY-MM-DD",
                other => other,
            };
            one(
                Diagnostic::error("schema::format", format!("`{shown}` is not {what}"))
                    .with_label(here.primary(), format!("{name} must be {what}")),
            )
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            tagged_branch(schema, root_name, tree, path, context).unwrap_or_else(|| {
                one(Diagnostic::error(
                    "schema::invalid",
                    format!("{name} matches none of the forms the schema allows"),
                )
                .with_label(here.primary(), "here"))
            })
        }
        other => one(
            Diagnostic::error("schema::invalid", format!("{name} is invalid: {other:?}"))
                .with_label(here.primary(), "here"),
        ),
    }
}

/// The errors of one branch of a `oneOf`.
type BranchError = jsonschema::ValidationError<'static>;

/// Where a branch's tag is and the value it requires, when the value has another.
type Tag = Option<(Path, Json)>;

/// A `oneOf` whose branches are told apart by a constant key (an internally tagged enum, such
/// as an offer's `cloud`): the errors of the branch the value names, or, when it names none,
/// one error on the tag listing the values it may take. `None` when the branches have no tag.
fn tagged_branch(
    schema: &Json,
    root_name: &str,
    tree: &Node,
    path: &Path,
    context: &[Vec<jsonschema::ValidationError<'static>>],
) -> Option<Vec<Diagnostic>> {
    let tag_error = |e: &jsonschema::ValidationError<'_>| {
        matches!(e.kind(), ValidationErrorKind::Constant { .. })
            && Path::from_json_pointer(&e.instance_path().to_string()).parent() == *path
    };
    let tags: Vec<(&Vec<BranchError>, Tag)> = context
        .iter()
        .map(|errors| {
            let tag = errors.iter().find(|e| tag_error(e)).and_then(|e| {
                let ValidationErrorKind::Constant { expected_value } = e.kind() else {
                    return None;
                };
                Some((
                    Path::from_json_pointer(&e.instance_path().to_string()),
                    (**expected_value).clone(),
                ))
            });
            (errors, tag)
        })
        .collect();
    let matching: Vec<&Vec<jsonschema::ValidationError<'static>>> = tags
        .iter()
        .filter(|(_, tag)| tag.is_none())
        .map(|(errors, _)| *errors)
        .collect();
    match matching.as_slice() {
        [errors] if tags.iter().any(|(_, t)| t.is_some()) => Some(
            errors
                .iter()
                .flat_map(|e| {
                    let p = Path::from_json_pointer(&e.instance_path().to_string());
                    describe(schema, root_name, tree, &p, e.kind())
                })
                .collect(),
        ),
        [] => {
            let (tag_path, _) = tags.iter().find_map(|(_, t)| t.clone())?;
            let allowed: Vec<String> = tags
                .iter()
                .filter_map(|(_, t)| {
                    t.as_ref()
                        .map(|(_, v)| v.to_string().trim_matches('"').to_owned())
                })
                .collect();
            let here = tree.locate(&tag_path);
            let shown = tree.at(&tag_path).map(show_value).unwrap_or_default();
            Some(vec![
                Diagnostic::error(
                    "schema::unknown-value",
                    format!(
                        "`{tag_path}` must be one of {}, found `{shown}`",
                        allowed.join(", ")
                    ),
                )
                .with_label(here.primary(), "not one of these")
                .with_help(
                    crate::suggest::did_you_mean(&shown, allowed.iter().map(String::as_str))
                        .map_or_else(
                            || format!("write one of {}", allowed.join(", ")),
                            |s| format!("did you mean `{s}`?"),
                        ),
                ),
            ])
        }
        _ => None,
    }
}

fn range(
    here: &crate::yaml::Located,
    name: &str,
    shown: &str,
    bound: &str,
    limit: &Json,
    help: Option<String>,
) -> Diagnostic {
    let mut d = Diagnostic::error(
        "schema::range",
        format!("{name} must be {bound} {limit}, found {shown}"),
    )
    .with_label(here.primary(), "out of range");
    d.help = help;
    d
}

/// A scalar as the user wrote it, shortened for messages.
fn show_value(node: &Node) -> String {
    let text = match &node.value {
        Value::String(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Seq(_) => "[…]".to_owned(),
        Value::Map(_) => "{…}".to_owned(),
    };
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { '�' } else { c })
        .collect();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(59).collect::<String>())
    } else {
        text
    }
}

fn json_word(v: &Json) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

fn first_repeat(node: &Node) -> Option<crate::yaml::Span> {
    let Value::Seq(items) = &node.value else {
        return None;
    };
    items
        .iter()
        .enumerate()
        .find(|(i, n)| items[..*i].iter().any(|m| m.value == n.value))
        .map(|(_, n)| n.span)
}

/// The subschema that describes the value at `path`, following `$ref`s.
fn subschema<'a>(root: &'a Json, path: &Path) -> Option<&'a Json> {
    let mut here = resolve(root, root);
    for seg in path.segments() {
        let next = match seg {
            PathSeg::Key(k) => here
                .get("properties")
                .and_then(|p| p.get(k))
                .or_else(|| here.get("additionalProperties").filter(|a| a.is_object())),
            PathSeg::Index(_) => here.get("items"),
        }?;
        here = resolve(root, next);
    }
    Some(here)
}

/// Follows `$ref` (also when wrapped in a one-element `allOf`, as draft-07 output does).
fn resolve<'a>(root: &'a Json, mut schema: &'a Json) -> &'a Json {
    for _ in 0..8 {
        let target = schema
            .get("$ref")
            .or_else(|| {
                schema
                    .get("allOf")
                    .and_then(|a| a.as_array())
                    .filter(|a| a.len() == 1)
                    .and_then(|a| a[0].get("$ref"))
            })
            .and_then(Json::as_str)
            .and_then(|r| r.strip_prefix("#/"));
        match target {
            Some(pointer) => match root.pointer(&format!("/{pointer}")) {
                Some(next) => schema = next,
                None => break,
            },
            None => break,
        }
    }
    schema
}

fn property_names(root: &Json, path: &Path) -> Vec<String> {
    subschema(root, path)
        .and_then(|s| s.get("properties"))
        .and_then(Json::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// The doc comment of the field at `path`, from the schema.
fn describe_field(root: &Json, path: &Path) -> Option<String> {
    let parent = subschema(root, &path.parent())?;
    let key = path.last_key()?;
    let field = parent.get("properties")?.get(key)?;
    field
        .get("description")
        .or_else(|| resolve(root, field).get("description"))
        .and_then(Json::as_str)
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Writes the range of `format: uint32`-style integers as `minimum`/`maximum`.
fn bound_integers(schema: &mut Json) {
    match schema {
        Json::Object(map) => {
            let range: Option<(Json, Json)> = match map.get("format").and_then(Json::as_str) {
                Some("uint8") => Some((0.into(), u8::MAX.into())),
                Some("uint16") => Some((0.into(), u16::MAX.into())),
                Some("uint32") => Some((0.into(), u32::MAX.into())),
                Some("uint64" | "uint") => Some((0.into(), u64::MAX.into())),
                Some("int8") => Some((i8::MIN.into(), i8::MAX.into())),
                Some("int16") => Some((i16::MIN.into(), i16::MAX.into())),
                Some("int32") => Some((i32::MIN.into(), i32::MAX.into())),
                Some("int64" | "int") => Some((i64::MIN.into(), i64::MAX.into())),
                _ => None,
            };
            if let Some((min, max)) = range {
                map.entry("minimum").or_insert(min);
                map.entry("maximum").or_insert(max);
            }
            map.values_mut().for_each(bound_integers);
        }
        Json::Array(items) => items.iter_mut().for_each(bound_integers),
        _ => {}
    }
}

/// Blueprint values are never null: `Option` means "may be omitted", not "may be null". Removing
/// the null branches schemars emits keeps schema errors precise (no `anyOf` to untangle).
pub(crate) fn strip_nullable(schema: &mut Json) {
    match schema {
        Json::Object(map) => {
            if let Some(Json::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types[0].clone();
                    map.insert("type".into(), only);
                }
            }
            if let Some(Json::Array(any)) = map.get("anyOf") {
                let rest: Vec<Json> = any
                    .iter()
                    .filter(|s| s.get("type") != Some(&Json::String("null".into())))
                    .cloned()
                    .collect();
                if rest.len() == 1 && rest.len() < any.len() {
                    map.remove("anyOf");
                    if let Json::Object(inner) = &rest[0] {
                        for (k, v) in inner {
                            map.entry(k.clone()).or_insert_with(|| v.clone());
                        }
                    }
                }
            }
            // schemars marks integer widths as `format: uint32`; no editor or validator knows them.
            if map
                .get("format")
                .and_then(Json::as_str)
                .is_some_and(|f| f.starts_with("int") || f.starts_with("uint"))
            {
                map.remove("format");
            }
            if map.get("default") == Some(&Json::Null) {
                map.remove("default");
            }
            map.values_mut().for_each(strip_nullable);
        }
        Json::Array(items) => items.iter_mut().for_each(strip_nullable),
        _ => {}
    }
}
