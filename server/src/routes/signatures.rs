use axum::Json;
use axum::extract::{Path, State};
use std::sync::atomic::Ordering;

use axum::http::StatusCode;
use upprop_core::{SignatureAccepted, SignatureRequest, SignatureStatus, ValidSignature};

use super::AppState;
use super::client_address::ClientAddress;
use super::json_object::JsonObject;
use crate::api_error::Failure;
use crate::content::Entry;
use crate::mail::{self, Links};
use crate::signing::NotWritten;
use crate::store::{NewSignature, now_ms};
use crate::tokens;

/// `POST /api/v1/petitions/{slug}/signatures`. Always the same 202 for a valid signature,
/// new, repeated or from an address that signed before: the answer reveals nothing.
pub async fn sign(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ClientAddress(client): ClientAddress,
    body: Result<JsonObject<SignatureRequest>, Failure>,
) -> Result<(StatusCode, Json<SignatureAccepted>), Failure> {
    let entry = state.petition(&slug)?;
    if state.counts.standing(&slug).await?.closed_at.is_some() {
        return Err(Failure::PetitionClosed);
    }
    let JsonObject(request) = body?;
    // The rules first: they are public (the API document), so a program learns nothing from
    // them, and a request the document calls invalid is refused however it was sent.
    let consents = &entry.petition.text(request.locale).consents;
    let signature = request.validate(consents).map_err(|violations| {
        Failure::Invalid(violations.into_iter().next().expect("not empty"))
    })?;
    if sent_by_a_program(&state, &request) {
        return Ok(accepted());
    }
    state.admission.admit(&request, client, now_ms()).await?;
    store_signature(&state, &entry, signature).await?;
    Ok(accepted())
}

fn accepted() -> (StatusCode, Json<SignatureAccepted>) {
    (
        StatusCode::ACCEPTED,
        Json(SignatureAccepted {
            status: SignatureStatus::PendingConfirmation,
        }),
    )
}

/// Counts and reports a signature that a program sent: its sender is answered as if it were
/// stored, and it is not.
pub fn sent_by_a_program(state: &AppState, request: &SignatureRequest) -> bool {
    let automated = request.looks_automated(state.min_fill_ms);
    if automated {
        state.automated.fetch_add(1, Ordering::Relaxed);
        tracing::debug!("a signature sent by a program was dropped");
    }
    automated
}

/// Stores a valid signature through the group commit, with both possible mails: the one way
/// in for the JSON API and the landing page's form alike.
pub async fn store_signature(
    state: &AppState,
    entry: &Entry,
    signature: ValidSignature,
) -> Result<(), Failure> {
    let outcome = state
        .writer
        .write(prepare(entry, signature, &state.public_url, now_ms()))
        .await
        .map_err(|not_written| match not_written {
            NotWritten::Overloaded => Failure::Overloaded,
            NotWritten::Failed => Failure::Internal(not_written.into()),
        })?;
    tracing::debug!(petition = %entry.petition.slug, ?outcome, "signature handled");
    Ok(())
}

/// Makes the links' secrets and the mails for either outcome; the store decides which to send.
fn prepare(entry: &Entry, signature: ValidSignature, public_url: &str, now: i64) -> NewSignature {
    let (confirm_token, withdraw_token) = (
        tokens::generate_in_order(now),
        tokens::generate_in_order(now),
    );
    let links = Links {
        confirm: format!("{public_url}/confirm/{confirm_token}"),
        withdraw: format!("{public_url}/withdraw/{withdraw_token}"),
    };
    let petition = &entry.petition;
    let email = signature.email.as_str();
    let locale = signature.locale;
    NewSignature {
        petition: petition.slug.clone(),
        confirmation: mail::confirmation(email, petition, locale, &links),
        already_signed: mail::already_signed(email, petition, locale),
        confirm_token_hash: tokens::hash(&confirm_token),
        withdraw_token_hash: tokens::hash(&withdraw_token),
        signature,
    }
}
