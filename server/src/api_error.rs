//! Every error the API answers, as `{ "error": { "code", "field"?, "message" } }` with a stable
//! `code`. Messages never repeat the request's data.

use std::time::Duration;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use upprop_core::proof::Challenge;
use upprop_core::{ApiError, ApiErrorBody, FieldViolation};

#[derive(Debug)]
pub enum Failure {
    PetitionNotFound,
    /// The organiser has taken the petition down from view.
    PetitionUnpublished,
    /// The organiser has closed the petition: it takes no more signatures.
    PetitionClosed,
    /// The database cannot answer now but soon may: out of disk, restarting, unreachable.
    /// Nothing was written; the same request may be sent again.
    Unavailable,
    /// The petition has no manifestation of this id (or none shown: over, and hidden since).
    EventNotFound,
    /// The organiser named a signature that is not on this petition.
    SignerNotFound,
    ConsentNotFound,
    /// An export asked for in a format there is none of.
    UnknownFormat,
    /// A query string that does not read: a parameter given twice, a value of the wrong kind.
    InvalidQuery,
    Invalid(FieldViolation),
    NotJson,
    MalformedJson,
    BodyTooLarge,
    /// `?limit=` is not a whole number in its documented range.
    InvalidLimit,
    /// A moment that is not an RFC 3339 date and time (`routes::moment::MOMENT_PATTERN`).
    InvalidMoment,
    /// A retention date sooner than `store::RETENTION_NOTICE` from now.
    RetentionTooSoon,
    /// Too many from this address (or mail domain); with a challenge when proof of work
    /// would let the request through at once.
    RateLimited {
        retry_after: Duration,
        challenge: Option<Challenge>,
    },
    /// The proof of work was missing the mark (expired, too easy, not this server's, not
    /// done): the challenge is the work that lets it through.
    ProofRequired {
        challenge: Challenge,
    },
    Unauthorized,
    /// Something failed on our side. The cause is logged once, when the answer is made, and
    /// never sent.
    Internal(anyhow::Error),
    /// Too much at once: the signature was not taken; the same request may be sent again.
    Overloaded,
    /// This client address already has its share of requests in flight (`fair_share`).
    TooManyInFlight,
    /// The request's body did not arrive whole in time (`fair_share`).
    RequestTimeout,
}

/// How soon an overloaded server asks to be tried again.
const RETRY_OVERLOADED_AFTER: u64 = 2;
/// Seconds to wait when the database cannot answer: a restart or freed disk takes a while.
const RETRY_UNAVAILABLE_AFTER: u64 = 5;

impl Failure {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::PetitionNotFound => (StatusCode::NOT_FOUND, "petition_not_found"),
            Self::PetitionUnpublished => (StatusCode::GONE, "petition_unpublished"),
            Self::EventNotFound => (StatusCode::NOT_FOUND, "event_not_found"),
            Self::SignerNotFound => (StatusCode::NOT_FOUND, "signer_not_found"),
            Self::ConsentNotFound => (StatusCode::NOT_FOUND, "consent_not_found"),
            Self::UnknownFormat => (StatusCode::BAD_REQUEST, "unknown_format"),
            Self::InvalidQuery => (StatusCode::BAD_REQUEST, "invalid_query"),
            Self::PetitionClosed => (StatusCode::GONE, "petition_closed"),
            Self::Invalid(violation) => (StatusCode::UNPROCESSABLE_ENTITY, violation.error.code()),
            Self::NotJson => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            Self::MalformedJson => (StatusCode::BAD_REQUEST, "malformed_json"),
            Self::BodyTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            Self::InvalidLimit => (StatusCode::BAD_REQUEST, "invalid_limit"),
            Self::InvalidMoment => (StatusCode::BAD_REQUEST, "invalid_date_time"),
            Self::RetentionTooSoon => (StatusCode::CONFLICT, "retention_too_soon"),
            Self::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            Self::ProofRequired { .. } => (StatusCode::PRECONDITION_REQUIRED, "proof_required"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
            Self::Overloaded => (StatusCode::SERVICE_UNAVAILABLE, "overloaded"),
            Self::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            Self::TooManyInFlight => (StatusCode::TOO_MANY_REQUESTS, "too_many_in_flight"),
            Self::RequestTimeout => (StatusCode::REQUEST_TIMEOUT, "request_timeout"),
        }
    }

    fn message(&self) -> String {
        match self {
            Self::PetitionNotFound => "There is no petition with this name.".into(),
            Self::PetitionUnpublished => {
                "The organiser has taken this petition down; it takes no signatures.".into()
            }
            Self::EventNotFound => "This petition has no manifestation with this id.".into(),
            Self::SignerNotFound => "This petition has no signature with this id.".into(),
            Self::ConsentNotFound => "This petition asks for no consent with this id.".into(),
            Self::UnknownFormat => {
                "The export's format is `csv` (for scripts) or `spreadsheet` (for Excel with Swedish settings).".into()
            }
            Self::InvalidQuery => {
                "The query string does not read: each parameter once, with a value of its kind.".into()
            }
            Self::PetitionClosed => "The petition has closed and takes no more signatures.".into(),
            Self::Invalid(violation) => violation.error.message(),
            Self::NotJson => "Send the body as JSON with Content-Type: application/json.".into(),
            Self::MalformedJson => {
                "The body is not JSON of the shape the API document gives for this request.".into()
            }
            Self::BodyTooLarge => "The body is larger than any valid request.".into(),
            Self::InvalidLimit => {
                format!(
                    "`limit` is a whole number from 1 to {}.",
                    crate::petitions::public_signers::MAX_LISTED
                )
            }
            Self::InvalidMoment => {
                "Write the moment in RFC 3339, such as 2027-06-30T00:00:00Z.".into()
            }
            Self::RetentionTooSoon => format!(
                "The retention date must be at least {} days from now: erasing is for ever.",
                crate::store::RETENTION_NOTICE.as_secs() / 86_400
            ),
            Self::RateLimited {
                challenge: Some(_), ..
            } => "Many requests come from this address: solve the challenge and send the \
                  same request with its proof, or try again later."
                .into(),
            Self::RateLimited { .. } => "Too many requests from here; try again later.".into(),
            Self::ProofRequired { .. } => {
                "Solve the challenge and send the same request with its proof.".into()
            }
            Self::Unauthorized => "A valid admin token is needed.".into(),
            Self::Overloaded => {
                "The server is busy; send the same request again in a moment.".into()
            }
            Self::Internal(_) => {
                "Something went wrong on our side; the request can be retried.".into()
            }
            Self::Unavailable => {
                "The server cannot store anything just now; send the same request again soon."
                    .into()
            }
            Self::TooManyInFlight => {
                "Too many requests from this address at once; send this one again in a moment."
                    .into()
            }
            Self::RequestTimeout => "The request's body did not arrive in time.".into(),
        }
    }
}

impl From<JsonRejection> for Failure {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::NotJson,
            JsonRejection::BytesRejection(_)
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Self::BodyTooLarge
            }
            _ => Self::MalformedJson,
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        if let Self::Internal(cause) = &self {
            tracing::error!(error = %cause, "a request failed on our side");
        }
        let (status, code) = self.status_and_code();
        let body = ApiErrorBody {
            error: ApiError {
                code: code.to_owned(),
                field: match &self {
                    Self::Invalid(violation) => Some(violation.field.name().to_owned()),
                    _ => None,
                },
                message: self.message(),
                challenge: match &self {
                    Self::RateLimited { challenge, .. } => challenge.clone(),
                    Self::ProofRequired { challenge } => Some(challenge.clone()),
                    _ => None,
                },
            },
        };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        match self {
            Self::RateLimited { retry_after, .. } => {
                let seconds = retry_after.as_secs_f64().ceil().max(1.0) as u64;
                headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            Self::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Self::Unavailable => {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(RETRY_UNAVAILABLE_AFTER),
                );
            }
            Self::Overloaded | Self::TooManyInFlight => {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(RETRY_OVERLOADED_AFTER),
                );
            }
            _ => {}
        }
        response
    }
}

impl From<sqlx::Error> for Failure {
    fn from(error: sqlx::Error) -> Self {
        if crate::store::is_unavailable(&error) {
            tracing::warn!(%error, "the database is unavailable");
            return Self::Unavailable;
        }
        Self::Internal(error.into())
    }
}
