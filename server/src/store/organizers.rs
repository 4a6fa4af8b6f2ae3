//! What the organisers' dashboard keeps and reads: sign-in links and the sessions they open,
//! the audit log, and everything stored about one address for a data-subject request.

use super::exports::{STORED_COLUMNS, StoredRow, StoredSignature};
use super::{Mail, Store};

/// The audit log's word for an organiser's erasure of a signature on the signer's request.
pub const ERASED_ON_REQUEST: &str = "erased_on_request";

/// Sign-in links one address may have waiting at once: asking again and again cannot fill an
/// organiser's inbox.
const WAITING_SIGN_INS: i64 = 3;

#[derive(sqlx::FromRow)]
pub struct AuditLine {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub petition: String,
}

impl Store {
    /// Keeps a sign-in link for `email` until `expires_at`. `false`, and nothing kept, when
    /// the address already has `WAITING_SIGN_INS` links waiting.
    pub async fn add_sign_in(
        &self,
        email: &str,
        token_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> sqlx::Result<bool> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query("DELETE FROM organizer_sign_ins WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *transaction)
            .await?;
        let waiting: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM organizer_sign_ins WHERE email = $1")
                .bind(email)
                .fetch_one(&mut *transaction)
                .await?;
        if waiting >= WAITING_SIGN_INS {
            transaction.commit().await?;
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO organizer_sign_ins (token_hash, email, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(email)
        .bind(expires_at)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(true)
    }

    /// Queues a mail about no signature (an organiser's sign-in link).
    pub async fn queue_mail(&self, mail: &Mail, now: i64) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO outbox (recipient, subject, body, html, next_attempt_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&mail.recipient)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(&mail.html)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Whether a sign-in link can still be used: what its page shows before the click.
    pub async fn sign_in_waiting(&self, token_hash: &str, now: i64) -> sqlx::Result<bool> {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM organizer_sign_ins WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(waiting > 0)
    }

    /// Uses up a sign-in link: the address it was sent to, if it had not expired or been used.
    pub async fn use_sign_in(&self, token_hash: &str, now: i64) -> sqlx::Result<Option<String>> {
        let used: Option<(String, i64)> = sqlx::query_as(
            "DELETE FROM organizer_sign_ins WHERE token_hash = $1 RETURNING email, expires_at",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(used
            .filter(|(_, expires_at)| *expires_at > now)
            .map(|(email, _)| email))
    }

    pub async fn open_session(
        &self,
        token_hash: &str,
        email: &str,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO organizer_sessions (token_hash, email, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(email)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The organiser whose session this is, while it lasts.
    pub async fn session(&self, token_hash: &str, now: i64) -> sqlx::Result<Option<String>> {
        sqlx::query_scalar(
            "SELECT email FROM organizer_sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn close_session(&self, token_hash: &str) -> sqlx::Result<()> {
        sqlx::query("DELETE FROM organizer_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes expired sign-in links and sessions; returns how many.
    pub async fn forget_expired_sessions(&self, now: i64) -> sqlx::Result<u64> {
        let mut forgotten = 0;
        for table in ["organizer_sign_ins", "organizer_sessions"] {
            forgotten += sqlx::query(&format!("DELETE FROM {table} WHERE expires_at <= $1"))
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
        }
        Ok(forgotten)
    }

    /// The newest lines of the audit log first.
    pub async fn audit_log(&self, limit: i64) -> sqlx::Result<Vec<AuditLine>> {
        sqlx::query_as(
            "SELECT at, actor, action, petition FROM audit_log ORDER BY at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
    }

    /// Signatures of `petition` taken back, by their signers or erased on request.
    pub async fn withdrawn(&self, petition: &str) -> sqlx::Result<u64> {
        let withdrawn: Option<i64> =
            sqlx::query_scalar("SELECT withdrawn FROM petition_counts WHERE petition = $1")
                .bind(petition)
                .fetch_optional(&self.pool)
                .await?;
        Ok(withdrawn.unwrap_or(0).max(0) as u64)
    }

    /// Every signature, of any petition, given with an address that normalises to
    /// `email_normalized`: what a signer asking "what do you store about me?" is shown.
    pub async fn signatures_by_email(
        &self,
        email_normalized: &str,
    ) -> sqlx::Result<Vec<StoredSignature>> {
        let rows: Vec<StoredRow> = sqlx::query_as(&format!(
            "SELECT {STORED_COLUMNS} FROM signatures \
             WHERE email_normalized = $1 ORDER BY signed_at, id"
        ))
        .bind(email_normalized)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredSignature::try_from).collect()
    }
}
