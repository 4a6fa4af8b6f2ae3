#!/usr/bin/env bash
# Load benchmark of upprop-server over loopback with wrk: signatures per second with p50/p99
# latency on SQLite and on PostgreSQL (durable settings), and the rate of the petition GET that
# every page view makes. Prints a table. The load generator shares the machine's cores with
# the server, so the figures are a floor for the server alone.
# Usage: bench/load.sh [SECONDS=20] [CONNECTIONS=64]
# UPPROP_SERVER=path runs that server binary instead of building this checkout's (see
# scripts/lib/server.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
connections=${2:-64}
work=$(mktemp -d /tmp/upprop-bench.XXXXXX)

scripts/setup.sh build >&2
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -d /usr/lib/postgresql ] || { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }

source scripts/lib/server.sh
release_upprop_server
# The PostgreSQL run's database, dropped on exit: the bench cluster outlives the benchmark.
database=
trap 'stop_upprop_server; rm -rf "$work"; [ -z "$database" ] || psql -q "$postgres" -c "DROP DATABASE $database"' EXIT

# Starts the server on DATABASE_URL and sets $base to its address.
start_server() {
  stop_upprop_server
  rm -rf "$work/mail" "$work/server.log"
  # wrk is one address sending as many people: no limit per address.
  start_upprop_server "$server" "$work/server.log" --database-url "$1" --mail-dir "$work/mail" \
    --signatures-per-minute 0 --signatures-per-mail-domain-per-hour 0 --unconfirmed-per-minute 0 \
    --max-requests-per-client 0
}

# Runs wrk and prints "requests/s p50 p99 non-2xx total".
load() {
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" >"$work/wrk.txt"
  awk '
    /Requests\/sec/ { rate = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { errors = $NF }
    / requests in / { total = $1 }
    END { printf "%s %s %s %s %s\n", rate, p50, p99, errors + 0, total }' "$work/wrk.txt"
}

# Waits until the outbox has written one mail per signature and prints the seconds since
# MAIL_START: the mail sender runs behind signing, never in its way.
drain_seconds() {
  local expected=$1 start=$2
  for _ in $(seq 1200); do
    [ "$(find "$work/mail" -name '*.eml' | wc -l)" -ge "$expected" ] && break
    sleep 0.25
  done
  echo "$(( ($(date +%s%N) - start) / 1000000 ))" | awk '{ printf "%.1f", $1 / 1000 }'
}

consent=$(python3 -c 'import json; p = json.load(open("content/upprop-socialtjansten.json")); print(json.dumps(p["sv"]["consents"][0]["text"], ensure_ascii=False))')
sign() { load -s bench/sign.lua "$base" -- "$(date +%s%N | cut -c1-12)" "$consent"; }

row() { printf '%-34s %12s %10s %10s %8s\n' "$@"; }

start_server "sqlite://$work/bench.db?mode=rwc"
mail_start=$(date +%s%N)
read -r sqlite_rate sqlite_p50 sqlite_p99 sqlite_errors sqlite_total < <(sign)
mail_seconds=$(drain_seconds "$sqlite_total" "$mail_start")
read -r get_rate get_p50 get_p99 get_errors _ < <(load "$base/api/v1/petitions/upprop-socialtjansten")

postgres=$(scripts/postgres.sh bench)
database="bench_$(date +%s)"
psql -q "$postgres" -c "CREATE DATABASE $database"
start_server "${postgres%/*}/$database"
read -r pg_rate pg_p50 pg_p99 pg_errors _ < <(sign)
stop_upprop_server

echo
echo "upprop-server load benchmark: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
echo "wrk -t2 -c$connections -d${seconds}s on the same machine, $(date -u +%F)"
echo
row "what" "requests/s" "p50" "p99" "errors"
row "POST signature, SQLite (WAL)" "$sqlite_rate" "$sqlite_p50" "$sqlite_p99" "$sqlite_errors"
row "POST signature, PostgreSQL" "$pg_rate" "$pg_p50" "$pg_p99" "$pg_errors"
row "GET petition (SQLite)" "$get_rate" "$get_p50" "$get_p99" "$get_errors"
echo
echo "outbox (SQLite run, mail to a folder): $sqlite_total confirmation mails written ${mail_seconds}s after signing began"
