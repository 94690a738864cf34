"""A child process spoken to in lines, with timeouts, an output cap and a kept stderr tail."""

from __future__ import annotations

import contextlib
import os
import queue
import resource
import signal
import subprocess
import threading
from collections import deque
from pathlib import Path

from . import children

MAX_LINE_BYTES = 32 * 1024 * 1024  # one protocol line; a 10 MB body hex-encoded fits
MAX_OUTPUT_BYTES = 1024 * 1024 * 1024  # all stdout of one process: past it, it is killed
STDERR_TAIL_BYTES = 8 * 1024
MAX_FILE_BYTES = 1024 * 1024 * 1024  # RLIMIT_FSIZE: no file larger than this
MAX_PROCESSES = 4096  # RLIMIT_NPROC (not enforced for root: the process group kill is)

_live: set[LineProcess] = set()
_live_lock = threading.Lock()
_stopping = threading.Event()


def kill_all() -> None:
    """Kill every process started here, and theirs, and refuse new ones (on Ctrl-C, SIGTERM,
    SIGHUP): none outlives the runner."""
    _stopping.set()
    with _live_lock:
        processes = list(_live)
    for process in processes:
        process.abort()
    children.kill_tree(None, children.run_token())


def allow_processes() -> None:
    """A new run in the same interpreter (tests, the pytest plugin) may start processes again;
    orphans among their descendants come back to this process, to be killed and reaped."""
    _stopping.clear()
    children.become_subreaper()


def stopping() -> bool:
    return _stopping.is_set()


def register(process: LineProcess | Tracked) -> None:
    with _live_lock:
        _live.add(process)


def unregister(process: LineProcess | Tracked) -> None:
    with _live_lock:
        _live.discard(process)


class Tracked:
    """A ``subprocess.Popen`` (a build step) started with ``owned_env`` and killed, with its
    whole tree, by ``kill_all``."""

    def __init__(self, popen: subprocess.Popen, token: str) -> None:
        self.popen, self.token = popen, token

    def kill(self) -> None:
        root = self.popen.pid if self.popen.returncode is None else None
        children.kill_tree(root, self.token)

    abort = kill

    def cleanup(self) -> None:
        """After the step ended: whatever it left behind."""
        children.kill_tree(None, self.token)


def owned_env(env: dict[str, str]) -> tuple[dict[str, str], str]:
    """``env`` marked with a new owner token (see ``children``), and the token."""
    token = children.new_owner_token()
    return {**env, children.OWNER_VARIABLE: token}, token


def _limit_resources() -> None:  # runs in the child, before exec
    children.die_with_parent()
    for limit, value in (
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_FSIZE, MAX_FILE_BYTES),
        (resource.RLIMIT_NPROC, MAX_PROCESSES),
    ):
        with contextlib.suppress(ValueError, OSError):
            soft, hard = resource.getrlimit(limit)
            capped = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(limit, (capped, hard))


class LineTooLong(Exception):
    pass


# How long a crashed child's last stderr bytes may take to reach the tail (a grandchild that
# keeps stderr open must not stall the report).
STDERR_DRAIN_SECONDS = 1.0


class LineProcess:
    """Start ``argv`` in its own process group; ``send`` lines, ``receive`` lines with a timeout.

    Reading happens in a thread, so a silent child costs a timeout, never a hang; the whole
    process group is killed on ``close``, so a child's children go too.
    """

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str]) -> None:
        if _stopping.is_set():
            raise OSError(0, "the runner is stopping")
        env, self._token = owned_env(env)
        self._process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=_limit_resources,
        )
        register(self)
        self._output_bytes = 0
        self._lines: queue.Queue[bytes | None | LineTooLong] = queue.Queue()
        self._stderr: deque[bytes] = deque()
        self._stderr_size = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._read_stdout, daemon=True).start()
        self._stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._stderr_reader.start()

    @property
    def pid(self) -> int:
        return self._process.pid

    def _read_stdout(self) -> None:
        assert self._process.stdout is not None
        stream = self._process.stdout
        while True:
            line = stream.readline(MAX_LINE_BYTES + 1)
            if not line:
                self._lines.put(None)
                return
            self._output_bytes += len(line)
            if self._output_bytes > MAX_OUTPUT_BYTES:
                self.kill()
                self._lines.put(LineTooLong(f"more than {MAX_OUTPUT_BYTES} bytes on stdout"))
                self._lines.put(None)
                return
            if len(line) > MAX_LINE_BYTES:
                self._lines.put(LineTooLong(f"a line of more than {MAX_LINE_BYTES} bytes"))
                # Drain the rest of the overlong line without keeping it.
                while line and not line.endswith(b"\n"):
                    line = stream.readline(1024 * 1024)
                continue
            self._lines.put(line)

    def _read_stderr(self) -> None:
        assert self._process.stderr is not None
        for chunk in iter(lambda: self._process.stderr.read1(4096), b""):  # type: ignore[union-attr]
            with self._lock:
                self._stderr.append(chunk)
                self._stderr_size += len(chunk)
                while self._stderr_size - len(self._stderr[0]) >= STDERR_TAIL_BYTES:
                    self._stderr_size -= len(self._stderr.popleft())

    def send(self, line: str) -> bool:
        """False when the child no longer reads its stdin."""
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(line.encode("utf-8"))
            self._process.stdin.flush()
        except (BrokenPipeError, ConnectionResetError, ValueError):
            return False
        return True

    def receive(self, timeout: float) -> str | None:
        """The next line without its newline; None at end of output.

        Raises ``TimeoutError`` after ``timeout`` seconds and ``LineTooLong`` for a line over
        the cap."""
        try:
            item = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"no answer within {timeout:g} s") from None
        if isinstance(item, LineTooLong):
            raise item
        if item is None:
            self._lines.put(None)  # stay at end of output for later calls
            return None
        return item.decode("utf-8", errors="replace").rstrip("\r\n")

    def stderr_tail(self, limit: int = 2000) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=STDERR_DRAIN_SECONDS / 4)  # closing stdout, exiting
        if self._process.poll() is not None:  # exited: let the reader take the last chunk
            self._stderr_reader.join(timeout=STDERR_DRAIN_SECONDS)
        with self._lock:
            text = b"".join(self._stderr).decode("utf-8", errors="replace")
        return text[-limit:].strip()

    def exit_code(self) -> int | None:
        return self._process.poll()

    def close(self, grace: float = 2.0) -> int | None:
        """Close stdin, wait ``grace`` seconds, then kill the process and all it started."""
        with contextlib.suppress(OSError, ValueError):
            self._process.stdin.close()  # type: ignore[union-attr]
        try:
            return self._process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.kill()
            return self._process.wait()
        finally:
            self._kill_group()
            children.kill_tree(None, self._token)  # setsid() children, orphans
            self._stderr_reader.join(timeout=grace)  # its last words belong in the tail
            unregister(self)

    def kill(self) -> None:
        # The tree first, while the parent links still show it; then the process group.
        root = self._process.pid if self._process.returncode is None else None
        children.kill_tree(root, self._token)
        self._kill_group()
        with contextlib.suppress(OSError):
            self._process.kill()

    def abort(self) -> None:
        """``kill``, and end the output now: a reader waits for no stray holder of the pipe."""
        self.kill()
        self._lines.put(None)

    def _kill_group(self) -> None:
        with contextlib.suppress(OSError):
            os.killpg(self._process.pid, signal.SIGKILL)
