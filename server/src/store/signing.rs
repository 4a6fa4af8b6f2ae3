//! Writing signatures: a batch of the group commit, each new signature with its mail queued.
//! SQLite writes a batch in one transaction of multi-row statements of up to 64 rows;
//! PostgreSQL writes its new signers in one statement. Repeats and second signings are
//! written one by one.

use std::collections::HashSet;
use std::time::Duration;

use serde::Serialize;
use sqlx::pool::PoolConnection;
use sqlx::{Acquire, Any, AnyConnection, FromRow, Row};
use upprop_core::ValidSignature;

use super::confirmations::{GIVEN_COLUMNS, Given, GivenRow};
use super::outbox::{OUTBOX_COLUMNS, bind_mail, enqueue};
use super::{Engine, Mail, Statement, Store, ms};

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

/// How soon a repeated signing, or the organiser's "send again", may mail the same address
/// again.
pub const RESEND_CONFIRMATION_AFTER: Duration = Duration::from_secs(10 * 60);

const REMIND_SIGNED_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// The connection the one task that writes signatures keeps. SQLite empties a connection's
/// page cache whenever another connection has written since its last transaction: writing
/// every batch on the same connection keeps the indexes' pages warm between batches, instead
/// of reading them again for each (6 200 → 6 800 signatures a second; a larger cache than
/// SQLite's 2 MiB was slower, as each commit walks the whole cache).
pub struct SigningConnection(PoolConnection<Any>);

impl Store {
    pub async fn signing_connection(&self) -> sqlx::Result<SigningConnection> {
        Ok(SigningConnection(self.pool.acquire().await?))
    }

    /// Writes a batch of signatures (group commit): the cost of a commit is paid once for all
    /// the requests that arrived while the previous batch committed. Every signature's outcome
    /// is committed when this returns.
    pub async fn record_batch(
        &self,
        connection: &mut SigningConnection,
        batch: &[NewSignature],
        now: i64,
    ) -> sqlx::Result<Vec<Recorded>> {
        match self.engine {
            Engine::Sqlite => {
                let batch: Vec<&NewSignature> = batch.iter().collect();
                record_in_transaction(&mut connection.0, self.engine, &batch, now).await
            }
            Engine::Postgres => record_in_one_statement(&mut connection.0, batch, now).await,
        }
    }
}

/// The indexes of `ids` that are no repeat of an earlier one: the same id twice in one batch
/// is one request, and its first occurrence stands for it.
fn first_occurrences(ids: &[String]) -> Vec<usize> {
    let mut seen = HashSet::with_capacity(ids.len());
    (0..ids.len())
        .filter(|&index| seen.insert(ids[index].as_str()))
        .collect()
}

/// Writes `batch` in one transaction. The common case (a new request from a new address)
/// costs three multi-row statements for the whole batch, not three round trips per signature.
async fn record_in_transaction(
    connection: &mut AnyConnection,
    engine: Engine,
    batch: &[&NewSignature],
    now: i64,
) -> sqlx::Result<Vec<Recorded>> {
    let mut transaction = connection.begin().await?;
    let mut outcomes = vec![Recorded::Replayed; batch.len()];

    let ids: Vec<String> = batch
        .iter()
        .map(|new| new.signature.id.to_string())
        .collect();
    let fresh_ids: HashSet<String> = insert_returning_ids(
        &mut transaction,
        engine,
        "signature_requests (id, received_at)",
        2,
        batch.len(),
        |index, query| query.bind(ids[index].clone()).bind(now),
        " ON CONFLICT DO NOTHING RETURNING id",
    )
    .await?
    .into_iter()
    .collect();
    let first_time: Vec<usize> = first_occurrences(&ids)
        .into_iter()
        .filter(|&index| fresh_ids.contains(&ids[index]))
        .collect();

    let normalized: Vec<String> = batch
        .iter()
        .map(|new| new.signature.email.normalized())
        .collect();
    for &index in &first_time {
        if let Some(earlier) = batch[index].signature.replaces {
            take_back(
                &mut transaction,
                batch[index],
                &earlier.to_string(),
                &normalized[index],
            )
            .await?;
        }
    }
    let into_signatures = format!(
        "signatures ({}, id, petition, email_normalized, confirm_token_hash, withdraw_token_hash)",
        SIGNER_COLUMNS.join(", ")
    );
    let inserted = insert_returning_ids(
        &mut transaction,
        engine,
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
        engine,
        OUTBOX_COLUMNS,
        6,
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
        signed_again(&mut transaction, batch[index], &normalized[index], now).await?;
        outcomes[index] = Recorded::SignedBefore;
    }
    transaction.commit().await?;
    Ok(outcomes)
}

/// PostgreSQL: writes `batch` in one statement, so one round trip, which commits on its own.
/// On this machine the five round trips of a transaction (begin, three inserts, commit) took
/// 4 ms however few signatures they carried, while the server and PostgreSQL shared two cores:
/// each answer waited for its task to be run again. Requests seen before, and first requests
/// from an address that has signed before (rare, with more to do), are left out of it and
/// written after it in a transaction, where they come out replayed or signed before.
///
/// If that transaction fails, what the statement committed stays committed; writing those
/// signatures again finds them replayed.
async fn record_in_one_statement(
    connection: &mut AnyConnection,
    batch: &[NewSignature],
    now: i64,
) -> sqlx::Result<Vec<Recorded>> {
    let ids: Vec<String> = batch
        .iter()
        .map(|new| new.signature.id.to_string())
        .collect();
    let normalized: Vec<String> = batch
        .iter()
        .map(|new| new.signature.email.normalized())
        .collect();
    // A correction takes an earlier signature back first: the transaction below does both.
    let (first_time, corrections): (Vec<usize>, Vec<usize>) = first_occurrences(&ids)
        .into_iter()
        .partition(|&index| batch[index].signature.replaces.is_none());
    let rows: Vec<BatchRow> = first_time
        .iter()
        .map(|&index| BatchRow::new(&batch[index], &ids[index], &normalized[index]))
        .collect();
    let rows = serde_json::to_string(&rows).expect("a batch serialises");
    let stored: HashSet<String> = sqlx::query_scalar(RECORD_BATCH_ON_POSTGRES)
        .bind(rows)
        .bind(now)
        .fetch_all(&mut *connection)
        .await?
        .into_iter()
        .collect();

    let mut outcomes = vec![Recorded::Replayed; batch.len()];
    let (new, mut rest): (Vec<usize>, Vec<usize>) = first_time
        .into_iter()
        .partition(|&index| stored.contains(&ids[index]));
    rest.extend(corrections);
    for index in new {
        outcomes[index] = Recorded::New;
    }
    if !rest.is_empty() {
        let leftovers: Vec<&NewSignature> = rest.iter().map(|&index| &batch[index]).collect();
        let recorded = record_in_transaction(connection, Engine::Postgres, &leftovers, now).await?;
        for (index, outcome) in rest.into_iter().zip(recorded) {
            outcomes[index] = outcome;
        }
    }
    Ok(outcomes)
}

/// One signature of a batch as `RECORD_BATCH_ON_POSTGRES` reads it, from a JSON array: one
/// parameter carries the whole batch, so the statement is the same (and prepared once) for
/// any size of batch.
#[derive(Serialize)]
struct BatchRow<'a> {
    id: &'a str,
    first_name: &'a str,
    last_name: &'a str,
    email: &'a str,
    postal_code: Option<&'a str>,
    comment: Option<&'a str>,
    public: bool,
    locale: &'static str,
    consents: String,
    source_url: &'a str,
    source_channel: Option<&'a str>,
    source_referrer: Option<&'a str>,
    petition: &'a str,
    email_normalized: &'a str,
    confirm_token_hash: &'a str,
    withdraw_token_hash: &'a str,
    recipient: &'a str,
    subject: &'a str,
    body: &'a str,
    html: Option<&'a str>,
}

impl<'a> BatchRow<'a> {
    fn new(new: &'a NewSignature, id: &'a str, email_normalized: &'a str) -> Self {
        let signature = &new.signature;
        Self {
            id,
            first_name: signature.first_name.as_str(),
            last_name: signature.last_name.as_str(),
            email: signature.email.as_str(),
            postal_code: signature.postal_code.as_ref().map(|code| code.as_str()),
            comment: signature.comment.as_ref().map(|comment| comment.as_str()),
            public: signature.public,
            locale: signature.locale.as_str(),
            consents: serde_json::to_string(&signature.consents).expect("consents serialise"),
            source_url: &signature.source.url,
            source_channel: signature.source.channel.as_deref(),
            source_referrer: signature.source.referrer.as_deref(),
            petition: &new.petition,
            email_normalized,
            confirm_token_hash: &new.confirm_token_hash,
            withdraw_token_hash: &new.withdraw_token_hash,
            recipient: &new.confirmation.recipient,
            subject: &new.confirmation.subject,
            body: &new.confirmation.body,
            html: new.confirmation.html.as_deref(),
        }
    }
}

/// `$1` is the batch as a JSON array of `BatchRow`s, `$2` the time. A signature is stored
/// when its request was not seen before and its address has not signed; its request is then
/// remembered and its confirmation queued, and its id returned. Data-modifying `WITH` parts
/// all run, once, whether or not the final `SELECT` reads them.
///
/// "Not seen before" is a scalar subquery, not `NOT EXISTS`: PostgreSQL turns `NOT EXISTS`
/// into a join, and the plan it prepared while the table was small (a hash join over a
/// sequential scan) stayed in use as the table grew, halving the rate within seconds. A
/// subquery per row can only look its id up, in the primary key's index.
const RECORD_BATCH_ON_POSTGRES: &str = "
WITH batch AS (
    SELECT * FROM json_to_recordset($1::json) AS batch (
        id text, first_name text, last_name text, email text, postal_code text, comment text,
        public boolean, locale text, consents text, source_url text, source_channel text,
        source_referrer text, petition text, email_normalized text, confirm_token_hash text,
        withdraw_token_hash text, recipient text, subject text, body text, html text
    )
), signed AS (
    INSERT INTO signatures (
        id, first_name, last_name, email, postal_code, comment, public, locale, consents,
        source_url, source_channel, source_referrer, petition, email_normalized,
        confirm_token_hash, withdraw_token_hash, signed_at
    )
    SELECT id, first_name, last_name, email, postal_code, comment, public, locale, consents,
        source_url, source_channel, source_referrer, petition, email_normalized,
        confirm_token_hash, withdraw_token_hash, $2
    FROM batch
    WHERE (SELECT true FROM signature_requests seen WHERE seen.id = batch.id) IS NULL
    ON CONFLICT DO NOTHING
    RETURNING id
), remembered AS (
    INSERT INTO signature_requests (id, received_at) SELECT id, $2 FROM signed
    ON CONFLICT DO NOTHING
), queued AS (
    INSERT INTO outbox (signature_id, recipient, subject, body, html, next_attempt_at)
    SELECT id, recipient, subject, body, html, $2 FROM batch JOIN signed USING (id)
)
SELECT id FROM signed";

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
/// statements per table and reuses them (PostgreSQL signed ~1.8× faster than with one
/// statement per batch, when it wrote batches this way); far below SQLite's and PostgreSQL's
/// limits on parameters.
pub(super) const ROWS_PER_STATEMENT: usize = 64;

/// Inserts `rows` rows of `width` parameters each into `into` ("table (columns)"), binding row
/// `i` with `bind(i, query)`, in statements of at most `ROWS_PER_STATEMENT` rows; `tail` follows
/// the values (a conflict clause, `RETURNING id`). Returns the ids the statements returned.
async fn insert_returning_ids(
    connection: &mut AnyConnection,
    engine: Engine,
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
            .map(|row| {
                format!(
                    "({})",
                    engine.parameters(row * width + 1..=(row + 1) * width)
                )
            })
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

/// The signature an address already has of a petition, as `signed_again` reads it.
#[derive(FromRow)]
struct EarlierSignature {
    id: String,
    confirmed_at: Option<i64>,
    reminded_at: Option<i64>,
    #[sqlx(flatten)]
    given: GivenRow,
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
    let EarlierSignature {
        id: earlier_id,
        confirmed_at,
        reminded_at,
        given,
    } = sqlx::query_as(&format!(
        "SELECT id, confirmed_at, reminded_at, {GIVEN_COLUMNS} FROM signatures \
         WHERE petition = $1 AND email_normalized = $2"
    ))
    .bind(&new.petition)
    .bind(email_normalized)
    .fetch_one(&mut *connection)
    .await?;
    let confirmed = confirmed_at.is_some();
    let quiet_for = if confirmed {
        REMIND_SIGNED_AFTER
    } else {
        RESEND_CONFIRMATION_AFTER
    };
    // The quiet time spares only a repeat: whatever changes an unconfirmed signature's data
    // gets fresh links, and the links mailed before stop working.
    let changed = !confirmed && Given::try_from(given)? != Given::from(signature);
    let mail_again = changed || reminded_at.is_none_or(|at| now - at >= ms(quiet_for));

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
    // mail gets fresh links (the old mail may never have arrived); within the quiet time a
    // repeat of the same data keeps the links already mailed.
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

/// Takes back the signature `earlier` that `new` corrects (`ValidSignature::replaces`), with
/// its queued mail: only while it is unconfirmed, of the same petition and at another address
/// (at the same address, `new` is that signature signed again).
async fn take_back(
    connection: &mut AnyConnection,
    new: &NewSignature,
    earlier: &str,
    email_normalized: &str,
) -> sqlx::Result<()> {
    let replaced = "SELECT id FROM signatures WHERE id = $1 AND petition = $2 \
                    AND confirmed_at IS NULL AND email_normalized <> $3";
    for statement in [
        format!("DELETE FROM outbox WHERE signature_id IN ({replaced})"),
        format!("DELETE FROM signatures WHERE id IN ({replaced})"),
    ] {
        sqlx::query(&statement)
            .bind(earlier)
            .bind(&new.petition)
            .bind(email_normalized)
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}
