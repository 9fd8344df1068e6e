#!/usr/bin/env python3
"""Time from saving a file to folio serve's reload event, end to end.

    python3 bench/serve_latency.py CORPUS [--folio target/release/folio] [--runs 10] [--log FILE]

Starts `folio serve CORPUS` on a free port, opens the live-reload event
stream as a browser page does, then edits a page and measures until the
`reload` event arrives: a body edit (one paragraph changed), and a title
change (the page's `# heading`, which changes navigation on many pages).
The file is restored afterwards. Standard library only.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time


def pick_page(corpus):
    """A page deep in the tree that is not a folder index."""
    best = None
    for root, _dirs, files in os.walk(corpus):
        for name in sorted(files):
            if name.endswith(".md") and name not in ("README.md", "_index.md", "index.md"):
                path = os.path.join(root, name)
                depth = path.count(os.sep)
                if best is None or depth > best[0]:
                    best = (depth, path)
    return best[1]


class Events:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(b"GET /__folio/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        self.buf = b""
        self.wait_for(b"event: state")

    def wait_for(self, needle, timeout=120):
        deadline = time.monotonic() + timeout
        while needle not in self.buf:
            self.sock.settimeout(max(0.1, deadline - time.monotonic()))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise SystemExit("event stream closed")
            self.buf += chunk
        at = self.buf.index(needle) + len(needle)
        end = self.buf.find(b"\n\n", at)
        while end < 0:
            self.buf += self.sock.recv(65536)
            end = self.buf.find(b"\n\n", at)
        event, self.buf = self.buf[:end], self.buf[end + 2 :]
        return event


def measure(events, path, original, make, runs):
    times = []
    for i in range(runs):
        with open(path, "w", encoding="utf-8") as f:
            f.write(make(original, i))
        start = time.monotonic()
        events.wait_for(b"event: reload")
        times.append((time.monotonic() - start) * 1000)
        time.sleep(0.2)
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--folio", default="target/release/folio")
    ap.add_argument("--runs", type=int, default=10)
    # With FOLIO_TIMINGS=1 in the environment, the log holds each rebuild's
    # stages.
    ap.add_argument("--log", help="write the server's log to this file")
    args = ap.parse_args()
    proc = subprocess.Popen(
        [args.folio, "serve", args.corpus, "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    port = None
    for line in proc.stderr:
        sys.stderr.write("  serve: " + line)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
            break
    if port is None:
        raise SystemExit("folio serve did not start")
    # Keep draining the server's log so it never blocks on a full pipe.
    import threading

    log = []
    threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True).start()
    events = Events(port)
    path = pick_page(args.corpus)
    with open(path, encoding="utf-8") as f:
        original = f.read()
    print(f"page edited: {os.path.relpath(path, args.corpus)}")

    def body_edit(text, i):
        return text.rstrip("\n") + f"\n\n编辑第 {i} 次：正文新增一段说明。\n"

    def title_edit(text, i):
        return re.sub(r"^# .*$", f"# 改名后的标题 {i}", text, count=1, flags=re.M)

    try:
        results = {
            "body edit": measure(events, path, original, body_edit, args.runs),
            "title change": measure(events, path, original, title_edit, args.runs),
        }
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(1)
        proc.terminate()
        proc.wait()
    print(f"{'change':<14} {'median ms':>10} {'min':>8} {'max':>8}   (save -> reload event, {args.runs} runs)")
    for name, t in results.items():
        print(f"{name:<14} {statistics.median(t):>10.1f} {min(t):>8.1f} {max(t):>8.1f}")
    if args.log:
        with open(args.log, "w", encoding="utf-8") as f:
            f.writelines(log)
    timings = [l.strip() for l in log if l.startswith("rebuilt")]
    if timings:
        print("server's own report of the last rebuilds:", "; ".join(timings[-3:]))


if __name__ == "__main__":
    main()
