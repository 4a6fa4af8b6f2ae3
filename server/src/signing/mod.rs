//! The one way in for a signature, whichever door it came through (the JSON API, the landing
//! page's form): the petition open → the shared rules → a program's signature dropped →
//! admission (limits per address and mail domain, proof of work, the flood ceiling) → its
//! links and mails prepared → the group commit. A rule added here holds for every door.

pub mod admission;
mod proof_of_work;
pub mod rate_limit;
pub mod writer;

use std::net::IpAddr;
use std::sync::atomic::Ordering;

use upprop_core::{FieldViolation, SignatureRequest, ValidSignature};

pub use proof_of_work::Challenges;

use crate::api_error::Failure;
use crate::mail::{self, FreshLinks};
use crate::petitions::Entry;
use crate::state::AppState;
use crate::store::NewSignature;
use writer::NotWritten;

/// Why a signature was not taken.
#[derive(Debug)]
pub enum Refusal {
    /// What breaks the rules, field by field (never empty).
    Invalid(Vec<FieldViolation>),
    /// Anything else, as the API answers it: the petition closed, a limit, the store.
    Failed(Failure),
}

impl From<Failure> for Refusal {
    fn from(failure: Failure) -> Self {
        Self::Failed(failure)
    }
}

impl From<Refusal> for Failure {
    /// The API names the first field that breaks the rules.
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Invalid(violations) => {
                Self::Invalid(violations.into_iter().next().expect("never empty"))
            }
            Refusal::Failed(failure) => failure,
        }
    }
}

/// Takes `request` for `entry`'s petition from `client` at `now`, or says why not. A closed
/// petition says so before anything is said of the request (`Err`: what made it unreadable).
/// A program's signature is answered as taken, and dropped.
pub async fn sign(
    state: &AppState,
    entry: &Entry,
    request: Result<SignatureRequest, Failure>,
    client: IpAddr,
    now: i64,
) -> Result<(), Refusal> {
    let petition = &entry.petition;
    let standing = state.counts.standing(&petition.slug).await;
    if standing.map_err(Failure::from)?.closed_at.is_some() {
        return Err(Failure::PetitionClosed.into());
    }
    let request = request?;
    // The rules first: they are public (the API document), so a program learns nothing from
    // them, and a request the document calls invalid is refused however it was sent.
    let signature = request
        .validate(&petition.text(request.locale).consents)
        .map_err(Refusal::Invalid)?;
    if sent_by_a_program(state, &request) {
        return Ok(());
    }
    state.admission.admit(&request, client, now).await?;
    let outcome = state
        .writer
        .write(prepare(entry, signature, &state.public_url, now))
        .await
        .map_err(|not_written| match not_written {
            NotWritten::Overloaded => Failure::Overloaded,
            NotWritten::Unavailable => Failure::Unavailable,
            NotWritten::Failed => Failure::Internal(not_written.into()),
        })?;
    tracing::debug!(petition = %petition.slug, ?outcome, "signature handled");
    Ok(())
}

/// Counts and reports a signature that a program sent.
fn sent_by_a_program(state: &AppState, request: &SignatureRequest) -> bool {
    let automated = request.looks_automated(state.min_fill_ms);
    if automated {
        state.automated.fetch_add(1, Ordering::Relaxed);
        tracing::debug!("a signature sent by a program was dropped");
    }
    automated
}

/// Makes the links' secrets and the mails for either outcome; the store decides which to send.
fn prepare(entry: &Entry, signature: ValidSignature, public_url: &str, now: i64) -> NewSignature {
    let FreshLinks {
        links,
        confirm_token_hash,
        withdraw_token_hash,
    } = FreshLinks::new(public_url, now);
    let petition = &entry.petition;
    let email = signature.email.as_str();
    let locale = signature.locale;
    NewSignature {
        petition: petition.slug.clone(),
        confirmation: mail::confirmation(email, petition, locale, &links),
        already_signed: mail::already_signed(email, petition, locale),
        confirm_token_hash,
        withdraw_token_hash,
        signature,
    }
}
