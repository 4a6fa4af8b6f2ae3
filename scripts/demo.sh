#!/usr/bin/env bash
# Builds the widget and serves the demo page (index.html) at http://127.0.0.1:8000/, which
# embeds it with the partner snippet.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
exec trunk serve --release --address 127.0.0.1 --port 8000
