"""3. Cold vs warm build cache: the whole default matrix with an empty cache, then again.

Compilers are counted, not guessed: a folder of shims put first on PATH logs every call of
go, javac, kotlinc, mcs, g++ (and gcc/c++/cc) and then execs the real tool. Both runs see the
same PATH (the toolchain fingerprint in the cache key includes the binary sigvec finds), so
the second run is a genuine warm run. The JSON report's ``build.cached`` is read too.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import common

COMPILERS = ("go", "javac", "kotlinc", "mcs", "g++", "gcc", "c++", "cc")


def write_shims(directory: Path, log_file: Path) -> list[str]:
    """One shell script per compiler found on PATH; returns the names shimmed."""
    shimmed = []
    for name in COMPILERS:
        real = shutil.which(name)
        if real is None:
            continue
        shim = directory / name
        shim.write_text(
            f"#!/bin/sh\nprintf '%s\\n' {name} >> '{log_file}'\nexec '{real}' \"$@\"\n",
            encoding="utf-8",
        )
        shim.chmod(0o755)
        shimmed.append(name)
    return shimmed


def measure(log, only: list[str] | None = None) -> dict[str, Any]:
    """``only``: implementation ids to run (default: the whole matrix)."""
    with tempfile.TemporaryDirectory(prefix="sigvec-bench-cold-") as scratch:
        root = Path(scratch)
        shims, cache, log_file = root / "shims", root / "cache", root / "compilers.log"
        shims.mkdir()
        log_file.touch()
        shimmed = write_shims(shims, log_file)
        env = {**os.environ, "PATH": f"{shims}{os.pathsep}{os.environ.get('PATH', '')}"}
        runs = {}
        for name in ("cold", "warm"):
            log(f"cold/warm: {name} run")
            before = len(log_file.read_text(encoding="utf-8").splitlines())
            report_path = root / f"{name}.json"
            selection = [arg for impl in only or [] for arg in ("--impl", impl)]
            argv = common.sigvec_run(cache, "--report", str(report_path), *selection)
            seconds, code = common.timed_command(argv, env)
            calls = log_file.read_text(encoding="utf-8").splitlines()[before:]
            report = json.loads(report_path.read_text(encoding="utf-8"))
            runs[name] = {
                "seconds": seconds,
                "exit": code,
                "compiler_calls": dict(Counter(calls)),
                "builds": {
                    i["id"]: {"cached": i["build"]["cached"], "seconds": i["build"]["seconds"]}
                    for i in report["implementations"]
                },
                "summary": report["summary"],
            }
    return {"shimmed": shimmed, "runs": runs, "only": only}


def report(data: dict[str, Any]) -> list[str]:
    cold, warm = data["runs"]["cold"], data["runs"]["warm"]
    rows = []
    for impl_id, built in cold["builds"].items():
        rows.append(
            [
                impl_id,
                _cached(built["cached"]),
                built["seconds"],
                _cached(warm["builds"][impl_id]["cached"]),
                warm["builds"][impl_id]["seconds"],
            ]
        )
    scope = (
        f"only {', '.join(data['only'])} (quick mode)"
        if data.get("only")
        else "whole default matrix"
    )
    return [
        f"### 3. Cold vs warm build cache ({scope}, default -j)",
        "",
        f"Cold (empty `--cache-dir`): **{cold['seconds']:.1f} s**, compiler calls "
        f"{_calls(cold['compiler_calls'])}. Warm (same cache, again): **{warm['seconds']:.2f} s**"
        f", compiler calls {_calls(warm['compiler_calls'])}. Shimmed on PATH: "
        f"{', '.join(data['shimmed'])}. Cold/warm = {cold['seconds'] / warm['seconds']:.0f}×. "
        f"Exit codes {cold['exit']}/{warm['exit']}.",
        "",
        *common.table(
            [
                "implementation",
                "cold: build.cached",
                "cold: build s",
                "warm: build.cached",
                "warm: build s",
            ],
            rows,
        ),
        "",
        "(`build.cached` is `null` for ports without a build step: node, php, python.)",
        "",
    ]


def _cached(value: bool | None) -> str:
    return "n/a" if value is None else str(value).lower()


def _calls(calls: dict[str, int]) -> str:
    if not calls:
        return "**none**"
    return ", ".join(f"{name} ×{count}" for name, count in sorted(calls.items()))
