//! The confirmed count that every page view with the widget asks for. It is read from the
//! database at most once per `FRESH_FOR` per petition, and anew after a confirmation or a
//! withdrawal through this process; several processes sharing one database see each other's
//! confirmations within `FRESH_FOR`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::store::Store;

/// How old a count may be when it is shown.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct Counts {
    store: Store,
    petitions: Arc<Mutex<HashMap<String, Known>>>,
}

#[derive(Default)]
struct Known {
    count: Option<(u64, Instant)>,
    /// Raised by every change, so that a read begun before it cannot store what it read.
    changes: u64,
}

impl Counts {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            petitions: Arc::default(),
        }
    }

    pub async fn confirmed(&self, petition: &str) -> sqlx::Result<u64> {
        let now = Instant::now();
        let changes = {
            let mut petitions = self.lock();
            let known = petitions.entry(petition.to_owned()).or_default();
            if let Some((count, read_at)) = known.count
                && now.duration_since(read_at) < FRESH_FOR
            {
                return Ok(count);
            }
            known.changes
        };
        let count = self.store.confirmed_count(petition).await?;
        let mut petitions = self.lock();
        let known = petitions.entry(petition.to_owned()).or_default();
        if known.changes == changes {
            known.count = Some((count, now));
        }
        Ok(count)
    }

    /// The petition's count changed through this process: the next reader reads it anew.
    pub fn changed(&self, petition: &str) {
        let mut petitions = self.lock();
        let known = petitions.entry(petition.to_owned()).or_default();
        known.count = None;
        known.changes += 1;
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Known>> {
        // A panic while holding the lock cannot leave the map inconsistent.
        self.petitions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
