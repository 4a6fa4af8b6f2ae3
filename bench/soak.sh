#!/usr/bin/env bash
# Soak test of upprop-server on loopback (a committed script to run and report, not a CI step):
# MINUTES (10) of mixed load from wrk (bench/soak.lua: signatures, reads, retries, malformed and
# oversized bodies), slow clients that trickle their headers and a signer confirming by mail
# (bench/slow_clients.py). Each minute it prints the request rate, p50/p99 latency, non-2xx
# answers, the server's resident memory and the size of SQLite's write-ahead log (which the
# server checkpoints as it goes), so start and end can be compared.
# Usage: bench/soak.sh [MINUTES=10] [CONNECTIONS=32] [SLOW_CLIENTS=200]
# UPPROP_SERVER=path soaks that server binary instead of building this checkout's.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
connections=${2:-32}
slow=${3:-200}
work=$(mktemp -d /tmp/upprop-soak.XXXXXX)

scripts/setup.sh build >&2
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

source scripts/lib/server.sh
release_upprop_server
trap 'stop_upprop_server; rm -rf "$work"' EXIT
start_upprop_server "$server" "$work/server.log" --database-url "sqlite://$work/soak.db?mode=rwc" \
  --mail-dir "$work/mail" --signatures-per-minute 0 --signatures-per-mail-domain-per-hour 0 \
  --unconfirmed-per-minute 0 --slow-client-timeout 10 --max-requests-per-client 0
pid=$server_pid
port=${base##*:}
consent=$(python3 -c 'import json; p = json.load(open("content/upprop-socialtjansten.json")); print(json.dumps(p["sv"]["consents"][0]["text"], ensure_ascii=False))')

python3 bench/slow_clients.py 127.0.0.1 "$port" "$work/mail" $((minutes * 60)) "$slow" >"$work/slow.txt" &
helpers=$!

rss() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status"; }
wal() { awk -v bytes="$(stat -c %s "$work/soak.db-wal" 2>/dev/null || echo 0)" 'BEGIN { printf "%.1f", bytes / 1048576 }'; }
echo "upprop-server soak: $minutes min, wrk -t2 -c$connections + $slow slow clients + a confirming signer,"
echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(date -u +%F)"
printf '%-8s %10s %10s %10s %10s %10s %10s\n' minute "req/s" p50 p99 non-2xx "RSS MiB" "WAL MiB"
printf '%-8s %10s %10s %10s %10s %10s %10s\n' 0 - - - - "$(rss)" "$(wal)"
for minute in $(seq "$minutes"); do
  wrk -t2 -c"$connections" -d55s --latency -s bench/soak.lua "$base" -- "$minute$(date +%s)" "$consent" >"$work/wrk.txt"
  kill -0 "$pid" || { echo "the server died"; cat "$work/server.log"; exit 1; }
  read -r rate p50 p99 errors < <(awk '
    /Requests\/sec/ { rate = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 } /Non-2xx/ { errors = $5 }
    END { printf "%s %s %s %s\n", rate, p50, p99, errors + 0 }' "$work/wrk.txt")
  printf '%-8s %10s %10s %10s %10s %10s %10s\n' "$minute" "$rate" "$p50" "$p99" "$errors" "$(rss)" "$(wal)"
  sleep 5
done
wait "$helpers" || true
cat "$work/slow.txt"
echo "signatures stored: $(sqlite3 "$work/soak.db" 'SELECT COUNT(*) FROM signatures' 2>/dev/null || echo '(sqlite3 not installed)')"
echo "non-2xx are expected: 5 % malformed (400) and 5 % oversized (413) by design"
