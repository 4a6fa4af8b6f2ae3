//! Whether a signing request gets through now, without shutting out real people: Swedish
//! carriers put many phones behind one address, so an address past its allowance is asked for
//! harder proof of work instead of being refused, and refused only far beyond it. A flood of
//! addresses at one (throw-away) mail domain is capped per hour, and when unconfirmed
//! signatures pour in from everywhere every proof must be harder.
//!
//! What each server process counts for itself: an address's requests and a mail domain's
//! signatures (N servers allow up to N times as many). What all servers see alike, through
//! the database: the unconfirmed signatures of the last minute, and the challenges' key.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use upprop_core::SignatureRequest;
use upprop_core::mail_domain::LARGE_PROVIDERS;
use upprop_core::proof::Proof;
use uuid::Uuid;

use super::proof_of_work::Challenges;
use super::rate_limit::{AddressKey, SigningRateLimit};
use crate::api_error::Failure;
use crate::store::Store;

/// An address sending this many times its allowance is refused, proof or not.
const REFUSE_AT_TIMES: u32 = 20;
/// Extra zero bits (16 times the work) for everyone while the servers are flooded.
const FLOODED_EXTRA_BITS: u8 = 4;
/// The global count of unconfirmed signatures is read at most this often.
const FLOOD_READ_EVERY: Duration = Duration::from_secs(1);
const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;

/// The settings, each 0 for off.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests one address may send per minute at the base difficulty, and (without a proof,
    /// as the landing page's form without JavaScript sends) at all.
    pub per_address_per_minute: u32,
    /// Signatures per mail domain per hour, large providers excepted.
    pub per_mail_domain_per_hour: u32,
    /// Unconfirmed signatures per minute, across all servers, past which the work is harder.
    pub unconfirmed_per_minute: u32,
}

/// How much work a request with a proof needs, from what its address has sent in the last
/// minute (`recent`, this one included); `None`: refused, however much work it brings.
pub fn required_difficulty(base: u8, limits: &Limits, recent: u32, flooded: bool) -> Option<u8> {
    let base = base + if flooded { FLOODED_EXTRA_BITS } else { 0 };
    let allowance = limits.per_address_per_minute;
    if allowance == 0 || recent <= allowance {
        return Some(base);
    }
    if recent > allowance.saturating_mul(REFUSE_AT_TIMES) {
        return None;
    }
    // One more bit, twice the work, each time the rate doubles past the allowance.
    let times = recent.div_ceil(allowance);
    let extra = u32::BITS - (times - 1).leading_zeros();
    Some(base + extra as u8)
}

/// Counts per key over a sliding window (the current fixed window, plus the previous one
/// weighted by how much of it still falls within the window), in memory.
struct Activity<K> {
    window_ms: i64,
    counts: Mutex<HashMap<K, (i64, u32, u32)>>,
}

impl<K: Hash + Eq> Activity<K> {
    fn new(window: Duration) -> Self {
        Self {
            window_ms: window.as_millis() as i64,
            counts: Mutex::default(),
        }
    }

    /// Counts one more for `key` at `now`; how many there have been within the window.
    fn note(&self, key: K, now: i64) -> u32 {
        let index = now.div_euclid(self.window_ms);
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let (window, current, previous) = counts.entry(key).or_insert((index, 0, 0));
        if *window != index {
            *previous = if *window == index - 1 { *current } else { 0 };
            (*window, *current) = (index, 0);
        }
        *current += 1;
        // Rounded, not truncated: one request a second before a window's end still counts a
        // second after it, so an address cannot halve its count by straddling the boundary.
        let past = 1.0 - now.rem_euclid(self.window_ms) as f64 / self.window_ms as f64;
        *current + (f64::from(*previous) * past).round() as u32
    }

    /// Forgets keys quiet for two windows, so memory stays bounded.
    fn forget_idle(&self, now: i64) {
        let index = now.div_euclid(self.window_ms);
        self.counts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|_, (window, _, _)| *window >= index - 1);
    }
}

#[derive(Clone)]
pub struct Admission {
    limits: Limits,
    challenges: Challenges,
    /// The hard limit without proof (governor), and the addresses' pseudonyms.
    unproven: SigningRateLimit,
    addresses: Arc<Activity<AddressKey>>,
    domains: Arc<Activity<String>>,
    unconfirmed: Arc<Mutex<Option<(Instant, u64)>>>,
    store: Store,
}

impl Admission {
    pub fn new(limits: Limits, challenges: Challenges, store: Store) -> Self {
        Self {
            unproven: SigningRateLimit::new(limits.per_address_per_minute),
            limits,
            challenges,
            addresses: Arc::new(Activity::new(Duration::from_secs(60))),
            domains: Arc::new(Activity::new(Duration::from_secs(3600))),
            unconfirmed: Arc::default(),
            store,
        }
    }

    pub fn challenges(&self) -> &Challenges {
        &self.challenges
    }

    /// The address as it is known here: a keyed hash (an IPv6 client: its /64).
    pub fn pseudonym(&self, client: IpAddr) -> AddressKey {
        self.unproven.pseudonym(client)
    }

    /// Lets `request` from `client` through, or says why not: a 429 to wait (with a challenge
    /// when work would let it through now), or a 428 with the work this request needs.
    pub async fn admit(
        &self,
        request: &SignatureRequest,
        client: IpAddr,
        now: i64,
    ) -> Result<(), Failure> {
        self.admit_mail(
            &request.id,
            request.proof.as_ref(),
            &request.email,
            client,
            now,
        )
        .await
    }

    /// As `admit_work`, for a request that has the server mail `email` (a signature, a
    /// reminder): its mail domain's hourly cap too.
    pub async fn admit_mail(
        &self,
        id: &Uuid,
        proof: Option<&Proof>,
        email: &str,
        client: IpAddr,
        now: i64,
    ) -> Result<(), Failure> {
        self.admit_work(id, proof, client, now).await?;
        self.check_mail_domain(email, now)
    }

    /// Lets the request bound to `id` (a signing, a candle: the address has one allowance for
    /// both) with `proof` through, as far as the address and the flood ceiling go.
    pub async fn admit_work(
        &self,
        id: &Uuid,
        proof: Option<&Proof>,
        client: IpAddr,
        now: i64,
    ) -> Result<(), Failure> {
        let pseudonym = self.unproven.pseudonym(client);
        let recent = self.addresses.note(pseudonym, now);
        let flooded = self.flooded(now).await?;
        let required = required_difficulty(
            self.challenges.base_difficulty(),
            &self.limits,
            recent,
            flooded,
        )
        .ok_or(Failure::RateLimited {
            retry_after: Duration::from_secs(60),
            challenge: None,
        })?;
        let proven = proof.is_some_and(|proof| {
            self.challenges
                .check(proof, id, required, now)
                .inspect_err(|problem| {
                    tracing::debug!(?problem, "a proof of work did not let a request through");
                })
                .is_ok()
        });
        if !proven {
            // A proof that falls short is worth what no proof is: the allowance without work.
            // While flooded, an address without proof gets a quarter of its allowance.
            let flood_allowance = (self.limits.per_address_per_minute / 4).max(1);
            let over_flood_allowance =
                flooded && self.limits.per_address_per_minute > 0 && recent > flood_allowance;
            let wait = match self.unproven.check_pseudonym(&pseudonym) {
                Err(retry_after) => Some(retry_after),
                Ok(()) if over_flood_allowance => Some(Duration::from_secs(60)),
                Ok(()) => None,
            };
            if let Some(retry_after) = wait {
                let challenge = self.challenges.issue(required, now);
                return Err(match proof {
                    Some(_) => Failure::ProofRequired { challenge },
                    None => Failure::RateLimited {
                        retry_after,
                        challenge: Some(challenge),
                    },
                });
            }
        }
        Ok(())
    }

    fn check_mail_domain(&self, email: &str, now: i64) -> Result<(), Failure> {
        let cap = self.limits.per_mail_domain_per_hour;
        let Some((_, domain)) = email.trim().rsplit_once('@') else {
            return Ok(());
        };
        let domain = domain.to_ascii_lowercase();
        if cap == 0 || LARGE_PROVIDERS.contains(&domain.as_str()) {
            return Ok(());
        }
        if self.domains.note(domain, now) > cap {
            // What is left of the hour, at most: the widget keeps the signature and retries.
            let left = HOUR_MS - now.rem_euclid(HOUR_MS);
            return Err(Failure::RateLimited {
                retry_after: Duration::from_millis(left as u64).max(Duration::from_secs(60)),
                challenge: None,
            });
        }
        Ok(())
    }

    /// Whether the unconfirmed signatures of the last minute, across all servers, are past the
    /// ceiling; read from the database at most once a second.
    async fn flooded(&self, now: i64) -> Result<bool, Failure> {
        let ceiling = self.limits.unconfirmed_per_minute;
        if ceiling == 0 {
            return Ok(false);
        }
        let cached = *self.unconfirmed.lock().unwrap_or_else(|p| p.into_inner());
        let count = match cached {
            Some((read_at, count)) if read_at.elapsed() < FLOOD_READ_EVERY => count,
            _ => {
                let count = self.store.unconfirmed_since(now - MINUTE_MS).await?;
                *self.unconfirmed.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((Instant::now(), count));
                count
            }
        };
        Ok(count >= u64::from(ceiling))
    }

    /// Forgets quiet addresses and domains.
    pub fn forget_idle(&self, now: i64) {
        self.unproven.forget_idle();
        self.addresses.forget_idle(now);
        self.domains.forget_idle(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        per_address_per_minute: 30,
        per_mail_domain_per_hour: 0,
        unconfirmed_per_minute: 0,
    };

    #[test]
    fn past_its_allowance_an_address_needs_a_bit_more_per_doubling_then_is_refused() {
        let needed: Vec<Option<u8>> = [1, 30, 31, 60, 61, 120, 121, 240, 600, 601]
            .map(|recent| required_difficulty(16, &LIMITS, recent, false))
            .to_vec();
        assert_eq!(
            needed,
            [
                Some(16),
                Some(16),
                Some(17),
                Some(17),
                Some(18),
                Some(18),
                Some(19),
                Some(19),
                Some(21),
                None
            ]
        );
    }

    #[test]
    fn a_flood_makes_everyone_s_work_harder_and_no_allowance_means_no_limit() {
        assert_eq!(required_difficulty(16, &LIMITS, 1, true), Some(20));
        let off = Limits {
            per_address_per_minute: 0,
            ..LIMITS
        };
        assert_eq!(required_difficulty(16, &off, 1_000_000, false), Some(16));
    }

    #[test]
    fn activity_counts_over_a_sliding_window() {
        let activity = Activity::new(Duration::from_secs(60));
        // 2026-11-26T12:30:00Z, the start of a minute.
        let start = 1_795_696_200_000;
        for _ in 0..9 {
            activity.note("a", start + 1_000);
        }
        assert_eq!(activity.note("a", start + 2_000), 10);
        assert_eq!(activity.note("b", start + 2_000), 1);
        // Half-way through the next window, half of the previous one still counts.
        assert_eq!(activity.note("a", start + 90_000), 6);
        // Two windows later, nothing of it.
        assert_eq!(activity.note("a", start + 240_000), 1);
        activity.forget_idle(start + 480_000);
        assert!(activity.counts.lock().unwrap().is_empty());
    }

    #[test]
    fn a_request_just_before_a_window_ends_still_counts_just_after() {
        let activity = Activity::new(Duration::from_secs(60));
        let end_of_minute = 1_795_696_260_000;
        assert_eq!(activity.note("a", end_of_minute - 1_000), 1);
        assert_eq!(activity.note("a", end_of_minute + 1_000), 2);
        assert_eq!(activity.note("a", end_of_minute + 2_000), 3);
    }
}
