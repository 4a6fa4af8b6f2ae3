//! `/p/{slug}`: the landing page, and its form posted without JavaScript. The form is checked
//! by the same rules, rate limit and store as the JSON API; its answer is a page.

use std::time::Duration;

use axum::Form;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use sha2::{Digest, Sha256};
use upprop_core::form::{Typed, form_field};
use upprop_core::i18n::Strings;
use upprop_core::markup::names::TRAP;
use upprop_core::source::{tagged, valid_channel};
use upprop_core::style::FIRST_VIEW_HEIGHT_PX;
use upprop_core::wire::parse_hyphenated_uuid;
use upprop_core::{Email, Field, FieldViolation, SignatureRequest, SignatureSource};
use uuid::Uuid;

use super::client_address::ClientAddress;
use super::extract::{Language, PublishedPage};
use crate::api_error::Failure;
use crate::pages;
use crate::pages::landing::{FormState, Landing, landing_url};
use crate::petitions::NotShown;
use crate::petitions::share_image::{Card, petition_picture};
use crate::signing::{self, Refusal};
use crate::state::AppState;
use crate::store::now_ms;

/// The page's policy: its own script (the widget), WebAssembly, inline styles (the page's and
/// the shadow root's), its own images, and calls to its own API. Nothing from elsewhere.
const LANDING_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; form-action 'self'; \
    base-uri 'none'; frame-ancestors 'none'";

pub(super) fn page(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(LANDING_CSP),
            ),
            // Each page carries a fresh signing id in its form: never kept by a cache, nor
            // shown again from one by the Back button.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Html(html),
    )
        .into_response()
}

/// How many of the newest public signers the landing page lists.
const SIGNERS_ON_THE_PAGE: usize = 10;

/// `GET /p/{slug}?lang=&src=`.
pub async fn show(
    State(state): State<AppState>,
    PublishedPage { entry, locale }: PublishedPage,
    RawQuery(query): RawQuery,
) -> Result<Response, Failure> {
    let slug = &entry.petition.slug;
    let channel = query.as_deref().and_then(upprop_core::source::channel);
    let standing = state.counts.standing(slug).await?;
    let signers = state.public_signers.newest(&state.store, slug).await?;
    let id = Uuid::new_v4().to_string();
    let now = now_ms();
    let landing = Landing {
        petition: &entry.petition,
        locale,
        standing,
        public_url: &state.public_url,
        channel: channel.as_deref(),
        signers: &signers[..signers.len().min(SIGNERS_ON_THE_PAGE)],
        now,
        event: state
            .candles
            .featured(&entry, &state.public_url, locale, channel.as_deref(), now)
            .await?,
        form: FormState::first(&id, &standing),
    };
    Ok(page(StatusCode::OK, landing.render()))
}

/// `POST /p/{slug}?lang=`, `application/x-www-form-urlencoded` with the widget's field names.
pub async fn sign(
    State(state): State<AppState>,
    PublishedPage { entry, locale }: PublishedPage,
    ClientAddress(client): ClientAddress,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let petition = &entry.petition;
    let slug = &petition.slug;
    let value = |name: &str| form_field(&fields, name);
    let definitions = &petition.text(locale).consents;
    let typed = Typed::posted(value, definitions);
    let now = now_ms();
    let uuid = |name: &str| value(name).and_then(parse_hyphenated_uuid);
    let page_id = uuid("id");
    let id = form_id(page_id, typed.text(&Field::Email));
    let channel = value("src").and_then(valid_channel);
    let page_url = landing_url(&state.public_url, &petition.slug, locale);
    let source = SignatureSource {
        url: match &channel {
            Some(channel) => tagged(&page_url, channel),
            None => page_url,
        },
        referrer: None,
    };
    let request = SignatureRequest {
        website: value(TRAP).unwrap_or_default().to_owned(),
        // When the server rendered the form; its own clock measures the time to fill it.
        elapsed_ms: value("started")
            .and_then(|started| started.parse::<i64>().ok())
            .and_then(|started| now.checked_sub(started))
            .map(|elapsed| elapsed.max(0).unsigned_abs()),
        // A form without JavaScript does no work: it has the stricter limit instead.
        proof: None,
        replaces: uuid("replaces"),
        // The server's own wording of the consents: this form showed exactly these texts.
        ..typed.clone().request(id, definitions, locale, source)
    };
    let standing = state.counts.standing(slug).await?;
    let event = state
        .candles
        .featured(&entry, &state.public_url, locale, channel.as_deref(), now)
        .await?;
    // The form shown again keeps the page's own id: sent again, it is the same signing.
    let page_id = page_id.unwrap_or(id).to_string();
    let render = |status: StatusCode, form: FormState<'_>| {
        let landing = Landing {
            petition,
            locale,
            standing,
            public_url: &state.public_url,
            channel: channel.as_deref(),
            signers: &[],
            now,
            event: event.clone(),
            form,
        };
        page(status, landing.render())
    };
    let replaces = request.replaces.map(|earlier| earlier.to_string());
    let refused = |status, violations: &[FieldViolation], failure| {
        render(
            status,
            FormState::Editing {
                id: &page_id,
                typed: &typed,
                violations,
                failure,
                replaces: replaces.as_deref(),
            },
        )
    };
    // Asked for from the thanks: the form again, as typed, as a new signing that corrects the
    // one thanked for (sent with the same page's id, it would be that signing again).
    if let Some(earlier) = uuid("correct") {
        let (fresh_id, earlier) = (Uuid::new_v4().to_string(), earlier.to_string());
        return Ok(render(
            StatusCode::OK,
            FormState::Editing {
                id: &fresh_id,
                typed: &typed,
                violations: &[],
                failure: None,
                replaces: Some(&earlier),
            },
        ));
    }
    let signed_id = id.to_string();
    let strings = Strings::of(locale);
    // A form without JavaScript does no work: where the API would ask for some, it waits.
    let rate_limited = |retry_after: Duration| {
        let mut response = refused(
            StatusCode::TOO_MANY_REQUESTS,
            &[],
            Some(strings.rate_limited),
        );
        let seconds = retry_after.as_secs().max(1);
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        response
    };
    Ok(
        match signing::sign(&state, &entry, Ok(request), client, now).await {
            Ok(()) => render(
                StatusCode::OK,
                FormState::Signed {
                    id: &signed_id,
                    typed: &typed,
                },
            ),
            Err(Refusal::Invalid(violations)) => {
                refused(StatusCode::UNPROCESSABLE_ENTITY, &violations, None)
            }
            Err(Refusal::Failed(failure)) => match failure {
                Failure::PetitionClosed => render(StatusCode::GONE, FormState::Closed),
                Failure::RateLimited { retry_after, .. } => rate_limited(retry_after),
                Failure::ProofRequired { .. } => rate_limited(Duration::from_secs(60)),
                Failure::Overloaded | Failure::Unavailable => refused(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &[],
                    Some(strings.server_failed),
                ),
                failure => {
                    if let Failure::Internal(cause) = &failure {
                        tracing::error!(error = %cause, "a form's signature failed on our side");
                    }
                    refused(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        &[],
                        Some(strings.server_failed),
                    )
                }
            },
        },
    )
}

/// The id of what the form of the page view `page_id` sent with `email` (a signing, a
/// reminder): the same page sent again (Back, a reload of the answer) is the same, stored
/// once; another address sent from that page view is another.
pub(super) fn form_id(page_id: Option<Uuid>, email: &str) -> Uuid {
    let (Some(page_id), Ok(email)) = (page_id, Email::parse(email)) else {
        return Uuid::new_v4();
    };
    let digest = Sha256::new()
        .chain_update(page_id.as_bytes())
        .chain_update(email.normalized().as_bytes())
        .finalize();
    Uuid::new_v8(digest[..16].try_into().expect("SHA-256 is 32 bytes"))
}

/// `GET /p/{slug}/share.png?lang=`: the link preview's picture.
pub async fn share_image(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(language): Query<Language>,
) -> Result<Response, Failure> {
    let entry = state.petition(&slug)?;
    let confirmed = state.counts.confirmed(&slug).await?;
    let locale = language.locale();
    let card = Card::petition(&entry.petition, locale, confirmed);
    let png = state
        .share_images
        .get(petition_picture(&entry, locale), confirmed, card)
        .await;
    Ok(png_response(png))
}

/// A share picture, cached by previews for a while.
pub(super) fn png_response(png: std::sync::Arc<[u8]>) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        png.to_vec(),
    )
        .into_response()
}

/// `GET /p/{slug}/widget?lang=`: the widget's first view as HTML, for `embed.js` to show at once
/// while the widget downloads (see `Landing::widget_view`). Fetched across origins by partner
/// pages; it is the same for every reader but its count and the form's fresh id.
pub async fn widget_view(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(language): Query<Language>,
) -> Result<Response, Failure> {
    let entry = state.petition(&slug)?;
    let standing = state.counts.standing(&slug).await?;
    let id = Uuid::new_v4().to_string();
    let landing = Landing {
        petition: &entry.petition,
        locale: language.locale(),
        standing,
        public_url: &state.public_url,
        channel: None,
        signers: &[],
        now: now_ms(),
        event: state
            .candles
            .featured(&entry, &state.public_url, language.locale(), None, now_ms())
            .await?,
        form: FormState::first(&id, &standing),
    };
    Ok((
        [
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Html(landing.widget_view()),
    )
        .into_response())
}

/// What a page that embeds the petition in an iframe may do: be framed anywhere, run the
/// widget, and call this API. The server's own origin is named beside `'self'`: in a frame
/// sandboxed without `allow-same-origin` (WordPress embeds a pasted link so) the page's origin
/// is opaque, and WebKit then matches `'self'` to nothing, refusing embed.js itself.
fn embed_csp(public_url: &str) -> HeaderValue {
    let policy = |own: &str| {
        format!(
            "default-src 'none'; script-src {own} 'wasm-unsafe-eval'; style-src 'unsafe-inline'; \
             connect-src {own}; base-uri 'none'; frame-ancestors *"
        )
    };
    // A public URL that no header can carry is left out; only WebKit's sandboxed frames miss it.
    HeaderValue::try_from(policy(&format!("'self' {}", origin_of(public_url))))
        .or_else(|_| HeaderValue::try_from(policy("'self'")))
        .expect("the policy is plain ASCII")
}

/// `https://example.org` of `https://example.org/some/path`.
fn origin_of(url: &str) -> &str {
    let path_start = url.find("://").and_then(|scheme_end| {
        url[scheme_end + 3..]
            .find('/')
            .map(|at| scheme_end + 3 + at)
    });
    path_start.map_or(url, |at| &url[..at])
}

/// `GET /embed/{slug}?lang=`: the widget alone on a page, for hosts that allow iframes but not
/// scripts (or not WebAssembly). The iframe snippet and oEmbed point here.
pub async fn embed_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(language): Query<Language>,
) -> Response {
    let locale = language.locale();
    let entry = match state.contents.published(&slug) {
        Ok(entry) => entry,
        Err(not_shown) => return pages::not_shown(not_shown, locale),
    };
    let landing = landing_url(&state.public_url, &slug, locale);
    let html = crate::pages::landing::embed_page(&entry.petition, locale, &landing);
    (
        [
            (
                header::CONTENT_SECURITY_POLICY,
                embed_csp(&state.public_url),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        Html(html),
    )
        .into_response()
}

#[derive(serde::Deserialize)]
pub struct OEmbedQuery {
    url: String,
    format: Option<String>,
    maxwidth: Option<u32>,
    maxheight: Option<u32>,
}

/// The iframe's width when the consumer sets no limit: the widget's own widest (46em).
const OEMBED_WIDTH: u32 = 736;

/// `GET /oembed?url=…/p/{slug}`: lets a platform that speaks oEmbed (WordPress and others)
/// embed the petition when an author pastes its link.
pub async fn oembed(State(state): State<AppState>, Query(query): Query<OEmbedQuery>) -> Response {
    if query
        .format
        .as_deref()
        .is_some_and(|format| format != "json")
    {
        return StatusCode::NOT_IMPLEMENTED.into_response();
    }
    let prefix = format!("{}/p/", state.public_url);
    let Some(rest) = query.url.strip_prefix(&prefix) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (slug, url_query) = rest.split_once('?').unwrap_or((rest, ""));
    let entry = match state.contents.published(slug) {
        Ok(entry) => entry,
        Err(NotShown::Unknown) => return StatusCode::NOT_FOUND.into_response(),
        Err(NotShown::Unpublished) => return StatusCode::GONE.into_response(),
    };
    let locale = url_query
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(upprop_core::Locale::from_tag)
        .unwrap_or_default();
    let width = query.maxwidth.unwrap_or(OEMBED_WIDTH).min(OEMBED_WIDTH);
    let height = query
        .maxheight
        .unwrap_or(FIRST_VIEW_HEIGHT_PX)
        .min(FIRST_VIEW_HEIGHT_PX);
    let petition = &entry.petition;
    let title = &petition.text(locale).title;
    let html = crate::pages::landing::oembed_html(&state.public_url, petition, locale, height);
    axum::Json(serde_json::json!({
        "version": "1.0",
        "type": "rich",
        "title": title,
        "author_name": petition.organizer.name,
        "author_url": petition.organizer.website,
        "provider_name": petition.organizer.name,
        "provider_url": state.public_url.as_ref(),
        "html": html,
        "width": width,
        "height": height,
        "thumbnail_url": crate::pages::landing::share_image_url(&state.public_url, slug, locale),
        "thumbnail_width": crate::pages::landing::SHARE_IMAGE_SIZE.0,
        "thumbnail_height": crate::pages::landing::SHARE_IMAGE_SIZE.1,
        "cache_age": 3600,
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use upprop_core::Locale;

    use super::*;

    #[test]
    fn the_embed_page_names_its_own_origin_for_sandboxed_frames() {
        assert_eq!(
            origin_of("https://u.example/petitions"),
            "https://u.example"
        );
        assert_eq!(origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        let csp = embed_csp("https://u.example/petitions");
        let csp = csp.to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' https://u.example 'wasm-unsafe-eval';"),
            "{csp}"
        );
        assert!(
            csp.contains("connect-src 'self' https://u.example;"),
            "{csp}"
        );
    }

    #[test]
    fn a_page_view_signed_again_is_the_same_signing_and_another_address_is_not() {
        let page = Some(Uuid::new_v4());
        let anna = form_id(page, "anna@example.se");
        assert_eq!(anna, form_id(page, " Anna@Example.se "));
        assert_ne!(anna, form_id(page, "bertil@example.se"));
        assert_ne!(anna, form_id(Some(Uuid::new_v4()), "anna@example.se"));
        assert_ne!(
            form_id(None, "anna@example.se"),
            form_id(None, "anna@example.se")
        );
    }

    #[test]
    fn the_landing_page_is_english_only_when_asked() {
        assert_eq!(
            landing_url("https://u.example", "p", Locale::Sv),
            "https://u.example/p/p"
        );
        assert_eq!(
            landing_url("https://u.example", "p", Locale::En),
            "https://u.example/p/p?lang=en"
        );
    }
}
