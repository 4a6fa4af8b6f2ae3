//! Secrets shared by every server on the database, made once by whichever starts first.

use super::Store;

impl Store {
    /// The secret `name`; `fresh` is stored and returned if there is none yet. Two servers
    /// starting at once both end up with the one that was stored first.
    pub async fn shared_secret(&self, name: &str, fresh: &str) -> sqlx::Result<String> {
        sqlx::query(
            "INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(fresh)
        .execute(&self.pool)
        .await?;
        sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
    }
}
