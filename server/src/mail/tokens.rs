//! The secrets in confirmation and withdrawal links. The database keeps only their SHA-256
//! (led by the moment a link's token was made), so a copy of the database cannot confirm or
//! withdraw anyone's signature.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Characters of base64 in a 256-bit token.
const SECRET_LENGTH: usize = 43;
/// Hex digits of the milliseconds that lead a token made in order: enough until the year 10889.
const TIME_LENGTH: usize = 12;
/// Leads a stored hash of a token made in order. Byte by byte (SQLite's order) it sorts after
/// every character of base64url, so after the hashes of tokens made before tokens carried their
/// time. Order only makes inserts cheap: a lookup finds a hash in any order.
const IN_ORDER: char = '~';

/// A fresh 256-bit token, URL-safe.
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A fresh link token led by the moment it was made (`now`, milliseconds since the epoch):
/// its stored form (`hash`) sorts after every earlier one's. A signature's two link hashes are
/// unique keys. Random keys put each new signature on two random pages of their indexes, and
/// SQLite writes every page a commit changed whole into its log; keys in order are appended
/// where the previous batch left off (signing on SQLite: 6 300–6 700 → 9 300–9 500 a second,
/// p99 34–35 → 17–27 ms, alternating the two builds).
pub fn generate_in_order(now: i64) -> String {
    format!("{:0width$x}{}", now.max(0), generate(), width = TIME_LENGTH)
}

/// What the database keeps of a token: its SHA-256, led by its time for a token made in
/// order. Tokens mailed before links carried their time (a secret alone) still hash as they
/// were stored.
pub fn hash(token: &str) -> String {
    let digest = URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()));
    match made_at(token) {
        Some(time) => format!("{IN_ORDER}{time}{digest}"),
        None => digest,
    }
}

/// The time that leads a token made by `generate_in_order`.
fn made_at(token: &str) -> Option<&str> {
    let (time, secret) = token.split_at_checked(TIME_LENGTH)?;
    let hex = time.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    (hex && secret.len() == SECRET_LENGTH).then_some(time)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_safe(token: &str) -> bool {
        token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    }

    #[test]
    fn tokens_are_unique_url_safe_and_hash_stably() {
        let (a, b) = (generate(), generate());
        assert_ne!(a, b);
        assert_eq!(a.len(), SECRET_LENGTH);
        assert!(url_safe(&a));
        assert_eq!(hash(&a), hash(&a));
        assert_ne!(hash(&a), a);
    }

    #[test]
    fn tokens_made_in_order_hash_in_the_order_they_were_made() {
        let now = 1_795_000_000_000;
        let tokens: Vec<String> = [now, now + 1, now + 1_000, now + 86_400_000]
            .into_iter()
            .map(generate_in_order)
            .collect();
        for token in &tokens {
            assert_eq!(token.len(), TIME_LENGTH + SECRET_LENGTH);
            assert!(url_safe(token), "{token}");
        }
        let hashes: Vec<String> = tokens.iter().map(|token| hash(token)).collect();
        assert!(hashes.is_sorted(), "{hashes:?}");
        // After every hash stored before tokens carried their time, whatever its first character.
        for earlier in ["zzzz", "____", "----", "9999"] {
            assert!(hashes[0].as_str() > earlier);
        }
        assert_ne!(
            hash(&tokens[0]),
            hash(&generate_in_order(now)),
            "the secret still counts"
        );
    }

    #[test]
    fn a_token_without_its_time_hashes_as_before() {
        let secret = generate();
        assert_eq!(
            hash(&secret),
            URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
        );
        // Twelve leading characters that are not a time: hashed as an old token is.
        let not_a_time = format!("0000000000zz{secret}");
        assert!(!hash(&not_a_time).starts_with(IN_ORDER));
        assert!(!hash("").starts_with(IN_ORDER));
        assert!(!hash("00000000000").starts_with(IN_ORDER));
    }
}
