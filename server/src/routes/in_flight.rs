//! How many requests each client address has in flight: the part of `fair_share` the server's
//! state keeps.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::signing::rate_limit::AddressKey;

/// How many requests each client address has in flight, by its pseudonym; an address leaves
/// the map when its last request is answered, so the map holds only the busy ones.
#[derive(Clone)]
pub struct InFlight {
    most: usize,
    counts: Arc<Mutex<HashMap<AddressKey, usize>>>,
}

impl InFlight {
    /// At most `most` requests per address at once; 0 sets no limit.
    pub fn new(most: usize) -> Self {
        Self {
            most,
            counts: Arc::default(),
        }
    }

    /// What one address may have in flight: `per_client`, but never more than a quarter of
    /// the `global` cap, so that a few addresses cannot take all of a small server's slots.
    /// 0 (no limit) stays 0.
    pub fn share(per_client: usize, global: usize) -> usize {
        match per_client {
            0 => 0,
            per_client => per_client.min((global / 4).max(1)),
        }
    }

    pub(super) fn take(&self, client: AddressKey) -> Option<Slot> {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let count = counts.entry(client).or_default();
        if self.most > 0 && *count >= self.most {
            return None;
        }
        *count += 1;
        Some(Slot {
            in_flight: self.clone(),
            client,
        })
    }
}

/// One request's place among its address's; given back when dropped.
pub(super) struct Slot {
    in_flight: InFlight,
    client: AddressKey,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self
            .in_flight
            .counts
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(count) = counts.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_s_share_is_at_most_a_quarter_of_the_server_s_slots() {
        assert_eq!(InFlight::share(64, 2048), 64);
        assert_eq!(InFlight::share(64, 8), 2);
        assert_eq!(InFlight::share(64, 2), 1);
        assert_eq!(InFlight::share(0, 8), 0, "no limit stays none");
    }

    #[test]
    fn an_address_holds_at_most_its_share_and_gets_it_back() {
        let in_flight = InFlight::new(2);
        let (a, b) = ([1; 16], [2; 16]);
        let first = in_flight.take(a).unwrap();
        let _second = in_flight.take(a).unwrap();
        assert!(in_flight.take(a).is_none(), "a third for the same address");
        assert!(
            in_flight.take(b).is_some(),
            "another address is not held back"
        );
        drop(first);
        assert!(
            in_flight.take(a).is_some(),
            "a slot given back is free again"
        );
    }

    #[test]
    fn an_idle_address_is_forgotten_and_zero_means_no_limit() {
        let in_flight = InFlight::new(1);
        drop(in_flight.take([3; 16]));
        assert!(in_flight.counts.lock().unwrap().is_empty());
        let unlimited = InFlight::new(0);
        let slots: Vec<_> = (0..100).filter_map(|_| unlimited.take([4; 16])).collect();
        assert_eq!(slots.len(), 100);
    }
}
