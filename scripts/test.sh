#!/usr/bin/env bash
# Runs every test: formatting and lints, the native unit and integration tests (the server's on
# SQLite and on a private PostgreSQL), the API fuzzed from its OpenAPI document, the release build of the widget with its size report,
# and the end-to-end tests in Chromium, Firefox and WebKit.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh test
UPPROP_TEST_POSTGRES_URL=$(scripts/postgres.sh test)
export UPPROP_TEST_POSTGRES_URL

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --package upprop --target wasm32-unknown-unknown --quiet -- -D warnings

step "native tests (the server against SQLite and PostgreSQL)"
cargo test --workspace --quiet

step "API contract fuzzing (schemathesis, from the OpenAPI document)"
scripts/fuzz-api.sh 100

step "widget release build and size"
trunk build --release
cargo xtask size

step "end-to-end tests in Chromium, Firefox and WebKit"
npm test --prefix e2e
