//! What is kept of a campaign's manifestations: the candles lit for each (when, and nothing of
//! who), and the version of each one's calendar entry.

use uuid::Uuid;

use super::Store;

const HOUR_MS: i64 = 3_600_000;

/// A manifestation's calendar entry as it stands: RFC 5545's SEQUENCE and DTSTAMP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct EventVersion {
    pub sequence: i64,
    /// When its content last changed (first seen, for the first version), in ms.
    pub changed_at: i64,
}

impl Store {
    /// Lights candle `id` for `event` of `petition`; `false` when that candle was lit before
    /// (the same lighting sent again), which changes nothing.
    pub async fn light_candle(
        &self,
        id: &Uuid,
        petition: &str,
        event: &str,
        now: i64,
    ) -> sqlx::Result<bool> {
        let lit = sqlx::query(
            "INSERT INTO candles (id, petition, event, lit_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id.to_string())
        .bind(petition)
        .bind(event)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(lit.rows_affected() > 0)
    }

    pub async fn candles(&self, petition: &str, event: &str) -> sqlx::Result<u64> {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM candles WHERE petition = $1 AND event = $2")
                .bind(petition)
                .bind(event)
                .fetch_one(&self.pool)
                .await?;
        Ok(count.unsigned_abs())
    }

    /// The candles lit for `event` per hour (its start, ms since the epoch), oldest first.
    pub async fn candles_per_hour(
        &self,
        petition: &str,
        event: &str,
    ) -> sqlx::Result<Vec<(i64, u64)>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT lit_at / $3 * $3 AS hour, COUNT(*) FROM candles \
             WHERE petition = $1 AND event = $2 GROUP BY hour ORDER BY hour",
        )
        .bind(petition)
        .bind(event)
        .bind(HOUR_MS)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(hour, candles)| (hour, candles.unsigned_abs()))
            .collect())
    }

    /// The calendar entry's version for `event`, whose content now reads as `digest`: the
    /// stored one while the digest is the same, the next one (as of `now`) once it changed.
    /// One statement, so servers making the entry at once agree on it.
    pub async fn event_version(
        &self,
        petition: &str,
        event: &str,
        digest: &str,
        now: i64,
    ) -> sqlx::Result<EventVersion> {
        let changed = sqlx::query_as(
            "INSERT INTO event_versions (petition, event, digest, sequence, changed_at) \
             VALUES ($1, $2, $3, 0, $4) \
             ON CONFLICT (petition, event) DO UPDATE SET \
             sequence = event_versions.sequence + 1, digest = excluded.digest, \
             changed_at = excluded.changed_at \
             WHERE event_versions.digest <> excluded.digest \
             RETURNING sequence, changed_at",
        )
        .bind(petition)
        .bind(event)
        .bind(digest)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(version) = changed {
            return Ok(version);
        }
        // The same digest: nothing written, and nothing returned.
        sqlx::query_as(
            "SELECT sequence, changed_at FROM event_versions WHERE petition = $1 AND event = $2",
        )
        .bind(petition)
        .bind(event)
        .fetch_one(&self.pool)
        .await
    }
}
