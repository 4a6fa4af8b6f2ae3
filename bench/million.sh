#!/usr/bin/env bash
# A petition with a million signatures, on SQLite and on PostgreSQL: how long the organiser's
# dashboard page, the stats and the CSV take, and how much memory the server holds while it
# streams the CSV (its peak resident set before and after). The signatures are written
# straight into the database (the server's own schema, made by starting it once), spread over
# 30 days, 95 % confirmed, from four sites and three channels, half with the newsletter consent.
# "confirmed" is the count the dashboard shows; "first start" how long the server took to
# start on them, counting the figures' groups once (as on a database from before the groups).
# Usage: bench/million.sh [SIGNATURES=1000000] [RUNS=5]
# UPPROP_SERVER=path runs that server binary instead of building this checkout's.
set -euo pipefail
cd "$(dirname "$0")/.."
signatures=${1:-1000000}
runs=${2:-5}
work=$(mktemp -d /tmp/upprop-million.XXXXXX)
slug=upprop-socialtjansten
token=bench-admin-token
organizer=organisator@example.org

scripts/setup.sh build >&2
[ -d /usr/lib/postgresql ] || { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }
source scripts/lib/server.sh
release_upprop_server
database=
trap 'stop_upprop_server; rm -rf "$work"; [ -z "$database" ] || psql -q "$postgres" -c "DROP DATABASE $database"' EXIT

start_server() {
  start_upprop_server "$server" "$work/server.log" --database-url "$1" --mail-dir "$work/mail" \
    --admin-token "$token" --organizers "$organizer"
}

# The rows, as one statement both engines read alike: a recursive count, each number made
# into a signature. Consents are the content file's, with the exact text signers saw.
fill_sql() {
  python3 - "$signatures" "$slug" <<'PY'
import json, sys, time
count, slug = int(sys.argv[1]), sys.argv[2]
consents = json.load(open("content/upprop-socialtjansten.json"))["sv"]["consents"]
def consent_json(updates):
    given = [{"id": c["id"], "text": c["text"], "given": c["id"] != "consent_updates" or updates}
             for c in consents]
    return json.dumps(given, ensure_ascii=False).replace("'", "''")
now = int(time.time() * 1000)
span = 30 * 86_400_000
print(f"""
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
INSERT INTO signatures (id, petition, first_name, last_name, email, email_normalized,
  postal_code, comment, public, locale, consents, source_url, source_channel, signed_at,
  confirmed_at, withdraw_token_hash)
SELECT 'bench-' || i, '{slug}', 'Förnamn' || i, 'Efternamn', 'signer' || i || '@example.org',
  'signer' || i || '@example.org', CASE WHEN i % 4 = 0 THEN NULL ELSE '1' || (i % 9000 + 1000) END,
  CASE WHEN i % 10 = 0 THEN 'En kommentar; med semikolon' ELSE NULL END, i % 3 = 0,
  CASE WHEN i % 20 = 0 THEN 'en' ELSE 'sv' END,
  CASE WHEN i % 2 = 0 THEN '{consent_json(True)}' ELSE '{consent_json(False)}' END,
  CASE i % 4 WHEN 0 THEN 'https://blogg.example/inlagg' WHEN 1 THEN 'https://partner.example/upprop'
    WHEN 2 THEN 'https://forening.example/' ELSE 'http://127.0.0.1/p/{slug}' END,
  CASE i % 3 WHEN 0 THEN 'facebook' WHEN 1 THEN 'whatsapp' ELSE NULL END,
  {now} - {span} + i * ({span} / {count}),
  CASE WHEN i % 20 = 7 THEN NULL ELSE {now} - {span} + i * ({span} / {count}) + 60000 END,
  'bench-withdraw-' || i
FROM n;
DELETE FROM petition_counts WHERE petition = '{slug}';
INSERT INTO petition_counts (petition, confirmed)
  SELECT '{slug}', COUNT(*) FROM signatures WHERE petition = '{slug}' AND confirmed_at IS NOT NULL;
""")
PY
}

# The server's resident set and its peak so far, in MiB.
memory() { awk '/^VmRSS|^VmHWM/ { printf "%s ", int($2 / 1024) } END { print "" }' "/proc/$server_pid/status"; }

# Seconds of `curl URL [ARGS]` as the median of $runs runs, and its HTTP status.
timed() {
  local url=$1 times=() status
  shift
  for _ in $(seq "$runs"); do
    read -r status seconds < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$@" "$url")
    times+=("$seconds")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v status="$status" '{ t[NR] = $1 } END { printf "%.3f %s\n", t[int((NR + 1) / 2)], status }'
}

# Signs the organiser in through the mail the server sends, and keeps the session's cookie.
sign_in() {
  rm -f "$work/cookies"
  curl -s -o /dev/null -d "email=$organizer" "$base/admin/sign-in"
  local link=
  for _ in $(seq 100); do
    link=$(python3 - "$work/mail" "$base" <<'PY'
import glob, quopri, re, sys
for mail in glob.glob(sys.argv[1] + "/*.eml"):
    text = quopri.decodestring(open(mail, "rb").read()).decode("utf-8", "replace")
    for link in re.findall(re.escape(sys.argv[2]) + r"/admin/sign-in/[A-Za-z0-9_-]+", text):
        print(link)
        sys.exit()
PY
)
    [ -n "$link" ] && break
    sleep 0.1
  done
  curl -s -o /dev/null -c "$work/cookies" -X POST "$link"
}

measure() {
  local engine=$1 url=$2
  start_server "$url"
  stop_upprop_server
  echo "filling $engine with $signatures signatures" >&2
  local started=$SECONDS
  case $engine in
    SQLite) fill_sql | python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.stdin.read()); c.close()' "$work/million.db" ;;
    PostgreSQL) fill_sql | psql -q -v ON_ERROR_STOP=1 "$url" >/dev/null ;;
  esac
  # The figures' groups are counted from these rows at the next start, as for a database
  # written before there were groups (a server from before them has neither table nor mark).
  local forget="DELETE FROM petition_figures; DELETE FROM server_secrets WHERE name = 'petition_figures_filled';"
  case $engine in
    SQLite) python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.close()' "$work/million.db" "$forget" 2>/dev/null || true ;;
    PostgreSQL) psql -q "$url" -c "$forget" >/dev/null 2>&1 || true ;;
  esac
  echo "filled in $((SECONDS - started)) s" >&2
  started=$SECONDS
  start_server "$url"
  local grouped=$((SECONDS - started))
  sign_in
  local admin=(-H "Authorization: Bearer $token")
  read -r before_rss before_peak < <(memory)
  read -r dashboard dashboard_status < <(timed "$base/admin/p/$slug" -b "$work/cookies")
  read -r stats stats_status < <(timed "$base/api/v1/admin/petitions/$slug/stats" "${admin[@]}")
  read -r csv csv_status < <(timed "$base/api/v1/admin/petitions/$slug/signatures.csv" "${admin[@]}")
  read -r _ after_peak < <(memory)
  local shown
  shown=$(curl -s -b "$work/cookies" "$base/admin/p/$slug" | grep -o 'id="confirmed">[0-9]*' | grep -o '[0-9]*$')
  local bytes
  bytes=$(curl -s "${admin[@]}" "$base/api/v1/admin/petitions/$slug/signatures.csv" | wc -c)
  stop_upprop_server
  printf '%-11s %13s %10s %10s %10s %14s %14s %10s %12s\n' "$engine" "$dashboard s" "$stats s" "$csv s" \
    "$((bytes / 1048576)) MiB" "$before_peak MiB" "$after_peak MiB" "$shown" "$grouped s"
  printf '%-11s %13s %10s %10s\n' "  (status)" "$dashboard_status" "$stats_status" "$csv_status"
}

{
  measure SQLite "sqlite://$work/million.db?mode=rwc"
  postgres=$(scripts/postgres.sh bench)
  database="million_$(date +%s)"
  psql -q "$postgres" -c "CREATE DATABASE $database"
  measure PostgreSQL "${postgres%/*}/$database"
} >"$work/table.txt"

echo
echo "upprop-server with $signatures signatures on one petition: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(date -u +%F)"
echo "median of $runs requests each, over loopback; memory is the server's peak resident set"
echo
printf '%-11s %13s %10s %10s %10s %14s %14s %10s %12s\n' "engine" "dashboard" "stats" "CSV" "CSV size" "peak before" "peak after CSV" "confirmed" "first start"
cat "$work/table.txt"
