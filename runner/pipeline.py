"""Pipelined requests: up to N ``run`` requests in flight, their answers matched back by ``seq``.

An implementation that announces ``"pipeline": N`` in its ``start`` answer reads requests
while earlier answers are still on their way; the runner then writes ahead instead of
waiting a round trip per vector. Requests are written by a thread of their own, so a full
pipe (an implementation busy writing answers, or hung) never blocks the runner from reading
answers and timing out.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .process import LineProcess

MAX_DEPTH = 256  # more in flight gains nothing and only delays the detection of a hang


def pipeline_depth(start_answer: dict[str, Any]) -> int:
    """Requests the implementation accepts in flight: its ``pipeline`` (1 when absent or not
    a positive whole number), at most ``MAX_DEPTH``."""
    depth = start_answer.get("pipeline", 1)
    if type(depth) is not int or depth < 1:
        return 1
    return min(depth, MAX_DEPTH)


@dataclass(slots=True)
class InFlight:
    """A request sent and not yet answered."""

    seq: int
    scheme: str
    test: dict[str, Any]
    problems: list[str] = field(default_factory=list)  # stray output seen while it waited


class RequestWriter:
    """Writes lines to the process from its own thread, in order; after the process stops
    reading (``closed``), the rest are dropped."""

    def __init__(self, process: LineProcess) -> None:
        self._process = process
        self._lines: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self.closed = threading.Event()
        threading.Thread(target=self._write, daemon=True, name="sigvec-writer").start()

    def _write(self) -> None:
        while (line := self._lines.get()) is not None:
            if not self._process.send(line):
                self.closed.set()
                return

    def send(self, line: str) -> bool:
        """Queue ``line``; False once the process has stopped reading."""
        if self.closed.is_set():
            return False
        self._lines.put(line)
        return True

    def finish(self) -> None:
        """Write what is queued, then end the thread."""
        self._lines.put(None)


class Window:
    """The requests in flight, oldest first, and how the next answer resolves them."""

    def __init__(
        self, process: LineProcess, depth: int, shown: Callable[[Any], str] = repr
    ) -> None:
        self.depth = depth
        self._shown = shown  # a value the implementation wrote, as a message may quote it
        self.pending: deque[InFlight] = deque()
        self._writer = RequestWriter(process) if depth > 1 else None
        self._process = process

    @property
    def full(self) -> bool:
        return len(self.pending) >= self.depth

    def send(self, request: InFlight, line: str) -> bool:
        """Write ``line`` (the request); False when the process no longer reads its stdin."""
        sent = self._writer.send(line) if self._writer else self._process.send(line)
        if sent:
            self.pending.append(request)
        return sent

    def resolve(self, answer: dict[str, Any]) -> list[InFlight]:
        """The requests ``answer`` settles, oldest first: the one it answers comes last; any
        older one it overtook got no answer (noted in its ``problems``). An answer whose
        ``seq`` is not in flight is the oldest request's, mislabelled."""
        seq = answer.get("seq")
        head = self.pending[0]
        if type(seq) is not int or not any(request.seq == seq for request in self.pending):
            head.problems.append(f"expected seq {head.seq}, got {self._shown(seq)}")
            return [self.pending.popleft()]
        settled = []
        while True:
            request = self.pending.popleft()
            settled.append(request)
            if request.seq == seq:
                return settled
            request.problems.append(f"no answer (the answer to seq {seq} came first)")

    def finish(self) -> None:
        if self._writer is not None:
            self._writer.finish()
