//! What the organiser reads out: the confirmed signatures for the CSV, the public list, the
//! handover document, and hiding a name from the public list.

use std::sync::LazyLock;

use futures_util::{Stream, StreamExt};
use upprop_core::{ConsentRecord, Field};

use super::Store;

/// Everything stored about one signature: a row of the CSV, or what a signer asking "what do
/// you store about me?" is shown.
pub struct StoredSignature {
    pub id: String,
    pub petition: String,
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
    pub source_referrer: Option<String>,
    pub signed_at: i64,
    pub confirmed_at: Option<i64>,
    pub hidden_at: Option<i64>,
}

/// `StoredSignature` as the database holds it: the Any driver reads no SQLite booleans (the
/// query casts `public` to 0 or 1), and the consents are JSON text.
#[derive(sqlx::FromRow)]
pub(super) struct StoredRow {
    id: String,
    petition: String,
    first_name: String,
    last_name: String,
    email: String,
    postal_code: Option<String>,
    comment: Option<String>,
    public: i64,
    locale: String,
    consents: String,
    source_url: String,
    source_channel: Option<String>,
    source_referrer: Option<String>,
    signed_at: i64,
    confirmed_at: Option<i64>,
    hidden_at: Option<i64>,
}

/// The columns of `StoredRow`.
pub(super) const STORED_COLUMNS: &str = "id, petition, first_name, last_name, email, \
     postal_code, comment, CAST(public AS INTEGER) AS public, locale, consents, source_url, \
     source_channel, source_referrer, signed_at, confirmed_at, hidden_at";

static CONFIRMED: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {STORED_COLUMNS} FROM signatures \
         WHERE petition = $1 AND confirmed_at IS NOT NULL ORDER BY confirmed_at, id"
    )
});

/// The consents column: each consent with the exact text the signer saw, and the answer.
pub(super) fn consents(text: &str) -> sqlx::Result<Vec<ConsentRecord>> {
    serde_json::from_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

impl StoredSignature {
    /// What the signer typed in the form's text field `field` (empty when they left it so).
    pub fn text(&self, field: &Field) -> &str {
        match field {
            Field::FirstName => &self.first_name,
            Field::LastName => &self.last_name,
            Field::Email => &self.email,
            Field::PostalCode => self.postal_code.as_deref().unwrap_or_default(),
            Field::Comment => self.comment.as_deref().unwrap_or_default(),
            Field::Consent(_) | Field::Source => "",
        }
    }
}

impl TryFrom<StoredRow> for StoredSignature {
    type Error = sqlx::Error;

    fn try_from(row: StoredRow) -> sqlx::Result<Self> {
        Ok(Self {
            consents: consents(&row.consents)?,
            id: row.id,
            petition: row.petition,
            first_name: row.first_name,
            last_name: row.last_name,
            email: row.email,
            postal_code: row.postal_code,
            comment: row.comment,
            public: row.public != 0,
            locale: row.locale,
            source_url: row.source_url,
            source_channel: row.source_channel,
            source_referrer: row.source_referrer,
            signed_at: row.signed_at,
            confirmed_at: row.confirmed_at,
            hidden_at: row.hidden_at,
        })
    }
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

impl Store {
    /// The confirmed signatures of `petition`, in the order they were confirmed, as the
    /// database reads them out.
    pub fn confirmed_signatures<'a>(
        &'a self,
        petition: &'a str,
    ) -> impl Stream<Item = sqlx::Result<StoredSignature>> + Send + 'a {
        sqlx::query_as::<_, StoredRow>(&CONFIRMED)
            .bind(petition)
            .fetch(&self.pool)
            .map(|row| row.and_then(StoredSignature::try_from))
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
}
