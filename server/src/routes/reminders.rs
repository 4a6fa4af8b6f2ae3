//! The pages behind the links of a reminder's mails. As with a signature's, `GET` only shows
//! a page (mail scanners open every link); the reader's click on its button (`POST`,
//! same-origin) confirms the wish or takes it back.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use upprop_core::Locale;

use super::extract::Language;
use super::links::SameOriginPost;
use crate::api_error::Failure;
use crate::mail::tokens;
use crate::pages::event::{calendar_url, day_and_time, event_url, when_said};
use crate::pages::reminder::{self as page, Confirmed as ConfirmedPage};
use crate::petitions::events;
use crate::petitions::reminders::{self, Confirmed};
use crate::state::AppState;
use crate::store::{ReminderLink, now_ms};

/// The confirmed page of `link`'s reminder; with its withdrawal link when just confirmed.
fn confirmed_page(
    state: &AppState,
    link: &ReminderLink,
    locale: Locale,
    withdraw: Option<&str>,
) -> Response {
    let now = now_ms();
    let found = state.contents.get(&link.petition).and_then(|entry| {
        let (event, when) = events::public(&entry, &link.event, now)?;
        let title = event.text(locale).title.clone();
        let remind_at = reminders::remind_at(event, when, now).map(|_| link.remind_at.max(now));
        Some((title, remind_at, entry))
    });
    let Some((title, remind_at, _entry)) = found else {
        return page::invalid(locale);
    };
    let url = event_url(&state.public_url, &link.petition, &link.event, locale);
    page::confirmed(
        locale,
        &ConfirmedPage {
            title: &title,
            remind_at: remind_at.map(|at| day_and_time(at, locale)).as_deref(),
            event_url: &url,
            calendar_url: &calendar_url(&link.petition, &link.event, locale),
            withdraw,
        },
    )
}

/// `GET /reminders/{token}`: what the link would confirm, and the button that does it.
pub async fn ask_to_confirm(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(language): Query<Language>,
) -> Result<Response, Failure> {
    let now = now_ms();
    let Some(link) = state
        .store
        .reminder_link(&tokens::hash(&token), now)
        .await?
    else {
        return Ok(page::invalid(language.locale()));
    };
    let locale = language.or(Locale::from_tag(&link.locale).unwrap_or_default());
    if link.confirmed_at.is_some() {
        return Ok(confirmed_page(&state, &link, locale, None));
    }
    let shown = state.contents.get(&link.petition).and_then(|entry| {
        let (event, when) = events::public(&entry, &link.event, now)?;
        Some((event.text(locale).title.clone(), when_said(when, locale)))
    });
    Ok(match shown {
        Some((title, when)) => page::ask_to_confirm(locale, &title, &when, &token),
        None => page::invalid(locale),
    })
}

/// `POST /reminders/{token}`: confirms the wish, once; its reminder waits in the outbox.
pub async fn confirm(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(language): Query<Language>,
    _: SameOriginPost,
) -> Result<Response, Failure> {
    Ok(match reminders::confirm(&state, &token, now_ms()).await? {
        Confirmed::Now { link, withdraw } => {
            let locale = language.or(Locale::from_tag(&link.locale).unwrap_or_default());
            confirmed_page(&state, &link, locale, Some(&withdraw))
        }
        Confirmed::Already(link) => {
            let locale = language.or(Locale::from_tag(&link.locale).unwrap_or_default());
            confirmed_page(&state, &link, locale, None)
        }
        Confirmed::Invalid => page::invalid(language.locale()),
    })
}

/// `GET /reminders/withdraw/{token}`: the button that takes the reminder back.
pub async fn ask_to_withdraw(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(language): Query<Language>,
) -> Result<Response, Failure> {
    let withdrawable = state
        .store
        .reminder_withdrawable(&tokens::hash(&token))
        .await?;
    Ok(if withdrawable {
        page::ask_to_withdraw(language.locale(), &token)
    } else {
        page::invalid(language.locale())
    })
}

/// `POST /reminders/withdraw/{token}`: the wish and its mail erased.
pub async fn withdraw(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(language): Query<Language>,
    _: SameOriginPost,
) -> Result<Response, Failure> {
    Ok(
        match state.store.withdraw_reminder(&tokens::hash(&token)).await? {
            Some(_) => page::withdrawn(language.locale()),
            None => page::invalid(language.locale()),
        },
    )
}
