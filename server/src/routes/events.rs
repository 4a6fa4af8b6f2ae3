//! A campaign's manifestations: the event's page and its candle (a form that needs no
//! JavaScript, and the JSON API beside it), its calendar entry, its printable flyer and its
//! share picture, and the page's small script.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use upprop_core::Locale;
use upprop_core::api::{CandleRequest, EventCandles};
use upprop_core::form::form_field;
use upprop_core::manifestation::Manifestation;
use upprop_core::source::{tagged, valid_channel};
use upprop_core::wire::parse_hyphenated_uuid;
use uuid::Uuid;

use super::client_address::ClientAddress;
use super::extract::PublishedPage;
use super::json_object::JsonObject;
use super::landing::{self, page, png_response};
use crate::api_error::Failure;
use crate::pages;
use crate::pages::event::{Lighting, Shown, Visit};
use crate::pages::flyer::{Flyer, PaperSize};
use crate::pages::reminder::{self, Problem, Reminding};
use crate::petitions::Entry;
use crate::petitions::events::{self, When};
use crate::petitions::reminders::{self, NotAsked, ReminderRequest};
use crate::petitions::share_image::Card;
use crate::state::AppState;
use crate::store::now_ms;

/// What an event page's address may add to the language: the channel the reader came with,
/// `lit` once their candle is lit, `reminded` once they asked for a reminder.
#[derive(serde::Deserialize)]
pub struct EventView {
    src: Option<String>,
    lit: Option<String>,
    reminded: Option<String>,
}

/// The manifestation a page's path names (`{slug}`, `{id}`) as the public may see it now, with
/// its times and the language asked for; else the page that says there is none.
pub struct EventPage {
    pub entry: Arc<Entry>,
    pub locale: Locale,
    index: usize,
    pub when: When,
    pub now: i64,
}

impl EventPage {
    pub fn event(&self) -> &Manifestation {
        &self.entry.petition.events[self.index]
    }

    /// The event as its page shows it: its candles, and whether they may be lit.
    async fn shown<'a>(&'a self, state: &'a AppState) -> Result<Shown<'a>, Failure> {
        let slug = &self.entry.petition.slug;
        let event = self.event();
        let closed = state.counts.standing(slug).await?.closed_at.is_some();
        Ok(Shown {
            petition: &self.entry.petition,
            event,
            when: &self.when,
            over: self.when.is_over(self.now),
            open: !closed,
            public_url: &state.public_url,
            locale: self.locale,
            candles: state.candles.count(slug, &event.id).await?,
            reminder_hours: reminders::remind_at(event, &self.when, self.now)
                .and(event.remind_hours_before),
        })
    }
}

impl FromRequestParts<AppState> for EventPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let PublishedPage { entry, locale } =
            PublishedPage::from_request_parts(parts, state).await?;
        let Path((_, id)) = Path::<(String, String)>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let now = now_ms();
        let found = events::public(&entry, &id, now).and_then(|(event, when)| {
            let index = entry
                .petition
                .events
                .iter()
                .position(|e| e.id == event.id)?;
            Some((index, when.clone()))
        });
        let Some((index, when)) = found else {
            return Err(pages::event_not_found(locale));
        };
        Ok(Self {
            entry,
            locale,
            index,
            when,
            now,
        })
    }
}

/// `GET /p/{slug}/events/{id}?lang=&src=&lit=`: a manifestation's page.
pub async fn show(
    State(state): State<AppState>,
    page_of: EventPage,
    Query(view): Query<EventView>,
) -> Result<Response, Failure> {
    let shown = page_of.shown(&state).await?;
    let channel = view.src.as_deref().and_then(valid_channel);
    let visit = Visit {
        lighting: if view.lit.is_some() {
            Lighting::Lit
        } else {
            Lighting::Offered
        },
        reminding: if view.reminded.is_some() {
            Reminding::Asked
        } else {
            Reminding::Offered
        },
        channel: channel.as_deref(),
        page_view: &Uuid::new_v4().to_string(),
    };
    Ok(page(StatusCode::OK, shown.page(&visit)))
}

/// The event page again after a form of its: its own address, in the reader's language and
/// with their channel.
fn back_to(page_of: &EventPage, channel: Option<&str>) -> String {
    let back = format!(
        "/p/{}/events/{}?lang={}",
        page_of.entry.petition.slug,
        page_of.event().id,
        page_of.locale.as_str()
    );
    channel.map_or_else(|| back.clone(), |channel| tagged(&back, channel))
}

/// `POST /p/{slug}/events/{id}/reminders?lang=`, a form with the page view's `id`, the
/// `email`, the `consent` ticked and the reader's `src`: the confirmation mailed, the page
/// again saying so; or the form again, as typed, saying why not.
pub async fn ask_for_reminder(
    State(state): State<AppState>,
    page_of: EventPage,
    ClientAddress(client): ClientAddress,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let channel = form_field(&fields, "src").and_then(valid_channel);
    let email = form_field(&fields, "email").unwrap_or_default();
    let page_view = form_field(&fields, "id").and_then(parse_hyphenated_uuid);
    let locale = page_of.locale;
    let request = ReminderRequest {
        id: landing::form_id(page_view, email),
        email,
        consented: form_field(&fields, "consent") == Some("yes"),
        consent: reminder::consent(locale),
        locale,
    };
    let event = page_of.event();
    let asked = reminders::ask(
        &state,
        &page_of.entry,
        event,
        &page_of.when,
        &request,
        client,
        page_of.now,
    )
    .await;
    let (status, problem) = match asked {
        Ok(()) => {
            let back = back_to(&page_of, channel.as_deref());
            return Ok(Redirect::to(&format!("{back}&reminded=1#reminder")).into_response());
        }
        // Begun, or closed, since the page was shown: the page as it stands now says so.
        Err(NotAsked::NotOffered | NotAsked::Failed(Failure::PetitionClosed)) => {
            let back = back_to(&page_of, channel.as_deref());
            return Ok(Redirect::to(&format!("{back}#reminder")).into_response());
        }
        Err(NotAsked::InvalidEmail) => (StatusCode::UNPROCESSABLE_ENTITY, Problem::Email),
        Err(NotAsked::ConsentMissing) => (StatusCode::UNPROCESSABLE_ENTITY, Problem::Consent),
        Err(NotAsked::Failed(Failure::RateLimited { .. } | Failure::ProofRequired { .. })) => {
            (StatusCode::TOO_MANY_REQUESTS, Problem::TooMany)
        }
        Err(NotAsked::Failed(failure)) => return Err(failure),
    };
    let shown = page_of.shown(&state).await?;
    let page_view = page_view.unwrap_or(request.id).to_string();
    let visit = Visit {
        lighting: Lighting::Offered,
        reminding: Reminding::Refused {
            typed: email,
            problem,
        },
        channel: channel.as_deref(),
        page_view: &page_view,
    };
    let mut response = page(status, shown.page(&visit));
    if status == StatusCode::TOO_MANY_REQUESTS {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(60));
    }
    Ok(response)
}

/// `POST /p/{slug}/events/{id}/candles?lang=`, a form with the page view's `id` (sent again,
/// the same candle) and the reader's `src`: lit, the page again with the thanks.
pub async fn light_from_page(
    State(state): State<AppState>,
    page_of: EventPage,
    ClientAddress(client): ClientAddress,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let channel = form_field(&fields, "src").and_then(valid_channel);
    let request = CandleRequest {
        id: form_field(&fields, "id")
            .and_then(parse_hyphenated_uuid)
            .unwrap_or_else(Uuid::new_v4),
        // A form without JavaScript does no work: it has the allowance without it.
        proof: None,
    };
    let back = back_to(&page_of, channel.as_deref());
    let event = (page_of.event(), &page_of.when);
    match light_candle(&state, &page_of.entry, event, &request, client, page_of.now).await {
        Ok(_) => Ok(Redirect::to(&format!("{back}&lit=1#candle")).into_response()),
        // Closed since the page was shown: the page as it stands now says so.
        Err(Failure::PetitionClosed) => Ok(Redirect::to(&format!("{back}#candle")).into_response()),
        Err(Failure::RateLimited { .. } | Failure::ProofRequired { .. }) => {
            let shown = page_of.shown(&state).await?;
            let visit = Visit {
                lighting: Lighting::TooMany,
                reminding: Reminding::Offered,
                channel: channel.as_deref(),
                page_view: &request.id.to_string(),
            };
            let mut response = page(StatusCode::TOO_MANY_REQUESTS, shown.page(&visit));
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(60));
            Ok(response)
        }
        Err(failure) => Err(failure),
    }
}

/// `GET /api/v1/petitions/{slug}/events/{id}`: how many candles, and whether it is over.
pub async fn candles(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Json<EventCandles>, Failure> {
    let entry = state.petition(&slug)?;
    let now = now_ms();
    let (event, when) = events::public(&entry, &id, now).ok_or(Failure::EventNotFound)?;
    Ok(Json(EventCandles {
        event: event.id.clone(),
        candles: state.candles.count(&slug, &event.id).await?,
        over: when.is_over(now),
    }))
}

/// `POST /api/v1/petitions/{slug}/events/{id}/candles`: one candle, counted once per `id`;
/// the answer is the count with it.
pub async fn light(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    ClientAddress(client): ClientAddress,
    body: Result<JsonObject<CandleRequest>, Failure>,
) -> Result<Json<EventCandles>, Failure> {
    let entry = state.petition(&slug)?;
    let now = now_ms();
    // The event is named before the body is read: a request to no event says so first.
    let event = events::public(&entry, &id, now).ok_or(Failure::EventNotFound)?;
    let JsonObject(request) = body?;
    let lit = light_candle(&state, &entry, event, &request, client, now).await?;
    Ok(Json(lit))
}

/// `GET /p/{slug}/events/{id}/calendar.ics?lang=`: the manifestation for a calendar.
pub async fn calendar(
    State(state): State<AppState>,
    page_of: EventPage,
) -> Result<Response, Failure> {
    let petition = &page_of.entry.petition;
    let event = page_of.event();
    let version = state
        .store
        .event_version(
            &petition.slug,
            &event.id,
            &events::digest(event),
            page_of.now,
        )
        .await?;
    let entry = pages::calendar::entry(
        petition,
        event,
        &page_of.when,
        version,
        &state.public_url,
        page_of.locale,
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{}.ics\"", event.id))
                    .expect("an event's id is a header's word"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        entry,
    )
        .into_response())
}

/// What a flyer's address may add to the language: the paper and a poster's own code.
#[derive(serde::Deserialize)]
pub struct FlyerOptions {
    size: Option<String>,
    poster: Option<String>,
}

/// `GET /p/{slug}/events/{id}/flyer?lang=&size=a4|a5&poster=`: the flyer to print.
pub async fn flyer(
    State(state): State<AppState>,
    page_of: EventPage,
    Query(options): Query<FlyerOptions>,
) -> Result<Response, Failure> {
    let size = match options.size.as_deref() {
        Some("a5" | "A5") => PaperSize::A5,
        _ => PaperSize::A4,
    };
    let poster = options
        .poster
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let channel = pages::flyer::channel(poster);
    let flyer = Flyer {
        petition: &page_of.entry.petition,
        event: page_of.event(),
        when: &page_of.when,
        public_url: &state.public_url,
        locale: page_of.locale,
        size,
        poster,
        channel: channel.as_deref().unwrap_or(pages::flyer::FLYER_CHANNEL),
        poster_refused: channel.is_none(),
    };
    let status = if channel.is_some() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(page(status, flyer.render()))
}

/// `GET /p/{slug}/events/{id}/share.png?lang=`: the manifestation's link preview: its title,
/// when, and its candles.
pub async fn share_image(
    State(state): State<AppState>,
    page_of: EventPage,
) -> Result<Response, Failure> {
    let EventPage {
        entry,
        locale,
        when,
        ..
    } = &page_of;
    let (petition, event, locale) = (&entry.petition, page_of.event(), *locale);
    let candles = state.candles.count(&petition.slug, &event.id).await?;
    let card = Card::event(petition, event, when, locale, candles);
    let key = (
        format!("{}/events/{}", petition.slug, event.id),
        locale,
        entry.localized(locale).digest.clone(),
    );
    Ok(png_response(
        state.share_images.get(key, candles, card).await,
    ))
}

/// `GET /event.js`: keeps an event page's count of candles current and wires a flyer's print
/// button; the pages read whole without it.
pub async fn script() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        include_str!("../pages/event.js"),
    )
}

/// Lights `request`'s candle for `event` of `entry`'s petition (as `events::public` found it),
/// from `client` at `now`: one tap and no personal data, but let through the same admission as
/// a signature (the address's allowance, proof of work, the flood ceiling): once however often it is sent, while the petition is open. A
/// manifestation held still takes candles (the flyer's "let your candle burn" has no end),
/// counted under it. The answer is the count with it.
async fn light_candle(
    state: &AppState,
    entry: &Entry,
    (event, when): (&Manifestation, &When),
    request: &CandleRequest,
    client: IpAddr,
    now: i64,
) -> Result<EventCandles, Failure> {
    let petition = &entry.petition;
    if state
        .counts
        .standing(&petition.slug)
        .await?
        .closed_at
        .is_some()
    {
        return Err(Failure::PetitionClosed);
    }
    state
        .admission
        .admit_work(&request.id, request.proof.as_ref(), client, now)
        .await?;
    if state
        .store
        .light_candle(&request.id, &petition.slug, &event.id, now)
        .await?
    {
        state.candles.lit(&petition.slug, &event.id);
    }
    Ok(EventCandles {
        event: event.id.clone(),
        candles: state.candles.count(&petition.slug, &event.id).await?,
        over: when.is_over(now),
    })
}
