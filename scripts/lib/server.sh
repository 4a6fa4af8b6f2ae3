# Sourced by the scripts that run upprop-server in the background (bench/load.sh,
# bench/soak.sh, scripts/fuzz-api.sh).

# release_upprop_server: sets $server to the release binary to measure: $UPPROP_SERVER if set
# (to compare two commits, build each and alternate, as the machine drifts by the hour),
# otherwise this checkout's, built now.
release_upprop_server() {
  server=${UPPROP_SERVER:-}
  if [ -z "$server" ]; then
    cargo build --release --quiet --package upprop-server
    server="${CARGO_TARGET_DIR:-target}/release/upprop-server"
  fi
}

# start_upprop_server BINARY LOG [FLAGS...]: starts the server on a free loopback port with
# FLAGS, logging to LOG, and sets $base (its http://127.0.0.1:PORT) and $server_pid.
start_upprop_server() {
  local binary=$1 log=$2
  shift 2
  RUST_LOG=${RUST_LOG:-warn,upprop_server=info} NO_COLOR=1 "$binary" --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
  server_pid=$!
  base=
  for _ in $(seq 300); do
    base=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1 || true)
    [ -n "$base" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "upprop-server did not start:" >&2
  cat "$log" >&2
  return 1
}

# stop_upprop_server: stops it as Ctrl-C would, and waits.
stop_upprop_server() {
  if [ -n "${server_pid:-}" ]; then
    kill -INT "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
