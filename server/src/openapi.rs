//! The API's OpenAPI document, as exact as JSON Schema can make it: a request the document
//! calls valid is one the server accepts, and the reverse (`scripts/fuzz-api.sh` checks both).
//! `openapi.json` holds what never changes; this adds what the server knows when it runs: the
//! fields' rules as the patterns `upprop_core` publishes next to them, and for each petition
//! its own signing operation, whose body names that petition's consents in each language.

use serde_json::{Value, json};
use upprop_core::fields::{CONTROL_FREE_PATTERN, padded_pattern};
use upprop_core::wire::UUID_PATTERN;
use upprop_core::{Comment, ConsentDefinition, Email, Locale, PersonName, Petition, PostalCode};

use crate::petitions::Catalogue;
use crate::routes::moment::MOMENT_PATTERN;

const SIGNING_PATH: &str = "/petitions/{slug}/signatures";

/// The document for the petitions in `catalogue`.
pub fn document(catalogue: &Catalogue) -> Value {
    let mut document: Value =
        serde_json::from_str(include_str!("../openapi.json")).expect("openapi.json is JSON");
    state_field_rules(&mut document["components"]["schemas"]["SignatureRequest"]["properties"]);
    document["paths"]["/admin/petitions/{slug}/retention"]["put"]["requestBody"]["content"]["application/json"]
        ["schema"]["properties"]["erase_personal_data_after"]["pattern"] = json!(MOMENT_PATTERN);

    // Each petition's consents are its own, so each petition has its own signing operation;
    // the templated one is the pattern they are made from, not a path of the document.
    let paths = document["paths"].as_object_mut().expect("paths");
    let signing = paths.remove(SIGNING_PATH).expect("the signing operation");
    for slug in catalogue.published_slugs() {
        let Some(entry) = catalogue.get(slug) else {
            continue;
        };
        let mut operation = signing.clone();
        let post = &mut operation["post"];
        post["parameters"] = json!([]);
        post["operationId"] = json!(format!("sign-{slug}"));
        post["requestBody"]["content"]["application/json"]["schema"] = json!({
            "allOf": [
                { "$ref": "#/components/schemas/SignatureRequest" },
                consents_of(&entry.petition),
            ]
        });
        paths.insert(SIGNING_PATH.replace("{slug}", slug), operation);
    }
    document
}

/// The rules `SignatureRequest::validate` applies that do not depend on the petition.
fn state_field_rules(properties: &mut Value) {
    let text = |max_chars: usize, pattern: &str| json!({ "type": "string", "maxLength": max_chars, "pattern": pattern });
    let rules = [
        (
            "first_name",
            text(PersonName::MAX_CHARS, PersonName::PATTERN),
        ),
        (
            "last_name",
            text(PersonName::MAX_CHARS, PersonName::PATTERN),
        ),
        ("email", text(Email::MAX_CHARS, Email::PATTERN)),
        (
            "postal_code",
            text(PostalCode::MAX_CHARS, PostalCode::PATTERN),
        ),
        ("comment", text(Comment::MAX_CHARS, Comment::PATTERN)),
        ("id", json!({ "pattern": UUID_PATTERN })),
        ("replaces", json!({ "pattern": UUID_PATTERN })),
    ];
    for (field, rule) in rules {
        merge(&mut properties[field], rule);
    }
    for field in ["url", "referrer"] {
        properties["source"]["properties"][field]["pattern"] = json!(CONTROL_FREE_PATTERN);
    }
}

fn merge(into: &mut Value, from: Value) {
    if let (Some(into), Value::Object(from)) = (into.as_object_mut(), from) {
        into.extend(from);
    }
}

/// The consents a signature of `petition` may carry: in the signer's language, each of the
/// petition's at most once and in its words, and every required one given.
fn consents_of(petition: &Petition) -> Value {
    let per_language: Vec<Value> = [Locale::Sv, Locale::En]
        .into_iter()
        .map(|locale| {
            json!({
                "properties": {
                    "locale": { "const": locale.as_str() },
                    "consents": consent_list(&petition.text(locale).consents),
                }
            })
        })
        .collect();
    json!({ "anyOf": per_language })
}

fn consent_list(definitions: &[ConsentDefinition]) -> Value {
    if definitions.is_empty() {
        return json!({ "type": "array", "maxItems": 0 });
    }
    let items: Vec<Value> = definitions
        .iter()
        .map(|definition| {
            json!({
                "type": "object",
                "required": ["id", "text", "given"],
                "properties": {
                    "id": { "const": definition.id },
                    "text": { "type": "string", "pattern": padded_pattern(&definition.text) },
                    "given": { "type": "boolean" },
                },
            })
        })
        .collect();
    let once_each = definitions.iter().map(|definition| {
        json!({
            "contains": { "required": ["id"], "properties": { "id": { "const": definition.id } } },
            "minContains": 0,
            "maxContains": 1,
        })
    });
    let required_given = definitions.iter().filter(|d| d.required).map(|definition| {
        json!({
            "contains": {
                "required": ["id", "given"],
                "properties": { "id": { "const": definition.id }, "given": { "const": true } },
            }
        })
    });
    let rules: Vec<Value> = once_each.chain(required_given).collect();
    json!({ "type": "array", "items": { "anyOf": items }, "allOf": rules })
}
