"""4. Throughput of the Python reference: in-process, over the protocol, and vector generation.

- in-process: ``sigvec.reference.sign(scheme, input)`` over every vector of a scheme, looped
  for a fixed time; also with ``validate=False`` to show what input validation costs;
- protocol: ``python -m sigvec.runner.reference_impl`` (the python-reference port) started once,
  then the 146 vectors repeated; pipelined (all lines written at once, as the bare pipe) and
  lock-step (one request, wait for its answer: what ``sigvec run`` does). Start-up separate;
- generation: ``sigvec.reference.generate.build_vector_file(scheme)`` for every scheme.
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import common

from sigvec.reference import sign
from sigvec.reference.generate import build_vector_file, load_cases
from sigvec.vectors import SCHEME_IDS


def measure(cache_dir: Path, seconds: float, protocol_rounds: int, generate_repeat: int, log):
    vectors = common.default_vectors()
    found: dict[str, Any] = {"in_process": {}, "protocol": {}, "generation": {}}
    log("throughput: in-process sign")
    for scheme in SCHEME_IDS:
        inputs = [test["input"] for test in vectors[scheme]]
        found["in_process"][scheme] = {
            "validated": _signs_per_second(scheme, inputs, seconds, validate=True),
            "unvalidated": _signs_per_second(scheme, inputs, seconds, validate=False),
        }
    everything = [(s, t["input"]) for s in SCHEME_IDS for t in vectors[s]]
    found["in_process"]["all"] = {
        "validated": _mixed_per_second(everything, seconds, validate=True),
        "unvalidated": _mixed_per_second(everything, seconds, validate=False),
    }

    log("throughput: protocol (python -m sigvec.runner.reference_impl)")
    port = next(p for p in common.ports(cache_dir) if p.id == "python-reference")
    lines = common.run_requests(port, vectors) * protocol_rounds
    found["protocol"] = {
        "requests": len(lines),
        "pipelined": _protocol(port, lines, lockstep=False),
        "lockstep": _protocol(port, lines, lockstep=True),
    }

    log("throughput: vector generation")
    for scheme in SCHEME_IDS:
        yaml_seconds, build_seconds = [], []
        for _ in range(generate_repeat):
            started = time.perf_counter()
            cases = load_cases(scheme)
            yaml_seconds.append(time.perf_counter() - started)
            started = time.perf_counter()
            document = build_vector_file(scheme)
            build_seconds.append(time.perf_counter() - started)
        found["generation"][scheme] = {
            "tests": document["numberOfTests"],
            "yaml": common.median(yaml_seconds),
            "build": common.median(build_seconds),
            "groups": len(cases["groups"]),
        }
    return found


def _signs_per_second(scheme: str, inputs: list[dict], seconds: float, validate: bool) -> float:
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for inp in inputs:
            sign(scheme, inp, validate=validate)
        count += len(inputs)
    return count / (time.perf_counter() - started)


def _mixed_per_second(everything: list[tuple[str, dict]], seconds: float, validate: bool):
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for scheme, inp in everything:
            sign(scheme, inp, validate=validate)
        count += len(everything)
    return count / (time.perf_counter() - started)


def _protocol(port: common.Port, lines: list[str], lockstep: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-protocol-") as workdir:
        started = time.perf_counter()
        process = common.start_port(port, workdir)
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(common.START_LINE.encode())
        process.stdin.flush()
        process.stdout.readline()
        ready = time.perf_counter()
        if lockstep:
            for line in lines:
                process.stdin.write(line.encode("utf-8"))
                process.stdin.flush()
                process.stdout.readline()
        else:
            payload = "".join(lines).encode("utf-8")
            writer = threading.Thread(target=_write, args=(process, payload), daemon=True)
            writer.start()
            for _ in lines:
                process.stdout.readline()
            writer.join()
        done = time.perf_counter()
        process.stdin.write(common.STOP_LINE.encode())
        process.stdin.close()
        process.wait()
    seconds = done - ready
    return {"startup": ready - started, "seconds": seconds, "per_second": len(lines) / seconds}


def _write(process: subprocess.Popen[bytes], payload: bytes) -> None:
    assert process.stdin is not None
    process.stdin.write(payload)
    process.stdin.flush()


def report(data: dict[str, Any]) -> list[str]:
    in_process = data["in_process"]
    rows = [
        [
            scheme,
            f"{values['validated']:,.0f}",
            f"{values['unvalidated']:,.0f}",
            f"{(1 / values['validated'] - 1 / values['unvalidated']) * values['validated']:.0%}",
        ]
        for scheme, values in in_process.items()
    ]
    protocol = data["protocol"]
    generation = data["generation"]
    total_tests = sum(g["tests"] for g in generation.values())
    total_build = sum(g["build"] for g in generation.values())
    return [
        "### 4. Throughput of the Python reference",
        "",
        "In-process `sigvec.reference.sign` over the shipped vectors (vectors/s; `all` = the 146 "
        "vectors of all schemes in turn). The last column is the share of each call spent "
        "validating the input against the JSON Schema (`validate=True`, the default).",
        "",
        *common.table(
            ["scheme", "sign/s (validate, default)", "sign/s (validate=False)", "validation share"],
            rows,
        ),
        "",
        f"Protocol, `python -m sigvec.runner.reference_impl`, {protocol['requests']} requests "
        "(the 146 vectors repeated), one process:",
        "",
        *common.table(
            ["mode", "start-up s", "seconds", "vectors/s"],
            [
                [
                    mode,
                    protocol[mode]["startup"],
                    protocol[mode]["seconds"],
                    f"{protocol[mode]['per_second']:,.0f}",
                ]
                for mode in ("pipelined", "lockstep")
            ],
        ),
        "",
        "Vector generation, `build_vector_file(scheme)` (signing, and every catalogued mistake's "
        "consequences per test), medians:",
        "",
        *common.table(
            ["scheme", "tests", "build_vector_file s", "of which YAML load s", "ms per test"],
            [
                [s, g["tests"], g["build"], g["yaml"], f"{g['build'] / g['tests'] * 1000:.1f}"]
                for s, g in generation.items()
            ]
            + [
                [
                    "all",
                    total_tests,
                    total_build,
                    sum(g["yaml"] for g in generation.values()),
                    f"{total_build / total_tests * 1000:.1f}",
                ]
            ],
        ),
        "",
    ]
