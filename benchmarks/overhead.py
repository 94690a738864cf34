"""1. Runner overhead: ``sigvec run`` against the bare cost of piping the same vectors.

Per port, measured side by side and alternating which goes first:

- bare: start the port's process once (same argv, env and vectors as sigvec), write every
  line, read every answer, no comparison (``common.bare_pipe``);
- sigvec: ``python -m sigvec run --impl ID -j 1 -q --cache-dir WARM`` (warm cache), the whole
  command: interpreter start, imports, manifest, vectors, cache check, pipelined run (the ports
  announce ``pipeline``), compare, report; and the same with ``--pipeline 1`` (lock-step).

Then the whole matrix: ``sigvec run`` with the default -j against the bare pipes of every
port on as many threads as sigvec's default -j (2), in manifest order.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import common

from sigvec.vectors import iter_tests

DEFAULT_JOBS = 2  # sigvec run's default -j
THIRD_PARTY = ("jsonschema", "yaml", "referencing", "rpds", "attrs", "jsonschema_specifications")


def measure(cache_dir: Path, repeat: int, log) -> dict[str, Any]:
    ports = common.ports(cache_dir)
    vectors = common.default_vectors()
    requests = {port.id: common.run_requests(port, vectors) for port in ports}
    per_port: dict[str, dict[str, list[float]]] = {
        p.id: {"bare": [], "lockstep": [], "sigvec": [], "sigvec_lockstep": []} for p in ports
    }
    fixed: dict[str, list[float]] = {
        "python": [],
        "imports": [],
        "help": [],
        "sign": [],
        "no_vector": [],
    }
    matrix: dict[str, list[float]] = {"bare": [], "sigvec": []}
    sign_input = Path(tempfile.mkdtemp(prefix="bench-sign-")) / "input.json"
    sign_input.write_text(json.dumps(next(iter_tests("iflytek"))["input"]), encoding="utf-8")

    for round_number in range(repeat):
        log(f"overhead: round {round_number + 1}/{repeat}")
        for port in ports:
            lines = requests[port.id]
            order = [
                ("bare", lambda port=port, lines=lines: common.bare_pipe(port, lines)[0]),
                ("lockstep", lambda port=port, lines=lines: common.bare_lockstep(port, lines)),
                ("sigvec", lambda port=port: _sigvec_run_one(cache_dir, port.id)),
                (
                    "sigvec_lockstep",
                    lambda port=port: _sigvec_run_one(cache_dir, port.id, "--pipeline", "1"),
                ),
            ]
            shift = round_number % len(order)  # rotate who goes first
            for name, function in order[shift:] + order[:shift]:
                per_port[port.id][name].append(function())
        fixed["python"].append(common.timed_command([sys.executable, "-c", "pass"])[0])
        fixed["imports"].append(
            common.timed_command(
                [sys.executable, "-c", "import sigvec.cli; sigvec.cli.build_parser()"]
            )[0]
        )
        fixed["help"].append(common.timed_command([*common.SIGVEC, "--help"])[0])
        fixed["sign"].append(
            common.timed_command([*common.SIGVEC, "sign", "iflytek", "--input", str(sign_input)])[0]
        )
        # Everything but the port: startup, manifest, vectors, selection (nothing: exit 2).
        fixed["no_vector"].append(
            _sigvec_seconds(cache_dir, "--impl", ports[-1].id, "-k", "tcId=0", "-j", "1", ok=(2,))
        )
        order = [("bare", lambda: _bare_matrix(ports, requests)), ("sigvec", None)]
        if round_number % 2:
            order.reverse()
        for name, function in order:
            seconds = function() if function else _sigvec_seconds(cache_dir)
            matrix[name].append(seconds)

    return {
        "imports": import_breakdown(),
        "repeat": repeat,
        "vectors_per_port": {p.id: len(requests[p.id]) for p in ports},
        "per_port": per_port,
        "fixed": fixed,
        "matrix": matrix,
        "languages": {p.id: p.language for p in ports},
    }


def _sigvec_run_one(cache_dir: Path, port_id: str, *extra: str) -> float:
    return _sigvec_seconds(cache_dir, "--impl", port_id, "-j", "1", *extra)


def import_breakdown() -> dict[str, list[tuple[str, float]]]:
    """From ``python -X importtime``: the top-level imports of ``import sigvec.cli;
    build_parser()`` (each with what it imported first) and the heaviest third-party packages
    wherever they were first imported (nested: also counted in a top-level entry)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import sigvec.cli; sigvec.cli.build_parser()"],
        capture_output=True,
        text=True,
        check=True,
    )
    top: dict[str, float] = {}
    third_party: dict[str, float] = {}
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        raw, seconds = parts[2].rstrip(), int(parts[1]) / 1e6
        depth = (len(raw) - len(raw.lstrip()) - 1) // 2
        name = raw.strip()
        if depth == 0:
            top[name] = seconds
        root = name.split(".")[0]
        if root in THIRD_PARTY:
            third_party[root] = max(third_party.get(root, 0.0), seconds)
    ranked = sorted(top.items(), key=lambda item: -item[1])
    return {
        "top_level": ranked,
        "total": [
            ("all of sigvec's imports", sum(t for n, t in top.items() if n.startswith("sigvec")))
        ],
        "third_party": sorted(third_party.items(), key=lambda item: -item[1]),
    }


def _sigvec_seconds(cache_dir: Path, *extra: str, ok: tuple[int, ...] = (0,)) -> float:
    seconds, code = common.timed_command(common.sigvec_run(cache_dir, *extra))
    if code not in ok:
        raise SystemExit(f"benchmarks: sigvec run {' '.join(extra)} exited {code}")
    return seconds


def _bare_matrix(ports: list[common.Port], requests: dict[str, list[str]]) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=DEFAULT_JOBS) as pool:
        list(pool.map(lambda p: common.bare_pipe(p, requests[p.id]), ports))
    return time.perf_counter() - started


def report(data: dict[str, Any]) -> list[str]:
    rows = []
    for port_id, runs in data["per_port"].items():
        bare, sigvec = common.median(runs["bare"]), common.median(runs["sigvec"])
        lockstep, sigvec_lockstep = (
            common.median(runs["lockstep"]),
            common.median(runs["sigvec_lockstep"]),
        )
        count = data["vectors_per_port"][port_id]
        rows.append(
            [
                port_id,
                count,
                bare,
                sigvec,
                f"{sigvec - bare:+.3f}",
                f"{sigvec / bare:.1f}×",
                lockstep,
                sigvec_lockstep,
                f"{(sigvec_lockstep - sigvec) / count * 1000:+.2f}",
            ]
        )
    lines = [
        f"### 1. Runner overhead (warm cache; median of {data['repeat']} alternating rounds)",
        "",
        "Per port: `sigvec run --impl ID -j 1` (pipelined: the ports announce `pipeline`) vs "
        "the bare pipe (same process, same vectors, all lines written at once, no comparison); "
        "then the same minimal pipe in lock-step (one request, wait for its answer), "
        "`sigvec run --pipeline 1` (lock-step), and what pipelining saves per vector.",
        "",
        *common.table(
            [
                "port",
                "vectors",
                "bare s",
                "sigvec s",
                "overhead s",
                "ratio",
                "bare lock-step s",
                "sigvec --pipeline 1 s",
                "lock-step − pipelined ms/vector",
            ],
            rows,
        ),
        "",
    ]
    fixed = data["fixed"]
    lines += [
        "Where the fixed part of the overhead goes (same rounds, medians):",
        "",
        *common.table(
            ["command", "seconds"],
            [
                ["`python -c pass` (interpreter start)", common.median(fixed["python"])],
                ["`import sigvec.cli; build_parser()`", common.median(fixed["imports"])],
                ["`sigvec --help`", common.median(fixed["help"])],
                ["`sigvec sign iflytek --input FILE`", common.median(fixed["sign"])],
                [
                    "`sigvec run --impl ID -k tcId=0` (no vector selected: startup, manifest, "
                    "vectors, selection check; exits 2, no port started)",
                    common.median(fixed["no_vector"]),
                ],
            ],
        ),
        "",
    ]
    lines += [
        "Imports of `import sigvec.cli; build_parser()` (`python -X importtime`, one run, "
        "cumulative: a module includes what it imported first; third-party packages are also "
        "inside a top-level row):",
        "",
        *common.table(
            ["module", "seconds"],
            [[f"`{n}`", t] for n, t in data["imports"]["top_level"][:8]]
            + [[f"third-party: `{n}`", t] for n, t in data["imports"]["third_party"][:3]]
            + [[n, t] for n, t in data["imports"]["total"]],
        ),
        "",
    ]
    matrix = data["matrix"]
    bare, sigvec = common.median(matrix["bare"]), common.median(matrix["sigvec"])
    per_port_sum = sum(
        common.median(r["sigvec"]) - common.median(r["bare"]) for r in data["per_port"].values()
    )
    lines += [
        f"Whole default matrix ({len(data['per_port'])} ports, default -j {DEFAULT_JOBS}): "
        f"bare pipes on {DEFAULT_JOBS} threads **{bare:.3f} s** "
        f"(spread {common.spread(matrix['bare'])}), `sigvec run` **{sigvec:.3f} s** "
        f"(spread {common.spread(matrix['sigvec'])}): sigvec adds **{sigvec - bare:+.3f} s** "
        f"({(sigvec - bare) / bare * 100:+.0f}%, **{sigvec / bare:.2f}×**). Sum of the "
        "per-port (-j 1) overheads: "
        f"{per_port_sum:+.3f} s.",
        "",
    ]
    return lines
