//! The outbox: mail claimed under a lease, sent, retried later or given up, and counted.

use std::time::Duration;

use sqlx::AnyConnection;

use super::{Mail, Statement, Store, ms};

/// The outbox's columns for one queued mail, filled by `bind_mail`.
pub(super) const OUTBOX_COLUMNS: &str =
    "outbox (signature_id, recipient, subject, body, html, next_attempt_at)";

/// Binds `mail` about the signature `signature_id` (which it is erased with), due `now`.
pub(super) fn bind_mail<'q>(
    query: Statement<'q>,
    signature_id: &str,
    mail: &Mail,
    now: i64,
) -> Statement<'q> {
    query
        .bind(signature_id.to_owned())
        .bind(mail.recipient.clone())
        .bind(mail.subject.clone())
        .bind(mail.body.clone())
        .bind(mail.html.clone())
        .bind(now)
}

/// Queues `mail` about the signature `signature_id`, which it is erased with.
pub(super) async fn enqueue(
    connection: &mut AnyConnection,
    signature_id: &str,
    mail: &Mail,
    now: i64,
) -> sqlx::Result<()> {
    let sql = format!("INSERT INTO {OUTBOX_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6)");
    bind_mail(sqlx::query(&sql), signature_id, mail, now)
        .execute(connection)
        .await?;
    Ok(())
}

pub struct QueuedMail {
    pub id: i64,
    pub mail: Mail,
    pub attempts: i64,
}

/// `QueuedMail` as `claim_mail` reads it.
#[derive(sqlx::FromRow)]
struct QueuedRow {
    id: i64,
    recipient: String,
    subject: String,
    body: String,
    html: Option<String>,
    calendar: Option<String>,
    attempts: i64,
}

impl From<QueuedRow> for QueuedMail {
    fn from(row: QueuedRow) -> Self {
        Self {
            id: row.id,
            attempts: row.attempts,
            mail: Mail {
                recipient: row.recipient,
                subject: row.subject,
                body: row.body,
                html: row.html,
                calendar: row.calendar,
            },
        }
    }
}

impl Store {
    /// Takes up to `limit` mails due at `now` for `lease`; a crashed sender's lease simply runs
    /// out. Portable and safe with several servers: the claim re-checks the lease per row.
    pub async fn claim_mail(
        &self,
        limit: i64,
        lease: Duration,
        now: i64,
    ) -> sqlx::Result<Vec<QueuedMail>> {
        let rows: Vec<QueuedRow> = sqlx::query_as(
            "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE failed_at IS NULL AND next_attempt_at <= $2 \
                          AND (claimed_until IS NULL OR claimed_until <= $2) ORDER BY id LIMIT $3) \
             AND (claimed_until IS NULL OR claimed_until <= $2) \
             RETURNING id, recipient, subject, body, html, calendar, attempts",
        )
        .bind(now + ms(lease))
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(QueuedMail::from).collect())
    }

    /// Deletes delivered mail, all in one statement.
    pub async fn mails_sent(&self, ids: &[i64]) -> sqlx::Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "DELETE FROM outbox WHERE id IN ({})",
            self.engine.parameters(1..=ids.len())
        );
        ids.iter()
            .fold(sqlx::query(&sql), |query, id| query.bind(*id))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Tries mail `id` again `delay` after `now`.
    pub async fn retry_mail_after(&self, id: i64, delay: Duration, now: i64) -> sqlx::Result<()> {
        sqlx::query("UPDATE outbox SET next_attempt_at = $1, claimed_until = NULL WHERE id = $2")
            .bind(now + ms(delay))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Gives up on mail `id` at `now`: it is kept, counted for the organiser, until purged.
    pub async fn give_up_mail(&self, id: i64, now: i64) -> sqlx::Result<()> {
        sqlx::query("UPDATE outbox SET failed_at = $1, claimed_until = NULL WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// How many mails were given up on and are still kept, for the organiser to see.
    pub async fn undeliverable_mail(&self) -> sqlx::Result<u64> {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL")
                .fetch_one(&self.pool)
                .await?;
        Ok(count.max(0) as u64)
    }

    /// Deletes mail given up on more than `age` ago: it was counted for the organiser while
    /// kept, and its links and address must not stay.
    pub async fn purge_given_up_mail(&self, age: Duration, now: i64) -> sqlx::Result<u64> {
        let result =
            sqlx::query("DELETE FROM outbox WHERE failed_at IS NOT NULL AND failed_at <= $1")
                .bind(now - ms(age))
                .execute(&self.pool)
                .await?;
        Ok(result.rows_affected())
    }
}
