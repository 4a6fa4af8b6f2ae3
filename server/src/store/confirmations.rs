//! A signature's life after it is written: its confirmation link, its confirmation, its
//! withdrawal or erasure on request, and the erasure of those never confirmed.

use std::time::Duration;

use sqlx::Row;
use upprop_core::Locale;

use super::organizers::ERASED_ON_REQUEST;
use super::{Store, ms};

pub struct LinkTarget {
    pub petition: String,
    pub locale: Locale,
}

/// Where a confirmation link stands. The token stays on its signature after use, so a used
/// link can say that it has been used.
pub enum ConfirmationLink {
    /// Waiting for the signer's click; the name shows them what they are confirming.
    Pending {
        target: LinkTarget,
        first_name: String,
        last_name: String,
    },
    Confirmed(LinkTarget),
    /// Older than `UNCONFIRMED_KEPT_FOR`: the signature is about to be erased.
    Expired(LinkTarget),
}

/// What pressing the confirmation button did.
pub enum Confirmation {
    /// Counted now.
    Counted(LinkTarget),
    /// Counted before: nothing changed.
    AlreadyCounted(LinkTarget),
    Expired(LinkTarget),
}

/// Unconfirmed signatures are erased after this long, and their confirmation links stop
/// working: without confirmation they serve nothing.
pub const UNCONFIRMED_KEPT_FOR: Duration = Duration::from_secs(30 * 24 * 3600);

impl Store {
    /// Signatures not (yet) confirmed that were given since `since`, of every petition: how
    /// hard the servers are being flooded, seen alike by all of them.
    pub async fn unconfirmed_since(&self, since: i64) -> sqlx::Result<u64> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM signatures WHERE confirmed_at IS NULL AND signed_at >= $1",
        )
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok(count.max(0) as u64)
    }

    /// Where the confirmation link with this token stands, without changing anything: mail
    /// scanners open every link, and only the signer's click may confirm.
    pub async fn confirmation_link(
        &self,
        token_hash: &str,
        now: i64,
    ) -> sqlx::Result<Option<ConfirmationLink>> {
        let row = sqlx::query(
            "SELECT petition, locale, first_name, last_name, signed_at, confirmed_at \
             FROM signatures WHERE confirm_token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let target = link_target(&row)?;
        Ok(Some(
            if row.try_get::<Option<i64>, _>("confirmed_at")?.is_some() {
                ConfirmationLink::Confirmed(target)
            } else if row.try_get::<i64, _>("signed_at")? <= now - ms(UNCONFIRMED_KEPT_FOR) {
                ConfirmationLink::Expired(target)
            } else {
                ConfirmationLink::Pending {
                    target,
                    first_name: row.try_get("first_name")?,
                    last_name: row.try_get("last_name")?,
                }
            },
        ))
    }

    /// Confirms the signature whose confirmation token this is and counts it, once.
    pub async fn confirm(&self, token_hash: &str, now: i64) -> sqlx::Result<Option<Confirmation>> {
        let mut transaction = self.pool.begin().await?;
        let row = sqlx::query(
            "UPDATE signatures SET confirmed_at = $1 \
             WHERE confirm_token_hash = $2 AND confirmed_at IS NULL AND signed_at > $3 \
             RETURNING petition, locale",
        )
        .bind(now)
        .bind(token_hash)
        .bind(now - ms(UNCONFIRMED_KEPT_FOR))
        .fetch_optional(&mut *transaction)
        .await?;
        let Some(row) = row else {
            drop(transaction);
            return Ok(self
                .confirmation_link(token_hash, now)
                .await?
                .map(|link| match link {
                    ConfirmationLink::Confirmed(target) => Confirmation::AlreadyCounted(target),
                    // Pending only if the signer signed again in between, with the same token.
                    ConfirmationLink::Expired(target)
                    | ConfirmationLink::Pending { target, .. } => Confirmation::Expired(target),
                }));
        };
        let target = link_target(&row)?;
        sqlx::query(
            "INSERT INTO petition_counts (petition, confirmed) VALUES ($1, 1) \
             ON CONFLICT (petition) DO UPDATE SET confirmed = petition_counts.confirmed + 1",
        )
        .bind(&target.petition)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(Some(Confirmation::Counted(target)))
    }

    /// The signature a withdrawal token belongs to, without changing it.
    pub async fn find_withdrawable(&self, token_hash: &str) -> sqlx::Result<Option<LinkTarget>> {
        let row =
            sqlx::query("SELECT petition, locale FROM signatures WHERE withdraw_token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        row.as_ref().map(link_target).transpose()
    }

    /// The signer's own withdrawal, by the link in their mail: erases the signature.
    pub async fn withdraw(&self, token_hash: &str) -> sqlx::Result<Option<LinkTarget>> {
        self.erase("withdraw_token_hash", token_hash, None).await
    }

    /// An organiser's erasure of a signature on the signer's request (the same erasure as the
    /// withdrawal link), with a line in the audit log that says who and when, but not whose.
    pub async fn erase_on_request(
        &self,
        signature_id: &str,
        organizer: &str,
        now: i64,
    ) -> sqlx::Result<Option<LinkTarget>> {
        self.erase("id", signature_id, Some((organizer, now))).await
    }

    /// Erases the signature whose `column` is `key` (all its personal data and queued mail),
    /// uncounts it if it was confirmed, and counts the withdrawal.
    async fn erase(
        &self,
        column: &str,
        key: &str,
        audit: Option<(&str, i64)>,
    ) -> sqlx::Result<Option<LinkTarget>> {
        let mut transaction = self.pool.begin().await?;
        let row = sqlx::query(&format!(
            "DELETE FROM signatures WHERE {column} = $1 \
             RETURNING id, petition, locale, confirmed_at"
        ))
        .bind(key)
        .fetch_optional(&mut *transaction)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let target = link_target(&row)?;
        // Queued mail holds the address and the links in clear: it goes with the signature.
        sqlx::query("DELETE FROM outbox WHERE signature_id = $1")
            .bind(row.try_get::<String, _>("id")?)
            .execute(&mut *transaction)
            .await?;
        let was_confirmed = row.try_get::<Option<i64>, _>("confirmed_at")?.is_some();
        sqlx::query(
            "INSERT INTO petition_counts (petition, confirmed, withdrawn) VALUES ($1, 0, 1) \
             ON CONFLICT (petition) DO UPDATE SET withdrawn = petition_counts.withdrawn + 1, \
             confirmed = petition_counts.confirmed - $2",
        )
        .bind(&target.petition)
        .bind(i64::from(was_confirmed))
        .execute(&mut *transaction)
        .await?;
        if let Some((organizer, now)) = audit {
            sqlx::query(
                "INSERT INTO audit_log (at, actor, action, petition) VALUES ($1, $2, $3, $4)",
            )
            .bind(now)
            .bind(organizer)
            .bind(ERASED_ON_REQUEST)
            .bind(&target.petition)
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
        Ok(Some(target))
    }

    /// Erases signatures never confirmed within `age`, and their queued mail: their data has
    /// no purpose any more.
    pub async fn purge_unconfirmed(&self, age: Duration, now: i64) -> sqlx::Result<u64> {
        let before = now - ms(age);
        let mut transaction = self.pool.begin().await?;
        sqlx::query(
            "DELETE FROM outbox WHERE signature_id IN \
             (SELECT id FROM signatures WHERE confirmed_at IS NULL AND signed_at <= $1)",
        )
        .bind(before)
        .execute(&mut *transaction)
        .await?;
        let result =
            sqlx::query("DELETE FROM signatures WHERE confirmed_at IS NULL AND signed_at <= $1")
                .bind(before)
                .execute(&mut *transaction)
                .await?;
        transaction.commit().await?;
        Ok(result.rows_affected())
    }
}

fn link_target(row: &sqlx::any::AnyRow) -> sqlx::Result<LinkTarget> {
    let locale: String = row.try_get("locale")?;
    Ok(LinkTarget {
        petition: row.try_get("petition")?,
        locale: Locale::from_tag(&locale).unwrap_or_default(),
    })
}
