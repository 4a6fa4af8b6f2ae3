//! What an endpoint answers. The widget reads these; the reference server writes them.

use serde::{Deserialize, Serialize};

use crate::{Field, FieldError, FieldViolation};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureStatus {
    /// Stored; counts once the signer follows the link in the confirmation e-mail.
    PendingConfirmation,
    /// Stored and counted.
    Confirmed,
}

impl SignatureStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingConfirmation => "pending_confirmation",
            Self::Confirmed => "confirmed",
        }
    }
}

/// How far the petition has come; part of `GET …/petitions/{slug}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureCounts {
    pub confirmed: u64,
    pub goal: Option<u64>,
}

/// The part of `GET …/petitions/{slug}` the widget reads (the rest is the appeal's content,
/// which the widget carries itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct PetitionSummary {
    pub signatures: SignatureCounts,
}

/// Body of a successful `POST …/signatures`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureAccepted {
    pub status: SignatureStatus,
}

/// Body of `POST …/petitions/{slug}/events/{id}/candles`: one candle, and nothing about who
/// lights it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandleRequest {
    /// Made once per lighting; sent again (a retry, a second tap), it is the same candle.
    #[serde(deserialize_with = "crate::wire::hyphenated_uuid")]
    pub id: uuid::Uuid,
    /// The proof of work for the endpoint's challenge, bound to `id` as a signing's is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<crate::proof::Proof>,
}

/// A manifestation's candles: `GET …/events/{id}`, and the answer to lighting one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCandles {
    pub event: String,
    /// How many have been lit.
    pub candles: u64,
    /// Whether the manifestation is over: it takes no more candles.
    pub over: bool,
}

/// Body of every error answer: `{ "error": { "code", "field"?, "message" } }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub error: ApiError,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Stable, machine-readable: clients branch on it, never on `message`.
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
    /// With `rate_limited` and `proof_required`: the work that lets this request through now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<crate::proof::Challenge>,
}

impl From<&FieldViolation> for ApiError {
    fn from(violation: &FieldViolation) -> Self {
        Self {
            code: violation.error.code().to_owned(),
            field: Some(violation.field.name().to_owned()),
            message: violation.error.message(),
            challenge: None,
        }
    }
}

impl FieldViolation {
    /// Reads back an API error that names a field; `None` for an error about no field or with
    /// a code this version does not know.
    pub fn from_api(error: &ApiError) -> Option<Self> {
        let field = Field::from_name(error.field.as_deref()?);
        let error = FieldError::from_code(&error.code, &field)?;
        Some(Self { field, error })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_survive_the_round_trip_through_json() {
        for violation in [
            FieldViolation {
                field: Field::Email,
                error: FieldError::InvalidEmail,
            },
            FieldViolation {
                field: Field::Comment,
                error: FieldError::TooLong {
                    max_chars: crate::Comment::MAX_CHARS,
                },
            },
            FieldViolation {
                field: Field::Consent("consent_organizer".into()),
                error: FieldError::ConsentRequired,
            },
        ] {
            let body = ApiErrorBody {
                error: ApiError::from(&violation),
            };
            let json = serde_json::to_string(&body).unwrap();
            let back: ApiErrorBody = serde_json::from_str(&json).unwrap();
            assert_eq!(FieldViolation::from_api(&back.error), Some(violation));
        }
    }

    #[test]
    fn errors_without_a_known_field_code_are_not_field_violations() {
        let rate_limited = ApiError {
            code: "rate_limited".into(),
            field: None,
            message: "Slow down.".into(),
            challenge: None,
        };
        assert_eq!(FieldViolation::from_api(&rate_limited), None);
        let future_code = ApiError {
            field: Some("email".into()),
            code: "disposable".into(),
            ..rate_limited
        };
        assert_eq!(FieldViolation::from_api(&future_code), None);
    }
}
