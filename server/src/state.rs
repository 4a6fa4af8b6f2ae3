//! What every handler shares: the state the server is built with. It holds the parts (the
//! store, the caches, the signing pipeline's admission and writer), and imports nothing that
//! uses it, so every module may take it.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use sha2::{Digest, Sha256};

use crate::api_error::Failure;
use crate::dashboard::organizers::Organizers;
use crate::mail::outbox::Doorbell;
use crate::petitions::answers::PetitionAnswers;
use crate::petitions::candles::Candles;
use crate::petitions::counts::Counts;
use crate::petitions::public_signers::PublicSigners;
use crate::petitions::reload::Reloader;
use crate::petitions::share_image::ShareImages;
use crate::petitions::{Contents, Entry, NotShown};
use crate::routes::in_flight::InFlight;
use crate::signing::admission::Admission;
use crate::signing::writer::SignatureWriter;
use crate::store::Store;

/// What every handler shares, behind one `Arc`: each request clones the state, and a clone is
/// then one reference count rather than one per service (2% of the time spent signing).
#[derive(Clone)]
pub struct AppState(Arc<SharedState>);

impl AppState {
    pub fn new(shared: SharedState) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

pub struct SharedState {
    /// The petitions served; replaced whole on a reload (`reload.rs`).
    pub contents: Contents,
    pub reloader: Arc<Reloader>,
    pub store: Store,
    /// The confirmed counts, cached: read them here, not from the store.
    pub counts: Counts,
    /// The manifestations' candles, counted: read them here, not from the store.
    pub candles: Candles,
    pub answers: PetitionAnswers,
    pub public_signers: PublicSigners,
    /// Signatures answered like any other but not stored, because a program sent them
    /// (`SignatureRequest::looks_automated`), since this process started.
    pub automated: Arc<AtomicU64>,
    /// See `Config::min_fill_ms`.
    pub min_fill_ms: u64,
    pub writer: SignatureWriter,
    /// Whether a signing request gets through now (limits and proof of work).
    pub admission: Admission,
    /// Base of the links in mail, without a trailing slash.
    pub public_url: Arc<str>,
    /// SHA-256 of the admin token; `None` locks the admin endpoints.
    pub admin_token_digest: Option<[u8; 32]>,
    /// How many reverse proxies in front append to X-Forwarded-For (see `client_address`).
    pub trusted_proxies: usize,
    pub share_images: ShareImages,
    /// Who may sign in to the dashboard.
    pub organizers: Organizers,
    /// Wakes the outbox when a handler queues mail.
    pub doorbell: Doorbell,
    /// Each client address's requests in flight (`--max-requests-per-client`).
    pub in_flight: InFlight,
}

impl SharedState {
    /// The petition named in a path as the public may see it: else the API's
    /// `petition_not_found`, or `petition_unpublished` once its organiser took it down.
    pub fn petition(&self, slug: &str) -> Result<Arc<Entry>, Failure> {
        self.contents
            .published(slug)
            .map_err(|not_shown| match not_shown {
                NotShown::Unknown => Failure::PetitionNotFound,
                NotShown::Unpublished => Failure::PetitionUnpublished,
            })
    }

    /// The petition, shown or not, for its organisers.
    pub fn organised(&self, slug: &str) -> Result<Arc<Entry>, Failure> {
        self.contents.get(slug).ok_or(Failure::PetitionNotFound)
    }

    pub fn admin_token_digest(token: Option<&str>) -> Option<[u8; 32]> {
        token
            .filter(|t| !t.is_empty())
            .map(|t| Sha256::digest(t.as_bytes()).into())
    }
}
