//! The latest value made for each key, made again when it is stale by one request at a time:
//! the others that asked meanwhile wait for it instead of each making their own. The petition's
//! answer (compressed twice) and the share picture (drawn) are asked for by every page view
//! and every link preview at once when a campaign is shared.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// Per key, the latest value behind a lock held while it is made.
type Slots<K, V> = HashMap<K, Arc<tokio::sync::Mutex<Option<Arc<V>>>>>;

pub struct SingleFlight<K, V>(Arc<Mutex<Slots<K, V>>>);

impl<K, V> Clone for SingleFlight<K, V> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<K, V> Default for SingleFlight<K, V> {
    fn default() -> Self {
        Self(Arc::default())
    }
}

impl<K: Hash + Eq, V> SingleFlight<K, V> {
    /// The value for `key` if `fresh` holds for it, else the one `make` makes (and keeps).
    pub async fn get<Made>(
        &self,
        key: K,
        fresh: impl FnOnce(&V) -> bool,
        make: impl FnOnce() -> Made,
    ) -> Arc<V>
    where
        Made: Future<Output = V>,
    {
        let slot = self
            .0
            .lock()
            // A panic while holding the lock cannot leave the map inconsistent.
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(key)
            .or_default()
            .clone();
        let mut latest = slot.lock().await;
        if let Some(value) = latest.as_ref().filter(|value| fresh(value)) {
            return value.clone();
        }
        let value = Arc::new(make().await);
        *latest = Some(value.clone());
        value
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn requests_at_once_wait_for_one_making() {
        let made = Arc::new(AtomicUsize::new(0));
        let latest = SingleFlight::<&str, usize>::default();
        let asking = (0..50).map(|_| {
            let (latest, made) = (latest.clone(), made.clone());
            tokio::spawn(async move {
                let value = latest
                    .get(
                        "p",
                        |_| true,
                        || async {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            made.fetch_add(1, Ordering::SeqCst) + 1
                        },
                    )
                    .await;
                *value
            })
        });
        for answer in futures_util::future::join_all(asking).await {
            assert_eq!(answer.unwrap(), 1);
        }
        assert_eq!(made.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_stale_value_is_made_again_and_keys_are_apart() {
        let latest = SingleFlight::<&str, u32>::default();
        assert_eq!(*latest.get("p", |_| true, || async { 1 }).await, 1);
        assert_eq!(*latest.get("p", |_| true, || async { 2 }).await, 1);
        assert_eq!(
            *latest.get("p", |value| *value > 1, || async { 3 }).await,
            3
        );
        assert_eq!(*latest.get("q", |_| true, || async { 4 }).await, 4);
    }
}
