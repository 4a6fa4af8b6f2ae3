//! What the dashboard's figures are counted from, kept in step with the signatures as
//! `petition_counts` is: confirmed signatures per petition, hour of confirmation, page,
//! channel and consents as given, so that a petition of a million signatures is counted
//! from a few thousand groups instead of a million rows. A group holds no personal data:
//! it stays when the signatures are erased at the retention date, as the count does.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Connection};
use upprop_core::ConsentRecord;

use super::Store;
use super::exports::consents;

const HOUR_MS: i64 = 3_600_000;

/// The name, among the server secrets (what every server sharing the database agrees on),
/// that says the groups were counted from the signatures stored before there were groups, so
/// that it is done once, by one server.
const FILLED: &str = "petition_figures_filled";

/// Confirmed signatures alike in all the figures count: when (to the hour), from which page
/// and channel, with which consents; and how many.
pub struct Activity {
    /// The hour they were confirmed in: its start, in ms since the epoch (UTC).
    pub hour: i64,
    pub source_url: String,
    pub source_channel: Option<String>,
    pub consents: Vec<ConsentRecord>,
    pub signatures: u64,
}

#[derive(sqlx::FromRow)]
struct ActivityRow {
    hour: i64,
    source_url: String,
    source_channel: String,
    consents: String,
    signatures: i64,
}

/// A confirmed signature's columns that place it in its group.
#[derive(sqlx::FromRow)]
struct Stored {
    petition: String,
    confirmed_at: i64,
    source_url: String,
    source_channel: Option<String>,
    consents: String,
}

impl Stored {
    fn counted(&self) -> Counted<'_> {
        Counted {
            petition: &self.petition,
            confirmed_at: self.confirmed_at,
            source_url: &self.source_url,
            source_channel: self.source_channel.as_deref(),
            consents: &self.consents,
        }
    }
}

/// What places a confirmed signature in its group, as `signatures` holds it.
pub(super) struct Counted<'a> {
    pub petition: &'a str,
    pub confirmed_at: i64,
    pub source_url: &'a str,
    pub source_channel: Option<&'a str>,
    pub consents: &'a str,
}

impl Counted<'_> {
    /// The group's key: a digest, since pages and consent texts may be longer than an index
    /// entry may be.
    fn group(&self) -> String {
        let hour = self.confirmed_at.div_euclid(HOUR_MS);
        let key = serde_json::json!([hour, self.source_url, self.source_channel, self.consents]);
        URL_SAFE_NO_PAD.encode(&Sha256::digest(key.to_string())[..16])
    }

    /// Adds `signatures` (negative: takes them away) to the group, in `connection`'s
    /// transaction.
    pub async fn add(&self, connection: &mut AnyConnection, signatures: i64) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO petition_figures \
             (petition, group_key, hour, source_url, source_channel, consents, signatures) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (petition, group_key) \
             DO UPDATE SET signatures = petition_figures.signatures + excluded.signatures",
        )
        .bind(self.petition)
        .bind(self.group())
        .bind(self.confirmed_at.div_euclid(HOUR_MS) * HOUR_MS)
        .bind(self.source_url)
        .bind(self.source_channel.unwrap_or_default())
        .bind(self.consents)
        .bind(signatures)
        .execute(connection)
        .await?;
        Ok(())
    }
}

impl Store {
    /// The groups of `petition`'s confirmed signatures, and how many wait for confirmation.
    pub async fn activity(&self, petition: &str) -> sqlx::Result<(Vec<Activity>, u64)> {
        let rows: Vec<ActivityRow> = sqlx::query_as(
            "SELECT hour, source_url, source_channel, consents, signatures \
             FROM petition_figures WHERE petition = $1 AND signatures > 0",
        )
        .bind(petition)
        .fetch_all(&self.pool)
        .await?;
        let unconfirmed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM signatures WHERE petition = $1 AND confirmed_at IS NULL",
        )
        .bind(petition)
        .fetch_one(&self.pool)
        .await?;
        let groups = rows
            .into_iter()
            .map(|row| {
                Ok(Activity {
                    consents: consents(&row.consents)?,
                    hour: row.hour,
                    source_url: row.source_url,
                    source_channel: Some(row.source_channel).filter(|c| !c.is_empty()),
                    signatures: row.signatures as u64,
                })
            })
            .collect::<sqlx::Result<_>>()?;
        Ok((groups, unconfirmed.max(0) as u64))
    }
}

/// Counts the groups from the confirmed signatures stored before there were groups: once,
/// by the first server to start on the database (the marker and the groups are one
/// transaction, so a second server finds the marker and counts nothing).
pub(super) async fn fill_from_signatures(connection: &mut AnyConnection) -> sqlx::Result<()> {
    let mut transaction = connection.begin().await?;
    let marked = sqlx::query(
        "INSERT INTO server_secrets (name, value) VALUES ($1, 'yes') ON CONFLICT (name) DO NOTHING",
    )
    .bind(FILLED)
    .execute(&mut *transaction)
    .await?;
    if marked.rows_affected() == 0 {
        return Ok(());
    }
    // Counted here as the rows stream by, not by a GROUP BY, which would sort every row with
    // its consents in memory (SQLite's temporary store is memory): this holds the groups.
    let mut groups: HashMap<(String, String), (Stored, i64)> = HashMap::new();
    {
        let mut rows = sqlx::query_as::<_, Stored>(
            "SELECT petition, confirmed_at, source_url, source_channel, consents \
             FROM signatures WHERE confirmed_at IS NOT NULL",
        )
        .fetch(&mut *transaction);
        while let Some(row) = rows.try_next().await? {
            let key = (row.petition.clone(), row.counted().group());
            groups.entry(key).or_insert((row, 0)).1 += 1;
        }
    }
    for (row, signatures) in groups.values() {
        row.counted().add(&mut transaction, *signatures).await?;
    }
    transaction.commit().await
}
