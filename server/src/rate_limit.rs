//! How many signatures one client address may send. Addresses are kept only as a keyed hash,
//! with a key that lives in this process's memory and dies with it.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type AddressKey = [u8; 16];

#[derive(Clone)]
pub struct SigningRateLimit {
    limiter: Option<Arc<DefaultKeyedRateLimiter<AddressKey>>>,
    key: Arc<[u8; 32]>,
}

impl SigningRateLimit {
    /// `per_minute` signatures per address, in bursts of up to that many; 0 turns it off.
    pub fn new(per_minute: u32) -> Self {
        let limiter =
            NonZeroU32::new(per_minute).map(|n| Arc::new(RateLimiter::keyed(Quota::per_minute(n))));
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        Self {
            limiter,
            key: Arc::new(key),
        }
    }

    /// `Err(wait)` when this address must wait before signing again.
    pub fn check(&self, address: IpAddr) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        limiter
            .check_key(&self.pseudonym(address))
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Forgets addresses whose allowance is full again, so memory stays bounded.
    pub fn forget_idle(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    fn pseudonym(&self, address: IpAddr) -> AddressKey {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&*self.key).expect("HMAC takes any key length");
        match address {
            IpAddr::V4(v4) => mac.update(&v4.octets()),
            IpAddr::V6(v6) => mac.update(&v6.octets()),
        }
        let digest = mac.finalize().into_bytes();
        digest[..16].try_into().expect("SHA-256 is 32 bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_over_its_allowance_must_wait_and_others_need_not() {
        let limit = SigningRateLimit::new(2);
        let (a, b) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        assert!(limit.check(a).is_ok());
        assert!(limit.check(a).is_ok());
        let wait = limit.check(a).unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert!(limit.check(b).is_ok());
    }

    #[test]
    fn zero_means_no_limit() {
        let limit = SigningRateLimit::new(0);
        let a = "192.0.2.1".parse().unwrap();
        assert!((0..1000).all(|_| limit.check(a).is_ok()));
    }
}
