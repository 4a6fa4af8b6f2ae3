//! The public list of signers: confirmed signers who ticked "my name may be shown publicly",
//! newest first, as the first name and the last name's initial, the comment and when. It
//! reveals nothing of anyone who did not tick the box, nor of anyone the organiser hid; and it
//! is read from the database at most every `FRESH_FOR` per petition (see `fresh`).

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::petitions::fresh::PerPetition;
use crate::store::{PublicSigner, Store};

/// The most signers one answer lists, and all that is cached per petition.
pub const MAX_LISTED: usize = 50;
const FRESH_FOR: Duration = Duration::from_secs(5);

/// The newest public signers per petition, kept for `FRESH_FOR`.
#[derive(Clone)]
pub struct PublicSigners(PerPetition<Arc<[ListedSigner]>>);

impl Default for PublicSigners {
    fn default() -> Self {
        Self(PerPetition::new(FRESH_FOR))
    }
}

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
        let read = async {
            let signers = store.public_signers(petition, MAX_LISTED as i64).await?;
            Ok(signers.iter().map(ListedSigner::from).collect())
        };
        self.0.get(petition, read).await
    }

    /// The list changed through this process (a signer hidden or withdrawn): the next reader
    /// reads it anew.
    pub fn changed(&self, petition: &str) {
        self.0.changed(petition);
    }
}
