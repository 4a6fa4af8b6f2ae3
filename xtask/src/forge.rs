//! How many signatures one CPU core could forge: proofs of work found per second at a given
//! difficulty, by the very code the server checks them with, natively, on one thread. Run it
//! optimised: `cargo run --release --package xtask -- forge 16`.

use std::time::Instant;

use upprop_core::proof::{Challenge, search};

const SECONDS: f64 = 3.0;
const BATCH: u64 = 4096;

pub fn report(difficulty: &str) -> Result<(), String> {
    let difficulty: u8 = difficulty
        .parse()
        .map_err(|_| format!("{difficulty:?} is not a difficulty (zero bits, 0-32)"))?;
    let challenge = Challenge {
        salt: "1795699800000.forge-benchmark".into(),
        difficulty,
        signature: String::new(),
    };
    let start = Instant::now();
    let (mut proofs, mut hashes) = (0u64, 0u64);
    while start.elapsed().as_secs_f64() < SECONDS {
        let id = format!("{proofs:08x}-0000-4000-8000-{proofs:012x}");
        let mut from = 0;
        let nonce = loop {
            match search(&challenge, &id, from, BATCH) {
                Some(nonce) => break nonce,
                None => from += BATCH,
            }
        };
        hashes += nonce + 1;
        proofs += 1;
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "difficulty {difficulty}: {:.0} hashes/s, {:.1} forged signatures/s on one core ({proofs} proofs in {seconds:.1} s)",
        hashes as f64 / seconds,
        proofs as f64 / seconds,
    );
    Ok(())
}
