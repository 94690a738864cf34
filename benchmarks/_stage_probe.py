"""What grows with the number of vectors: ``sigvec run``'s stages, one at a time, with the
resident set after each (``python benchmarks/_stage_probe.py CACHE VECTORS_DIR IMPL``).

Prints one JSON object: per stage, seconds, VmRSS and VmHWM (KiB) after it.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

from sigvec.runner.cli import DEFAULT_MANIFEST
from sigvec.runner.console import detail_lines, matrix_lines, summary_line
from sigvec.runner.manifest import load_manifest
from sigvec.runner.report import build_report
from sigvec.runner.selection import load_vectors
from sigvec.runner.session import RunOptions, run_all


def memory() -> dict[str, int]:
    found = {}
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0])
    return found


def main() -> None:
    cache_dir, vectors_dir, impl_id = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    stages = []
    started = time.perf_counter()

    def stage(name: str) -> None:
        nonlocal started
        gc.collect()
        stages.append({"stage": name, "seconds": time.perf_counter() - started, **memory()})
        started = time.perf_counter()

    stage("imports")
    implementations = [i for i in load_manifest(DEFAULT_MANIFEST) if i.id == impl_id]
    vectors = load_vectors(directory=vectors_dir)
    stage("load_vectors")
    results = run_all(
        implementations,
        vectors,
        RunOptions(cache_dir=cache_dir, schemes=("iflytek",), keep_passed=False),  # as the CLI
    )
    stage("run_all (results list)")
    report = build_report(results)
    stage("build_report (report dict)")
    lines = matrix_lines(report) + detail_lines(report) + [summary_line(report)]
    stage("console lines")
    del lines, report
    stage("report dropped")
    del results
    stage("results dropped")
    del vectors
    stage("vectors dropped")
    print(json.dumps(stages))


if __name__ == "__main__":
    main()
