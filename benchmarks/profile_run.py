"""Where ``sigvec run``'s time goes: per-vector latency, resource usage, and a py-spy profile.

- latency: the same 2 044 requests to the Go port through a bare pipelined pipe, a bare
  lock-step pipe, sigvec's own ``LineProcess`` in lock-step (reader thread + queue), and the
  prototype of the proposed fix (``_poll_prototype.py``), so the cost of the protocol's
  lock-step and of sigvec's thread hand-off are seen apart;
- usage: one warm ``sigvec run`` (whole matrix, default -j) through ``_usage_probe.py``: wall,
  CPU of sigvec's process and of the ports;
- py-spy on the same command, every thread, sampled from outside (the worker threads that
  drive the ports are seen as they run). ``--gil``: only samples holding the GIL, i.e. Python
  code running: a CPU profile (py-spy's own idle detection counts runnable-but-waiting
  threads as busy on a loaded machine; the GIL does not lie). ``--idle``: every sample, the
  wall-clock view, waiting included. Samples are put in categories by the runner function on
  their stack.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import common
from _poll_prototype import PollLineProcess

from sigvec.runner.process import LineProcess

HERE = Path(__file__).resolve().parent
FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")

# (category, function names; the first category with a function on the stack wins).
WORKER = "worker threads (run_one)"
STREAM = (
    "stream_tests",
    "iter_tests",
    "_TestStream.__iter__",
    "_TestStream.decode_one",
    "_TestStream.more",
    "SchemeTests._checked",
)
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("run_one: reading vectors (streamed JSON)", STREAM),
    ("run_one: waiting for and decoding answers", ("_receive_answer", "_receive_reply")),
    ("run_one: judging (compare, mistakes)", ("_judge",)),
    ("run_one: masking secrets in verdicts", ("_masked",)),
    ("run_one: encoding and sending requests", ("LineProcess.send", "dumps")),
    ("run_one: starting the port", ("LineProcess.__init__",)),
    ("run_one: stopping the port", ("LineProcess.close",)),
    ("run_one: build cache check", ("BuildCache.ensure",)),
    ("pipe reader threads", ("LineProcess._read_stdout", "LineProcess._read_stderr")),
    ("imports", ("_find_and_load",)),
    ("load manifest (YAML, JSON Schema)", ("load_manifest",)),
    ("reading vectors outside run_one (load_vectors; truncated stacks)", ("load_vectors", *STREAM)),
    ("cache keys (hash sources, toolchains)", ("Prepared.__init__",)),
    ("build report", ("build_report",)),
    ("console output", ("matrix_lines", "detail_lines", "summary_line")),
    ("idle in the thread pool (nothing left to run)", ("_worker", "ThreadPoolExecutor")),
)


def _function(frame: str) -> str:
    match = FRAME.match(frame.strip())
    return match["function"] if match else frame.strip()


def _frame_name(frame: str) -> str:
    match = FRAME.match(frame.strip())
    return f"{match['function']} ({match['file']})" if match else frame.strip()


def _role(thread: str) -> str:
    if "ThreadPoolExecutor" in thread:
        return WORKER
    if "(_read_" in thread:
        return "pipe reader threads"
    return "main thread"  # also unnamed: the main thread before `threading` is imported


def category(functions: list[str]) -> str:
    if not functions:
        return "interpreter start-up and exit (no Python frame)"
    present = set(functions)
    inside_run_one = "run_one" in present
    for name, markers in CATEGORIES:
        if name.startswith("run_one") != inside_run_one:
            continue
        if any(marker in present for marker in markers):
            return name
    return "run_one: other" if inside_run_one else "other"


def aggregate(raw: Path) -> dict[str, Any]:
    roles: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    leaf: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        thread, *frames = stack.split(";")
        total += count
        roles[_role(thread)] += count
        categories[category([_function(f) for f in frames])] += count
        names = [_frame_name(frame) for frame in frames]
        for name in set(names):
            inclusive[name] += count
        if names:
            leaf[names[-1]] += count
    return {
        "total": total,
        "roles": dict(roles),
        "categories": dict(categories.most_common()),
        "inclusive": dict(inclusive.most_common(80)),
        "leaf": dict(leaf.most_common(25)),
    }


def record(cache_dir: Path, out: Path, mode: str, rate: int, runs: int) -> Path:
    """``runs`` recordings of the same command, concatenated (raw format adds up)."""
    if shutil.which("py-spy") is None:
        raise SystemExit("benchmarks: py-spy not found; pip install -r benchmarks/requirements.txt")
    target = out / f"py-spy-{mode}.txt"
    parts = []
    for run in range(runs):
        part = out / f"py-spy-{mode}-{run}.txt"
        argv = ["py-spy", "record", "--nonblocking", "-o", str(part), "-f", "raw", "--threads"]
        argv += ["-r", str(rate), "--gil" if mode == "gil" else "--idle"]
        argv += ["--", *common.sigvec_run(cache_dir)]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        parts.append(part.read_text(encoding="utf-8", errors="replace"))
        part.unlink()
    target.write_text("".join(parts), encoding="utf-8")
    return target


def _line_process_lockstep(port: common.Port, lines: list[str]) -> float:
    """sigvec's own process layer (reader thread + queue), lock-step, nothing else."""
    with tempfile.TemporaryDirectory(prefix="bench-lineprocess-") as workdir:
        started = time.perf_counter()
        process = LineProcess(port.argv, Path(workdir), port.env)
        for line in (common.START_LINE, *lines):
            process.send(line)
            if process.receive(30.0) is None:
                raise RuntimeError(f"{port.id}: no answer to {line[:80]!r}")
        process.send(common.STOP_LINE)
        process.close()
        return time.perf_counter() - started


def _poll_lockstep(port: common.Port, lines: list[str]) -> float:
    """The prototype of fix 2: the same loop, stdout polled in the calling thread."""
    with tempfile.TemporaryDirectory(prefix="bench-poll-") as workdir:
        started = time.perf_counter()
        process = PollLineProcess(port.argv, Path(workdir), port.env)
        for line in (common.START_LINE, *lines):
            process.send(line)
            if process.receive(30.0) is None:
                raise RuntimeError(f"{port.id}: no answer to {line[:80]!r}")
        process.send(common.STOP_LINE)
        process.close()
        return time.perf_counter() - started


def latency(cache_dir: Path, port_id: str, copies: int, repeat: int) -> dict[str, Any]:
    """Per-vector cost of talking to a fast port, four ways, alternating, medians."""
    port = next(p for p in common.ports(cache_dir) if p.id == port_id)
    lines = common.run_requests(port, common.default_vectors()) * copies
    modes = {
        "bare pipe, pipelined": lambda: common.bare_pipe(port, lines)[0],
        "bare pipe, lock-step (read in the same thread)": lambda: common.bare_lockstep(port, lines),
        "sigvec's LineProcess, lock-step (reader thread + queue)": lambda: _line_process_lockstep(
            port, lines
        ),
        "prototype: stdout polled in the calling thread (`_poll_prototype.py`)": lambda: (
            _poll_lockstep(port, lines)
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in modes}
    names = list(modes)
    for round_number in range(repeat):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(modes[name]())
    return {"port": port_id, "requests": len(lines), "times": times}


def usage(cache_dir: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-usage-") as scratch:
        probe = Path(scratch) / "usage.json"
        argv = [sys.executable, str(HERE / "_usage_probe.py"), str(probe)]
        seconds, code = common.timed_command([*argv, *common.sigvec_run(cache_dir)[3:]])
        found = json.loads(probe.read_text(encoding="utf-8"))
    return {"seconds": seconds, "exit": code, **found}


def measure(cache_dir: Path, out: Path, rate: int, log, quick: bool = False) -> dict[str, Any]:
    log("profile: per-vector latency, four ways")
    found: dict[str, Any] = {"latency": latency(cache_dir, "go", 14, 3 if quick else 7)}
    log("profile: resource usage of one warm run")
    found["usage"] = usage(cache_dir)
    runs = {"gil": 2 if quick else 6, "idle": 1 if quick else 3}
    for mode, count in runs.items():
        log(f"profile: py-spy --{mode}, {count} runs")
        raw = record(cache_dir, out, mode, rate, count)
        found[mode] = {"file": str(raw), "runs": count, **aggregate(raw)}
    found["rate"] = rate
    return found


def _project(name: str) -> bool:
    file = name.rsplit("(", 1)[-1]
    return file.startswith(("runner/", "reference/", "sigvec/", "vectors/"))


def report(data: dict[str, Any], top: int = 15) -> list[str]:
    latency_data, used, rate = data["latency"], data["usage"], data["rate"]
    rows = [
        [name, common.median(t), f"{common.median(t) / latency_data['requests'] * 1e6:.0f}"]
        for name, t in latency_data["times"].items()
    ]
    lines = [
        "### Where the time goes: latency, CPU, profile",
        "",
        f"Per-vector cost of the conversation itself: {latency_data['requests']} requests (the "
        f"shipped vectors repeated) to the {latency_data['port']} port, four ways, "
        f"alternating, median of {len(next(iter(latency_data['times'].values())))}:",
        "",
        *common.table(["how", "seconds", "µs per vector"], rows),
        "",
        f"One warm `sigvec run` (whole matrix, default -j): {used['seconds']:.2f} s wall; "
        f"sigvec's own process {used['self']['cpu_seconds']:.2f} CPU-s (peak RSS "
        f"{used['self']['peak_kib'] / 1024:.0f} MiB); the ports together "
        f"{used['children']['cpu_seconds']:.2f} CPU-s.",
        "",
    ]
    gil = data["gil"]
    lines += [
        f"py-spy `--gil --nonblocking` at {rate} Hz over {gil['runs']} runs (samples where "
        f"Python code holds the GIL: sigvec's CPU), {gil['total']} samples ≈ "
        f"{gil['total'] / rate / gil['runs']:.2f} s per run. By thread: "
        + ", ".join(f"{role} {count / gil['total']:.0%}" for role, count in gil["roles"].items())
        + ". By what the sample is doing:",
        "",
        *common.table(
            ["category", "share of sigvec's CPU", "≈ CPU-s per run"],
            [
                [name, f"{count / gil['total']:.1%}", f"{count / rate / gil['runs']:.3f}"]
                for name, count in gil["categories"].items()
            ],
        ),
        "",
        "Top project functions (inclusive, nested ones overlap) and innermost frames, `--gil`:",
        "",
    ]
    project = [(n, c) for n, c in gil["inclusive"].items() if _project(n)][:top]
    leaves = list(gil["leaf"].items())[:top]
    width = max(len(project), len(leaves))
    lines += common.table(
        ["project function", "share", "innermost frame", "share"],
        [
            [
                f"`{project[i][0]}`" if i < len(project) else "",
                f"{project[i][1] / gil['total']:.1%}" if i < len(project) else "",
                f"`{leaves[i][0]}`" if i < len(leaves) else "",
                f"{leaves[i][1] / gil['total']:.1%}" if i < len(leaves) else "",
            ]
            for i in range(width)
        ],
    )
    lines.append("")
    wall = data.get("idle")
    if wall:
        worker_total = wall["roles"].get(WORKER, 0)
        worker_rows = [
            [name, f"{count / worker_total:.1%}", f"{count / rate / wall['runs']:.2f}"]
            for name, count in wall["categories"].items()
            if name.startswith(("run_one", "idle in the thread pool"))
        ]
        lines += [
            f"py-spy `--idle` (wall clock, waiting included, {wall['runs']} runs): the worker "
            f"threads' {worker_total / rate / wall['runs']:.2f} thread-seconds per run, by "
            "what they were doing:",
            "",
            *common.table(["category", "share of worker wall time", "≈ s per run"], worker_rows),
            "",
        ]
    lines += [
        "Raw py-spy files (`py-spy-*.txt`, flamegraph raw format) are in the output folder.",
        "",
    ]
    return lines
