//! Reminders of a manifestation by mail: asked (with their own consent, and a confirmation
//! mail), confirmed (the reminder then waits in the outbox until its time), withdrawn or
//! erased on request (with their mail), and erased by themselves once done with.

use std::time::Duration;

use sqlx::Row;

use super::confirmations::UNCONFIRMED_KEPT_FOR;
use super::{ERASED_ON_REQUEST, Mail, Store, ms};

/// A reminder is kept this long after its time: enough for its mail's retries, then its
/// address goes.
const SENT_REMINDER_KEPT_FOR: Duration = Duration::from_secs(7 * 24 * 3600);

/// A reader's wish to be reminded, as the event page's form gave it.
pub struct NewReminder<'a> {
    /// The page view's and the address's (sent again, the same wish).
    pub id: &'a str,
    pub petition: &'a str,
    pub event: &'a str,
    /// As typed: where the mails go.
    pub email: &'a str,
    /// As `Email::normalized` gives it: one address asks once per event.
    pub email_normalized: &'a str,
    pub locale: &'a str,
    /// The consent's words, as agreed to.
    pub consent: &'a str,
    pub remind_at: i64,
    pub confirm_token_hash: &'a str,
    /// The mail with the confirmation link.
    pub confirmation: &'a Mail,
}

/// What asking did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskedReminder {
    /// The confirmation mail is queued (for a wish new, or asked again while unconfirmed).
    Queued,
    /// This address's wish for this event is confirmed already: nothing was sent.
    AlreadyConfirmed,
}

/// A reminder as its confirmation link finds it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReminderLink {
    pub id: String,
    pub petition: String,
    pub event: String,
    pub locale: String,
    pub email: String,
    pub remind_at: i64,
    pub confirmed_at: Option<i64>,
}

/// A reminder as the organiser's lookup for an address lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredReminder {
    pub id: String,
    pub petition: String,
    pub event: String,
    pub email: String,
    pub consent: String,
    pub asked_at: i64,
    pub confirmed_at: Option<i64>,
    pub remind_at: i64,
}

/// How many asked to be reminded of an event, confirmed, and withdrew.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct ReminderFigures {
    pub asked: i64,
    pub confirmed: i64,
    pub withdrawn: i64,
}

impl Store {
    /// Stores `reminder`, unconfirmed, and queues its confirmation mail, at once; asked again
    /// while unconfirmed, the old link stops working and a new one is mailed.
    pub async fn ask_reminder(
        &self,
        reminder: &NewReminder<'_>,
        now: i64,
    ) -> sqlx::Result<AskedReminder> {
        let mut transaction = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO reminders (id, petition, event, email, email_normalized, locale, \
             consent, asked_at, remind_at, confirm_token_hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
        )
        .bind(reminder.id)
        .bind(reminder.petition)
        .bind(reminder.event)
        .bind(reminder.email)
        .bind(reminder.email_normalized)
        .bind(reminder.locale)
        .bind(reminder.consent)
        .bind(now)
        .bind(reminder.remind_at)
        .bind(reminder.confirm_token_hash)
        .execute(&mut *transaction)
        .await?
        .rows_affected()
            > 0;
        let id: Option<String> = if inserted {
            figure(&mut transaction, reminder.petition, reminder.event, "asked").await?;
            Some(reminder.id.to_owned())
        } else {
            sqlx::query_scalar(
                "UPDATE reminders SET confirm_token_hash = $1, locale = $2, consent = $3, \
                 asked_at = $4, remind_at = $5, email = $6 \
                 WHERE petition = $7 AND event = $8 AND email_normalized = $9 \
                 AND confirmed_at IS NULL RETURNING id",
            )
            .bind(reminder.confirm_token_hash)
            .bind(reminder.locale)
            .bind(reminder.consent)
            .bind(now)
            .bind(reminder.remind_at)
            .bind(reminder.email)
            .bind(reminder.petition)
            .bind(reminder.event)
            .bind(reminder.email_normalized)
            .fetch_optional(&mut *transaction)
            .await?
        };
        let Some(id) = id else {
            transaction.commit().await?;
            return Ok(AskedReminder::AlreadyConfirmed);
        };
        // The older confirmation, if any, links to nothing now.
        sqlx::query("DELETE FROM outbox WHERE reminder_id = $1")
            .bind(&id)
            .execute(&mut *transaction)
            .await?;
        queue(&mut transaction, &id, reminder.confirmation, now).await?;
        transaction.commit().await?;
        Ok(AskedReminder::Queued)
    }

    /// The reminder whose confirmation link hashes to `token_hash`, while it may be confirmed.
    pub async fn reminder_link(
        &self,
        token_hash: &str,
        now: i64,
    ) -> sqlx::Result<Option<ReminderLink>> {
        sqlx::query_as(
            "SELECT id, petition, event, locale, email, remind_at, confirmed_at FROM reminders \
             WHERE confirm_token_hash = $1 AND (confirmed_at IS NOT NULL OR asked_at > $2)",
        )
        .bind(token_hash)
        .bind(now - ms(UNCONFIRMED_KEPT_FOR))
        .fetch_optional(&self.pool)
        .await
    }

    /// Confirms the reminder `link` found, once: its withdrawal link's hash is kept from now
    /// on, and `reminder` (`None`: its time has passed) waits in the outbox until its time.
    /// `false` when it was confirmed already.
    pub async fn confirm_reminder(
        &self,
        link: &ReminderLink,
        withdraw_token_hash: &str,
        reminder: Option<&Mail>,
        now: i64,
    ) -> sqlx::Result<bool> {
        let mut transaction = self.pool.begin().await?;
        let confirmed = sqlx::query(
            "UPDATE reminders SET confirmed_at = $1, withdraw_token_hash = $2 \
             WHERE id = $3 AND confirmed_at IS NULL",
        )
        .bind(now)
        .bind(withdraw_token_hash)
        .bind(&link.id)
        .execute(&mut *transaction)
        .await?
        .rows_affected()
            > 0;
        if confirmed {
            figure(&mut transaction, &link.petition, &link.event, "confirmed").await?;
            if let Some(mail) = reminder {
                queue(&mut transaction, &link.id, mail, link.remind_at.max(now)).await?;
            }
        }
        transaction.commit().await?;
        Ok(confirmed)
    }

    /// Whether a reminder's withdrawal link hashes to `token_hash`: what its page shows.
    pub async fn reminder_withdrawable(&self, token_hash: &str) -> sqlx::Result<bool> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT id FROM reminders WHERE withdraw_token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }

    /// The reader's own withdrawal, by the link in their reminder: the wish and its mail go.
    /// The event's petition and id, if there was one.
    pub async fn withdraw_reminder(
        &self,
        token_hash: &str,
    ) -> sqlx::Result<Option<(String, String)>> {
        self.erase_reminder("withdraw_token_hash", token_hash, None)
            .await
    }

    /// An organiser's erasure on the reader's request, with its line in the audit log.
    pub async fn erase_reminder_on_request(
        &self,
        id: &str,
        organizer: &str,
        now: i64,
    ) -> sqlx::Result<Option<(String, String)>> {
        self.erase_reminder("id", id, Some((organizer, now))).await
    }

    async fn erase_reminder(
        &self,
        column: &str,
        key: &str,
        audit: Option<(&str, i64)>,
    ) -> sqlx::Result<Option<(String, String)>> {
        let mut transaction = self.pool.begin().await?;
        let row = sqlx::query(&format!(
            "DELETE FROM reminders WHERE {column} = $1 RETURNING id, petition, event"
        ))
        .bind(key)
        .fetch_optional(&mut *transaction)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let (id, petition, event): (String, String, String) = (
            row.try_get("id")?,
            row.try_get("petition")?,
            row.try_get("event")?,
        );
        sqlx::query("DELETE FROM outbox WHERE reminder_id = $1")
            .bind(&id)
            .execute(&mut *transaction)
            .await?;
        figure(&mut transaction, &petition, &event, "withdrawn").await?;
        if let Some((organizer, now)) = audit {
            let line = (ERASED_ON_REQUEST, organizer, now);
            super::settings::audit(&mut transaction, &petition, line).await?;
        }
        transaction.commit().await?;
        Ok(Some((petition, event)))
    }

    /// Every reminder asked with the address `email_normalized`, for a data-subject request.
    pub async fn reminders_of(&self, email_normalized: &str) -> sqlx::Result<Vec<StoredReminder>> {
        sqlx::query_as(
            "SELECT id, petition, event, email, consent, asked_at, confirmed_at, remind_at \
             FROM reminders WHERE email_normalized = $1 ORDER BY asked_at",
        )
        .bind(email_normalized)
        .fetch_all(&self.pool)
        .await
    }

    pub async fn reminder_figures(
        &self,
        petition: &str,
        event: &str,
    ) -> sqlx::Result<ReminderFigures> {
        Ok(sqlx::query_as(
            "SELECT asked, confirmed, withdrawn FROM reminder_figures \
             WHERE petition = $1 AND event = $2",
        )
        .bind(petition)
        .bind(event)
        .fetch_optional(&self.pool)
        .await?
        .unwrap_or_default())
    }

    /// Erases the reminders done with, and their mail: never confirmed within
    /// `UNCONFIRMED_KEPT_FOR`, or due more than `SENT_REMINDER_KEPT_FOR` ago. The figures
    /// stay. Returns how many.
    pub async fn purge_reminders(&self, now: i64) -> sqlx::Result<u64> {
        let mut transaction = self.pool.begin().await?;
        let done = "SELECT id FROM reminders WHERE \
                    (confirmed_at IS NULL AND asked_at <= $1) OR remind_at <= $2";
        sqlx::query(&format!("DELETE FROM outbox WHERE reminder_id IN ({done})"))
            .bind(now - ms(UNCONFIRMED_KEPT_FOR))
            .bind(now - ms(SENT_REMINDER_KEPT_FOR))
            .execute(&mut *transaction)
            .await?;
        let erased = sqlx::query(&format!("DELETE FROM reminders WHERE id IN ({done})"))
            .bind(now - ms(UNCONFIRMED_KEPT_FOR))
            .bind(now - ms(SENT_REMINDER_KEPT_FOR))
            .execute(&mut *transaction)
            .await?
            .rows_affected();
        transaction.commit().await?;
        Ok(erased)
    }
}

/// Queues `mail` of reminder `id`, to go at `at`.
async fn queue(
    connection: &mut sqlx::AnyConnection,
    id: &str,
    mail: &Mail,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO outbox (reminder_id, recipient, subject, body, html, calendar, \
         next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(&mail.recipient)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(&mail.html)
    .bind(&mail.calendar)
    .bind(at)
    .execute(connection)
    .await?;
    Ok(())
}

/// Counts one more under `column` (`asked`, `confirmed`, `withdrawn`) for the event.
async fn figure(
    connection: &mut sqlx::AnyConnection,
    petition: &str,
    event: &str,
    column: &str,
) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO reminder_figures (petition, event, {column}) VALUES ($1, $2, 1) \
         ON CONFLICT (petition, event) DO UPDATE SET {column} = reminder_figures.{column} + 1"
    ))
    .bind(petition)
    .bind(event)
    .execute(connection)
    .await?;
    Ok(())
}
