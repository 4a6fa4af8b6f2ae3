//! The server's side of the proof of work (`upprop_core::proof`): challenges signed with a key
//! all servers on the database share, a fresh one every few minutes for the cached petition,
//! and the check of a proof against the difficulty this request needs.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use subtle::ConstantTimeEq;
use upprop_core::proof::{Challenge, MAX_DIFFICULTY, Proof};
use uuid::Uuid;

use crate::store::Store;

/// The challenge that comes with the petition is replaced this often...
const ROTATE_EVERY: Duration = Duration::from_secs(10 * 60);
/// ...and a challenge stays good this long: a signature kept in a browser for a while can
/// still be sent with its proof.
const VALID_FOR: Duration = Duration::from_secs(60 * 60);

/// Why a proof does not let a signature through; each is answered with a fresh challenge.
#[derive(Debug, PartialEq, Eq)]
pub enum ProofProblem {
    /// Not a challenge this server signed.
    Forged,
    Expired,
    /// Easier than this request needs (the address or all servers are busy).
    TooEasy,
    /// The nonce does not do the work.
    NotDone,
}

/// A challenge handed out with the petition, and when it was made.
type Issued = (i64, Arc<Challenge>);

#[derive(Clone)]
pub struct Challenges {
    key: Arc<[u8]>,
    difficulty: u8,
    current: Arc<Mutex<Option<Issued>>>,
}

impl Challenges {
    /// With the key shared through the database; `difficulty` is what a request needs when
    /// nothing is busy.
    pub async fn new(store: &Store, difficulty: u8) -> anyhow::Result<Self> {
        let mut fresh = [0u8; 32];
        rand::rng().fill_bytes(&mut fresh);
        let key = store
            .shared_secret("proof_of_work", &URL_SAFE_NO_PAD.encode(fresh))
            .await?;
        Ok(Self {
            key: URL_SAFE_NO_PAD.decode(key)?.into(),
            difficulty: difficulty.min(MAX_DIFFICULTY),
            current: Arc::default(),
        })
    }

    pub fn base_difficulty(&self) -> u8 {
        self.difficulty
    }

    /// The challenge that goes with the petition now: the same for everyone for a few minutes,
    /// shared rather than copied, since every petition read asks for it.
    pub fn current(&self, now: i64) -> Arc<Challenge> {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        match &*current {
            Some((issued, challenge)) if now - issued < ROTATE_EVERY.as_millis() as i64 => {
                challenge.clone()
            }
            _ => {
                let challenge = Arc::new(self.issue(self.difficulty, now));
                *current = Some((now, challenge.clone()));
                challenge
            }
        }
    }

    /// A new challenge of `difficulty`, good for `VALID_FOR` from `now`.
    pub fn issue(&self, difficulty: u8, now: i64) -> Challenge {
        let mut random = [0u8; 12];
        rand::rng().fill_bytes(&mut random);
        let expires = now + VALID_FOR.as_millis() as i64;
        let salt = format!("{expires}.{}", URL_SAFE_NO_PAD.encode(random));
        let difficulty = difficulty.min(MAX_DIFFICULTY);
        Challenge {
            signature: self.sign(&salt, difficulty),
            salt,
            difficulty,
        }
    }

    fn sign(&self, salt: &str, difficulty: u8) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(salt.as_bytes());
        mac.update(&[b':', difficulty]);
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// Whether `proof` lets the signing `id` through where `required` zero bits are needed.
    pub fn check(
        &self,
        proof: &Proof,
        id: &Uuid,
        required: u8,
        now: i64,
    ) -> Result<(), ProofProblem> {
        let expected = self.sign(&proof.salt, proof.difficulty);
        if !bool::from(expected.as_bytes().ct_eq(proof.signature.as_bytes())) {
            return Err(ProofProblem::Forged);
        }
        let expires = proof
            .salt
            .split('.')
            .next()
            .and_then(|ms| ms.parse::<i64>().ok())
            .ok_or(ProofProblem::Forged)?;
        if expires <= now {
            return Err(ProofProblem::Expired);
        }
        if proof.difficulty < required {
            return Err(ProofProblem::TooEasy);
        }
        let id = id.hyphenated().to_string();
        if !proof.is_done_for(&id) {
            return Err(ProofProblem::NotDone);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use upprop_core::proof::search;

    use super::*;

    const NOW: i64 = 1_795_696_200_000;

    fn challenges() -> Challenges {
        Challenges {
            key: Arc::from(&b"a key for tests"[..]),
            difficulty: 8,
            current: Arc::default(),
        }
    }

    fn solved(challenges: &Challenges, difficulty: u8, id: &Uuid) -> Proof {
        let challenge = challenges.issue(difficulty, NOW);
        let nonce = search(&challenge, &id.hyphenated().to_string(), 0, 1 << 24).unwrap();
        Proof::of(&challenge, nonce)
    }

    #[test]
    fn a_solved_challenge_lets_its_signing_through_until_it_expires() {
        let (challenges, id) = (challenges(), Uuid::new_v4());
        let proof = solved(&challenges, 8, &id);
        assert_eq!(challenges.check(&proof, &id, 8, NOW), Ok(()));
        assert_eq!(
            challenges.check(&proof, &id, 8, NOW + VALID_FOR.as_millis() as i64),
            Err(ProofProblem::Expired)
        );
    }

    #[test]
    fn forged_too_easy_and_undone_proofs_are_told_apart() {
        let (challenges, id) = (challenges(), Uuid::new_v4());
        let proof = solved(&challenges, 8, &id);
        let harder = Proof {
            difficulty: 12,
            ..proof.clone()
        };
        assert_eq!(
            challenges.check(&harder, &id, 8, NOW),
            Err(ProofProblem::Forged)
        );
        let other_key = Challenges {
            key: Arc::from(&b"another key"[..]),
            ..challenges.clone()
        };
        assert_eq!(
            other_key.check(&proof, &id, 8, NOW),
            Err(ProofProblem::Forged)
        );
        assert_eq!(
            challenges.check(&proof, &id, 9, NOW),
            Err(ProofProblem::TooEasy)
        );
        let another_signing = Uuid::new_v4();
        let wrong = (0..64u64)
            .map(|nonce| Proof {
                nonce,
                ..proof.clone()
            })
            .find(|p| !p.is_done_for(&another_signing.hyphenated().to_string()))
            .unwrap();
        assert_eq!(
            challenges.check(&wrong, &another_signing, 8, NOW),
            Err(ProofProblem::NotDone)
        );
    }

    #[test]
    fn the_petition_s_challenge_is_shared_for_a_while_then_replaced() {
        let challenges = challenges();
        let first = challenges.current(NOW);
        assert_eq!(challenges.current(NOW + 60_000), first);
        assert_ne!(
            challenges.current(NOW + ROTATE_EVERY.as_millis() as i64),
            first
        );
        assert_eq!(first.difficulty, 8);
    }
}
