"""Shared by the benchmarks: the ports as sigvec would start them, a bare pipe, timing, tables."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sigvec.runner.build import BuildCache
from sigvec.runner.cli import DEFAULT_MANIFEST
from sigvec.runner.environment import implementation_env
from sigvec.runner.manifest import Implementation, load_manifest
from sigvec.runner.selection import load_vectors
from sigvec.runner.session import Prepared

REPOSITORY = Path(__file__).resolve().parents[1]
SIGVEC = [sys.executable, "-m", "sigvec"]

Vectors = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Port:
    """One manifest entry, resolved the way ``sigvec run`` resolves it against a build cache."""

    id: str
    language: str
    argv: list[str]
    env: dict[str, str]
    schemes: tuple[str, ...]


def ports(cache_dir: Path, manifest: Path = DEFAULT_MANIFEST) -> list[Port]:
    cache = BuildCache(cache_dir)
    found = []
    for implementation in load_manifest(manifest):
        prepared = Prepared(implementation, cache)
        found.append(
            Port(
                implementation.id,
                implementation.language,
                prepared.run_argv,
                implementation_env(prepared.env),
                implementation.schemes,
            )
        )
    return found


def implementations(manifest: Path = DEFAULT_MANIFEST) -> list[Implementation]:
    return load_manifest(manifest)


def default_vectors(directory: Path | None = None) -> Vectors:
    return load_vectors(directory=directory)


def run_requests(port: Port, vectors: Vectors) -> list[str]:
    """The ``run`` lines ``sigvec run`` sends this port, in its order, numbered as it numbers
    them (so the port does exactly the same work)."""
    lines = []
    selected = [(s, t) for s in port.schemes for t in vectors.get(s, [])]
    for seq, (scheme, test) in enumerate(selected, start=1):
        request = {
            "cmd": "run",
            "seq": seq,
            "scheme": scheme,
            "tcId": test["tcId"],
            "input": test["input"],
        }
        lines.append(json.dumps(request, ensure_ascii=False) + "\n")
    return lines


START_LINE = json.dumps({"cmd": "start", "version": 1}) + "\n"
STOP_LINE = json.dumps({"cmd": "stop"}) + "\n"


def start_port(port: Port, workdir: str) -> subprocess.Popen[bytes]:
    """The port as every benchmark starts it: its argv and environment in a scratch folder,
    stdin and stdout piped, stderr discarded."""
    return subprocess.Popen(
        port.argv,
        cwd=workdir,
        env=port.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def bare_pipe(port: Port, run_lines: Sequence[str]) -> tuple[float, int]:
    """Start the port once, write start + every run line at once, read every answer, then
    write stop (as sigvec does: a port may exit at ``stop`` before its buffered answers are
    out) and read to EOF.

    No comparison, no lock-step: the cheapest way to get these answers out of this process.
    Returns (seconds, answers read)."""
    payload = (START_LINE + "".join(run_lines)).encode("utf-8")
    expected = len(run_lines) + 1
    with tempfile.TemporaryDirectory(prefix=f"bench-{port.id}-") as workdir:
        started = time.perf_counter()
        process = start_port(port, workdir)
        writer = threading.Thread(target=_write_all, args=(process, payload), daemon=True)
        writer.start()
        assert process.stdin is not None and process.stdout is not None
        answers = 0
        while answers < expected and process.stdout.readline():
            answers += 1
        writer.join()
        _write_all(process, STOP_LINE.encode("utf-8"), close=True)
        answers += sum(1 for _ in process.stdout)
        process.wait()
        seconds = time.perf_counter() - started
    if answers != expected:
        raise RuntimeError(f"{port.id}: {answers} answer lines for {expected} requests")
    return seconds, answers


def bare_lockstep(port: Port, run_lines: Sequence[str]) -> float:
    """Like ``bare_pipe``, but one request at a time, each answer awaited before the next is
    written: what the protocol asks of a runner, without anything else sigvec does."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{port.id}-") as workdir:
        started = time.perf_counter()
        process = start_port(port, workdir)
        assert process.stdin is not None and process.stdout is not None
        for line in (START_LINE, *run_lines):
            process.stdin.write(line.encode("utf-8"))
            process.stdin.flush()
            if not process.stdout.readline():
                raise RuntimeError(f"{port.id}: no answer to {line[:80]!r}")
        process.stdin.write(STOP_LINE.encode("utf-8"))
        process.stdin.close()
        process.wait()
        return time.perf_counter() - started


def _write_all(process: subprocess.Popen[bytes], payload: bytes, close: bool = False) -> None:
    assert process.stdin is not None
    try:
        process.stdin.write(payload)
        process.stdin.flush()
        if close:
            process.stdin.close()
    except BrokenPipeError:
        pass


def timed_command(argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and exit code of a command, output discarded."""
    started = time.perf_counter()
    code = subprocess.run(
        list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
    ).returncode
    return time.perf_counter() - started, code


def sigvec_run(cache_dir: Path, *extra: str) -> list[str]:
    return [*SIGVEC, "run", "-q", "--cache-dir", str(cache_dir), *extra]


def warm_cache(cache_dir: Path, log: Callable[[str], None]) -> None:
    """Build every port once into ``cache_dir`` (a no-op when it is already warm)."""
    started = time.perf_counter()
    result = subprocess.run(sigvec_run(cache_dir), capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    tail = "\n".join((result.stdout + result.stderr).splitlines()[-25:])
    if result.returncode not in (0, 1):  # 1: some vectors did not pass, the builds are there
        raise SystemExit(
            f"benchmarks: `sigvec run --cache-dir {cache_dir}` exited {result.returncode}:\n{tail}"
        )
    if result.returncode == 1:
        log(f"warning: not every port passes every vector (timings include them):\n{tail}")
    log(f"build cache {cache_dir} ready ({seconds:.1f} s)")


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def spread(values: Sequence[float]) -> str:
    """min-max, so a reader sees how noisy a median is."""
    return f"{min(values):.3f}-{max(values):.3f}"


def table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    """A Markdown table (GitHub flavour), numbers right-aligned."""
    rows = [[_cell(value) for value in row] for row in rows]
    align = ["---:" if rows and _numeric(rows[0][i]) else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _numeric(text: str) -> bool:
    digits = text.lstrip("+-−~").replace(",", "").replace(".", "", 1)
    return digits.replace("%", "").replace("×", "").isdigit()
