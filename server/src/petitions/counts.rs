//! Where each petition stands (its confirmed count, whether it has closed, the organiser's
//! goal and retention date), which every page view with the widget asks: read at most once a
//! second per petition (see `fresh`).

use std::time::Duration;

use crate::petitions::fresh::PerPetition;
use crate::store::{Standing, Store};

/// How old a count may be when it is shown.
const FRESH_FOR: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct Counts {
    store: Store,
    standings: PerPetition<Standing>,
}

impl Counts {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            standings: PerPetition::new(FRESH_FOR),
        }
    }

    pub async fn standing(&self, petition: &str) -> sqlx::Result<Standing> {
        self.standings
            .get(petition, self.store.standing(petition))
            .await
    }

    pub async fn confirmed(&self, petition: &str) -> sqlx::Result<u64> {
        Ok(self.standing(petition).await?.confirmed)
    }

    /// The petition changed through this process: the next reader reads it anew.
    pub fn changed(&self, petition: &str) {
        self.standings.changed(petition);
    }
}
