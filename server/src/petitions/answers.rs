//! The answers to `GET /petitions/{slug}?lang=`, made once per count and language and kept in
//! identity, brotli and gzip.

use std::io::Write;
use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use serde::Serialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use upprop_core::manifestation::FeaturedEvent;
use upprop_core::proof::Challenge;
use upprop_core::{Locale, SignatureCounts};

use super::Entry;
use super::single_flight::SingleFlight;
use crate::store::Standing;

#[derive(Serialize)]
struct PetitionResponse<'a> {
    petition: &'a RawValue,
    signatures: SignatureCounts,
    /// Closed by the organiser: it shows its final count and takes no more signatures.
    closed: bool,
    /// The proof of work a signature brings (`upprop_core::proof`); the same for everyone
    /// for a few minutes.
    challenge: &'a Challenge,
    /// The manifestation shown beside the appeal, worded for the widget.
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a FeaturedEvent>,
}

/// The answers to `GET /petitions/{slug}?lang=`, serialised and compressed once per count and
/// language (however many ask at once): every page view with the widget asks, and the count
/// changes far more rarely.
#[derive(Clone, Default)]
pub struct PetitionAnswers(SingleFlight<(String, Locale), Answer>);

pub struct Answer {
    standing: Standing,
    event: Option<FeaturedEvent>,
    /// The digest of the content it was made from.
    content: String,
    challenge: Arc<Challenge>,
    pub etag: HeaderValue,
    json: Bytes,
    brotli: Bytes,
    gzip: Bytes,
}

impl PetitionAnswers {
    pub async fn get(
        &self,
        entry: &Entry,
        locale: Locale,
        standing: Standing,
        event: Option<FeaturedEvent>,
        challenge: Arc<Challenge>,
    ) -> Arc<Answer> {
        let key = (entry.petition.slug.clone(), locale);
        // A reload that changed the content changes its digest.
        let fresh = |answer: &Answer| {
            answer.standing == standing
                && answer.event == event
                && answer.content == entry.localized(locale).digest
                && Arc::ptr_eq(&answer.challenge, &challenge)
        };
        self.0
            .get(key, fresh, || async {
                Answer::new(entry, locale, standing, event.clone(), challenge.clone())
            })
            .await
    }
}

impl Answer {
    fn new(
        entry: &Entry,
        locale: Locale,
        standing: Standing,
        event: Option<FeaturedEvent>,
        challenge: Arc<Challenge>,
    ) -> Self {
        let localized = entry.localized(locale);
        let goal = standing.goal.or(entry.petition.goal);
        let closed = standing.closed_at.is_some();
        let json = serde_json::to_vec(&PetitionResponse {
            petition: &localized.json,
            signatures: SignatureCounts {
                confirmed: standing.confirmed,
                goal,
            },
            closed,
            challenge: &challenge,
            event: event.as_ref(),
        })
        .expect("the answer serialises");
        // The event's words change with its candles, and when it is over.
        let event_digest = event.as_ref().map_or_else(String::new, |event| {
            let words = serde_json::to_vec(event).expect("an event serialises");
            format!("-{:x}", Sha256::digest(words))[..9].to_owned()
        });
        let etag = format!(
            "\"{}-{}-{}-{}-{}{event_digest}\"",
            localized.digest,
            standing.confirmed,
            goal.unwrap_or(0),
            u8::from(closed),
            &challenge.signature[..8]
        );
        let mut brotli = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 9,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &json[..], &mut brotli, &params).expect("writing to memory");
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(&json).expect("writing to memory");
        Self {
            standing,
            event,
            content: localized.digest.clone(),
            challenge,
            etag: HeaderValue::from_str(&etag).expect("hex and digits"),
            json: json.into(),
            brotli: brotli.into(),
            gzip: gzip.finish().expect("writing to memory").into(),
        }
    }

    /// The body in the best encoding the client accepts.
    pub fn body(&self, headers: &HeaderMap) -> (Option<&'static str>, Bytes) {
        let accepts = |coding: &str| {
            headers
                .get_all(header::ACCEPT_ENCODING)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .any(|item| {
                    let mut parts = item.split(';').map(str::trim);
                    parts.next() == Some(coding)
                        && parts.all(|parameter| parameter.replace(' ', "") != "q=0")
                })
        };
        if accepts("br") {
            (Some("br"), self.brotli.clone())
        } else if accepts("gzip") {
            (Some("gzip"), self.gzip.clone())
        } else {
            (None, self.json.clone())
        }
    }
}
