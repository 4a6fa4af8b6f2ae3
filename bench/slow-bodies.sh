#!/usr/bin/env bash
# Trust round three's high finding, measured: SLOW sockets from one address (127.0.0.1) each
# trickle a signature's body a byte every 8 s, while four signers at other addresses
# (127.0.0.2-5) sign and a reader (127.0.0.6) opens the landing page, on a server with
# --max-concurrent-requests 8 as in the report. Prints what the others got: requests, the
# statuses that were not 2xx, p50 and p99; and what the slow sockets were answered. Run it on two builds (UPPROP_SERVER=path) to compare.
# Usage: bench/slow-bodies.sh [SECONDS=20] [SLOW=64]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
slow=${2:-64}
work=$(mktemp -d /tmp/upprop-slow-bodies.XXXXXX)
source scripts/lib/server.sh
release_upprop_server
trap 'stop_upprop_server; rm -rf "$work"' EXIT
start_upprop_server "$server" "$work/server.log" --database-url "sqlite://$work/bench.db?mode=rwc" \
  --mail-dir "$work/mail" --max-concurrent-requests 8 --signatures-per-minute 0 \
  --signatures-per-mail-domain-per-hour 0 --unconfirmed-per-minute 0
port=${base##*:}

python3 - "$port" "$seconds" "$slow" <<'PY'
import http.client, json, socket, sys, threading, time, uuid

port, seconds, slow = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
consent = json.load(open("content/upprop-socialtjansten.json"))["sv"]["consents"][0]["text"]
path = "/api/v1/petitions/upprop-socialtjansten/signatures"
deadline = time.time() + seconds
lock = threading.Lock()
slow_answers = {}

def body(n):
    return json.dumps({"id": str(uuid.uuid4()), "first_name": "Anna", "last_name": "Svensson",
        "email": f"s{n}-{uuid.uuid4().hex[:8]}@example.se", "public": False, "locale": "sv",
        "consents": [{"id": "consent_organizer", "text": consent, "given": True}],
        "source": {"url": "https://partner.example/"}, "started_at_ms": 0}).encode()

def trickle():
    while time.time() < deadline:
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=30, source_address=("127.0.0.1", 0))
            payload = body(0)
            sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {len(payload)}\r\n\r\n".encode())
            for byte in payload:
                if time.time() > deadline:
                    break
                sock.sendall(bytes([byte]))
                sock.settimeout(8)
                try:
                    answer = sock.recv(64)
                except socket.timeout:
                    continue
                status = answer.split(b" ")[1].decode() if answer.startswith(b"HTTP/") else "closed"
                with lock:
                    slow_answers[status] = slow_answers.get(status, 0) + 1
                break
            sock.close()
        except OSError:
            time.sleep(0.5)

latencies, failures = {"sign": [], "page": []}, {"sign": {}, "page": {}}

def other_address(kind, n):
    while time.time() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(f"127.0.0.{2 + n}", 0))
        started = time.time()
        try:
            if kind == "sign":
                connection.request("POST", path, body(n), {"Content-Type": "application/json"})
            else:
                connection.request("GET", "/p/upprop-socialtjansten")
            status = connection.getresponse().status
        except OSError:
            status = 0
        connection.close()
        with lock:
            latencies[kind].append(time.time() - started)
            if not 200 <= status < 300:
                failures[kind][status] = failures[kind].get(status, 0) + 1

threads = [threading.Thread(target=trickle) for _ in range(slow)]
threads += [threading.Thread(target=other_address, args=("sign", n)) for n in range(4)]
threads += [threading.Thread(target=other_address, args=("page", 4))]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

def quantile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else float("nan")

print(f"\n{slow} sockets trickling a body from 127.0.0.1, --max-concurrent-requests 8, {seconds:.0f} s")
print(f"{'other addresses':<22} {'requests':>9} {'not 2xx':>16} {'p50 ms':>8} {'p99 ms':>8}")
for kind, label in (("sign", "POST signature"), ("page", "GET landing page")):
    refused = ", ".join(f"{n} x {status}" for status, n in sorted(failures[kind].items())) or "none"
    print(f"{label:<22} {len(latencies[kind]):>9} {refused:>16} {quantile(latencies[kind], .5):>8.1f} {quantile(latencies[kind], .99):>8.1f}")
print("the slow sockets were answered: " + (", ".join(f"{n} x {status}" for status, n in sorted(slow_answers.items())) or "never"))
PY
