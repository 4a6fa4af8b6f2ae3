//! Proof of work, in the spirit of ALTCHA but bound to the signing and with no third party:
//! the endpoint hands out a challenge it has signed (a salt that carries its expiry, and a
//! difficulty), and the widget finds a nonce such that SHA-256 of `"{salt}:{id}:{nonce}"`
//! begins with `difficulty` zero bits. Binding the work to the signing's id means one
//! challenge can be shared by every visitor (it comes with the cached petition), a solution
//! is worth exactly one signature, and sending it again is the same signature again.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// More zero bits than this is work no phone finishes.
pub const MAX_DIFFICULTY: u8 = 32;

/// What the endpoint asks for: the work to do, and its signature over salt and difficulty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub salt: String,
    pub difficulty: u8,
    pub signature: String,
}

/// The work done: the challenge as received, and the nonce found for the signing's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proof {
    pub salt: String,
    #[serde(deserialize_with = "crate::wire::whole")]
    pub difficulty: u8,
    pub signature: String,
    #[serde(deserialize_with = "crate::wire::whole")]
    pub nonce: u64,
}

impl Proof {
    pub fn of(challenge: &Challenge, nonce: u64) -> Self {
        Self {
            salt: challenge.salt.clone(),
            difficulty: challenge.difficulty,
            signature: challenge.signature.clone(),
            nonce,
        }
    }

    /// Whether the nonce does the work the proof claims, for the signing `id` (its hyphenated
    /// lower-case text).
    pub fn is_done_for(&self, id: &str) -> bool {
        self.difficulty <= MAX_DIFFICULTY
            && zero_bits(&hash(&prefix(&self.salt, id), self.nonce)) >= u32::from(self.difficulty)
    }
}

fn prefix(salt: &str, id: &str) -> Sha256 {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(b":");
    hasher.update(id.as_bytes());
    hasher.update(b":");
    hasher
}

/// The nonce in decimal, without the formatting machinery: this runs a million times.
fn hash(prefix: &Sha256, nonce: u64) -> [u8; 32] {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = nonce;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut hasher = prefix.clone();
    hasher.update(&digits[start..]);
    hasher.finalize().into()
}

fn zero_bits(digest: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in digest {
        bits += byte.leading_zeros();
        if *byte != 0 {
            break;
        }
    }
    bits
}

/// Tries the nonces `from..from + count` on `challenge` for the signing `id`: the first that
/// does the work. Small slices keep the page responsive while a person types.
pub fn search(challenge: &Challenge, id: &str, from: u64, count: u64) -> Option<u64> {
    let difficulty = u32::from(challenge.difficulty.min(MAX_DIFFICULTY));
    let prefix = prefix(&challenge.salt, id);
    (from..from.saturating_add(count)).find(|nonce| zero_bits(&hash(&prefix, *nonce)) >= difficulty)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    fn challenge(difficulty: u8) -> Challenge {
        Challenge {
            salt: "1795696200.1795699800.00ff".into(),
            difficulty,
            signature: "signed".into(),
        }
    }

    #[test]
    fn a_found_nonce_does_the_work_for_its_id_only() {
        let challenge = challenge(10);
        let nonce = search(&challenge, ID, 0, 1 << 20).expect("2^10 work is found in 2^20 tries");
        let proof = Proof::of(&challenge, nonce);
        assert!(proof.is_done_for(ID));
        assert!(!proof.is_done_for("1f8fad5b-d9cb-469f-a165-70867728950e") || nonce == 0);
        assert!(
            !Proof {
                difficulty: 40,
                ..proof.clone()
            }
            .is_done_for(ID)
        );
    }

    #[test]
    fn decimal_nonces_hash_as_their_text() {
        let prefix = prefix("s", "i");
        assert_eq!(hash(&prefix, 0), <[u8; 32]>::from(Sha256::digest(b"s:i:0")));
        assert_eq!(
            hash(&prefix, u64::MAX),
            <[u8; 32]>::from(Sha256::digest(b"s:i:18446744073709551615"))
        );
    }

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        assert_eq!(zero_bits(&[0, 0, 0b0001_0000, 0xff]), 19);
        assert_eq!(zero_bits(&[0xff]), 0);
        assert_eq!(zero_bits(&[0; 4]), 32);
    }

    proptest! {
        #[test]
        fn search_finds_only_nonces_that_verify(from in 0u64..1_000_000, difficulty in 0u8..8) {
            let challenge = challenge(difficulty);
            if let Some(nonce) = search(&challenge, ID, from, 2_000) {
                prop_assert!(nonce >= from);
                prop_assert!(Proof::of(&challenge, nonce).is_done_for(ID));
            }
        }
    }
}
