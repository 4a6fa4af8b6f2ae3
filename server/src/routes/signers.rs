//! `/petitions/{slug}/signers`: the public list (see `public_signers`), and the organiser's
//! view of it with the means to hide an entry.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::api_error::Failure;
use crate::petitions::public_signers::{ListedSigner, MAX_LISTED};
use crate::state::AppState;
use crate::store::now_ms;

#[derive(Serialize)]
struct SignerList<'a> {
    signers: &'a [ListedSigner],
}

/// `GET /api/v1/petitions/{slug}/signers?limit=` (1–50, 10 by default).
pub async fn list(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    // Pairs, not a struct: other parameters are ignored, as the API document allows.
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    state.petition(&slug)?;
    let limit = match query.iter().find(|(key, _)| key == "limit") {
        None => DEFAULT_LISTED,
        Some((_, limit)) => upprop_core::wire::parse_whole(limit)
            .map(|limit| limit as usize)
            .filter(|limit| (1..=MAX_LISTED).contains(limit))
            .ok_or(Failure::InvalidLimit)?,
    };
    let signers = state.public_signers.newest(&state.store, &slug).await?;
    let shown = &signers[..limit.min(signers.len())];
    Ok((
        [(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=10"),
        )],
        Json(SignerList { signers: shown }),
    )
        .into_response())
}

/// How many `GET …/signers` lists without a `limit`.
const DEFAULT_LISTED: usize = 10;

/// A signer on the organiser's list, with the id that hides it.
#[derive(Serialize)]
pub struct AdminListedSigner {
    id: String,
    #[serde(flatten)]
    signer: ListedSigner,
}

/// `GET /api/v1/admin/petitions/{slug}/signers`: the public list as it stands, with ids.
pub async fn admin_list(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Vec<AdminListedSigner>>, Failure> {
    state.organised(&slug)?;
    let signers = state.store.public_signers(&slug, MAX_LISTED as i64).await?;
    Ok(Json(
        signers
            .iter()
            .map(|signer| AdminListedSigner {
                id: signer.id.clone(),
                signer: ListedSigner::from(signer),
            })
            .collect(),
    ))
}

/// `POST /api/v1/admin/petitions/{slug}/signers/{id}/hide`: off the public list, for good.
pub async fn hide(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<StatusCode, Failure> {
    if !state.store.hide_signer(&slug, &id, now_ms()).await? {
        return Err(Failure::SignerNotFound);
    }
    state.public_signers.changed(&slug);
    Ok(StatusCode::NO_CONTENT)
}
