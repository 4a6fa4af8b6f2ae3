//! A signature's life after it is written: its confirmation link, its confirmation, its
//! withdrawal or erasure on request, and the erasure of those never confirmed.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use sqlx::Row;
use upprop_core::{ConsentRecord, Locale, ValidSignature};

use super::exports::consents;
use super::figures::Counted;
use super::organizers::ERASED_ON_REQUEST;
use super::{Store, ms};

pub struct LinkTarget {
    pub petition: String,
    pub locale: Locale,
}

/// What a signature says, as the confirmation page shows it before the signer confirms it:
/// their name, whether it is shown, what else they wrote, and each consent as given.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Given {
    pub first_name: String,
    pub last_name: String,
    pub postal_code: Option<String>,
    pub comment: Option<String>,
    pub public: bool,
    pub consents: Vec<ConsentRecord>,
}

impl From<&ValidSignature> for Given {
    fn from(signature: &ValidSignature) -> Self {
        Self {
            first_name: signature.first_name.as_str().to_owned(),
            last_name: signature.last_name.as_str().to_owned(),
            postal_code: signature
                .postal_code
                .as_ref()
                .map(|code| code.as_str().to_owned()),
            comment: signature
                .comment
                .as_ref()
                .map(|comment| comment.as_str().to_owned()),
            public: signature.public,
            consents: signature.consents.clone(),
        }
    }
}

impl Given {
    /// What the page's button carries: it confirms this, and nothing changed since.
    pub fn digest(&self) -> String {
        let shown = serde_json::to_vec(self).expect("what was given serialises");
        URL_SAFE_NO_PAD.encode(&Sha256::digest(shown)[..16])
    }
}

/// `Given` as the database holds it (`GIVEN_COLUMNS`): the Any driver reads no SQLite
/// booleans (the query casts `public` to 0 or 1), and the consents are JSON text.
#[derive(sqlx::FromRow)]
pub(super) struct GivenRow {
    first_name: String,
    last_name: String,
    postal_code: Option<String>,
    comment: Option<String>,
    public: i64,
    consents: String,
}

impl TryFrom<GivenRow> for Given {
    type Error = sqlx::Error;

    fn try_from(row: GivenRow) -> sqlx::Result<Self> {
        Ok(Self {
            consents: consents(&row.consents)?,
            first_name: row.first_name,
            last_name: row.last_name,
            postal_code: row.postal_code,
            comment: row.comment,
            public: row.public != 0,
        })
    }
}

/// What a confirmation link's page is made from.
#[derive(sqlx::FromRow)]
struct LinkRow {
    petition: String,
    locale: String,
    signed_at: i64,
    confirmed_at: Option<i64>,
    petition_closed_at: Option<i64>,
    #[sqlx(flatten)]
    given: GivenRow,
}

/// Where a confirmation link stands. The token stays on its signature after use, so a used
/// link can say that it has been used.
pub enum ConfirmationLink {
    /// Waiting for the signer's click, on what it would confirm.
    Pending {
        target: LinkTarget,
        given: Given,
    },
    Confirmed(LinkTarget),
    /// Older than `UNCONFIRMED_KEPT_FOR`: the signature is about to be erased.
    Expired(LinkTarget),
    /// Not confirmed before the organiser closed the petition: the count at closing is its
    /// final count, so it is not counted any more.
    Closed(LinkTarget),
}

/// What pressing the confirmation button did.
pub enum Confirmation {
    /// Counted now.
    Counted(LinkTarget),
    /// Counted before: nothing changed.
    AlreadyCounted(LinkTarget),
    Expired(LinkTarget),
    /// The petition closed before this signature was confirmed: not counted.
    Closed(LinkTarget),
    /// The signature no longer says what the page showed: nothing is confirmed, and this is
    /// what it says now.
    Changed {
        target: LinkTarget,
        given: Given,
    },
}

/// The columns of `GivenRow`.
pub(super) const GIVEN_COLUMNS: &str = "first_name, last_name, postal_code, comment, \
    CAST(public AS INTEGER) AS public, consents";

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
        Ok(self.link_row(token_hash, now).await?.map(|(link, _)| link))
    }

    /// The link's standing, and the moment its signature was last signed (which every change
    /// of its data moves).
    async fn link_row(
        &self,
        token_hash: &str,
        now: i64,
    ) -> sqlx::Result<Option<(ConfirmationLink, i64)>> {
        let row: Option<LinkRow> = sqlx::query_as(&format!(
            "SELECT petition, locale, signed_at, confirmed_at, {GIVEN_COLUMNS}, \
             (SELECT closed_at FROM petition_settings WHERE petition = signatures.petition) \
             AS petition_closed_at FROM signatures WHERE confirm_token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let target = LinkTarget {
            petition: row.petition,
            locale: Locale::from_tag(&row.locale).unwrap_or_default(),
        };
        let signed_at = row.signed_at;
        let link = if row.confirmed_at.is_some() {
            ConfirmationLink::Confirmed(target)
        } else if signed_at <= now - ms(UNCONFIRMED_KEPT_FOR) {
            ConfirmationLink::Expired(target)
        } else if row.petition_closed_at.is_some() {
            ConfirmationLink::Closed(target)
        } else {
            ConfirmationLink::Pending {
                target,
                given: row.given.try_into()?,
            }
        };
        Ok(Some((link, signed_at)))
    }

    /// Confirms the signature whose confirmation token this is and counts it, once, if it
    /// still says what the page showed (`shown`: that page's `Given::digest`).
    pub async fn confirm(
        &self,
        token_hash: &str,
        shown: &str,
        now: i64,
    ) -> sqlx::Result<Option<Confirmation>> {
        let Some((link, signed_at)) = self.link_row(token_hash, now).await? else {
            return Ok(None);
        };
        let (target, given) = match link {
            ConfirmationLink::Confirmed(target) => {
                return Ok(Some(Confirmation::AlreadyCounted(target)));
            }
            ConfirmationLink::Expired(target) => return Ok(Some(Confirmation::Expired(target))),
            ConfirmationLink::Closed(target) => return Ok(Some(Confirmation::Closed(target))),
            ConfirmationLink::Pending { target, given } => (target, given),
        };
        if given.digest() != shown {
            return Ok(Some(Confirmation::Changed { target, given }));
        }
        let mut transaction = self.pool.begin().await?;
        // Only the version that was read: signed again meanwhile, it is asked for anew; and
        // not once the petition has closed, even a moment ago.
        let confirmed = sqlx::query(
            "UPDATE signatures SET confirmed_at = $1 \
             WHERE confirm_token_hash = $2 AND confirmed_at IS NULL AND signed_at = $3 \
             AND NOT EXISTS (SELECT 1 FROM petition_settings \
             WHERE petition = signatures.petition AND closed_at IS NOT NULL)",
        )
        .bind(now)
        .bind(token_hash)
        .bind(signed_at)
        .execute(&mut *transaction)
        .await?;
        if confirmed.rows_affected() == 0 {
            drop(transaction);
            return Ok(self
                .link_row(token_hash, now)
                .await?
                .map(|(link, _)| match link {
                    ConfirmationLink::Confirmed(target) => Confirmation::AlreadyCounted(target),
                    ConfirmationLink::Expired(target) => Confirmation::Expired(target),
                    ConfirmationLink::Closed(target) => Confirmation::Closed(target),
                    ConfirmationLink::Pending { target, given } => {
                        Confirmation::Changed { target, given }
                    }
                }));
        }
        sqlx::query(
            "INSERT INTO petition_counts (petition, confirmed) VALUES ($1, 1) \
             ON CONFLICT (petition) DO UPDATE SET confirmed = petition_counts.confirmed + 1",
        )
        .bind(&target.petition)
        .execute(&mut *transaction)
        .await?;
        let row = sqlx::query(
            "SELECT source_url, source_channel, consents FROM signatures \
             WHERE confirm_token_hash = $1",
        )
        .bind(token_hash)
        .fetch_one(&mut *transaction)
        .await?;
        counted(&row, &target.petition, now)?
            .add(&mut transaction, 1)
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
             RETURNING id, petition, locale, confirmed_at, source_url, source_channel, consents"
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
        let confirmed_at = row.try_get::<Option<i64>, _>("confirmed_at")?;
        if let Some(confirmed_at) = confirmed_at {
            counted(&row, &target.petition, confirmed_at)?
                .add(&mut transaction, -1)
                .await?;
        }
        let was_confirmed = confirmed_at.is_some();
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
            let line = (ERASED_ON_REQUEST, organizer, now);
            super::settings::audit(&mut transaction, &target.petition, line).await?;
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

/// Where `row` (with `source_url`, `source_channel` and `consents`), confirmed at
/// `confirmed_at`, is counted among the figures.
fn counted<'a>(
    row: &'a sqlx::any::AnyRow,
    petition: &'a str,
    confirmed_at: i64,
) -> sqlx::Result<Counted<'a>> {
    Ok(Counted {
        petition,
        confirmed_at,
        source_url: row.try_get("source_url")?,
        source_channel: row.try_get("source_channel")?,
        consents: row.try_get("consents")?,
    })
}

fn link_target(row: &sqlx::any::AnyRow) -> sqlx::Result<LinkTarget> {
    let locale: String = row.try_get("locale")?;
    Ok(LinkTarget {
        petition: row.try_get("petition")?,
        locale: Locale::from_tag(&locale).unwrap_or_default(),
    })
}

/// A signature that waits for its confirmation click, as the organiser sees it: whose address
/// (the typo a signer calls about), since when, and when it was last mailed.
#[derive(Debug, sqlx::FromRow)]
pub struct Waiting {
    pub id: String,
    pub petition: String,
    pub email: String,
    pub locale: String,
    pub signed_at: i64,
    pub mailed_at: i64,
}

const WAITING_COLUMNS: &str =
    "id, petition, email, locale, signed_at, COALESCE(reminded_at, signed_at) AS mailed_at";

/// A confirmation mail sent again from the dashboard: the links' new secrets, kept hashed,
/// and the mail that carries them.
pub struct Resend<'a> {
    pub confirm_token_hash: &'a str,
    pub withdraw_token_hash: &'a str,
    pub mail: &'a super::Mail,
}

impl Store {
    /// The newest `limit` signatures of `petition` still waiting for their confirmation.
    pub async fn waiting(&self, petition: &str, limit: i64) -> sqlx::Result<Vec<Waiting>> {
        sqlx::query_as(&format!(
            "SELECT {WAITING_COLUMNS} FROM signatures WHERE petition = $1 AND confirmed_at IS NULL \
             ORDER BY signed_at DESC LIMIT $2"
        ))
        .bind(petition)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
    }

    /// The signature `id`, if it is waiting for its confirmation.
    pub async fn waiting_signature(&self, id: &str) -> sqlx::Result<Option<Waiting>> {
        sqlx::query_as(&format!(
            "SELECT {WAITING_COLUMNS} FROM signatures WHERE id = $1 AND confirmed_at IS NULL"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Mails the signature `id` its confirmation again with fresh links (the ones mailed before
    /// stop working), if it still waits and was last mailed no later than `mailed_before`; the
    /// organiser who asked (`actor`) is written to the audit log, never whose signature it was.
    /// Returns whether it was queued.
    pub async fn resend_confirmation(
        &self,
        id: &str,
        resend: Resend<'_>,
        actor: &str,
        mailed_before: i64,
        now: i64,
    ) -> sqlx::Result<bool> {
        let mut transaction = self.pool.begin().await?;
        let petition: Option<String> = sqlx::query_scalar(
            "UPDATE signatures SET confirm_token_hash = $1, withdraw_token_hash = $2, reminded_at = $3 \
             WHERE id = $4 AND confirmed_at IS NULL AND COALESCE(reminded_at, signed_at) <= $5 \
             RETURNING petition",
        )
        .bind(resend.confirm_token_hash)
        .bind(resend.withdraw_token_hash)
        .bind(now)
        .bind(id)
        .bind(mailed_before)
        .fetch_optional(&mut *transaction)
        .await?;
        let Some(petition) = petition else {
            return Ok(false);
        };
        super::outbox::enqueue(&mut transaction, id, resend.mail, now).await?;
        let line = (super::settings::action::CONFIRMATION_RESENT, actor, now);
        super::settings::audit(&mut transaction, &petition, line).await?;
        transaction.commit().await?;
        Ok(true)
    }
}
