//! The pages behind the links in the confirmation mail.

use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::{AppState, Language};
use crate::api_error::Failure;
use crate::store::LinkTarget;
use crate::{pages, tokens};

fn title(state: &AppState, target: &LinkTarget) -> String {
    state
        .catalogue
        .get(&target.petition)
        .map(|entry| entry.petition.text(target.locale).title.clone())
        .unwrap_or_default()
}

/// `GET /confirm/{token}`: counts the signature, once.
pub async fn confirm(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(language): Query<Language>,
) -> Result<Response, Failure> {
    let Some(target) = state.store.confirm(&tokens::hash(&token)).await? else {
        return Ok(pages::invalid_link(language.locale()));
    };
    let count = state.store.confirmed_count(&target.petition).await?;
    Ok(pages::confirmed(
        target.locale,
        &title(&state, &target),
        count,
    ))
}

/// `GET /withdraw/{token}` only asks: mail scanners follow links, and must not erase anything.
pub async fn ask_to_withdraw(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(language): Query<Language>,
) -> Result<Response, Failure> {
    Ok(
        match state.store.find_withdrawable(&tokens::hash(&token)).await? {
            Some(target) => pages::ask_to_withdraw(target.locale, &title(&state, &target), &token),
            None => pages::invalid_link(language.locale()),
        },
    )
}

/// `POST /withdraw/{token}`: erases the signature and its personal data.
pub async fn withdraw(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(language): Query<Language>,
) -> Result<Response, Failure> {
    Ok(match state.store.withdraw(&tokens::hash(&token)).await? {
        Some(target) => pages::withdrawn(target.locale),
        None => pages::invalid_link(language.locale()),
    })
}
