//! The endpoint as the widget talks to it: sending a signature, and reading the count.

use gloo_net::http::Request;
use upprop_core::{
    ApiErrorBody, Field, FieldViolation, PetitionSummary, SignatureAccepted, SignatureCounts,
    SignatureRequest, SignatureStatus,
};
use web_sys::AbortSignal;

/// How long a signer waits before the form offers to try again. A retry reuses the
/// signature's id, so an answer that was only slow cannot count the signature twice.
const PATIENCE_MS: u32 = 20_000;

#[derive(Debug, Clone, PartialEq)]
pub enum SubmitError {
    /// No answer: offline, the endpoint down or blocked by CORS, or too slow.
    Unreachable,
    ServerFailed,
    RateLimited,
    PetitionGone,
    /// The endpoint refused one field: shown next to it.
    Field(FieldViolation),
    /// Any other refusal.
    Refused,
}

/// `Ok(None)` is an endpoint that accepted without saying whether confirmation is pending.
pub async fn post_signature(
    url: &str,
    signature: &SignatureRequest,
) -> Result<Option<SignatureStatus>, SubmitError> {
    let request = Request::post(url)
        .abort_signal(Some(&AbortSignal::timeout_with_u32(PATIENCE_MS)))
        .json(signature)
        .map_err(|_| SubmitError::Refused)?;
    let response = request.send().await.map_err(|_| SubmitError::Unreachable)?;
    let status = response.status();
    if response.ok() {
        let accepted = response.json::<SignatureAccepted>().await.ok();
        return Ok(accepted.map(|accepted| accepted.status));
    }
    let field_violation = response
        .json::<ApiErrorBody>()
        .await
        .ok()
        .and_then(|body| FieldViolation::from_api(&body.error));
    Err(match (status, field_violation) {
        // The signer cannot mend what they did not type.
        (_, Some(violation)) if violation.field == Field::Source => SubmitError::Refused,
        (_, Some(violation)) => SubmitError::Field(violation),
        (404 | 410, None) => SubmitError::PetitionGone,
        (429, None) => SubmitError::RateLimited,
        (500.., None) => SubmitError::ServerFailed,
        _ => SubmitError::Refused,
    })
}

/// The petition's counts, or `None` when the endpoint does not say (a custom endpoint need
/// not serve `GET …/petitions/{slug}`): the widget then shows no count.
pub async fn fetch_counts(url: &str) -> Option<SignatureCounts> {
    let response = Request::get(url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let summary = response.json::<PetitionSummary>().await.ok()?;
    Some(summary.signatures)
}
