//! What the organiser decides about a petition beside its content: closed, goal, retention;
//! and where it stands, with its count, in one read.

use super::Store;

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

/// `Standing` as the database holds it: every value may be absent.
#[derive(sqlx::FromRow)]
struct StandingRow {
    confirmed: Option<i64>,
    goal: Option<i64>,
    closed_at: Option<i64>,
    erase_personal_data_after: Option<i64>,
}

impl Store {
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
        self.decide(petition, "erase_personal_data_after", erase_after)
            .await
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
        self.decide(petition, "closed_at", now).await
    }

    /// The goal shown instead of the content file's; `None` goes back to the file's.
    pub async fn set_goal(&self, petition: &str, goal: Option<u64>) -> sqlx::Result<()> {
        let goal = goal.map(|goal| goal.min(i64::MAX as u64) as i64);
        self.decide(petition, "goal", goal).await
    }

    /// Records one of the organiser's decisions (`column` of `petition_settings`), making the
    /// petition's row if it has none yet.
    async fn decide(&self, petition: &str, column: &str, value: Option<i64>) -> sqlx::Result<()> {
        sqlx::query(&format!(
            "INSERT INTO petition_settings (petition, {column}) VALUES ($1, $2) \
             ON CONFLICT (petition) DO UPDATE SET {column} = excluded.{column}"
        ))
        .bind(petition)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
