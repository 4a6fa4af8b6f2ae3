//! A reader's reminder of a manifestation by mail: asked on its page (an address and a consent
//! of its own), let through the same admission as a signature (the address's allowance and its
//! mail domain's cap), taken once confirmed through the mailed link (double opt-in), and then
//! mailed from the outbox before the event, its calendar entry attached.

use std::net::IpAddr;

use upprop_core::manifestation::Manifestation;
use upprop_core::{Email, Locale};
use uuid::Uuid;

use super::Entry;
use super::events::{self, When};
use crate::api_error::Failure;
use crate::mail::reminder::{self, Of, ReminderLinks};
use crate::mail::tokens;
use crate::pages::calendar;
use crate::pages::event::{event_url, when_said};
use crate::state::AppState;
use crate::store::{AskedReminder, NewReminder, ReminderLink};

const HOUR_MS: i64 = 3_600_000;

/// What the event page's form asks with.
pub struct ReminderRequest<'a> {
    /// The page view's and the address's: sent again, the same wish.
    pub id: Uuid,
    pub email: &'a str,
    /// Whether the consent's box was ticked, and its words as shown.
    pub consented: bool,
    pub consent: &'a str,
    pub locale: Locale,
}

/// Why a reminder was not asked.
#[derive(Debug)]
pub enum NotAsked {
    InvalidEmail,
    ConsentMissing,
    /// The event offers no reminder, or has begun.
    NotOffered,
    Failed(Failure),
}

impl From<Failure> for NotAsked {
    fn from(failure: Failure) -> Self {
        Self::Failed(failure)
    }
}

/// When a reminder of `event` is due: `remind_hours_before` it starts (at once if that has
/// passed); `None` when it offers none, or has begun by `now`.
pub fn remind_at(event: &Manifestation, when: &When, now: i64) -> Option<i64> {
    let starts = when.starts.timestamp().as_millisecond();
    let hours = event.remind_hours_before?;
    (now < starts).then(|| (starts - i64::from(hours) * HOUR_MS).max(now))
}

/// Asks for `request`'s reminder of `event` from `client` at `now`: stored unconfirmed, and
/// the confirmation mailed. The same answer whether the address asked before or not.
pub async fn ask(
    state: &AppState,
    entry: &Entry,
    event: &Manifestation,
    when: &When,
    request: &ReminderRequest<'_>,
    client: IpAddr,
    now: i64,
) -> Result<(), NotAsked> {
    let petition = &entry.petition;
    if state
        .counts
        .standing(&petition.slug)
        .await
        .map_err(Failure::from)?
        .closed_at
        .is_some()
    {
        return Err(Failure::PetitionClosed.into());
    }
    let remind_at = remind_at(event, when, now).ok_or(NotAsked::NotOffered)?;
    if !request.consented {
        return Err(NotAsked::ConsentMissing);
    }
    let email = Email::parse(request.email).map_err(|_| NotAsked::InvalidEmail)?;
    state
        .admission
        .admit_mail(&request.id, None, email.as_str(), client, now)
        .await?;
    let token = tokens::generate_in_order(now);
    let link = format!("{}/reminders/{token}", state.public_url);
    let of = Of {
        petition,
        event,
        when: &when_said(when, request.locale),
        locale: request.locale,
    };
    let confirmation = reminder::confirmation(email.as_str(), &of, &link);
    let asked = state
        .store
        .ask_reminder(
            &NewReminder {
                id: &request.id.to_string(),
                petition: &petition.slug,
                event: &event.id,
                email: email.as_str(),
                email_normalized: &email.normalized(),
                locale: request.locale.as_str(),
                consent: request.consent,
                remind_at,
                confirm_token_hash: &tokens::hash(&token),
                confirmation: &confirmation,
            },
            now,
        )
        .await
        .map_err(Failure::from)?;
    if asked == AskedReminder::Queued {
        state.doorbell.ring();
    }
    Ok(())
}

/// What the confirmation link found.
pub enum Confirmed {
    /// Confirmed now: the reminder is queued (`None`: the event has begun, nothing to send)
    /// and this is its withdrawal link.
    Now {
        link: ReminderLink,
        withdraw: String,
    },
    Already(ReminderLink),
    /// No such link, or its wish was erased (or its event is no more).
    Invalid,
}

/// Confirms the reminder whose link carries `token`, once.
pub async fn confirm(state: &AppState, token: &str, now: i64) -> Result<Confirmed, Failure> {
    let Some(link) = state.store.reminder_link(&tokens::hash(token), now).await? else {
        return Ok(Confirmed::Invalid);
    };
    if link.confirmed_at.is_some() {
        return Ok(Confirmed::Already(link));
    }
    let Some(entry) = state.contents.get(&link.petition) else {
        return Ok(Confirmed::Invalid);
    };
    let petition = &entry.petition;
    let Some((event, when)) = events::public(&entry, &link.event, now) else {
        return Ok(Confirmed::Invalid);
    };
    let locale = Locale::from_tag(&link.locale).unwrap_or_default();
    let withdraw_token = tokens::generate_in_order(now);
    let withdraw = format!("{}/reminders/withdraw/{withdraw_token}", state.public_url);
    let mail = match remind_at(event, when, now) {
        None => None,
        Some(_) => {
            let version = state
                .store
                .event_version(&petition.slug, &event.id, &events::digest(event), now)
                .await?;
            let entry = calendar::entry(petition, event, when, version, &state.public_url, locale);
            let of = Of {
                petition,
                event,
                when: &when_said(when, locale),
                locale,
            };
            let url = event_url(&state.public_url, &petition.slug, &event.id, locale);
            let links = ReminderLinks {
                event: &url,
                withdraw: &withdraw,
            };
            Some(reminder::reminder(&link.email, &of, &links, entry))
        }
    };
    let confirmed = state
        .store
        .confirm_reminder(&link, &tokens::hash(&withdraw_token), mail.as_ref(), now)
        .await?;
    if !confirmed {
        return Ok(Confirmed::Already(link));
    }
    if mail.is_some() {
        state.doorbell.ring();
    }
    Ok(Confirmed::Now { link, withdraw })
}
