//! What the organiser decides about a petition beside its content: closed, goal, retention;
//! and where it stands, with its count, in one read. Every decision, and every erasure it
//! leads to, is a line in the audit log: who (an organiser's address, or the admin token)
//! and when.

use std::time::Duration;

use sqlx::AnyConnection;

use super::{Store, ms};

/// How far ahead a retention date must be: erasing a petition's signatures is for ever, so
/// nobody, a stolen token included, can make it happen before the organisers could see it on
/// the dashboard and stop it.
pub const RETENTION_NOTICE: Duration = Duration::from_secs(7 * 24 * 3600);

/// Whether `erase_after` gives the notice a retention date must give, `now`.
pub fn gives_notice(erase_after: i64, now: i64) -> bool {
    erase_after >= now.saturating_add(ms(RETENTION_NOTICE))
}

/// Who the audit log names for what the bearer token did: scripts have no name of their own.
pub const TOKEN_ACTOR: &str = "admin-token";
/// Who the audit log names for what the server did by itself.
pub const SERVER_ACTOR: &str = "server";

/// The audit log's words for the decisions, and for what the housekeeping erased.
pub mod action {
    pub const CLOSED: &str = "closed";
    pub const REOPENED: &str = "reopened";
    pub const GOAL_SET: &str = "goal_set";
    pub const RETENTION_SET: &str = "retention_set";
    pub const ERASED_PAST_RETENTION: &str = "erased_past_retention";
    pub const UNPUBLISHED: &str = "unpublished";
    pub const REPUBLISHED: &str = "republished";
    pub const CONFIRMATION_RESENT: &str = "confirmation_resent";
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
        actor: &str,
        now: i64,
    ) -> sqlx::Result<()> {
        let decision = (action::RETENTION_SET, actor, now);
        self.decide(petition, "erase_personal_data_after", erase_after, decision)
            .await
    }

    /// Erases every signature, and its queued mail, of each closed petition whose retention
    /// date has passed: names, addresses and consents go, the count stays; the audit log says
    /// which petition was erased and when. Returns how many signatures.
    pub async fn erase_past_retention(&self, now: i64) -> sqlx::Result<u64> {
        let due: Vec<String> = sqlx::query_scalar(
            "SELECT petition FROM petition_settings WHERE closed_at IS NOT NULL \
             AND erase_personal_data_after IS NOT NULL AND erase_personal_data_after <= $1",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        let mut erased = 0;
        for petition in due {
            let mut transaction = self.pool.begin().await?;
            sqlx::query(
                "DELETE FROM outbox WHERE signature_id IN \
                 (SELECT id FROM signatures WHERE petition = $1)",
            )
            .bind(&petition)
            .execute(&mut *transaction)
            .await?;
            let deleted = sqlx::query("DELETE FROM signatures WHERE petition = $1")
                .bind(&petition)
                .execute(&mut *transaction)
                .await?
                .rows_affected();
            if deleted > 0 {
                let line = (action::ERASED_PAST_RETENTION, SERVER_ACTOR, now);
                audit(&mut transaction, &petition, line).await?;
            }
            transaction.commit().await?;
            erased += deleted;
        }
        Ok(erased)
    }

    /// Closes the petition at `now`, or opens it again.
    pub async fn set_closed(
        &self,
        petition: &str,
        closed: bool,
        actor: &str,
        now: i64,
    ) -> sqlx::Result<()> {
        let (closed_at, word) = if closed {
            (Some(now), action::CLOSED)
        } else {
            (None, action::REOPENED)
        };
        self.decide(petition, "closed_at", closed_at, (word, actor, now))
            .await
    }

    /// Takes the petition down from view at `now`, closing it if it was open (its data stays
    /// until its retention date), or shows it again (closed: reopening is its own decision).
    pub async fn set_unpublished(
        &self,
        petition: &str,
        unpublished: bool,
        actor: &str,
        now: i64,
    ) -> sqlx::Result<()> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query("UPDATE petitions SET unpublished_at = $2 WHERE slug = $1")
            .bind(petition)
            .bind(unpublished.then_some(now))
            .execute(&mut *transaction)
            .await?;
        let word = if unpublished {
            let closed = sqlx::query(
                "INSERT INTO petition_settings (petition, closed_at) VALUES ($1, $2) \
                 ON CONFLICT (petition) DO UPDATE SET closed_at = excluded.closed_at \
                 WHERE petition_settings.closed_at IS NULL",
            )
            .bind(petition)
            .bind(now)
            .execute(&mut *transaction)
            .await?;
            if closed.rows_affected() > 0 {
                audit(&mut transaction, petition, (action::CLOSED, actor, now)).await?;
            }
            action::UNPUBLISHED
        } else {
            action::REPUBLISHED
        };
        audit(&mut transaction, petition, (word, actor, now)).await?;
        transaction.commit().await
    }

    /// The goal shown instead of the content file's; `None` goes back to the file's.
    pub async fn set_goal(
        &self,
        petition: &str,
        goal: Option<u64>,
        actor: &str,
        now: i64,
    ) -> sqlx::Result<()> {
        let goal = goal.map(|goal| goal.min(i64::MAX as u64) as i64);
        self.decide(petition, "goal", goal, (action::GOAL_SET, actor, now))
            .await
    }

    /// Records one of the organiser's decisions (`column` of `petition_settings`), making the
    /// petition's row if it has none yet, with its line in the audit log (`line`: what, who,
    /// when).
    async fn decide(
        &self,
        petition: &str,
        column: &str,
        value: Option<i64>,
        line: (&str, &str, i64),
    ) -> sqlx::Result<()> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query(&format!(
            "INSERT INTO petition_settings (petition, {column}) VALUES ($1, $2) \
             ON CONFLICT (petition) DO UPDATE SET {column} = excluded.{column}"
        ))
        .bind(petition)
        .bind(value)
        .execute(&mut *transaction)
        .await?;
        audit(&mut transaction, petition, line).await?;
        transaction.commit().await
    }
}

/// Writes `line` (what, who, when) about `petition` to the audit log.
pub(super) async fn audit(
    connection: &mut AnyConnection,
    petition: &str,
    (action, actor, at): (&str, &str, i64),
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO audit_log (at, actor, action, petition) VALUES ($1, $2, $3, $4)")
        .bind(at)
        .bind(actor)
        .bind(action)
        .bind(petition)
        .execute(connection)
        .await?;
    Ok(())
}
