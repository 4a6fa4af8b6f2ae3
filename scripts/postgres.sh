#!/usr/bin/env bash
# Starts a private PostgreSQL from Debian's packages on loopback, unless it already runs, and
# prints its URL. Usage: scripts/postgres.sh [test|bench|fault] [restart|stop]
#   test:  port 55432, fsync off (fast; the tests need no durability)
#   bench: port 55433, PostgreSQL's durable defaults (what the figures must be measured on)
#   fault: port 55434, durable, for the test that restarts and stops it under load (`restart`:
#          a fast shutdown, then a start, as an operator's `pg_ctl restart` does; `stop`: a fast
#          shutdown, its data kept for the next start)
set -euo pipefail
mode=${1:-test}
case "$mode" in
  test) port=55432; tuning="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" ;;
  bench|fault) port=$([ "$mode" = bench ] && echo 55433 || echo 55434); tuning="" ;;
  *) echo "usage: $0 [test|bench|fault] [restart|stop]" >&2; exit 2 ;;
esac
dir="/tmp/upprop-postgres-$mode"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
# PostgreSQL refuses to run as root: as root, run it as the postgres user.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "${2:-}" = stop ]; then
  as_owner "$bin/pg_ctl" -D "$dir/data" -w -m fast stop >/dev/null
  exit 0
fi
if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
  fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
    -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=300 $tuning" >/dev/null
fi
if [ "${2:-}" = restart ]; then
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -m fast restart \
    -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=300 $tuning" >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
