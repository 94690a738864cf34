"""Shared by the tests of ``sigvec serve`` and ``sigvec probe``: a verifying server on loopback,
run in a thread of the test process, and a raw HTTP sender."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sigvec.runner.serve import VerifyingServer

AWS_KEY, AWS_SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
CREDENTIALS = {
    "aws-sigv4": {
        AWS_KEY: AWS_SECRET,
        "AKIAIOSFODNN7EXAMPLE": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    },
    "aws-sigv4-streaming": {AWS_KEY: AWS_SECRET},
    "tencent-tc3": {"AKIDtencent": "tencent-secret-EXAMPLE"},
    "aliyun-rpc": {"testid": "testsecret"},
    "aliyun-acs3": {"LTAI5tExampleAccessKey": "ExampleAccessKeySecret0123456789"},
    "iflytek": {"zmeet": "ba9e07dc-1d79-4f7a-ab49-0205d3c0e073", "xxx": "xxx"},
    "iflytek-ws": {"keyxxxxxxxx8ee279348519exxxxxxxx": "secretxxxxxxxx2df7900c09xxxxxxxx"},
}


@contextmanager
def running_server(**options: Any) -> Iterator[VerifyingServer]:
    """A ``VerifyingServer`` on 127.0.0.1, any free port, stopped on exit."""
    server = VerifyingServer(("127.0.0.1", 0), options.pop("credentials", CREDENTIALS), **options)
    with serving(server):
        yield server


@contextmanager
def serving(server: VerifyingServer) -> Iterator[VerifyingServer]:
    """``server`` (bound to loopback) serving in a thread, stopped on exit."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def send(
    server: VerifyingServer, method: str, target: str, headers: list[list[str]], body: bytes = b""
) -> Answer:
    """Send exactly these headers (Host included, nothing added but Content-Length if they
    have none)."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
    for name, value in headers:
        connection.putheader(name, value.encode("utf-8"))
    sent_length = any(name.lower() == "content-length" for name, _ in headers)
    if (body or method in ("POST", "PUT")) and not sent_length:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    answer = Answer(response.status, response.headers, response.read())
    connection.close()
    return answer
