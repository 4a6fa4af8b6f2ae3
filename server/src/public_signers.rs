//! The public list of signers: confirmed signers who ticked "my name may be shown publicly",
//! newest first, as the first name and the last name's initial, the comment and when. It
//! reveals nothing of anyone who did not tick the box, nor of anyone the organiser hid; and it
//! is read from the database at most every `FRESH_FOR` per petition, whatever the traffic.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::store::{PublicSigner, Store};

/// The most signers one answer lists, and all that is cached per petition.
pub const MAX_LISTED: usize = 50;
const FRESH_FOR: Duration = Duration::from_secs(5);

/// The newest public signers per petition, kept for `FRESH_FOR`.
#[derive(Clone, Default)]
pub struct PublicSigners(Arc<Mutex<HashMap<String, Read>>>);

/// A petition's list as read, and when.
type Read = (Arc<[ListedSigner]>, Instant);

/// A signer as the public sees them.
#[derive(Debug, Clone, Serialize)]
pub struct ListedSigner {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When the signature was confirmed, in milliseconds since 1970.
    pub signed_at: i64,
}

impl From<&PublicSigner> for ListedSigner {
    fn from(signer: &PublicSigner) -> Self {
        Self {
            name: signer.name(),
            comment: signer.comment.clone(),
            signed_at: signer.confirmed_at,
        }
    }
}

impl PublicSigners {
    pub async fn newest(&self, store: &Store, petition: &str) -> sqlx::Result<Arc<[ListedSigner]>> {
        let now = Instant::now();
        if let Some((signers, read_at)) = self.lock().get(petition)
            && now.duration_since(*read_at) < FRESH_FOR
        {
            return Ok(signers.clone());
        }
        let signers: Arc<[ListedSigner]> = store
            .public_signers(petition, MAX_LISTED as i64)
            .await?
            .iter()
            .map(ListedSigner::from)
            .collect();
        self.lock()
            .insert(petition.to_owned(), (signers.clone(), now));
        Ok(signers)
    }

    /// The list changed through this process (a signer hidden): the next reader reads it anew.
    pub fn changed(&self, petition: &str) {
        self.lock().remove(petition);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Read>> {
        // A panic while holding the lock cannot leave the map inconsistent.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
