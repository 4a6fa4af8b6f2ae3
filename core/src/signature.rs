//! The signature as it travels from the widget to the endpoint, and the one function that
//! decides whether it may be counted.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    Comment, ConsentDefinition, Email, FieldError, Locale, PersonName, PostalCode, RecordedSource,
};

/// Body of `POST {endpoint}/petitions/{slug}/signatures`. Fields hold what the signer typed;
/// `validate` turns it into a `ValidSignature` or says, field by field, what is wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignatureRequest {
    /// Generated once per signing in the browser; a retry sends the same id, so the endpoint
    /// can count a signature once however often the network made the widget send it.
    #[serde(deserialize_with = "crate::wire::hyphenated_uuid")]
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub comment: String,
    /// Whether the name may be shown publicly.
    #[serde(default)]
    pub public: bool,
    pub consents: Vec<ConsentRecord>,
    pub locale: Locale,
    pub source: SignatureSource,
    /// The form's hidden trap field (`website`): people never see it, bots fill it in.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub website: String,
    /// How long after the page opened the signature was sent, in milliseconds. A person needs
    /// several seconds to fill the form; a client that does not measure it leaves it out.
    #[serde(
        default,
        deserialize_with = "crate::wire::optional_whole",
        skip_serializing_if = "Option::is_none"
    )]
    pub elapsed_ms: Option<u64>,
    /// The proof of work for the endpoint's challenge (`proof`), if the endpoint asks for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<crate::proof::Proof>,
    /// The id of this signer's earlier signing, sent again from its thanks with the address
    /// corrected: that signature, while unconfirmed and at another address, is taken back,
    /// so a typo's signature is replaced rather than left beside the corrected one.
    #[serde(
        default,
        deserialize_with = "crate::wire::optional_hyphenated_uuid",
        skip_serializing_if = "Option::is_none"
    )]
    pub replaces: Option<Uuid>,
}

/// Nobody fills the form faster than this (milliseconds from opening the page).
pub const MIN_FILL_MS: u64 = 2_000;

/// One consent checkbox as the signer saw it: its id, the exact text shown, and the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub id: String,
    pub text: String,
    pub given: bool,
}

/// Where the signature came from: the host page, and the page that led there.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SignatureSource {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
}

/// A form field, named as the form's `name` attribute and the API's `field`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    FirstName,
    LastName,
    Email,
    PostalCode,
    Comment,
    Consent(String),
    /// Where the signature came from (`source.url`, `source.referrer`): set by the widget,
    /// never typed, so refused only for a forged request.
    Source,
}

impl Field {
    pub fn name(&self) -> &str {
        match self {
            Self::FirstName => "first_name",
            Self::LastName => "last_name",
            Self::Email => "email",
            Self::PostalCode => "postal_code",
            Self::Comment => "comment",
            Self::Consent(id) => id,
            Self::Source => "source",
        }
    }
}

impl Field {
    /// The field a form `name` refers to; a name that is no fixed field is a consent's id.
    pub fn from_name(name: &str) -> Self {
        match name {
            "first_name" => Self::FirstName,
            "last_name" => Self::LastName,
            "email" => Self::Email,
            "postal_code" => Self::PostalCode,
            "comment" => Self::Comment,
            "source" => Self::Source,
            consent => Self::Consent(consent.to_owned()),
        }
    }

    pub fn max_chars(&self) -> usize {
        match self {
            Self::FirstName | Self::LastName => PersonName::MAX_CHARS,
            Self::Email => Email::MAX_CHARS,
            Self::PostalCode => PostalCode::MAX_CHARS,
            Self::Comment => Comment::MAX_CHARS,
            Self::Consent(_) | Self::Source => MAX_RECORDED_CHARS,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    pub field: Field,
    pub error: FieldError,
}

/// A signature that passed every rule: what the endpoint may store and count.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidSignature {
    pub id: Uuid,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub postal_code: Option<PostalCode>,
    pub comment: Option<Comment>,
    pub public: bool,
    pub consents: Vec<ConsentRecord>,
    pub locale: Locale,
    pub source: RecordedSource,
    /// The earlier signing this one corrects (`SignatureRequest::replaces`).
    pub replaces: Option<Uuid>,
}

/// The longest consent text or source URL worth recording; anything longer is not a form's.
const MAX_RECORDED_CHARS: usize = 2_000;

impl SignatureRequest {
    /// Sent by a program, not a person: the trap field is filled in, or the form was sent
    /// sooner than `min_fill_ms` (`MIN_FILL_MS` unless configured) after the page opened. Such
    /// a signature is answered like any other and not stored, so the program learns nothing.
    pub fn looks_automated(&self, min_fill_ms: u64) -> bool {
        !self.website.trim().is_empty() || self.elapsed_ms.is_some_and(|ms| ms < min_fill_ms)
    }

    /// Applies every rule and reports every broken one, in form order, so the signer can fix
    /// all of them at once. `consents` are the petition's checkboxes in the signer's language.
    pub fn validate(
        &self,
        consents: &[ConsentDefinition],
    ) -> Result<ValidSignature, Vec<FieldViolation>> {
        let mut report = Violations::default();
        let first_name = report.take(Field::FirstName, PersonName::parse(&self.first_name));
        let last_name = report.take(Field::LastName, PersonName::parse(&self.last_name));
        let email = report.take(Field::Email, Email::parse(&self.email));
        let postal_code = report.take(
            Field::PostalCode,
            PostalCode::parse_optional(&self.postal_code),
        );
        let comment = report.take(Field::Comment, Comment::parse_optional(&self.comment));

        // Each consent once, in exactly the petition's words: what is recorded is what the
        // signer was shown, and one answer per question.
        for (index, record) in self.consents.iter().enumerate() {
            let as_shown = consents.iter().any(|definition| {
                definition.id == record.id && definition.text.trim() == record.text.trim()
            });
            let repeated = self.consents[..index]
                .iter()
                .any(|earlier| earlier.id == record.id);
            if !as_shown || repeated {
                report.add(
                    Field::Consent(record.id.clone()),
                    FieldError::UnknownConsent,
                );
            }
        }
        for definition in consents.iter().filter(|definition| definition.required) {
            let given = self
                .consents
                .iter()
                .any(|record| record.id == definition.id && record.given);
            if !given {
                report.add(
                    Field::Consent(definition.id.clone()),
                    FieldError::ConsentRequired,
                );
            }
        }

        // Every stored string is free of control characters; the typed ones are checked by
        // their types, these are not typed.
        let controlled = |text: &str| text.chars().any(char::is_control);
        if controlled(&self.source.url) || self.source.referrer.as_deref().is_some_and(controlled) {
            report.add(Field::Source, FieldError::ForbiddenCharacters);
        }

        match (first_name, last_name, email, postal_code, comment) {
            (Some(first_name), Some(last_name), Some(email), Some(postal_code), Some(comment))
                if report.0.is_empty() =>
            {
                Ok(ValidSignature {
                    id: self.id,
                    first_name,
                    last_name,
                    email,
                    postal_code,
                    comment,
                    public: self.public,
                    consents: self.consents.clone(),
                    locale: self.locale,
                    source: RecordedSource::of(
                        &truncated(&self.source.url),
                        self.source.referrer.as_deref(),
                    ),
                    replaces: self.replaces.filter(|earlier| *earlier != self.id),
                })
            }
            _ => Err(report.0),
        }
    }
}

#[derive(Default)]
struct Violations(Vec<FieldViolation>);

impl Violations {
    fn add(&mut self, field: Field, error: FieldError) {
        self.0.push(FieldViolation { field, error });
    }

    fn take<T>(&mut self, field: Field, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|error| self.add(field, error)).ok()
    }
}

/// Source URLs are context, not evidence: keep a bounded prefix rather than refuse a signer
/// whose host page has a very long address.
fn truncated(url: &str) -> String {
    url.chars().take(MAX_RECORDED_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consents() -> Vec<ConsentDefinition> {
        vec![
            ConsentDefinition {
                id: "consent_organizer".into(),
                required: true,
                text: "Brinn för barnen may see what I enter.".into(),
            },
            ConsentDefinition {
                id: "consent_updates".into(),
                required: false,
                text: "Send me news.".into(),
            },
        ]
    }

    fn request() -> SignatureRequest {
        SignatureRequest {
            id: Uuid::nil(),
            first_name: " Anna ".into(),
            last_name: "Svensson".into(),
            email: "anna@example.se".into(),
            postal_code: "12345".into(),
            comment: String::new(),
            public: true,
            consents: vec![
                ConsentRecord {
                    id: "consent_organizer".into(),
                    text: "Brinn för barnen may see what I enter.".into(),
                    given: true,
                },
                ConsentRecord {
                    id: "consent_updates".into(),
                    text: "Send me news.".into(),
                    given: false,
                },
            ],
            locale: Locale::Sv,
            source: SignatureSource {
                url: "https://blog.example/upprop".into(),
                referrer: Some("https://www.facebook.com/".into()),
            },
            website: String::new(),
            elapsed_ms: Some(45_000),
            proof: None,
            replaces: None,
        }
    }

    #[test]
    fn a_filled_trap_or_a_form_sent_within_two_seconds_is_a_program() {
        assert!(!request().looks_automated(MIN_FILL_MS));
        let trapped = SignatureRequest {
            website: "http://spam.example".into(),
            ..request()
        };
        assert!(trapped.looks_automated(MIN_FILL_MS));
        let hasty = SignatureRequest {
            elapsed_ms: Some(MIN_FILL_MS - 1),
            ..request()
        };
        assert!(hasty.looks_automated(MIN_FILL_MS));
        assert!(!hasty.looks_automated(0), "unless the server allows it");
        let unmeasured = SignatureRequest {
            elapsed_ms: None,
            ..request()
        };
        assert!(
            !unmeasured.looks_automated(MIN_FILL_MS),
            "a client that does not measure is believed"
        );
    }

    fn violations(request: &SignatureRequest) -> Vec<(String, &'static str)> {
        request
            .validate(&consents())
            .unwrap_err()
            .into_iter()
            .map(|v| (v.field.name().to_owned(), v.error.code()))
            .collect()
    }

    #[test]
    fn a_complete_signature_is_valid_and_normalised() {
        let valid = request().validate(&consents()).unwrap();
        assert_eq!(valid.first_name.as_str(), "Anna");
        assert_eq!(valid.postal_code.unwrap().as_str(), "123 45");
        assert_eq!(valid.comment, None);
        assert!(valid.public);
    }

    #[test]
    fn every_broken_rule_is_reported_in_form_order() {
        let mut request = request();
        request.first_name = String::new();
        request.email = "anna@".into();
        request.postal_code = "1".into();
        request.consents[0].given = false;
        assert_eq!(
            violations(&request),
            vec![
                ("first_name".into(), "required"),
                ("email".into(), "invalid_email"),
                ("postal_code".into(), "invalid_postal_code"),
                ("consent_organizer".into(), "consent_required"),
            ]
        );
    }

    #[test]
    fn a_missing_required_consent_record_is_refused() {
        let mut request = request();
        request.consents.remove(0);
        assert_eq!(
            violations(&request),
            vec![("consent_organizer".into(), "consent_required")]
        );
    }

    #[test]
    fn the_optional_consent_may_be_declined() {
        let mut request = request();
        request.consents[1].given = false;
        assert!(request.validate(&consents()).is_ok());
    }

    #[test]
    fn consents_the_petition_does_not_ask_for_are_refused() {
        let mut request = request();
        request.consents.push(ConsentRecord {
            id: "consent_marketing".into(),
            text: "Sell my data.".into(),
            given: true,
        });
        assert_eq!(
            violations(&request),
            vec![("consent_marketing".into(), "unknown_consent")]
        );
    }

    #[test]
    fn a_consent_record_without_its_text_is_refused() {
        let mut request = request();
        request.consents[0].text = "  ".into();
        assert_eq!(
            violations(&request),
            vec![("consent_organizer".into(), "unknown_consent")]
        );
    }

    #[test]
    fn a_consent_recorded_with_other_words_than_the_petitions_is_refused() {
        let mut request = request();
        request.consents[0].text = "I agree to anything.".into();
        assert_eq!(
            violations(&request),
            vec![("consent_organizer".into(), "unknown_consent")]
        );
    }

    #[test]
    fn a_consent_recorded_twice_is_refused_whatever_the_answers() {
        let mut request = request();
        let mut declined = request.consents[0].clone();
        declined.given = false;
        request.consents.insert(0, declined);
        assert_eq!(
            violations(&request),
            vec![("consent_organizer".into(), "unknown_consent")]
        );
    }

    #[test]
    fn a_source_with_control_characters_is_refused() {
        for (url, referrer) in [
            ("https://a.se/\0", None),
            ("https://a.se/", Some("https://b.se/\u{202e}\n")),
        ] {
            let mut request = request();
            request.source.url = url.into();
            request.source.referrer = referrer.map(str::to_owned);
            assert_eq!(
                violations(&request),
                vec![("source".into(), "invalid_characters")]
            );
        }
    }

    #[test]
    fn long_source_urls_are_cut_not_refused() {
        let mut request = request();
        request.source.url = format!("https://x.se/{}", "a".repeat(5_000));
        let valid = request.validate(&consents()).unwrap();
        assert_eq!(valid.source.url.chars().count(), MAX_RECORDED_CHARS);
    }

    #[test]
    fn the_wire_format_is_stable() {
        let json = serde_json::to_value(request()).unwrap();
        assert_eq!(json["id"], "00000000-0000-0000-0000-000000000000");
        assert_eq!(json["locale"], "sv");
        assert_eq!(json["consents"][0]["given"], true);
        assert_eq!(json["source"]["referrer"], "https://www.facebook.com/");
        let back: SignatureRequest = serde_json::from_value(json).unwrap();
        assert_eq!(back, request());
    }
}
