"""A prototype for the proposed fix of sigvec's per-vector hand-off (README, fix 2).

``PollLineProcess`` reads the port's stdout in the calling thread: a non-blocking pipe,
``select.poll`` with the remaining time, lines split from its own buffer. Only what the latency
benchmark needs (no line cap, no stderr tail, no process group): it measures the idea, it is not
the fix.
"""

from __future__ import annotations

import os
import select
import subprocess
import time
from pathlib import Path


class PollLineProcess:
    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str]) -> None:
        self._process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self._process.stdout is not None
        self._fd = self._process.stdout.fileno()
        os.set_blocking(self._fd, False)
        self._poll = select.poll()
        self._poll.register(self._fd, select.POLLIN)
        self._buffer = bytearray()
        self._eof = False

    def send(self, line: str) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write(line.encode("utf-8"))
        self._process.stdin.flush()

    def receive(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while True:
            end = self._buffer.find(b"\n")
            if end >= 0:
                line = bytes(self._buffer[:end])
                del self._buffer[: end + 1]
                return line.decode("utf-8", errors="replace")
            if self._eof:
                return None
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._poll.poll(remaining * 1000):
                raise TimeoutError(f"no answer within {timeout:g} s")
            chunk = os.read(self._fd, 1 << 16)
            self._eof = not chunk
            self._buffer += chunk

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait()
