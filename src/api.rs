//! The endpoint as the widget talks to it: sending a signature, and reading the count.

use upprop_core::proof::Challenge;
use upprop_core::{
    ApiError, Field, FieldViolation, SignatureCounts, SignatureRequest, SignatureStatus,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Request, RequestInit, Response};

use crate::content::{challenge, counts};
use crate::json::{self, Json};
use crate::signing_id;
use upprop_core::form::TEXT_FIELDS;

/// How long one attempt waits for an answer. A retry reuses the signature's id, so an answer
/// that was only slow cannot count the signature twice.
const PATIENCE_MS: u32 = 20_000;

#[derive(Debug, Clone, PartialEq)]
pub enum SubmitError {
    /// No answer (offline, the endpoint down or blocked by CORS, too slow), or a 408.
    Unreachable,
    ServerFailed,
    /// The organiser has closed the petition.
    Closed,
    /// A 429, with the seconds its `Retry-After` asks to wait.
    RateLimited {
        retry_after: Option<u32>,
    },
    PetitionGone,
    /// The endpoint refused one field: shown next to it.
    Field(FieldViolation),
    /// The endpoint asks for (other) proof of work before it takes the signature.
    NeedsWork(Challenge),
    /// Any other refusal.
    Refused,
}

impl SubmitError {
    /// Whether the same signature may succeed later: everything but a refusal for good
    /// (a 4xx other than 408 and 429).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Unreachable | Self::ServerFailed | Self::RateLimited { .. } | Self::NeedsWork(_)
        )
    }
}

/// Sends `body` (from `body`); `Ok(None)` is an endpoint that accepted without saying
/// whether confirmation is pending.
pub async fn post_signature(url: &str, body: &str) -> Result<Option<SignatureStatus>, SubmitError> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&body.into());
    init.set_signal(Some(&AbortSignal::timeout_with_u32(PATIENCE_MS)));
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| SubmitError::Refused)?;
    let _ = request.headers().set("content-type", "application/json");
    let response = fetch(&request).await.ok_or(SubmitError::Unreachable)?;
    let status = response.status();
    let answer = read(&response).await;
    if response.ok() {
        return Ok(
            answer.and_then(|answer| match answer.string("status").as_str() {
                "pending_confirmation" => Some(SignatureStatus::PendingConfirmation),
                "confirmed" => Some(SignatureStatus::Confirmed),
                _ => None,
            }),
        );
    }
    let error = answer.map(|answer| answer.get("error"));
    let code = error.as_ref().map(|error| error.string("code"));
    if let Some(challenge) = error
        .as_ref()
        .and_then(|error| challenge(&error.get("challenge")))
    {
        return Err(SubmitError::NeedsWork(challenge));
    }
    let field_violation = error.and_then(|error| {
        FieldViolation::from_api(&ApiError {
            code: error.string("code"),
            field: error.optional_string("field"),
            message: String::new(),
            challenge: None,
        })
    });
    if code.as_deref() == Some("petition_closed") {
        return Err(SubmitError::Closed);
    }
    Err(match (status, field_violation) {
        // The signer cannot mend what they did not type.
        (_, Some(violation)) if violation.field == Field::Source => SubmitError::Refused,
        (_, Some(violation)) => SubmitError::Field(violation),
        (404 | 410, None) => SubmitError::PetitionGone,
        (408, None) => SubmitError::Unreachable,
        (429, None) => SubmitError::RateLimited {
            retry_after: response
                .headers()
                .get("retry-after")
                .ok()
                .flatten()
                .and_then(|seconds| seconds.trim().parse().ok()),
        },
        (500.., None) => SubmitError::ServerFailed,
        _ => SubmitError::Refused,
    })
}

/// The petition's counts, or `None` when the endpoint does not say (a custom endpoint need
/// not serve `GET …/petitions/{slug}`): the widget then shows no count.
pub async fn fetch_counts(url: &str) -> Option<SignatureCounts> {
    counts(&fetch_json(url).await?)
}

/// The JSON a `GET` of `url` answers, if it answers 2xx with JSON.
pub async fn fetch_json(url: &str) -> Option<Json> {
    let response = fetch(&Request::new_with_str(url).ok()?).await?;
    if !response.ok() {
        return None;
    }
    read(&response).await
}

/// The response, or `None` when there is none: offline, refused by CORS, or timed out.
async fn fetch(request: &Request) -> Option<Response> {
    let promise = web_sys::window()?.fetch_with_request(request);
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// The response's body as JSON, if it is JSON.
async fn read(response: &Response) -> Option<Json> {
    JsFuture::from(response.json().ok()?).await.ok().map(Json)
}

/// The signature as `POST …/signatures` takes it (`SignatureRequest`'s serde form, which the
/// server's tests pin down; the browser tests sign against the real server), as JSON text.
pub fn body(signature: &SignatureRequest) -> String {
    json::stringify(&body_object(signature))
}

fn body_object(signature: &SignatureRequest) -> JsValue {
    let consents = signature.consents.iter().map(|consent| {
        json::object(&[
            ("id", consent.id.as_str().into()),
            ("text", consent.text.as_str().into()),
            ("given", consent.given.into()),
        ])
    });
    let source = &signature.source;
    let texts = TEXT_FIELDS
        .iter()
        .zip(signature.texts())
        .map(|(text_field, value)| (text_field.field.name(), value.into()));
    let entries: Vec<(&str, JsValue)> = [("id", signing_id::text(&signature.id).into())]
        .into_iter()
        .chain(texts)
        .chain([
            ("public", signature.public.into()),
            ("consents", json::array(consents)),
            ("locale", signature.locale.as_str().into()),
            (
                "website",
                if signature.website.is_empty() {
                    JsValue::UNDEFINED
                } else {
                    JsValue::from(signature.website.as_str())
                },
            ),
            (
                "elapsed_ms",
                signature
                    .elapsed_ms
                    .map_or(JsValue::UNDEFINED, |ms| JsValue::from(ms as f64)),
            ),
            (
                "replaces",
                signature
                    .replaces
                    .map_or(JsValue::UNDEFINED, |id| signing_id::text(&id).into()),
            ),
            (
                "source",
                json::object(&[
                    ("url", source.url.as_str().into()),
                    (
                        "referrer",
                        source
                            .referrer
                            .as_deref()
                            .map_or(JsValue::UNDEFINED, JsValue::from),
                    ),
                ]),
            ),
        ])
        .collect();
    json::object(&entries)
}
