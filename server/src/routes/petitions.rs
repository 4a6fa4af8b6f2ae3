//! `GET /petitions/{slug}`, the answer every page view with the widget asks for, and the API's
//! document.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::extract::Language;
use crate::api_error::Failure;
use crate::state::AppState;
use crate::store::now_ms;

/// Every page view with the widget asks this: the count is cached (see `Counts`), the answer
/// is made once per count, and an unchanged answer is a 304.
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(language): Query<Language>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let entry = state.petition(&slug)?;
    let standing = state.counts.standing(&slug).await?;
    let now = now_ms();
    let challenge = state.admission.challenges().current(now);
    let locale = language.locale();
    let event = state
        .candles
        .featured(&entry, &state.public_url, locale, None, now)
        .await?;
    let answer = state
        .answers
        .get(&entry, locale, standing, event, challenge)
        .await;
    let mut response_headers = HeaderMap::new();
    response_headers.insert(header::ETAG, answer.etag.clone());
    response_headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=10"),
    );
    response_headers.insert(
        header::VARY,
        HeaderValue::from_static("Origin, Accept-Encoding"),
    );
    let etag = answer.etag.to_str().expect("ASCII");
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, response_headers).into_response());
    }
    let (encoding, body) = answer.body(&headers);
    response_headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(encoding) = encoding {
        response_headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    Ok((response_headers, body).into_response())
}

/// `GET /api/v1/openapi.json`, for the petitions served now.
pub async fn openapi(State(state): State<AppState>) -> axum::Json<serde_json::Value> {
    axum::Json(crate::openapi::document(&state.contents.current()))
}
