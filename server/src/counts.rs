//! Where each petition stands (its confirmed count, whether it has closed, the organiser's
//! goal), which every page view with the widget asks. It is read from the database at most
//! once per `FRESH_FOR` per petition, and anew after a change through this process (a
//! confirmation, a withdrawal, the organiser's decision); several processes sharing one
//! database see each other's changes within `FRESH_FOR`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::store::{Standing, Store};

/// How old a count may be when it is shown.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct Counts {
    store: Store,
    petitions: Arc<Mutex<HashMap<String, Known>>>,
}

#[derive(Default)]
struct Known {
    standing: Option<(Standing, Instant)>,
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

    pub async fn standing(&self, petition: &str) -> sqlx::Result<Standing> {
        let now = Instant::now();
        let changes = {
            let mut petitions = self.lock();
            let known = petitions.entry(petition.to_owned()).or_default();
            if let Some((standing, read_at)) = known.standing
                && now.duration_since(read_at) < FRESH_FOR
            {
                return Ok(standing);
            }
            known.changes
        };
        let standing = self.store.standing(petition).await?;
        let mut petitions = self.lock();
        let known = petitions.entry(petition.to_owned()).or_default();
        if known.changes == changes {
            known.standing = Some((standing, now));
        }
        Ok(standing)
    }

    pub async fn confirmed(&self, petition: &str) -> sqlx::Result<u64> {
        Ok(self.standing(petition).await?.confirmed)
    }

    /// The petition changed through this process: the next reader reads it anew.
    pub fn changed(&self, petition: &str) {
        let mut petitions = self.lock();
        let known = petitions.entry(petition.to_owned()).or_default();
        known.standing = None;
        known.changes += 1;
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Known>> {
        // A panic while holding the lock cannot leave the map inconsistent.
        self.petitions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
