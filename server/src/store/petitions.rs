//! The petitions' content as imported: what every server sharing the database serves.

use super::Store;

/// How the stored content stands: it changed when this did. Cheap to read, so servers can
/// look often for an import made elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct ContentVersion {
    petitions: i64,
    last_import: Option<i64>,
    unpublished: i64,
    last_unpublished: Option<i64>,
}

/// A petition as stored: its content file's JSON, and the file's name.
#[derive(sqlx::FromRow)]
pub struct StoredPetition {
    pub content: String,
    pub source: String,
    pub unpublished_at: Option<i64>,
}

impl Store {
    /// Stores `content` (a checked content file's JSON) as petition `slug`; `true` if that
    /// changed what is stored.
    pub async fn import_petition(
        &self,
        slug: &str,
        content: &str,
        source: &str,
        now: i64,
    ) -> sqlx::Result<bool> {
        let changed = sqlx::query(
            "INSERT INTO petitions (slug, content, source, imported_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (slug) DO UPDATE SET content = excluded.content, \
             source = excluded.source, imported_at = excluded.imported_at \
             WHERE petitions.content <> excluded.content",
        )
        .bind(slug)
        .bind(content)
        .bind(source)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(changed.rows_affected() > 0)
    }

    pub async fn petitions(&self) -> sqlx::Result<Vec<StoredPetition>> {
        sqlx::query_as("SELECT content, source, unpublished_at FROM petitions ORDER BY slug")
            .fetch_all(&self.pool)
            .await
    }

    pub async fn content_version(&self) -> sqlx::Result<ContentVersion> {
        sqlx::query_as(
            "SELECT COUNT(*) AS petitions, MAX(imported_at) AS last_import, \
             COUNT(unpublished_at) AS unpublished, MAX(unpublished_at) AS last_unpublished \
             FROM petitions",
        )
        .fetch_one(&self.pool)
        .await
    }
}
