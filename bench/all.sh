#!/usr/bin/env bash
# Every figure of the widget and the server in one table, against the targets: the widget's
# size (cargo xtask size), time to a usable form, layout shift and blocking time under mobile
# throttling (bench/usable.mjs), and signatures and petition reads per second
# (bench/load.sh), and the proof of work's solve time in the widget and its cost to a forger
# (bench/pow.mjs). Takes about six minutes; the machine it ran on is printed with it.
# Usage: bench/all.sh [LOAD_SECONDS=10]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/upprop-bench-all.XXXXXX)
trap 'rm -rf "$work"' EXIT

scripts/setup.sh test >&2
trunk build --release >&2
cargo build --release --quiet --package upprop-server
cargo xtask size >"$work/size.txt"
node bench/usable.mjs >"$work/usable.txt"
bench/load.sh "${1:-10}" 64 >"$work/load.txt"
node bench/pow.mjs >"$work/pow.txt"

brotli=$(awk '/^total/ { print $(NF-1), $NF }' "$work/size.txt")
usable() { awk -v page="$1" 'index($0, page) == 1 { sub(page, ""); print }' "$work/usable.txt"; }
read -r partner_ms _ _ partner_cls partner_tbt partner_longest < <(usable "partner page")
read -r unhinted_ms _ < <(usable "  without hints")
read -r landing_ms landing_widget _ landing_cls landing_tbt _ < <(usable "landing, JS")
read -r _ _ _ _ eager_tbt eager_longest < <(usable "eager compile")
load() { awk -v row="$1" 'index($0, row) == 1 { print $(NF-3), $(NF-1) }' "$work/load.txt"; }
read -r sqlite_rate sqlite_p99 < <(load "POST signature, SQLite")
read -r pg_rate pg_p99 < <(load "POST signature, PostgreSQL")
read -r get_rate get_p99 < <(load "GET petition")

read -r solve_median solve_p90 < <(awk '/widget solve/ { print $(NF-7), $(NF-4) }' "$work/pow.txt")
forged=$(awk '/forger/ { for (i = 1; i <= NF; i++) if ($i == "forged") print $(i - 1) }' "$work/pow.txt")
row() { printf '| %-52s | %-18s | %-22s |\n' "$@"; }
echo "upprop benchmarks, $(date -u +%F), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
echo
row "figure" "measured" "target"
row "---" "---" "---"
row "widget: all embed.js loads, brotli" "$brotli" "<= 60 KB"
row "partner page: e-mail field usable (4x CPU, 1.6 Mbit/s)" "${partner_ms} ms" "<= 1000 ms"
row "  the same without the snippet's hints" "${unhinted_ms} ms" "-"
row "partner page: total blocking time / longest task" "${partner_tbt} / ${partner_longest} ms" "<= 50 ms / -"
row "  the same, compiled before it runs (V8 flag)" "${eager_tbt} / ${eager_longest} ms" "-"
row "partner page: layout shift, place reserved" "$partner_cls" "< 0.1"
row "landing page: usable / widget took over" "${landing_ms} / ${landing_widget} ms" "-"
row "landing page: layout shift / blocking time" "$landing_cls / ${landing_tbt} ms" "< 0.1 / <= 50 ms"
row "signatures/s, SQLite (synchronous=FULL), p99" "$sqlite_rate, $sqlite_p99" ">= 10 000, < 50 ms"
row "signatures/s, PostgreSQL, p99" "$pg_rate, $pg_p99" ">= 8 000"
row "GET petition/s, p99" "$get_rate, $get_p99" ">= 40 000"
row "proof of work (16 bits): widget solve at 4x CPU, median / p90" "${solve_median} / ${solve_p90} ms" "well under 1 s"
row "proof of work: forged signatures/s on one native core" "$forged" "-"
echo
echo "Load: wrk -t2 -c64 on the same machine as the server (and PostgreSQL), so it shares the cores."
