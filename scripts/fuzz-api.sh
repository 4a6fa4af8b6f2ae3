#!/usr/bin/env bash
# Fuzzes the public and admin API from its own OpenAPI document with schemathesis (installed
# by scripts/setup.sh test): every answer must be no 5xx, a documented status code, content
# type, header and body, and the document must be exact both ways. A bounded number of cases
# per operation (EXAMPLES, 100), from a fixed seed (FUZZ_SEED) so that a run can be repeated.
# Usage: [FUZZ_SEED=N] scripts/fuzz-api.sh [EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-100}
work=$(mktemp -d /tmp/upprop-fuzz.XXXXXX)
token="fuzz-admin-token-0123456789"

cargo build --quiet --package upprop-server
source scripts/lib/server.sh
trap 'stop_upprop_server; rm -rf "$work"' EXIT
start_upprop_server "${CARGO_TARGET_DIR:-target}/debug/upprop-server" "$work/server.log" \
  --database-url "sqlite://$work/fuzz.db?mode=rwc" --mail-dir "$work/mail" \
  --signatures-per-minute 0 --signatures-per-mail-domain-per-hour 0 --unconfirmed-per-minute 0 \
  --admin-token "$token"

# Every check, the contract's two directions included: no request the document calls valid is
# refused (positive_data_acceptance), and none it calls invalid is accepted
# (negative_data_rejection). Closing a petition is state no schema can describe (a closed
# petition refuses valid signatures with 410, and one taken down answers 410 to everything),
# so closing, reopening, taking down and putting back run last, on their own.
fuzz() {
  "$HOME/.cache/upprop/fuzz-venv/bin/schemathesis" run "$base/api/v1/openapi.json" --url "$base/api/v1" \
    --checks all --max-examples "$examples" --header "Authorization: Bearer $token" --no-color \
    --seed "${FUZZ_SEED:-20261126}" "$@"
}
fuzz --exclude-path-regex '/(close|reopen|unpublish|republish)$'
fuzz --include-path-regex '/(close|reopen|unpublish|republish)$'
