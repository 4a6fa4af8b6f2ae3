//! What every page view asks about a petition (where it stands, its public signers), kept
//! per petition for a while so that traffic never reaches the database: read at most once per
//! `fresh_for`, and anew after a change made through this process. Several processes sharing
//! one database see each other's changes within `fresh_for`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub struct PerPetition<T> {
    fresh_for: Duration,
    petitions: Arc<Mutex<HashMap<String, Known<T>>>>,
}

// Derived `Clone` would ask `T: Clone` for no reason: the map is shared, not copied.
impl<T> Clone for PerPetition<T> {
    fn clone(&self) -> Self {
        Self {
            fresh_for: self.fresh_for,
            petitions: self.petitions.clone(),
        }
    }
}

struct Known<T> {
    value: Option<(T, Instant)>,
    /// Raised by every change, so that a read begun before it cannot store what it read.
    changes: u64,
}

impl<T> Default for Known<T> {
    fn default() -> Self {
        Self {
            value: None,
            changes: 0,
        }
    }
}

impl<T: Clone> PerPetition<T> {
    pub fn new(fresh_for: Duration) -> Self {
        Self {
            fresh_for,
            petitions: Arc::default(),
        }
    }

    /// The petition's value as last read, or `read` (awaited only when needed) if that is
    /// older than `fresh_for` or a change came since.
    pub async fn get(
        &self,
        petition: &str,
        read: impl Future<Output = sqlx::Result<T>>,
    ) -> sqlx::Result<T> {
        let now = Instant::now();
        let changes = {
            let mut petitions = self.lock();
            let known = petitions.entry(petition.to_owned()).or_default();
            if let Some((value, read_at)) = &known.value
                && now.duration_since(*read_at) < self.fresh_for
            {
                return Ok(value.clone());
            }
            known.changes
        };
        let value = read.await?;
        let mut petitions = self.lock();
        let known = petitions.entry(petition.to_owned()).or_default();
        if known.changes == changes {
            known.value = Some((value.clone(), now));
        }
        Ok(value)
    }

    /// The petition changed through this process: the next reader reads it anew.
    pub fn changed(&self, petition: &str) {
        let mut petitions = self.lock();
        let known = petitions.entry(petition.to_owned()).or_default();
        known.value = None;
        known.changes += 1;
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Known<T>>> {
        // A panic while holding the lock cannot leave the map inconsistent.
        self.petitions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
