use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::value::RawValue;
use upprop_core::SignatureCounts;

use super::{AppState, Language};
use crate::api_error::Failure;

#[derive(Serialize)]
struct PetitionResponse<'a> {
    petition: &'a RawValue,
    signatures: SignatureCounts,
}

/// Every page view with the widget asks this: the content is serialised once at start, the
/// count is one indexed row, and an unchanged answer is a 304.
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(language): Query<Language>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let entry = state
        .catalogue
        .get(&slug)
        .ok_or(Failure::PetitionNotFound)?;
    let localized = entry.localized(language.locale());
    let confirmed = state.store.confirmed_count(&slug).await?;

    let etag = format!("\"{}-{confirmed}\"", localized.digest);
    let cache = [
        (
            header::ETAG,
            HeaderValue::from_str(&etag).expect("hex and digits"),
        ),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=10"),
        ),
        (header::VARY, HeaderValue::from_static("Origin")),
    ];
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    let body = PetitionResponse {
        petition: &localized.json,
        signatures: SignatureCounts {
            confirmed,
            goal: entry.petition.goal,
        },
    };
    Ok((cache, Json(body)).into_response())
}

pub async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("../../openapi.json"),
    )
}
