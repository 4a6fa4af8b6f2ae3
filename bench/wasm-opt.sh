#!/usr/bin/env bash
# Size of the widget's wasm under a few wasm-opt settings: the one index.html uses and the ones
# it was chosen against. Builds the widget as trunk does (profile wasm-release, wasm-bindgen),
# runs each setting on the same input and prints raw and brotli bytes. Takes a few minutes.
# Usage: bench/wasm-opt.sh ["EXTRA FLAGS" ...]   (each argument is one more setting to try)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/upprop-wasm-opt.XXXXXX)
trap 'rm -rf "$work"' EXIT

scripts/setup.sh build >&2
command -v brotli >/dev/null || { apt-get update -qq && apt-get install -y -qq brotli >/dev/null; }
cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown --package upprop
wasm-bindgen --target web --out-dir "$work" \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm-release/upprop.wasm"

# What trunk adds to data-wasm-opt-params: -Oz from data-wasm-opt="z" and the features.
chosen=$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)
settings=(
  "-Oz"
  "-Oz --flatten --rereloop -Oz --converge"
  "-Oz --flatten --rereloop -Oz --converge --one-caller-inline-max-function-size=0"
  "-Oz --flatten --rereloop -Oz --converge --one-caller-inline-max-function-size=80"
  "-Oz $chosen"
  "$@"
)

printf '%-100s %10s %10s\n' "wasm-opt settings" "raw" "brotli"
for setting in "${settings[@]}"; do
  # shellcheck disable=SC2086 # a setting is a list of flags
  wasm-opt --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --strip-debug --strip-producers $setting \
    "$work/upprop_bg.wasm" -o "$work/out.wasm"
  printf '%-100s %10s %10s\n' "$setting" "$(stat -c %s "$work/out.wasm")" \
    "$(brotli -c -q 11 "$work/out.wasm" | wc -c)"
done
echo "(index.html uses: -Oz $chosen)"
