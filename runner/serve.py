"""``sigvec serve``: a local endpoint that verifies every request it receives.

Any scheme with a reference verifier, detected from the request. Accepted: 200 with
``{"verified": true, "scheme", "key"}``; rejected: 403 in the vendor's error shape with
``X-Sigvec-Reason`` and, when a catalogued mistake reproduces the received signature,
``X-Sigvec-Mistake``. Bad input (a malformed request, a huge header, a slow client, a garbage
body) gets 400 and the server goes on. Stdlib only: one thread per connection, keep-alive,
bounded reads, a socket timeout.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, Any

from sigvec.reference.encoding import ascii_digits
from sigvec.reference.verify import (
    NonceStore,
    Request,
    Settings,
    Verdict,
    detect_scheme,
    reproducing_mistakes,
    verify,
)
from sigvec.text import json_text

from .credentials import Credentials, secret_values
from .secrets import mask
from .vendor_errors import accepted_body, rejected_body
from .verify_command import request_secrets

MAX_BODY = 16 * 1024 * 1024
MAX_CHUNK_LINE = 1024
SOCKET_TIMEOUT = 10.0  # a client silent this long is dropped: slow clients cannot pin threads
REASON_HEADER = "X-Sigvec-Reason"
MISTAKE_HEADER = "X-Sigvec-Mistake"


class BadRequest(Exception):
    """A request sigvec cannot even read: answered 400, then the connection is closed."""


class VerifyingServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        credentials: Credentials,
        now: float | None = None,
        log: IO[str] | None = None,
        settings: Settings | None = None,
        socket_timeout: float = SOCKET_TIMEOUT,
    ) -> None:
        super().__init__(address, VerifyingHandler)
        self.socket_timeout = socket_timeout
        self.credentials = credentials
        self.fixed_now = now
        self.log = log
        self.settings = settings or Settings()
        self.nonces = NonceStore(keep_seconds=2 * self.settings.aliyun_skew_seconds)
        self.log_lock = threading.Lock()
        self.secrets = secret_values(credentials)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def now(self) -> float:
        return self.fixed_now if self.fixed_now is not None else time.time()

    def verdict_for(self, request: Request) -> Verdict:
        """The verdict on one received request, any scheme (detected from the request)."""
        scheme = detect_scheme(request)
        if scheme is None:
            return Verdict("unknown", reason="missing-auth", message="no signature of any scheme")
        return verify(
            scheme,
            request,
            self.credentials.get(scheme, {}),
            self.now(),
            settings=self.settings,
            nonces=self.nonces,
        )

    def write_log(self, entry: dict[str, Any], extra_secrets: dict[str, str]) -> None:
        if self.log is None:
            return
        line = json_text(mask(entry, {**self.secrets, **extra_secrets}))
        with self.log_lock:
            self.log.write(line + "\n")
            self.log.flush()


def _text(raw: str) -> str:
    """http.server decodes the head as Latin-1; take the bytes as sent, as UTF-8 if they are."""
    try:
        data = raw.encode("latin-1")
    except UnicodeEncodeError:
        return raw
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return raw


class VerifyingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    # The head and the body are two writes: with Nagle's algorithm the second waits for the
    # client's delayed ACK (~40 ms a request on keep-alive connections).
    disable_nagle_algorithm = True
    server_version = "sigvec"
    sys_version = ""
    timeout = SOCKET_TIMEOUT
    server: VerifyingServer

    def setup(self) -> None:
        self.timeout = self.server.socket_timeout
        super().setup()

    def version_string(self) -> str:
        return "sigvec"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass  # the JSON-lines log (--log) is the record; stderr stays quiet

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Unreadable requests (a bad request line, a header too long, too many headers): 400."""
        if code in (414, 431):
            code = 400
        self.close_connection = True
        self.request_version = "HTTP/1.1"  # an unreadable request line still gets a status line
        self.server.write_log(
            {"client": self.client_address[0], "status": code, "error": message or ""}, {}
        )
        self._answer(code, "application/json", _json({"error": message or "bad request"}), {})

    def _answer(self, status: int, content_type: str, body: bytes, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            self.close_connection = True

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not ascii_digits(length.strip()):
            raise BadRequest(f"Content-Length {length[:20]!r} is not a number")
        size = int(length)
        if size > MAX_BODY:
            raise BadRequest(f"body of {size} bytes is over the limit of {MAX_BODY}")
        body = self.rfile.read(size)
        if len(body) < size:
            raise BadRequest("the body ended before Content-Length")
        return body

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            line = self.rfile.readline(MAX_CHUNK_LINE + 1)
            if len(line) > MAX_CHUNK_LINE or not line.endswith(b"\n"):
                raise BadRequest("a chunk size line is too long or cut off")
            size_text = line.split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise BadRequest(f"chunk size {size_text[:20]!r} is not hex") from None
            if size == 0:
                while self.rfile.readline(MAX_CHUNK_LINE + 1) not in (b"\r\n", b"\n", b""):
                    pass  # trailer fields
                return bytes(body)
            if len(body) + size > MAX_BODY:
                raise BadRequest(f"chunked body over the limit of {MAX_BODY} bytes")
            body += self.rfile.read(size)
            self.rfile.readline(MAX_CHUNK_LINE + 1)

    def _received(self, body: bytes) -> Request:
        target = _text(self.path)
        if not target.startswith("/"):
            if "://" not in target:
                raise BadRequest(f"request target {target[:60]!r} does not start with '/'")
            target = "/" + target.split("://", 1)[1].partition("/")[2]
        headers = tuple((name, _text(value)) for name, value in self.headers.items())
        return Request(self.command, target, headers, body)

    def _handle(self) -> None:
        started = time.perf_counter()
        try:
            request = self._received(self._read_body())
        except BadRequest as exc:
            self.send_error(400, str(exc))
            return
        except (OSError, ValueError) as exc:  # a timeout or a broken connection mid-body
            self.close_connection = True
            self.server.write_log({"client": self.client_address[0], "error": str(exc)}, {})
            return
        verdict = self.server.verdict_for(request)
        mistakes = (
            [m.id for m in reproducing_mistakes(verdict)]
            if verdict.reason == "signature-mismatch"
            else []
        )
        if verdict.valid:
            status, (content_type, body) = 200, accepted_body(verdict)
            headers: dict[str, str] = {}
        else:
            status = 403
            if verdict.scheme == "unknown":
                content_type = "application/json"
                body = _json(
                    {"verified": False, "reason": verdict.reason, "message": verdict.message}
                )
            else:
                content_type, body = rejected_body(verdict, mistakes)
            headers = {REASON_HEADER: verdict.reason or "missing-auth"}
            if mistakes:
                headers[MISTAKE_HEADER] = ",".join(mistakes)
        self.server.write_log(  # before the answer: a client that has it finds the line
            {
                "time": round(time.time(), 3),
                "client": self.client_address[0],
                "method": request.method,
                "target": request.target,
                "scheme": verdict.scheme,
                "status": status,
                "verdict": "valid" if verdict.valid else "invalid",
                "reason": verdict.reason,
                "message": verdict.message,
                "mistakes": mistakes,
                "key": verdict.key_id,
                "intermediates": verdict.intermediates,
                "ms": round((time.perf_counter() - started) * 1000, 3),
            },
            request_secrets(request),
        )
        self._answer(status, content_type, body, headers)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _handle


def _json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=True).encode("ascii")


def serve(
    host: str,
    port: int,
    credentials: Credentials,
    now: float | None,
    log: IO[str] | None,
    settings: Settings | None = None,
    out: IO[str] = sys.stdout,
) -> int:
    """Serve until interrupted; the first line on ``out`` says where."""
    try:
        server = VerifyingServer((host, port), credentials, now, log, settings)
    except (OSError, socket.gaierror) as exc:
        from sigvec.errors import UsageError

        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    print(f"listening on {server.url}", file=out, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
