//! How many signatures one client address (an IPv6 client: its /64) may send. Addresses are
//! kept only as a keyed hash, with a key that lives in this process's memory and dies with it.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

pub type AddressKey = [u8; 16];

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

    /// `Err(wait)` when the address whose `pseudonym` this is must wait before signing again.
    pub fn check_pseudonym(&self, pseudonym: &AddressKey) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        limiter
            .check_key(pseudonym)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Forgets addresses whose allowance is full again, so memory stays bounded.
    pub fn forget_idle(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// The address as a keyed hash: what is counted, never the address itself.
    pub fn pseudonym(&self, address: IpAddr) -> AddressKey {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&*self.key).expect("HMAC takes any key length");
        match address {
            IpAddr::V4(v4) => mac.update(&v4.octets()),
            // One subscriber gets a whole /64 and may pick any address in it: the /64 is the
            // client. (An IPv4 address mapped into IPv6 is the IPv4 address.)
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => mac.update(&v4.octets()),
                None => mac.update(&v6.octets()[..8]),
            },
        }
        let digest = mac.finalize().into_bytes();
        digest[..16].try_into().expect("SHA-256 is 32 bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl SigningRateLimit {
        fn check(&self, address: IpAddr) -> Result<(), Duration> {
            self.check_pseudonym(&self.pseudonym(address))
        }
    }

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
    fn an_ipv6_client_is_its_slash_64_and_a_mapped_ipv4_address_is_that_address() {
        let limit = SigningRateLimit::new(2);
        let addresses = [
            "2001:db8:1:2::1",
            "2001:db8:1:2:ffff::9",
            "2001:db8:1:2:abcd:1:2:3",
        ];
        assert!(limit.check(addresses[0].parse().unwrap()).is_ok());
        assert!(limit.check(addresses[1].parse().unwrap()).is_ok());
        assert!(
            limit.check(addresses[2].parse().unwrap()).is_err(),
            "the same /64"
        );
        assert!(
            limit.check("2001:db8:1:3::1".parse().unwrap()).is_ok(),
            "another /64"
        );

        assert!(limit.check("192.0.2.7".parse().unwrap()).is_ok());
        assert!(limit.check("::ffff:192.0.2.7".parse().unwrap()).is_ok());
        assert!(
            limit.check("192.0.2.7".parse().unwrap()).is_err(),
            "the same client"
        );
    }

    #[test]
    fn zero_means_no_limit() {
        let limit = SigningRateLimit::new(0);
        let a = "192.0.2.1".parse().unwrap();
        assert!((0..1000).all(|_| limit.check(a).is_ok()));
    }
}
