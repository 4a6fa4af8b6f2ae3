#!/usr/bin/env bash
# Runs the product: builds the widget, then starts upprop-server on the embedded SQLite default
# (./upprop.db). Open http://127.0.0.1:8080/ : the demo page embeds the widget as a partner
# would. Confirmation mail is written to ./mail/ (the log says where); open it and follow the
# link, and the count on the page rises. The organisers' dashboard is at /admin: sign in as
# organisator@example.org, and the sign-in link lands in ./mail/ too. Extra arguments go to the
# server (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
trunk build --release
exec cargo run --release --package upprop-server -- --organizers organisator@example.org "$@"
