//! The organiser's endpoints: every confirmed signature as CSV, and counts to follow progress.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::api_query::ApiQuery;
use super::extract::Language;
use super::json_object::JsonObject;
use super::moment::parse_moment;
use crate::api_error::Failure;
use crate::dashboard::figures::Figures;
use crate::petitions::local_time;
use crate::state::AppState;
use crate::store::{Store, StoredSignature, TOKEN_ACTOR, gives_notice, now_ms};
use upprop_core::form::TEXT_FIELDS;

/// Lets the request through only with `Authorization: Bearer <admin token>`. Digests of equal
/// length are compared in constant time, so timing tells nothing about the token.
pub async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, Failure> {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(|token| Sha256::digest(token.trim().as_bytes()));
    let authorized = match (state.admin_token_digest, presented) {
        (Some(expected), Some(presented)) => bool::from(expected.ct_eq(presented.as_slice())),
        _ => false,
    };
    if !authorized {
        return Err(Failure::Unauthorized);
    }
    Ok(next.run(request).await)
}

fn timestamp(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|at| at.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// Spreadsheets run a cell that starts with = + - @ as a formula: a name like
/// `=HYPERLINK(…)` must arrive as text. A spreadsheet that splits on `;` (Excel with Swedish
/// settings) or on tabs reads every part as a cell of its own, so each part is defused.
fn as_text_cell(value: &str) -> String {
    let mut defused = String::with_capacity(value.len() + 1);
    let mut part_starts = true;
    for c in value.chars() {
        if part_starts && matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r') {
            defused.push('\'');
        }
        defused.push(c);
        part_starts = matches!(c, ';' | '\t');
    }
    defused
}

#[derive(Deserialize)]
pub struct ExportFilter {
    /// Only the signatures that gave this consent (the newsletter list: the updates consent).
    consent: Option<String>,
    /// `csv` (the default) or `spreadsheet`.
    format: Option<String>,
}

/// Who reads the export: a script, or a person opening it in a spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// Commas, English headings, `yes`/`no`, times in RFC 3339 UTC: stable for scripts.
    Csv,
    /// What Excel with Swedish settings opens as it is, in columns: semicolons, Swedish
    /// headings, `ja`/`nej`, times in the campaign's zone (named in the heading).
    Spreadsheet,
}

impl Format {
    fn of(asked: Option<&str>) -> Result<Self, Failure> {
        match asked {
            None | Some("csv") => Ok(Self::Csv),
            Some("spreadsheet") => Ok(Self::Spreadsheet),
            Some(_) => Err(Failure::UnknownFormat),
        }
    }

    /// The columns' names; per consent (of `consent_ids`) the answer and the text shown.
    fn heading(self, consent_ids: &[&str]) -> Vec<String> {
        // The form's text fields first, named as the form defines them.
        let texts = TEXT_FIELDS.iter().map(|text_field| match self {
            Self::Csv => text_field.field.name(),
            Self::Spreadsheet => text_field.heading,
        });
        let rest = match self {
            Self::Csv => [
                "public",
                "locale",
                "source_url",
                "source_channel",
                "signed_at",
                "confirmed_at",
            ],
            Self::Spreadsheet => [
                "Namnet får visas",
                "Språk",
                "Sida",
                "Kanal",
                "Skrev under (svensk tid)",
                "Bekräftade (svensk tid)",
            ],
        };
        let mut heading: Vec<String> = texts.chain(rest).map(String::from).collect();
        for (number, id) in consent_ids.iter().enumerate() {
            let [answer, text] = match self {
                Self::Csv => [(*id).to_owned(), format!("{id}_text")],
                Self::Spreadsheet => {
                    let number = number + 1;
                    [
                        format!("Samtycke {number}"),
                        format!("Samtycke {number}, texten"),
                    ]
                }
            };
            heading.extend([answer, text]);
        }
        heading
    }

    fn yes_no(self, given: bool) -> String {
        match (self, given) {
            (Self::Csv, true) => "yes",
            (Self::Csv, false) => "no",
            (Self::Spreadsheet, true) => "ja",
            (Self::Spreadsheet, false) => "nej",
        }
        .to_owned()
    }

    fn time(self, ms: i64) -> String {
        match self {
            Self::Csv => timestamp(ms),
            Self::Spreadsheet => local_time::minute_unnamed(ms),
        }
    }

    /// A writer of this format's rows after `start`.
    fn writer(self, start: Vec<u8>) -> csv::Writer<Vec<u8>> {
        let delimiter = match self {
            Self::Csv => b',',
            Self::Spreadsheet => b';',
        };
        csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(start)
    }
}

/// `GET /api/v1/admin/petitions/{slug}/signatures.csv[?consent=ID][&format=spreadsheet]`:
/// UTF-8 with a byte-order mark, so that Excel shows å, ä and ö; one column per consent with
/// the answer, and one with its text.
pub async fn export_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ApiQuery(filter): ApiQuery<ExportFilter>,
) -> Result<Response, Failure> {
    let entry = state.organised(&slug)?;
    let consent_ids: Vec<&str> = entry
        .petition
        .sv
        .consents
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    if let Some(wanted) = &filter.consent
        && !consent_ids.contains(&wanted.as_str())
    {
        return Err(Failure::ConsentNotFound);
    }
    let format = Format::of(filter.format.as_deref())?;
    let heading = format.heading(&consent_ids);
    let consent_ids: Vec<String> = consent_ids.into_iter().map(str::to_owned).collect();
    let (chunks, body) = tokio::sync::mpsc::channel(CSV_CHUNKS_AHEAD);
    tokio::spawn(write_csv(
        state.store.clone(),
        slug.clone(),
        filter.consent.clone(),
        heading,
        consent_ids,
        format,
        chunks,
    ));
    // Ended, it stays ended however often it is polled: the compression layer polls once more.
    let mut body = body;
    let body = Body::from_stream(futures_util::stream::poll_fn(move |context| {
        body.poll_recv(context)
    }));
    let name = match (&filter.consent, format) {
        (Some(consent), Format::Csv) => format!("{slug}-{consent}"),
        (None, Format::Csv) => format!("{slug}-signatures"),
        (Some(consent), Format::Spreadsheet) => format!("{slug}-{consent}-kalkylblad"),
        (None, Format::Spreadsheet) => format!("{slug}-underskrifter"),
    };
    let disposition = format!("attachment; filename=\"{name}.csv\"");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .map_err(|error| Failure::Internal(error.into()))?,
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}

/// How many chunks of the CSV may wait for a slow client: the memory an export holds.
const CSV_CHUNKS_AHEAD: usize = 4;
/// The size a chunk of the CSV is sent at.
const CSV_CHUNK: usize = 64 * 1024;

type Chunk = Result<Bytes, std::io::Error>;

/// Writes the CSV to `chunks` as the database reads the signatures out, so that an export of
/// a million signatures holds a few chunks in memory, not the whole file. A read that fails
/// midway ends the body with an error, so the client sees the file broken off, not complete.
async fn write_csv(
    store: Store,
    slug: String,
    consent: Option<String>,
    heading: Vec<String>,
    consent_ids: Vec<String>,
    format: Format,
    chunks: tokio::sync::mpsc::Sender<Chunk>,
) {
    let mut csv = format.writer(b"\xEF\xBB\xBF".to_vec());
    let mut signatures = store.confirmed_signatures(&slug);
    let mut written = csv.write_record(&heading);
    loop {
        if let Err(error) = written {
            tracing::error!(%error, "could not write the CSV");
            let _ = chunks
                .send(Err(std::io::Error::other("the CSV could not be written")))
                .await;
            return;
        }
        let signature = match signatures.next().await {
            None => break,
            Some(Ok(signature)) => signature,
            Some(Err(error)) => {
                tracing::error!(%error, "could not read the signatures for the CSV");
                let _ = chunks
                    .send(Err(std::io::Error::other(
                        "the signatures could not be read",
                    )))
                    .await;
                return;
            }
        };
        let wanted = consent.as_ref().is_none_or(|wanted| {
            signature
                .consents
                .iter()
                .any(|given| &given.id == wanted && given.given)
        });
        written = if wanted {
            csv.write_record(row(&signature, &consent_ids, format))
        } else {
            Ok(())
        };
        if written.is_ok() && csv.get_ref().len() >= CSV_CHUNK {
            let full = std::mem::replace(&mut csv, format.writer(Vec::new()));
            match full.into_inner() {
                Ok(chunk) => {
                    if chunks.send(Ok(chunk.into())).await.is_err() {
                        // The client went away.
                        return;
                    }
                }
                Err(error) => written = Err(error.into_error().into()),
            }
        }
    }
    let rest = csv.into_inner().map(Bytes::from).map_err(|error| {
        tracing::error!(error = %error.error(), "could not write the CSV");
        std::io::Error::other("the CSV could not be written")
    });
    let _ = chunks.send(rest).await;
}

fn row(signature: &StoredSignature, consent_ids: &[String], format: Format) -> Vec<String> {
    let yes_no = |given: bool| format.yes_no(given);
    // The form's text fields first, as the heading names them.
    let mut cells: Vec<String> = TEXT_FIELDS
        .iter()
        .map(|text_field| as_text_cell(signature.text(&text_field.field)))
        .collect();
    cells.extend([
        yes_no(signature.public),
        signature.locale.clone(),
        as_text_cell(&signature.source_url),
        signature.source_channel.clone().unwrap_or_default(),
        format.time(signature.signed_at),
        signature
            .confirmed_at
            .map(|at| format.time(at))
            .unwrap_or_default(),
    ]);
    for id in consent_ids {
        let record = signature.consents.iter().find(|record| &record.id == id);
        cells.push(yes_no(record.is_some_and(|record| record.given)));
        cells.push(as_text_cell(
            record.map_or("", |record| record.text.as_str()),
        ));
    }
    cells
}

#[derive(Serialize)]
pub struct Stats {
    petition: String,
    confirmed: u64,
    unconfirmed: u64,
    /// Signatures taken back by their signers or erased on request.
    withdrawn: u64,
    /// Confirmations per UTC day, oldest first, quiet days included.
    per_day: Vec<Count>,
    /// Confirmed signatures per source (host page or data-source), largest first.
    per_source: Vec<Count>,
    /// Confirmed signatures per site (the origin of the page), largest first.
    per_site: Vec<Count>,
    /// Confirmed signatures per channel tag of a shared link (`?src=`), or `direct`.
    per_channel: Vec<Count>,
    /// Confirmed signatures that gave each consent, by consent id.
    per_consent: BTreeMap<String, u64>,
    /// Mails (of any petition) that could not be delivered, kept 7 days, then deleted.
    undeliverable_mail: u64,
    /// Signatures a program sent, answered and not stored, since this process started.
    dropped_as_automated: u64,
    /// The goal shown (the organiser's, else the content file's), if any.
    goal: Option<u64>,
    /// When the organiser closed the petition (RFC 3339), if they have.
    closed_at: Option<String>,
    /// When the signatures' personal data is erased once closed (RFC 3339), if decided.
    erase_personal_data_after: Option<String>,
}

#[derive(Serialize)]
pub struct Count {
    key: String,
    confirmed: u64,
}

/// `GET /api/v1/admin/petitions/{slug}/stats`.
pub async fn stats(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Stats>, Failure> {
    let entry = state.organised(&slug)?;
    let standing = state.store.standing(&slug).await?;
    let (activity, unconfirmed) = state.store.activity(&slug).await?;
    let figures = Figures::count(&activity, unconfirmed, now_ms());
    let counts = |counts: Vec<(String, u64)>| {
        counts
            .into_iter()
            .map(|(key, confirmed)| Count { key, confirmed })
            .collect()
    };
    Ok(Json(Stats {
        petition: slug.clone(),
        confirmed: figures.confirmed,
        unconfirmed: figures.unconfirmed,
        withdrawn: state.store.withdrawn(&slug).await?,
        per_day: counts(figures.per_day),
        per_source: counts(figures.per_source),
        per_site: counts(figures.per_site),
        per_channel: counts(figures.per_channel),
        per_consent: figures.per_consent,
        undeliverable_mail: state.store.undeliverable_mail().await?,
        dropped_as_automated: state.automated.load(std::sync::atomic::Ordering::Relaxed),
        goal: standing.goal.or(entry.petition.goal),
        closed_at: standing.closed_at.map(timestamp),
        erase_personal_data_after: standing.erase_personal_data_after.map(timestamp),
    }))
}

#[derive(Deserialize)]
pub struct RetentionChange {
    /// RFC 3339, e.g. `2027-06-30T00:00:00Z`; `null`: kept until decided.
    erase_personal_data_after: Option<String>,
}

/// `PUT /api/v1/admin/petitions/{slug}/retention`: when, once the petition has closed, its
/// signatures' personal data is erased by the server (the count stays); at least
/// `RETENTION_NOTICE` ahead.
pub async fn set_retention(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    body: Result<JsonObject<RetentionChange>, Failure>,
) -> Result<StatusCode, Failure> {
    state.organised(&slug)?;
    let JsonObject(change) = body?;
    let now = now_ms();
    let erase_after = match change.erase_personal_data_after {
        None => None,
        Some(moment) => Some(parse_moment(&moment).ok_or(Failure::InvalidMoment)?),
    };
    if erase_after.is_some_and(|erase_after| !gives_notice(erase_after, now)) {
        return Err(Failure::RetentionTooSoon);
    }
    state
        .store
        .set_retention(&slug, erase_after, TOKEN_ACTOR, now)
        .await?;
    state.counts.changed(&slug);
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/admin/petitions/{slug}/handover?lang=`: the document to print and hand over.
pub async fn handover(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(language): Query<Language>,
) -> Result<Response, Failure> {
    let entry = state.organised(&slug)?;
    let confirmed = state.store.standing(&slug).await?.confirmed;
    let handover = state.store.handover(&slug).await?;
    let page = crate::pages::handover::page(
        &entry.petition,
        language.locale(),
        confirmed,
        &handover,
        now_ms(),
    );
    Ok((
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            // Its own inline stylesheet (the print layout), and nothing else.
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
                ),
            ),
        ],
        Html(page),
    )
        .into_response())
}

/// `POST /api/v1/admin/petitions/{slug}/close`: no more signatures; the widget and the
/// landing page show the final count.
pub async fn close(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<StatusCode, Failure> {
    state.organised(&slug)?;
    state
        .store
        .set_closed(&slug, true, TOKEN_ACTOR, now_ms())
        .await?;
    state.counts.changed(&slug);
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/admin/petitions/{slug}/reopen`.
pub async fn reopen(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<StatusCode, Failure> {
    state.organised(&slug)?;
    state
        .store
        .set_closed(&slug, false, TOKEN_ACTOR, now_ms())
        .await?;
    state.counts.changed(&slug);
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/admin/petitions/{slug}/unpublish`: takes the petition down from view (and
/// closes it); its data is kept until its retention date.
pub async fn unpublish(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<StatusCode, Failure> {
    set_unpublished(&state, &slug, true, TOKEN_ACTOR).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/admin/petitions/{slug}/republish`: shows it again, still closed.
pub async fn republish(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<StatusCode, Failure> {
    set_unpublished(&state, &slug, false, TOKEN_ACTOR).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes `slug` down or puts it back, for `actor`, and serves the change here at once (other
/// servers within `reload::LOOK_EVERY`).
pub async fn set_unpublished(
    state: &AppState,
    slug: &str,
    unpublished: bool,
    actor: &str,
) -> Result<(), Failure> {
    state.organised(slug)?;
    state
        .store
        .set_unpublished(slug, unpublished, actor, now_ms())
        .await?;
    state.reloader.look().await.map_err(Failure::Internal)?;
    state.counts.changed(slug);
    Ok(())
}

#[derive(Deserialize)]
pub struct GoalChange {
    /// The goal to show; `null` (or 0) shows the content file's again.
    #[serde(default, deserialize_with = "upprop_core::wire::optional_whole")]
    goal: Option<u64>,
}

/// `PUT /api/v1/admin/petitions/{slug}/goal` with `{ "goal": 100000 }`.
pub async fn set_goal(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    body: Result<JsonObject<GoalChange>, Failure>,
) -> Result<StatusCode, Failure> {
    state.organised(&slug)?;
    let JsonObject(change) = body?;
    state
        .store
        .set_goal(
            &slug,
            change.goal.filter(|goal| *goal > 0),
            TOKEN_ACTOR,
            now_ms(),
        )
        .await?;
    state.counts.changed(&slug);
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_looking_cells_become_text() {
        assert_eq!(as_text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(as_text_cell("-1"), "'-1");
        assert_eq!(as_text_cell("Åsa"), "Åsa");
        assert_eq!(as_text_cell("x;=1+1;y"), "x;'=1+1;y");
        assert_eq!(as_text_cell("a\t@SUM(A1);-2"), "a\t'@SUM(A1);'-2");
        assert_eq!(as_text_cell("1-2;3"), "1-2;3");
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(timestamp(1_763_800_000_000), "2025-11-22T08:26:40Z");
    }
}
