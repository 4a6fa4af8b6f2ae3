//! The pages behind the links in mail. Mail scanners open every link, so `GET` and `HEAD` only
//! show a page; the signer's click on its button (`POST`, same-origin) is what changes state.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::Response;

use super::extract::Language;
use crate::api_error::Failure;
use crate::mail::tokens;
use crate::pages;
use crate::pages::landing::landing_url;
use crate::state::AppState;
use crate::store::{Confirmation, ConfirmationLink, LinkTarget, now_ms};
use upprop_core::{Locale, SignatureCounts};

fn title(state: &AppState, target: &LinkTarget, locale: Locale) -> String {
    state
        .contents
        .get(&target.petition)
        .map(|entry| entry.petition.text(locale).title.clone())
        .unwrap_or_default()
}

/// A form post from one of this server's own pages. Browsers say where a request comes from
/// in `Sec-Fetch-Site`; a post from another site is refused. (The link token in the path is
/// the real guard: a forger cannot know it. This keeps a leaked link from being used by a
/// page the signer merely visits.)
pub struct SameOriginPost;

impl<S: Send + Sync> FromRequestParts<S> for SameOriginPost {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        if !from_another_site(&parts.headers) {
            return Ok(Self);
        }
        let locale = Query::<Language>::try_from_uri(&parts.uri)
            .map(|Query(language)| language.locale())
            .unwrap_or_default();
        Err(pages::cross_site_post(locale))
    }
}

/// Whether the browser says the request comes from a page of another site. Browsers without
/// `Sec-Fetch-Site` (and programs) are let through: the secret in the path or form guards.
pub fn from_another_site(headers: &HeaderMap) -> bool {
    let site = headers
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok());
    !matches!(site, None | Some("same-origin" | "none"))
}

/// `GET /confirm/{token}`: shows what the link would confirm, and the button that does it.
pub async fn ask_to_confirm(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(language): Query<Language>,
) -> Result<Response, Failure> {
    let link = state
        .store
        .confirmation_link(&tokens::hash(&token), now_ms())
        .await?;
    Ok(match link {
        None => pages::invalid_link(language.locale()),
        Some(ConfirmationLink::Pending { target, given }) => pages::ask_to_confirm(
            language.or(target.locale),
            &title(&state, &target, language.or(target.locale)),
            &given,
            &token,
            false,
        ),
        Some(ConfirmationLink::Confirmed(target)) => {
            confirmed_page(&state, &target, language.or(target.locale), false, &token).await?
        }
        Some(ConfirmationLink::Expired(target)) => pages::expired_link(language.or(target.locale)),
        Some(ConfirmationLink::Closed(target)) => {
            pages::closed_before_confirmed(language.or(target.locale))
        }
    })
}

/// What the confirmation page's button sends: the digest of what the page showed.
#[derive(serde::Deserialize)]
pub struct Shown {
    #[serde(default)]
    shown: String,
}

/// `POST /confirm/{token}`: counts the signature, once, if it says what the page showed.
pub async fn confirm(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(language): Query<Language>,
    _: SameOriginPost,
    form: Result<Form<Shown>, FormRejection>,
) -> Result<Response, Failure> {
    // Without the page's digest (not sent from the page): the page, to confirm from.
    let shown = form.map(|Form(Shown { shown })| shown).unwrap_or_default();
    let confirmation = state
        .store
        .confirm(&tokens::hash(&token), &shown, now_ms())
        .await?;
    if let Some(Confirmation::Counted(target)) = &confirmation {
        state.counts.changed(&target.petition);
    }
    Ok(match confirmation {
        None => pages::invalid_link(language.locale()),
        Some(Confirmation::Counted(target)) => {
            confirmed_page(&state, &target, language.or(target.locale), true, &token).await?
        }
        Some(Confirmation::AlreadyCounted(target)) => {
            confirmed_page(&state, &target, language.or(target.locale), false, &token).await?
        }
        Some(Confirmation::Expired(target)) => pages::expired_link(language.or(target.locale)),
        Some(Confirmation::Closed(target)) => {
            pages::closed_before_confirmed(language.or(target.locale))
        }
        Some(Confirmation::Changed { target, given }) => pages::ask_to_confirm(
            language.or(target.locale),
            &title(&state, &target, language.or(target.locale)),
            &given,
            &token,
            !shown.is_empty(),
        ),
    })
}

async fn confirmed_page(
    state: &AppState,
    target: &LinkTarget,
    locale: Locale,
    just_now: bool,
    token: &str,
) -> Result<Response, Failure> {
    let entry = match state.contents.published(&target.petition) {
        Ok(entry) => entry,
        Err(not_shown) => return Ok(pages::not_shown(not_shown, locale)),
    };
    let standing = state.counts.standing(&target.petition).await?;
    let counts = SignatureCounts {
        confirmed: standing.confirmed,
        goal: standing.goal.or(entry.petition.goal),
    };
    let landing = landing_url(&state.public_url, &target.petition, locale);
    Ok(pages::confirmed(
        locale,
        &entry.petition,
        counts,
        just_now,
        &landing,
        token,
    ))
}

/// `GET /withdraw/{token}` only asks.
pub async fn ask_to_withdraw(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(language): Query<Language>,
) -> Result<Response, Failure> {
    Ok(
        match state.store.find_withdrawable(&tokens::hash(&token)).await? {
            Some(target) => pages::ask_to_withdraw(
                language.or(target.locale),
                &title(&state, &target, language.or(target.locale)),
                &token,
            ),
            None => pages::invalid_link(language.locale()),
        },
    )
}

/// `POST /withdraw/{token}`: erases the signature and its personal data.
pub async fn withdraw(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(language): Query<Language>,
    _: SameOriginPost,
) -> Result<Response, Failure> {
    Ok(match state.store.withdraw(&tokens::hash(&token)).await? {
        Some(target) => {
            state.counts.changed(&target.petition);
            state.public_signers.changed(&target.petition);
            pages::withdrawn(language.or(target.locale))
        }
        None => pages::invalid_link(language.locale()),
    })
}
