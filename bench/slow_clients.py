"""Soak test helpers that wrk cannot play, run beside it for DURATION seconds:
- slow clients: CONNECTIONS sockets that trickle a request one header line every few seconds
  (slowloris), reconnecting whenever the server closes them; it prints how many it opened and
  how many the server closed on them;
- a signer who confirms: every 2 s it follows up to 20 new confirmation links from the mail
  folder (GET the page, then POST its button).
Usage: slow_clients.py HOST PORT MAIL_DIR DURATION CONNECTIONS
"""
import os, quopri, re, socket, sys, threading, time, urllib.parse, urllib.request

host, port, mail_dir, duration, connections = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
deadline = time.time() + duration
opened = closed = confirmed = 0
lock = threading.Lock()


def slow_client():
    global opened, closed
    while time.time() < deadline:
        try:
            sock = socket.create_connection((host, port), timeout=30)
        except OSError:
            time.sleep(1)
            continue
        with lock:
            opened += 1
        try:
            sock.sendall(b"GET /api/v1/petitions/upprop-socialtjansten HTTP/1.1\r\nHost: soak\r\n")
            while time.time() < deadline:
                time.sleep(3)
                sock.sendall(b"X-Slow: 1\r\n")
                sock.settimeout(0.01)
                try:
                    if sock.recv(1) == b"":
                        raise ConnectionError
                except socket.timeout:
                    pass
        except (OSError, ConnectionError):
            with lock:
                closed += 1
        finally:
            sock.close()


def confirmer():
    global confirmed
    seen = set()
    while time.time() < deadline:
        time.sleep(2)
        try:
            names = [n for n in os.listdir(mail_dir) if n.endswith(".eml") and n not in seen][:20]
        except FileNotFoundError:
            continue
        for name in names:
            seen.add(name)
            with open(os.path.join(mail_dir, name), "rb") as mail:
                text = quopri.decodestring(mail.read()).decode("utf-8", "replace")
            link = re.search(r"http://[^\s]+/confirm/[A-Za-z0-9_-]+", text)
            if not link:
                continue
            try:
                page = urllib.request.urlopen(link.group(0), timeout=10).read().decode()
                # The button sends the digest of what the page showed.
                shown = re.search(r'name="shown" value="([^"]*)"', page)
                body = urllib.parse.urlencode({"shown": shown.group(1) if shown else ""}).encode()
                urllib.request.urlopen(urllib.request.Request(link.group(0), data=body, method="POST"), timeout=10).read()
                confirmed += 1
            except OSError:
                pass


workers = [threading.Thread(target=slow_client, daemon=True) for _ in range(connections)]
workers.append(threading.Thread(target=confirmer, daemon=True))
for worker in workers:
    worker.start()
for worker in workers:
    worker.join(max(0.0, deadline - time.time()) + 5)
print(f"slow clients: {opened} connections opened, {closed} closed by the server; {confirmed} signatures confirmed")
