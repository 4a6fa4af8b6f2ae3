#!/usr/bin/env bash
# Fuzzes the public and admin API from its own OpenAPI document with schemathesis (installed
# by scripts/setup.sh test): every answer must be no 5xx, a documented status code, content
# type, header and body. A bounded number of cases per operation (EXAMPLES, 100).
# Usage: scripts/fuzz-api.sh [EXAMPLES]
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

"$HOME/.cache/upprop/fuzz-venv/bin/schemathesis" run "$base/api/v1/openapi.json" --url "$base/api/v1" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples "$examples" --header "Authorization: Bearer $token" --no-color
