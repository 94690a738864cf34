"""``sigvec serve`` throughput over loopback with keep-alive, next to a bare ``http.server``.

Not a test: run ``python benchmarks/serve.py [--seconds 3] [--rounds 3] [--connections 4]``.
Both servers run as their own processes; one client process keeps N connections alive and sends
a pre-built signed request on each, one at a time, reading each answer in full. Rounds
alternate between the two servers (the machine is shared: compare within a round). Printed:
requests/s, the server process's CPU time per request (user + system, from /proc), their
ratios, and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sigvec.reference import sign

BARE_SERVER = r"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Bare(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as sigvec serve: no delayed-ACK stall per answer
    def do_GET(self):
        body = b'{"verified": false}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Bare)
server.daemon_threads = True
print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
"""

KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TIMESTAMP = "20240501T120000Z"


def signed_request(port: int) -> bytes:
    """A header-signed S3 GET, valid at the server's fixed clock."""
    host = f"127.0.0.1:{port}"
    signed = sign(
        "aws-sigv4",
        {
            "method": "GET",
            "path": "/bucket/photos/my%20cat.jpg",
            "query": "versionId=3&response-content-type=image%2Fjpeg",
            "headers": [["Host", host], ["User-Agent", "bench"]],
            "access_key_id": KEY,
            "secret_access_key": SECRET,
            "region": "us-east-1",
            "service": "s3",
            "timestamp": TIMESTAMP,
            "normalize_path": False,
            "double_encode_path": False,
            "sign_body": True,
        },
    )
    headers = [("Host", host), ("User-Agent", "bench"), *signed.output["headers"].items()]
    target = "/bucket/photos/my%20cat.jpg?versionId=3&response-content-type=image%2Fjpeg"
    head = f"GET {target} HTTP/1.1\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    return head.encode("utf-8")


def start(argv: list[str]) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    return process, int(line.strip().rsplit(":", 1)[1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def read_answer(connection: socket.socket, buffer: bytearray) -> int:
    """Read one whole response (head + Content-Length body); its status."""
    while b"\r\n\r\n" not in buffer:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buffer += chunk
    head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(rest) < length:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        rest += chunk
    buffer[:] = rest[length:]
    return int(head.split(b" ", 2)[1])


def load(port: int, request: bytes, seconds: float, connections: int) -> tuple[int, dict[int, int]]:
    """(requests answered, count by status) in ``seconds`` over ``connections`` keep-alive
    connections."""
    stop = time.monotonic() + seconds
    counts: list[dict[int, int]] = []

    def worker() -> None:
        seen: dict[int, int] = {}
        with socket.create_connection(("127.0.0.1", port)) as connection:
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            buffer = bytearray()
            while time.monotonic() < stop:
                connection.sendall(request)
                status = read_answer(connection, buffer)
                seen[status] = seen.get(status, 0) + 1
        counts.append(seen)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total: dict[int, int] = {}
    for seen in counts:
        for status, count in seen.items():
            total[status] = total.get(status, 0) + count
    return sum(total.values()), total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--json", metavar="FILE", help="also write the raw numbers here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        credentials = Path(scratch) / "credentials.json"
        credentials.write_text(json.dumps({"aws-sigv4": {KEY: SECRET}}), encoding="utf-8")
        sigvec, sigvec_port = start(
            [
                sys.executable,
                "-m",
                "sigvec",
                "serve",
                "--port",
                "0",
                "--credentials",
                str(credentials),
                "--now",
                "2024-05-01T12:00:00Z",
            ]
        )
        bare, bare_port = start([sys.executable, "-c", BARE_SERVER])
        servers = {"sigvec serve": (sigvec, sigvec_port), "bare http.server": (bare, bare_port)}
        rows: dict[str, list[tuple[float, float]]] = {name: [] for name in servers}
        statuses: dict[str, dict[int, int]] = {}
        loads = [os.getloadavg()[0]]
        try:
            for round_index in range(args.rounds):
                order = list(servers) if round_index % 2 == 0 else list(reversed(servers))
                for name in order:
                    process, port = servers[name]
                    request = signed_request(port)
                    before = cpu_seconds(process.pid)
                    answered, by_status = load(port, request, args.seconds, args.connections)
                    cpu = cpu_seconds(process.pid) - before
                    rows[name].append((answered / args.seconds, cpu / max(answered, 1)))
                    statuses[name] = by_status
                loads.append(os.getloadavg()[0])
        finally:
            for process, _ in servers.values():
                process.terminate()
                process.wait(10)
    print(
        f"keep-alive, {args.connections} connections, {args.rounds} rounds of {args.seconds:g} s; "
        f"load average (1 min) {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores"
    )
    print(f"{'server':<18} {'requests/s (median)':>20} {'CPU µs/request':>16}  statuses")
    medians = {}
    for name, values in rows.items():
        rate = statistics.median(v[0] for v in values)
        cost = statistics.median(v[1] for v in values) * 1e6
        medians[name] = (rate, cost)
        print(f"{name:<18} {rate:>20.0f} {cost:>16.0f}  {statuses[name]}")
    (s_rate, s_cost), (b_rate, b_cost) = medians["sigvec serve"], medians["bare http.server"]
    print(
        f"sigvec serve / bare: throughput x{s_rate / b_rate:.2f}, "
        f"CPU per request x{s_cost / b_cost:.2f}"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"rows": rows, "loads": loads}, indent=2), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
