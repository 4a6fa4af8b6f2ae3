#!/usr/bin/env bash
# The proof of work's hash in WebAssembly, as V8 runs it: sha2's unrolled software SHA-256
# against its compact one (`force-soft-compact`, which core/Cargo.toml picks for the widget),
# each built as the widget is (opt-level z, wasm-opt -Oz) and timed in node over 1 M hashes of
# a proof's size, in alternating rounds. Prints each round's milliseconds and the wasm's size.
# Usage: bench/sha256.sh [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
work=$(mktemp -d /tmp/upprop-sha256.XXXXXX)
trap 'rm -rf "$work"' EXIT
source scripts/lib/wasm_profile.sh
version=$(cargo tree --quiet -p upprop-core --target wasm32-unknown-unknown -e normal -i sha2 | sed -n '1s/^sha2 v//p')

mkdir -p "$work/src"
cat >"$work/Cargo.toml" <<TOML
[package]
name = "sha256-bench"
version = "0.1.0"
edition = "2024"
[lib]
crate-type = ["cdylib"]
[dependencies]
sha2 = { version = "=$version", default-features = false }
[features]
compact = ["sha2/force-soft-compact"]
$(wasm_release_profile)
[workspace]
TOML
cat >"$work/src/lib.rs" <<'RUST'
use sha2::{Digest, Sha256};

/// Hashes `count` messages shaped like a proof (a 33-byte prefix and a nonce).
#[unsafe(no_mangle)]
pub extern "C" fn hash(count: u32) -> u32 {
    (0..u64::from(count)).fold(0, |seen, nonce| {
        let mut hasher = Sha256::new();
        hasher.update(b"0123456789abcdef0123456789abcdef:");
        hasher.update(nonce.to_le_bytes());
        seen ^ u32::from(hasher.finalize()[0])
    })
}
RUST
for variant in unrolled compact; do
  features=()
  [[ $variant == compact ]] && features=(--features compact)
  cargo build --quiet --release --lib --target wasm32-unknown-unknown \
    --manifest-path "$work/Cargo.toml" --target-dir "$work/target" "${features[@]}"
  wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
    --enable-mutable-globals "$work/target/wasm32-unknown-unknown/release/sha256_bench.wasm" \
    -o "$work/$variant.wasm"
done
node --input-type=module - "$work" "$rounds" <<'JS'
import { readFileSync, statSync } from "node:fs";
const [dir, rounds] = process.argv.slice(2);
const variants = ["unrolled", "compact"];
const instances = {};
for (const name of variants) {
  instances[name] = (await WebAssembly.instantiate(readFileSync(`${dir}/${name}.wasm`))).instance.exports;
  instances[name].hash(10_000);
}
console.log(["round", ...variants.map((name) => `${name} ms`)].join("\t"));
for (let round = 1; round <= Number(rounds); round++) {
  const times = variants.map((name) => {
    const start = performance.now();
    instances[name].hash(1_000_000);
    return Math.round(performance.now() - start);
  });
  console.log([round, ...times].join("\t"));
}
console.log(["wasm bytes", ...variants.map((name) => statSync(`${dir}/${name}.wasm`).size)].join("\t"));
JS
