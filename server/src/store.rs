//! All persistence, for SQLite and PostgreSQL alike: sqlx's `Any` driver runs the same
//! portable SQL on both (`$n` parameters, `ON CONFLICT`, `RETURNING`), and each engine has its
//! own migrations in `migrations/`. Every write that must happen together happens in one
//! transaction whose first statement writes, so SQLite takes its write lock up front.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use sqlx::any::{AnyArguments, AnyPoolOptions, install_default_drivers};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, AnyPool, Executor, Row};
use upprop_core::{ConsentRecord, Locale, ValidSignature};

mod organizers;
mod petitions;
mod secrets;

pub use organizers::{Activity, AuditLine, ERASED_ON_REQUEST, StoredSignature};
pub use petitions::ContentVersion;

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
}

/// A message for the outbox.
#[derive(Debug, Clone)]
pub struct Mail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// A valid signature on its way into the database, with what to mail in either case.
pub struct NewSignature {
    pub petition: String,
    pub signature: ValidSignature,
    pub confirm_token_hash: String,
    pub withdraw_token_hash: String,
    /// Sent when the signature is new, or still unconfirmed and signed again.
    pub confirmation: Mail,
    /// Sent when the address has already confirmed a signature of this petition.
    pub already_signed: Mail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    New,
    /// The same request id again: nothing changed.
    Replayed,
    /// The address has signed before; it was mailed, not stored twice.
    SignedBefore,
}

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

/// A confirmed signature as the organiser exports it.
pub struct ExportedSignature {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub postal_code: Option<String>,
    pub comment: Option<String>,
    pub public: bool,
    pub locale: String,
    pub consents: Vec<ConsentRecord>,
    pub source_url: String,
    pub source_channel: Option<String>,
    pub signed_at: i64,
    pub confirmed_at: i64,
}

/// Where a petition stands: its confirmed count, and what the organiser has decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    pub confirmed: u64,
    /// The organiser's goal, replacing the content file's.
    pub goal: Option<u64>,
    /// When the organiser closed it: it takes no more signatures.
    pub closed_at: Option<i64>,
    /// When its personal data is to be erased once it has closed.
    pub erase_personal_data_after: Option<i64>,
}

/// The confirmed signatures as the handover document shows them: no addresses, no comments.
pub struct Handover {
    pub names: Vec<ShownName>,
    pub districts: Vec<District>,
}

#[derive(sqlx::FromRow)]
pub struct ShownName {
    pub first_name: String,
    pub last_name: String,
}

/// Signatures from one postal district: the postal codes starting with `district`.
#[derive(sqlx::FromRow)]
pub struct District {
    pub district: Option<String>,
    pub signatures: i64,
}

/// `Standing` as the database holds it: every value may be absent.
#[derive(sqlx::FromRow)]
struct StandingRow {
    confirmed: Option<i64>,
    goal: Option<i64>,
    closed_at: Option<i64>,
    erase_personal_data_after: Option<i64>,
}

/// A signer on the public list, as stored; `PublicSigner::name` is what is shown.
#[derive(sqlx::FromRow)]
pub struct PublicSigner {
    /// For the organiser, to hide the entry; never shown publicly.
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub comment: Option<String>,
    pub confirmed_at: i64,
}

impl PublicSigner {
    /// "Anna S.": the first name and the last name's initial, never more.
    pub fn name(&self) -> String {
        match self.last_name.chars().next() {
            Some(initial) => format!("{} {initial}.", self.first_name),
            None => self.first_name.clone(),
        }
    }
}

pub struct QueuedMail {
    pub id: i64,
    pub mail: Mail,
    pub attempts: i64,
}

/// Unconfirmed signatures are erased after this long, and their confirmation links stop
/// working: without confirmation they serve nothing.
pub const UNCONFIRMED_KEPT_FOR: Duration = Duration::from_secs(30 * 24 * 3600);

/// How soon a repeated signing may mail the same address again.
const RESEND_CONFIRMATION_AFTER: Duration = Duration::from_secs(10 * 60);
const REMIND_SIGNED_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}

fn ms(duration: Duration) -> i64 {
    duration.as_millis() as i64
}

impl Store {
    /// Connects, tunes SQLite for concurrent use (WAL) and for durability (`synchronous =
    /// FULL`: every commit is fsynced, so an acknowledged signature survives power loss as
    /// well as a crash; group commit pays that once per batch), and brings the schema up to
    /// date.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .after_connect(|connection, _| {
                Box::pin(async move {
                    if connection.backend_name() == "SQLite" {
                        connection
                            .execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                                 PRAGMA busy_timeout = 5000;",
                            )
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await
            .context("connecting to the database")?;
        let store = Self { pool };
        store.migrate().await?;
        Ok(store)
    }

    /// Connects once, changing nothing, and names the engine: for `--check-config`.
    pub async fn reach(url: &str) -> anyhow::Result<String> {
        install_default_drivers();
        let mut connection = <AnyConnection as sqlx::Connection>::connect(url)
            .await
            .context("connecting to the database")?;
        connection
            .execute("SELECT 1")
            .await
            .context("querying the database")?;
        Ok(connection.backend_name().to_owned())
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        let backend = self.pool.acquire().await?.backend_name().to_owned();
        let migrator = match backend.as_str() {
            "SQLite" => sqlx::migrate!("migrations/sqlite"),
            "PostgreSQL" => sqlx::migrate!("migrations/postgres"),
            other => anyhow::bail!("unsupported database {other}: use SQLite or PostgreSQL"),
        };
        migrator
            .run(&self.pool)
            .await
            .context("migrating the database")?;
        Ok(())
    }

    /// Writes a batch of signatures in one transaction (group commit): the cost of a commit
    /// is paid once for all the requests that arrived while the previous batch committed, and
    /// the common case (a new request from a new address) costs three multi-row statements
    /// for the whole batch, not three round trips per signature.
    pub async fn record_batch(
        &self,
        batch: &[NewSignature],
        now: i64,
    ) -> sqlx::Result<Vec<Recorded>> {
        let mut transaction = self.pool.begin().await?;
        let mut outcomes = vec![Recorded::Replayed; batch.len()];

        let ids: Vec<String> = batch
            .iter()
            .map(|new| new.signature.id.to_string())
            .collect();
        let fresh_ids = insert_returning_ids(
            &mut transaction,
            "signature_requests (id, received_at)",
            2,
            batch.len(),
            |index, query| query.bind(ids[index].clone()).bind(now),
            " ON CONFLICT DO NOTHING RETURNING id",
        )
        .await?;
        // The same id twice in one batch is one request: its first occurrence stands for it.
        let first_time: Vec<usize> = (0..batch.len())
            .filter(|&index| fresh_ids.contains(&ids[index]) && !ids[..index].contains(&ids[index]))
            .collect();

        let normalized: Vec<String> = batch
            .iter()
            .map(|new| new.signature.email.normalized())
            .collect();
        let into_signatures = format!(
            "signatures ({}, id, petition, email_normalized, confirm_token_hash, withdraw_token_hash)",
            SIGNER_COLUMNS.join(", ")
        );
        let inserted = insert_returning_ids(
            &mut transaction,
            &into_signatures,
            SIGNER_COLUMNS.len() + 5,
            first_time.len(),
            |row, query| {
                let index = first_time[row];
                let new = &batch[index];
                bind_signer(query, &new.signature, now)
                    .bind(ids[index].clone())
                    .bind(new.petition.clone())
                    .bind(normalized[index].clone())
                    .bind(new.confirm_token_hash.clone())
                    .bind(new.withdraw_token_hash.clone())
            },
            " ON CONFLICT DO NOTHING RETURNING id",
        )
        .await?;

        let (new, signed_before): (Vec<usize>, Vec<usize>) = first_time
            .into_iter()
            .partition(|&index| inserted.contains(&ids[index]));
        insert_returning_ids(
            &mut transaction,
            OUTBOX_COLUMNS,
            5,
            new.len(),
            |row, query| {
                let index = new[row];
                bind_mail(query, &ids[index], &batch[index].confirmation, now)
            },
            "",
        )
        .await?;
        for index in new {
            outcomes[index] = Recorded::New;
        }
        // An address that has signed before (or twice in this batch): rare, one at a time.
        for index in signed_before {
            signed_again(&mut transaction, &batch[index], &normalized[index], now).await?;
            outcomes[index] = Recorded::SignedBefore;
        }
        transaction.commit().await?;
        Ok(outcomes)
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

    /// Where the petition stands: its count and what the organiser has decided, in one read.
    pub async fn standing(&self, petition: &str) -> sqlx::Result<Standing> {
        // Each value is a subquery, so a petition without a row anywhere still gives one row.
        let row: StandingRow = sqlx::query_as(
            "SELECT (SELECT confirmed FROM petition_counts WHERE petition = $1) AS confirmed, \
             (SELECT goal FROM petition_settings WHERE petition = $1) AS goal, \
             (SELECT closed_at FROM petition_settings WHERE petition = $1) AS closed_at, \
             (SELECT erase_personal_data_after FROM petition_settings WHERE petition = $1) \
             AS erase_personal_data_after",
        )
        .bind(petition)
        .fetch_one(&self.pool)
        .await?;
        Ok(Standing {
            confirmed: row.confirmed.unwrap_or(0).max(0) as u64,
            goal: row.goal.map(|goal| goal.max(1) as u64),
            closed_at: row.closed_at,
            erase_personal_data_after: row.erase_personal_data_after,
        })
    }

    /// When a closed petition's personal data is to be erased; `None`: kept until decided.
    pub async fn set_retention(
        &self,
        petition: &str,
        erase_after: Option<i64>,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO petition_settings (petition, erase_personal_data_after) VALUES ($1, $2) \
             ON CONFLICT (petition) DO UPDATE SET erase_personal_data_after = excluded.erase_personal_data_after",
        )
        .bind(petition)
        .bind(erase_after)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Erases every signature, and its queued mail, of each closed petition whose retention
    /// date has passed: names, addresses and consents go, the count stays. Returns how many.
    pub async fn erase_past_retention(&self, now: i64) -> sqlx::Result<u64> {
        let due = "SELECT petition FROM petition_settings WHERE closed_at IS NOT NULL \
                   AND erase_personal_data_after IS NOT NULL AND erase_personal_data_after <= $1";
        let mut transaction = self.pool.begin().await?;
        sqlx::query(&format!(
            "DELETE FROM outbox WHERE signature_id IN \
             (SELECT id FROM signatures WHERE petition IN ({due}))"
        ))
        .bind(now)
        .execute(&mut *transaction)
        .await?;
        let erased = sqlx::query(&format!("DELETE FROM signatures WHERE petition IN ({due})"))
            .bind(now)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(erased.rows_affected())
    }

    /// Closes the petition at `now` (`Some`), or opens it again (`None`).
    pub async fn set_closed(&self, petition: &str, now: Option<i64>) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO petition_settings (petition, closed_at) VALUES ($1, $2) \
             ON CONFLICT (petition) DO UPDATE SET closed_at = excluded.closed_at",
        )
        .bind(petition)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The goal shown instead of the content file's; `None` goes back to the file's.
    pub async fn set_goal(&self, petition: &str, goal: Option<u64>) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO petition_settings (petition, goal) VALUES ($1, $2) \
             ON CONFLICT (petition) DO UPDATE SET goal = excluded.goal",
        )
        .bind(petition)
        .bind(goal.map(|goal| goal.min(i64::MAX as u64) as i64))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn confirmed_signatures(
        &self,
        petition: &str,
    ) -> sqlx::Result<Vec<ExportedSignature>> {
        let rows = sqlx::query(
            // The Any driver reads no SQLite booleans: the cast makes both engines answer 0 or 1.
            "SELECT first_name, last_name, email, postal_code, comment, \
             CAST(public AS INTEGER) AS public, locale, consents, \
             source_url, source_channel, signed_at, confirmed_at FROM signatures \
             WHERE petition = $1 AND confirmed_at IS NOT NULL ORDER BY confirmed_at, id",
        )
        .bind(petition)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ExportedSignature {
                    first_name: row.try_get("first_name")?,
                    last_name: row.try_get("last_name")?,
                    email: row.try_get("email")?,
                    postal_code: row.try_get("postal_code")?,
                    comment: row.try_get("comment")?,
                    public: row.try_get::<i64, _>("public")? != 0,
                    locale: row.try_get("locale")?,
                    consents: organizers::consents(row)?,
                    source_url: row.try_get("source_url")?,
                    source_channel: row.try_get("source_channel")?,
                    signed_at: row.try_get("signed_at")?,
                    confirmed_at: row.try_get("confirmed_at")?,
                })
            })
            .collect()
    }

    /// The newest confirmed signers of `petition` who allowed their name to be shown and whom
    /// the organiser has not hidden: first name, last name's initial, comment, when.
    pub async fn public_signers(
        &self,
        petition: &str,
        limit: i64,
    ) -> sqlx::Result<Vec<PublicSigner>> {
        sqlx::query_as(
            "SELECT id, first_name, last_name, comment, confirmed_at FROM signatures \
             WHERE petition = $1 AND public AND confirmed_at IS NOT NULL AND hidden_at IS NULL \
             ORDER BY confirmed_at DESC, id LIMIT $2",
        )
        .bind(petition)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
    }

    /// What the handover document shows of the confirmed signatures: the names of those who
    /// allowed them to be shown (and were not hidden), by last name, and how many signed from
    /// each postal district (a postal code's first digit; `None`: no postal code given).
    pub async fn handover(&self, petition: &str) -> sqlx::Result<Handover> {
        let names = sqlx::query_as(
            "SELECT first_name, last_name FROM signatures WHERE petition = $1 AND public \
             AND confirmed_at IS NOT NULL AND hidden_at IS NULL ORDER BY last_name, first_name",
        )
        .bind(petition)
        .fetch_all(&self.pool)
        .await?;
        let districts = sqlx::query_as(
            "SELECT SUBSTR(postal_code, 1, 1) AS district, COUNT(*) AS signatures FROM signatures \
             WHERE petition = $1 AND confirmed_at IS NOT NULL GROUP BY SUBSTR(postal_code, 1, 1) \
             ORDER BY district",
        )
        .bind(petition)
        .fetch_all(&self.pool)
        .await?;
        Ok(Handover { names, districts })
    }

    /// Hides a signer from the public list for good; `false` if there is no such signature.
    pub async fn hide_signer(&self, petition: &str, id: &str, now: i64) -> sqlx::Result<bool> {
        let hidden = sqlx::query(
            "UPDATE signatures SET hidden_at = COALESCE(hidden_at, $1) WHERE petition = $2 AND id = $3",
        )
        .bind(now)
        .bind(petition)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(hidden.rows_affected() == 1)
    }

    /// Takes up to `limit` due mails for `lease`; a crashed sender's lease simply runs out.
    /// Portable and safe with several servers: the claim re-checks the lease per row.
    pub async fn claim_mail(&self, limit: i64, lease: Duration) -> sqlx::Result<Vec<QueuedMail>> {
        let now = now_ms();
        let rows = sqlx::query(
            "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE failed_at IS NULL AND next_attempt_at <= $2 \
                          AND (claimed_until IS NULL OR claimed_until <= $2) ORDER BY id LIMIT $3) \
             AND (claimed_until IS NULL OR claimed_until <= $2) \
             RETURNING id, recipient, subject, body, attempts",
        )
        .bind(now + ms(lease))
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(QueuedMail {
                    id: row.try_get("id")?,
                    attempts: row.try_get("attempts")?,
                    mail: Mail {
                        recipient: row.try_get("recipient")?,
                        subject: row.try_get("subject")?,
                        body: row.try_get("body")?,
                    },
                })
            })
            .collect()
    }

    /// Deletes delivered mail, all in one statement.
    pub async fn mails_sent(&self, ids: &[i64]) -> sqlx::Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "DELETE FROM outbox WHERE id IN ({})",
            placeholders(1..=ids.len())
        );
        ids.iter()
            .fold(sqlx::query(&sql), |query, id| query.bind(*id))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn retry_mail_after(&self, id: i64, delay: Duration) -> sqlx::Result<()> {
        sqlx::query("UPDATE outbox SET next_attempt_at = $1, claimed_until = NULL WHERE id = $2")
            .bind(now_ms() + ms(delay))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn give_up_mail(&self, id: i64) -> sqlx::Result<()> {
        sqlx::query("UPDATE outbox SET failed_at = $1, claimed_until = NULL WHERE id = $2")
            .bind(now_ms())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
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

fn link_target(row: &sqlx::any::AnyRow) -> sqlx::Result<LinkTarget> {
    let locale: String = row.try_get("locale")?;
    Ok(LinkTarget {
        petition: row.try_get("petition")?,
        locale: Locale::from_tag(&locale).unwrap_or_default(),
    })
}

/// A statement with its parameters. Rows are bound as owned values, so that
/// `insert_returning_ids` can bind them into statement text it builds itself.
type Statement<'q> = Query<'q, Any, AnyArguments<'q>>;

/// Binds what the signer gave, in the order of `SIGNER_COLUMNS`, as the first parameters.
fn bind_signer<'q>(query: Statement<'q>, signature: &ValidSignature, now: i64) -> Statement<'q> {
    let consents = serde_json::to_string(&signature.consents).expect("consents serialise");
    let owned = |text: Option<&str>| text.map(str::to_owned);
    query
        .bind(signature.first_name.as_str().to_owned())
        .bind(signature.last_name.as_str().to_owned())
        .bind(signature.email.as_str().to_owned())
        .bind(owned(
            signature.postal_code.as_ref().map(|code| code.as_str()),
        ))
        .bind(owned(
            signature.comment.as_ref().map(|comment| comment.as_str()),
        ))
        .bind(signature.public)
        .bind(signature.locale.as_str())
        .bind(consents)
        .bind(signature.source.url.clone())
        .bind(signature.source.channel.clone())
        .bind(signature.source.referrer.clone())
        .bind(now)
}

/// The columns `bind_signer` fills: everything a signing request says about the signer.
const SIGNER_COLUMNS: [&str; 12] = [
    "first_name",
    "last_name",
    "email",
    "postal_code",
    "comment",
    "public",
    "locale",
    "consents",
    "source_url",
    "source_channel",
    "source_referrer",
    "signed_at",
];

/// The most rows one multi-row statement carries. A batch is written in statements of this
/// many rows and one for the rest, so each connection prepares at most this many distinct
/// statements per table and reuses them (PostgreSQL signs ~1.8× faster than with one
/// statement per batch); far below SQLite's and PostgreSQL's limits on parameters.
const ROWS_PER_STATEMENT: usize = 64;

/// Inserts `rows` rows of `width` parameters each into `into` ("table (columns)"), binding row
/// `i` with `bind(i, query)`, in statements of at most `ROWS_PER_STATEMENT` rows; `tail` follows
/// the values (a conflict clause, `RETURNING id`). Returns the ids the statements returned.
async fn insert_returning_ids(
    connection: &mut AnyConnection,
    into: &str,
    width: usize,
    rows: usize,
    bind: impl for<'q> Fn(usize, Statement<'q>) -> Statement<'q>,
    tail: &str,
) -> sqlx::Result<Vec<String>> {
    let mut returned = Vec::new();
    for chunk_start in (0..rows).step_by(ROWS_PER_STATEMENT) {
        let chunk = chunk_start..rows.min(chunk_start + ROWS_PER_STATEMENT);
        let values = (0..chunk.len())
            .map(|row| format!("({})", placeholders(row * width + 1..=(row + 1) * width)))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("INSERT INTO {into} VALUES {values}{tail}");
        let query = chunk.fold(sqlx::query(&sql), |query, row| bind(row, query));
        // Without `RETURNING` in `tail` there are no rows, and nothing is returned.
        for row in query.fetch_all(&mut *connection).await? {
            returned.push(row.try_get("id")?);
        }
    }
    Ok(returned)
}

/// A first request from an address that already has a signature of this petition. Tell that
/// address, not the requester, and not too often.
async fn signed_again(
    connection: &mut AnyConnection,
    new: &NewSignature,
    email_normalized: &str,
    now: i64,
) -> sqlx::Result<()> {
    let signature = &new.signature;
    let earlier = sqlx::query(
        "SELECT id, confirmed_at, reminded_at FROM signatures WHERE petition = $1 AND email_normalized = $2",
    )
    .bind(&new.petition)
    .bind(email_normalized)
    .fetch_one(&mut *connection)
    .await?;
    let earlier_id: String = earlier.try_get("id")?;
    let confirmed = earlier.try_get::<Option<i64>, _>("confirmed_at")?.is_some();
    let reminded_at = earlier.try_get::<Option<i64>, _>("reminded_at")?;
    let quiet_for = if confirmed {
        REMIND_SIGNED_AFTER
    } else {
        RESEND_CONFIRMATION_AFTER
    };
    let mail_again = reminded_at.is_none_or(|at| now - at >= ms(quiet_for));

    if confirmed {
        if mail_again {
            sqlx::query(
                "UPDATE signatures SET reminded_at = $1 WHERE petition = $2 AND email_normalized = $3",
            )
            .bind(now)
            .bind(&new.petition)
            .bind(email_normalized)
            .execute(&mut *connection)
            .await?;
            enqueue(connection, &earlier_id, &new.already_signed, now).await?;
        }
        return Ok(());
    }

    // Unconfirmed: the latest request's data and consents replace the earlier ones, whoever
    // sent those, so what the address's owner confirms is what they sent themselves. A fresh
    // mail gets fresh links (the old mail may never have arrived); within the quiet time the
    // links already mailed stay valid and confirm the new data.
    let update = format!(
        "UPDATE signatures SET {assignments} WHERE petition = ${} AND email_normalized = ${}",
        SIGNER_COLUMNS.len() + 1,
        SIGNER_COLUMNS.len() + 2,
        assignments = SIGNER_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, column)| format!("{column} = ${}", i + 1))
            .collect::<Vec<_>>()
            .join(", "),
    );
    bind_signer(sqlx::query(&update), signature, now)
        .bind(&new.petition)
        .bind(email_normalized)
        .execute(&mut *connection)
        .await?;
    if mail_again {
        sqlx::query(
            "UPDATE signatures SET reminded_at = $1, confirm_token_hash = $2, withdraw_token_hash = $3 \
             WHERE petition = $4 AND email_normalized = $5",
        )
        .bind(now)
        .bind(&new.confirm_token_hash)
        .bind(&new.withdraw_token_hash)
        .bind(&new.petition)
        .bind(email_normalized)
        .execute(&mut *connection)
        .await?;
        enqueue(connection, &earlier_id, &new.confirmation, now).await?;
    }
    Ok(())
}

fn placeholders(numbers: std::ops::RangeInclusive<usize>) -> String {
    numbers
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The outbox's columns for one queued mail, filled by `bind_mail`.
const OUTBOX_COLUMNS: &str = "outbox (signature_id, recipient, subject, body, next_attempt_at)";

/// Binds `mail` about the signature `signature_id` (which it is erased with), due `now`.
fn bind_mail<'q>(query: Statement<'q>, signature_id: &str, mail: &Mail, now: i64) -> Statement<'q> {
    query
        .bind(signature_id.to_owned())
        .bind(mail.recipient.clone())
        .bind(mail.subject.clone())
        .bind(mail.body.clone())
        .bind(now)
}

/// Queues `mail` about the signature `signature_id`, which it is erased with.
async fn enqueue(
    connection: &mut AnyConnection,
    signature_id: &str,
    mail: &Mail,
    now: i64,
) -> sqlx::Result<()> {
    let sql = format!("INSERT INTO {OUTBOX_COLUMNS} VALUES ($1, $2, $3, $4, $5)");
    bind_mail(sqlx::query(&sql), signature_id, mail, now)
        .execute(connection)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use upprop_core::{ConsentDefinition, ConsentRecord, SignatureRequest, SignatureSource};
    use uuid::Uuid;

    use super::*;

    async fn fresh_store() -> Store {
        let file = std::env::temp_dir().join(format!("upprop-store-{}.db", Uuid::new_v4()));
        Store::connect(&format!("sqlite://{}?mode=rwc", file.display()))
            .await
            .unwrap()
    }

    fn new_signature(email: &str, confirm_token_hash: &str) -> NewSignature {
        let consent = ConsentDefinition {
            id: "consent".into(),
            required: true,
            text: "Ja.".into(),
        };
        let request = SignatureRequest {
            id: Uuid::new_v4(),
            first_name: "Anna".into(),
            last_name: "Svensson".into(),
            email: email.into(),
            postal_code: String::new(),
            comment: String::new(),
            public: false,
            consents: vec![ConsentRecord {
                id: "consent".into(),
                text: "Ja.".into(),
                given: true,
            }],
            locale: Locale::Sv,
            source: SignatureSource::default(),
            website: String::new(),
            elapsed_ms: None,
            proof: None,
        };
        let mail = Mail {
            recipient: email.into(),
            subject: "s".into(),
            body: "b".into(),
        };
        NewSignature {
            petition: "p".into(),
            signature: request.validate(&[consent]).unwrap(),
            confirm_token_hash: confirm_token_hash.into(),
            withdraw_token_hash: format!("withdraw-{confirm_token_hash}"),
            confirmation: mail.clone(),
            already_signed: mail,
        }
    }

    async fn record(store: &Store, email: &str) {
        store
            .record_batch(&[new_signature(email, email)], now_ms())
            .await
            .unwrap();
    }

    async fn claim(store: &Store, lease: Duration) -> Vec<QueuedMail> {
        store.claim_mail(10, lease).await.unwrap()
    }

    #[tokio::test]
    async fn a_closed_petition_s_signatures_are_erased_at_its_retention_date_and_its_count_stays() {
        let store = fresh_store().await;
        record(&store, "a@example.se").await;
        record(&store, "b@example.se").await;
        store.confirm("a@example.se", now_ms()).await.unwrap();
        let erase_at = now_ms() + 60_000;
        store.set_retention("p", Some(erase_at)).await.unwrap();
        assert_eq!(
            store.erase_past_retention(erase_at + 1).await.unwrap(),
            0,
            "still open"
        );

        store.set_closed("p", Some(now_ms())).await.unwrap();
        assert_eq!(
            store.erase_past_retention(erase_at - 1).await.unwrap(),
            0,
            "not yet"
        );
        assert_eq!(store.erase_past_retention(erase_at).await.unwrap(), 2);
        assert!(store.confirmed_signatures("p").await.unwrap().is_empty());
        assert_eq!(outbox_rows(&store).await, 0);
        let standing = store.standing("p").await.unwrap();
        assert_eq!(standing.confirmed, 1, "the count stays");
        assert_eq!(standing.erase_personal_data_after, Some(erase_at));
    }

    #[tokio::test]
    async fn one_batch_holds_repeats_and_addresses_that_sign_twice() {
        let store = fresh_store().await;
        let first = new_signature("anna@example.se", "t1");
        let repeat = NewSignature {
            confirm_token_hash: "t1-again".into(),
            withdraw_token_hash: "w1-again".into(),
            ..new_signature("anna@example.se", "unused")
        };
        let repeat = NewSignature {
            signature: ValidSignature {
                id: first.signature.id,
                ..repeat.signature
            },
            ..repeat
        };
        let same_address = new_signature("anna@example.se", "t2");
        let other = new_signature("bo@example.se", "t3");
        let outcomes = store
            .record_batch(&[first, repeat, same_address, other], now_ms())
            .await
            .unwrap();
        assert_eq!(
            outcomes,
            [
                Recorded::New,
                Recorded::Replayed,
                Recorded::SignedBefore,
                Recorded::New
            ]
        );
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signatures")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(stored, 2);
        // Two new signatures, and a fresh confirmation for the address that signed again.
        assert_eq!(outbox_rows(&store).await, 3);
    }

    #[tokio::test]
    async fn a_batch_larger_than_one_statement_is_written_whole() {
        let store = fresh_store().await;
        let batch: Vec<_> = (0..ROWS_PER_STATEMENT + 3)
            .map(|n| new_signature(&format!("signer{n}@example.se"), &format!("t{n}")))
            .collect();
        let outcomes = store.record_batch(&batch, now_ms()).await.unwrap();
        assert!(outcomes.iter().all(|outcome| *outcome == Recorded::New));
        assert_eq!(outbox_rows(&store).await, batch.len() as i64);
    }

    #[tokio::test]
    async fn only_unconfirmed_signatures_past_their_time_are_erased() {
        let store = fresh_store().await;
        let batch = [
            new_signature("a@example.se", "a"),
            new_signature("b@example.se", "b"),
        ];
        assert_eq!(
            store.record_batch(&batch, now_ms()).await.unwrap(),
            [Recorded::New, Recorded::New]
        );
        assert!(matches!(
            store.confirm("a", now_ms()).await.unwrap(),
            Some(Confirmation::Counted(_))
        ));

        let now = now_ms();
        assert_eq!(
            store
                .purge_unconfirmed(Duration::from_secs(3600), now)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            store.purge_unconfirmed(Duration::ZERO, now).await.unwrap(),
            1
        );
        let waiting = store.activity("p").await.unwrap();
        assert_eq!(
            waiting.iter().filter(|s| s.confirmed_at.is_none()).count(),
            0
        );
        assert_eq!(store.standing("p").await.unwrap().confirmed, 1);
        assert_eq!(
            store.confirmed_signatures("p").await.unwrap()[0].email,
            "a@example.se"
        );
    }

    #[tokio::test]
    async fn a_claimed_mail_is_not_claimed_again_until_its_lease_runs_out() {
        let store = fresh_store().await;
        record(&store, "a@example.se").await;
        let claimed = claim(&store, Duration::from_secs(60)).await;
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].attempts, 1);
        assert!(claim(&store, Duration::from_secs(60)).await.is_empty());

        store
            .retry_mail_after(claimed[0].id, Duration::ZERO)
            .await
            .unwrap();
        let retried = claim(&store, Duration::ZERO).await;
        assert_eq!(retried[0].attempts, 2);
        store.mails_sent(&[retried[0].id]).await.unwrap();
        assert!(claim(&store, Duration::ZERO).await.is_empty());
    }

    async fn outbox_rows(store: &Store) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
            .fetch_one(&store.pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn withdrawing_erases_the_signatures_queued_mail_with_its_links() {
        let store = fresh_store().await;
        record(&store, "a@example.se").await;
        record(&store, "b@example.se").await;
        assert_eq!(outbox_rows(&store).await, 2);
        assert!(
            store
                .withdraw("withdraw-a@example.se")
                .await
                .unwrap()
                .is_some()
        );
        let left = claim(&store, Duration::ZERO).await;
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].mail.recipient, "b@example.se");
    }

    #[tokio::test]
    async fn erasing_unconfirmed_signatures_erases_their_queued_mail() {
        let store = fresh_store().await;
        record(&store, "a@example.se").await;
        assert_eq!(
            store
                .purge_unconfirmed(Duration::ZERO, now_ms())
                .await
                .unwrap(),
            1
        );
        assert_eq!(outbox_rows(&store).await, 0);
    }

    #[tokio::test]
    async fn mail_given_up_on_is_counted_then_deleted_after_its_time() {
        let store = fresh_store().await;
        record(&store, "a@example.se").await;
        let claimed = claim(&store, Duration::ZERO).await;
        store.give_up_mail(claimed[0].id).await.unwrap();
        assert_eq!(store.undeliverable_mail().await.unwrap(), 1);
        let now = now_ms();
        assert_eq!(
            store
                .purge_given_up_mail(Duration::from_secs(3600), now)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            store
                .purge_given_up_mail(Duration::ZERO, now + 1)
                .await
                .unwrap(),
            1
        );
        assert_eq!(store.undeliverable_mail().await.unwrap(), 0);
        assert_eq!(outbox_rows(&store).await, 0);
    }

    #[tokio::test]
    async fn a_mail_given_up_on_is_never_claimed_again() {
        let store = fresh_store().await;
        record(&store, "a@example.se").await;
        let claimed = claim(&store, Duration::ZERO).await;
        store.give_up_mail(claimed[0].id).await.unwrap();
        assert!(claim(&store, Duration::ZERO).await.is_empty());
    }
}
