"""5. Scale: N synthetic iflytek vectors through one port, with peak memory, N up to 100 000.

Vectors: distinct synthetic inputs (ASCII and Chinese app ids, consecutive timestamps, random
secrets) with intermediates, outputs and the catalogued mistakes' consequences computed by the
reference, exactly as ``build_vector_file`` does for the shipped ones, so each test is as big
as a real one. Generated once per N_max in parallel and cached under the scratch folder.

Per N: ``sigvec run --vectors-dir DIR --impl PORT --scheme iflytek -j 1`` (DIR: the big
iflytek.json plus the other three shipped files, which the runner also loads) through
``_usage_probe.py`` for the peak RSS of sigvec itself and of the port; the bare pipe of the same
N vectors alongside. At the largest N, ``_stage_probe.py`` shows which stage the memory
goes to.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import common

from sigvec.reference import sign
from sigvec.reference.mistakes import consequences
from sigvec.vectors import DIRECTORY as SHIPPED_VECTORS
from sigvec.vectors import SCHEME_IDS, load

HERE = Path(__file__).resolve().parent
GENERATOR_VERSION = 1  # bump when the synthetic tests change
CHUNK = 5000
PROBE_MAX = 100_000


def synthetic_test(index: int) -> dict[str, Any]:
    rng = random.Random(index)
    app_id = f"app{index:07d}" if index % 10 else f"应用{index}"
    inp = {
        "app_id": app_id,
        "ts": str(1674496098 + index),
        "app_secret": "".join(rng.choice("0123456789abcdef") for _ in range(32)),
    }
    signed = sign("iflytek", inp, validate=False)
    return {
        "tcId": index + 1,
        "comment": "synthetic",
        "flags": [],
        "input": inp,
        "intermediates": signed.intermediates,
        "output": signed.output,
        "result": "valid",
        "mistakes": consequences("iflytek", inp, signed),
    }


def _chunk(start: int) -> str:
    """Tests ``start`` .. ``start + CHUNK - 1``, one compact JSON line each."""
    return "".join(
        json.dumps(synthetic_test(i), ensure_ascii=False, separators=(",", ":")) + "\n"
        for i in range(start, start + CHUNK)
    )


def synthetic_file(count: int, scratch: Path, log) -> Path:
    """A JSON-lines file of at least ``count`` synthetic tests (generated once, in parallel,
    written as generated: a million tests never sit in memory)."""
    pattern = f"iflytek-synthetic-v{GENERATOR_VERSION}-*.jsonl"
    for cached in sorted(scratch.glob(pattern), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        if int(cached.stem.rsplit("-", 1)[1]) >= count:
            log(f"scale: reusing {cached}")
            return cached
    rounded = -(-count // CHUNK) * CHUNK
    target = scratch / f"iflytek-synthetic-v{GENERATOR_VERSION}-{rounded}.jsonl"
    log(f"scale: generating {rounded} synthetic iflytek vectors (once; cached in {scratch})")
    started = time.perf_counter()
    scratch.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with ProcessPoolExecutor(max_workers=2) as pool, partial.open("w", encoding="utf-8") as out:
        for text in pool.map(_chunk, range(0, rounded, CHUNK)):
            out.write(text)
    partial.rename(target)
    log(f"scale: generated in {time.perf_counter() - started:.1f} s")
    return target


def synthetic_lines(source: Path, count: int) -> Iterator[str]:
    """The first ``count`` tests of ``source``, as compact JSON text (no newline)."""
    with source.open(encoding="utf-8") as handle:
        for line in itertools.islice(handle, count):
            yield line.rstrip("\n")


def write_vectors_dir(directory: Path, source: Path, count: int) -> int:
    """The big iflytek.json (compact JSON, written test by test) beside the other shipped
    files; returns its size."""
    directory.mkdir(parents=True, exist_ok=True)
    for scheme in SCHEME_IDS:
        if scheme != "iflytek":
            shutil.copyfile(SHIPPED_VECTORS / f"{scheme}.json", directory / f"{scheme}.json")
    envelope = load("iflytek")
    envelope["numberOfTests"] = count
    envelope["testGroups"] = [{"type": "IflytekSignatureTest", "tests": "\x00TESTS\x00"}]
    before, after = json.dumps(envelope, ensure_ascii=False).split(json.dumps("\x00TESTS\x00"))
    target = directory / "iflytek.json"
    with target.open("w", encoding="utf-8") as out:
        out.write(before + "[")
        for index, text in enumerate(synthetic_lines(source, count)):
            out.write(("," if index else "") + text)
        out.write("]" + after)
    return target.stat().st_size


def request_lines(source: Path, count: int) -> list[str]:
    """The ``run`` lines sigvec sends for the first ``count`` tests (the port's work)."""
    lines = []
    for seq, text in enumerate(synthetic_lines(source, count), start=1):
        test = json.loads(text)
        request = {"cmd": "run", "seq": seq, "scheme": "iflytek", "tcId": test["tcId"]}
        request["input"] = test["input"]
        lines.append(json.dumps(request, ensure_ascii=False) + "\n")
    return lines


def port_peak_kib(port: common.Port, lines: list[str]) -> int:
    """The port's VmHWM after answering every line, read before it is told to stop."""
    with tempfile.TemporaryDirectory(prefix="bench-port-peak-") as workdir:
        process = common.start_port(port, workdir)
        assert process.stdin is not None and process.stdout is not None
        payload = (common.START_LINE + "".join(lines)).encode("utf-8")
        writer = threading.Thread(target=_write, args=(process.stdin, payload), daemon=True)
        writer.start()
        for _ in range(len(lines) + 1):
            process.stdout.readline()
        writer.join()
        with open(f"/proc/{process.pid}/status", encoding="ascii") as handle:
            peak = next(int(line.split()[1]) for line in handle if line.startswith("VmHWM:"))
        process.stdin.write(common.STOP_LINE.encode())
        process.stdin.close()
        process.wait()
    return peak


def _write(stream, payload: bytes) -> None:
    stream.write(payload)
    stream.flush()


def measure(cache_dir: Path, sizes: list[int], port_id: str, scratch: Path, log):
    source = synthetic_file(max(sizes), scratch, log)
    port = next(p for p in common.ports(cache_dir) if p.id == port_id)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sigvec-bench-scale-") as temporary:
        for size in sizes:
            directory = Path(temporary) / f"n{size}"
            file_bytes = write_vectors_dir(directory, source, size)
            log(f"scale: {port_id}, {size} vectors")
            seconds, usage = _probed_run(cache_dir, directory, port_id, Path(temporary))
            requests = request_lines(source, size)
            bare, _ = common.bare_pipe(port, requests)
            rows.append(
                {
                    "vectors": size,
                    "file_bytes": file_bytes,
                    "sigvec_seconds": seconds,
                    "bare_seconds": bare,
                    "self_kib": usage["self"]["peak_kib"],
                    "children_kib": port_peak_kib(port, requests),
                    "self_cpu": usage["self"]["cpu_seconds"],
                    "children_cpu": usage["children"]["cpu_seconds"],
                }
            )
        # --report/--junit and the stage breakdown: at the largest N up to PROBE_MAX (each is
        # one more whole run; the JUnit XML of a million test cases is built in memory).
        probed_size = max([size for size in sizes if size <= PROBE_MAX] or [min(sizes)])
        largest = Path(temporary) / f"n{probed_size}"
        log(f"scale: {port_id}, {probed_size} vectors, with --report and --junit")
        report_file, junit_file = Path(temporary) / "report.json", Path(temporary) / "junit.xml"
        seconds, usage = _probed_run(
            cache_dir,
            largest,
            port_id,
            Path(temporary),
            "--report",
            str(report_file),
            "--junit",
            str(junit_file),
        )
        with_report = {
            "vectors": probed_size,
            "sigvec_seconds": seconds,
            "self_kib": usage["self"]["peak_kib"],
            "report_bytes": report_file.stat().st_size,
            "junit_bytes": junit_file.stat().st_size,
        }
        log(f"scale: stage breakdown at {probed_size} vectors")
        probe_argv = [sys.executable, str(HERE / "_stage_probe.py"), str(cache_dir), str(largest)]
        probed = subprocess.run([*probe_argv, port_id], capture_output=True, text=True)
        if probed.returncode != 0:
            raise RuntimeError(
                f"_stage_probe.py exited {probed.returncode}: {probed.stderr[-2000:]}"
            )
        stages = json.loads(probed.stdout)
    return {
        "port": port_id,
        "rows": rows,
        "with_report": with_report,
        "stages": stages,
        "largest": probed_size,
    }


def _probed_run(
    cache_dir: Path, vectors_dir: Path, port_id: str, scratch: Path, *extra: str
) -> tuple[float, dict[str, Any]]:
    """``sigvec run`` on one scheme of ``vectors_dir`` through ``_usage_probe.py``."""
    probe = scratch / "usage.json"
    argv = [sys.executable, str(HERE / "_usage_probe.py"), str(probe), "run", "-q"]
    argv += ["--cache-dir", str(cache_dir), "--vectors-dir", str(vectors_dir)]
    argv += ["--impl", port_id, "--scheme", "iflytek", "-j", "1", *extra]
    seconds, code = common.timed_command(argv)
    if code != 0:
        raise SystemExit(f"benchmarks: scale run on {vectors_dir} exited {code}")
    return seconds, json.loads(probe.read_text(encoding="utf-8"))


def plot(data: dict[str, Any], target: Path, baseline: dict[str, Any] | None = None) -> None:
    """``baseline``: the scale section of an earlier run (``results.json``), drawn dotted."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = data["rows"]
    n = [row["vectors"] for row in rows]
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    left.plot(
        n,
        [r["sigvec_seconds"] for r in rows],
        "o-",
        color="tab:blue",
        label=f"sigvec run, {data.get('label', 'this run')}",
    )
    left.plot(
        n,
        [r["self_cpu"] for r in rows],
        "D-",
        color="tab:purple",
        label="sigvec run, CPU seconds (little affected by the load)",
    )
    left.plot(
        n,
        [r["bare_seconds"] for r in rows],
        "s--",
        color="tab:orange",
        label=f"bare pipe ({data['port']})",
    )
    if baseline:
        label = baseline.get("label", "baseline")
        old = baseline["rows"]
        left.plot(
            [r["vectors"] for r in old],
            [r["sigvec_seconds"] for r in old],
            "o:",
            color="tab:blue",
            alpha=0.45,
            label=f"sigvec run, {label}",
        )
        right.plot(
            [r["vectors"] for r in old],
            [r["self_kib"] / 1024 for r in old],
            "o:",
            color="tab:blue",
            alpha=0.45,
            label=f"sigvec peak RSS, {label}",
        )
    left.set_xlabel("vectors (iflytek, synthetic)")
    left.set_ylabel("seconds (wall clock; CPU where marked)")
    left.set_title(f"Time vs N ({data['port']} port)")
    left.legend()
    left.grid(alpha=0.3)
    right.plot(
        n,
        [r["self_kib"] / 1024 for r in rows],
        "o-",
        color="tab:blue",
        label=f"sigvec peak RSS, {data.get('label', 'this run')}",
    )
    right.plot(
        n,
        [r["children_kib"] / 1024 for r in rows],
        "s--",
        color="tab:orange",
        label="port process peak RSS",
    )
    right.plot(
        n,
        [r["file_bytes"] / 2**20 for r in rows],
        "^:",
        color="tab:green",
        label="iflytek.json size",
    )
    right.set_xlabel("vectors (iflytek, synthetic)")
    right.set_ylabel("MiB")
    right.set_title("Peak memory vs N")
    right.legend()
    right.grid(alpha=0.3)
    for axis in (left, right):
        axis.set_xlim(left=0)
        axis.set_ylim(bottom=0)
        axis.ticklabel_format(axis="x", style="plain")
    figure.savefig(target, dpi=110)
    plt.close(figure)


def report(data: dict[str, Any], png: str) -> list[str]:
    rows = data["rows"]
    table_rows = [
        [
            f"{r['vectors']:,}",
            f"{r['file_bytes'] / 2**20:.0f}",
            r["sigvec_seconds"],
            r["bare_seconds"],
            f"{(r['sigvec_seconds'] - r['bare_seconds']) / r['vectors'] * 1e6:.0f}",
            f"{r['self_cpu']:.1f}",
            f"{r['self_cpu'] / r['vectors'] * 1e6:.0f}",
            f"{r['self_kib'] / 1024:.0f}",
            f"{r['children_kib'] / 1024:.0f}",
        ]
        for r in rows
    ]
    first, last = rows[0], rows[-1]
    added = last["vectors"] - first["vectors"]
    growth = (last["self_kib"] - first["self_kib"]) / added
    port_growth = (last["children_kib"] - first["children_kib"]) / added
    json_per_vector = last["file_bytes"] / last["vectors"]
    stage_rows = []
    previous = None
    for stage in data["stages"]:
        delta = "" if previous is None else f"{(stage['VmRSS'] - previous) / 1024:+.0f}"
        stage_rows.append(
            [
                stage["stage"],
                stage["seconds"],
                f"{stage['VmRSS'] / 1024:.0f}",
                delta,
                f"{stage['VmHWM'] / 1024:.0f}",
            ]
        )
        previous = stage["VmRSS"]
    extra = data.get("with_report")
    report_line = []
    if extra:
        plain = next(r for r in rows if r["vectors"] == extra["vectors"])
        report_line = [
            f"The same {extra['vectors']:,} vectors with `--report FILE --junit FILE`: "
            f"{extra['sigvec_seconds']:.1f} s (without: {plain['sigvec_seconds']:.1f} s), "
            f"peak RSS **{extra['self_kib'] / 1024:.0f} MiB** (without: "
            f"{plain['self_kib'] / 1024:.0f} MiB); report {extra['report_bytes'] / 2**20:.1f} "
            f"MiB, JUnit {extra['junit_bytes'] / 2**20:.1f} MiB.",
            "",
        ]
    return [
        f"### 5. Scale: synthetic iflytek vectors through the {data['port']} port",
        "",
        f"`sigvec run --vectors-dir DIR --impl {data['port']} --scheme iflytek -j 1` (one run "
        "per N), beside the bare pipe of the same vectors. Plot: "
        f"[`{png}`]({png}).",
        "",
        *common.table(
            [
                "vectors",
                "iflytek.json MiB",
                "sigvec s",
                "bare s",
                "runner µs/vector",
                "sigvec CPU s",
                "sigvec CPU µs/vector",
                "sigvec peak RSS MiB",
                "port peak RSS MiB",
            ],
            table_rows,
        ),
        "",
        f"From {first['vectors']:,} to {last['vectors']:,} vectors, sigvec's peak RSS grows by "
        f"**{growth:.1f} KiB per vector** ({growth * 1024 / json_per_vector:.1f}× the vector's "
        f"compact JSON), the port's by {port_growth:.2f} KiB per vector.",
        "",
        *report_line,
        f"Where it goes at {data['largest']:,} vectors (`_stage_probe.py`: the stages of "
        "`sigvec run` in one process, resident set after each):",
        "",
        *common.table(["after stage", "seconds", "VmRSS MiB", "Δ MiB", "VmHWM MiB"], stage_rows),
        "",
    ]
