//! `POST /api/v1/petitions/{slug}/signatures`: a signature as JSON, through the one signing
//! pipeline (`signing::sign`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use upprop_core::{SignatureAccepted, SignatureRequest, SignatureStatus};

use super::client_address::ClientAddress;
use super::json_object::JsonObject;
use crate::api_error::Failure;
use crate::signing;
use crate::state::AppState;
use crate::store::now_ms;

/// Always the same 202 for a valid signature, new, repeated or from an address that signed
/// before: the answer reveals nothing.
pub async fn sign(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ClientAddress(client): ClientAddress,
    body: Result<JsonObject<SignatureRequest>, Failure>,
) -> Result<(StatusCode, Json<SignatureAccepted>), Failure> {
    let entry = state.petition(&slug)?;
    let request = body.map(|JsonObject(request)| request);
    signing::sign(&state, &entry, request, client, now_ms()).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(SignatureAccepted {
            status: SignatureStatus::PendingConfirmation,
        }),
    ))
}
