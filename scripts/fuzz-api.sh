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
RUST_LOG=warn,upprop_server=info NO_COLOR=1 "${CARGO_TARGET_DIR:-target}/debug/upprop-server" \
  --listen 127.0.0.1:0 --database-url "sqlite://$work/fuzz.db?mode=rwc" --mail-dir "$work/mail" \
  --signatures-per-minute 0 --admin-token "$token" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 300); do
  base=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -n 1 || true)
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { cat "$work/server.log"; exit 1; }

"$HOME/.cache/upprop/fuzz-venv/bin/schemathesis" run "$base/api/v1/openapi.json" --url "$base/api/v1" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples "$examples" --header "Authorization: Bearer $token" --no-color
