"""7. Cold builds of the C++ and Kotlin ports: what compiler options save, and what they cost
the ports at run time.

Each variant builds the port from scratch into a temporary folder (the build line a manifest
could use), rounds alternating which variant goes first; then the built port answers the
shipped vectors through the bare pipe (``common.bare_pipe``) a few times, so a faster build
that makes a slower port shows. Variants:

- C++: ``-O2`` in one ``g++`` call (as shipped before), ``-O1`` in one call, and each of them
  with one ``g++ -c`` per translation unit run in parallel, then a link;
- Kotlin: ``kotlinc`` as is, and with its compiler's JVM limited to the C1 JIT
  (``-J-XX:TieredStopAtLevel=1``: the compiler runs ~30 s, too short for C2 to pay off). The
  class files are compared: the JIT of the compiler cannot change the bytecode.
"""

from __future__ import annotations

import shlex
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import common

CPP_FLAGS = "-std=c++17 -Wall -Wextra -Werror"
GSON = "/usr/share/java/gson.jar"
KOTLIN_RUNTIME = f"/usr/share/java/kotlin-stdlib.jar:{GSON}"


def cpp_variants() -> dict[str, str]:
    """name -> build line (bash; ``{build}`` is the output folder)."""
    one_call = "g++ {flags} {opt} -o {build}/port src/*.cpp -lcrypto"
    parallel = (
        'for f in src/*.cpp; do g++ {flags} {opt} -c "$f" -o {build}/$(basename "$f" .cpp).o'
        " & done; for job in $(jobs -p); do wait $job || exit 1; done; "
        "g++ -o {build}/port {build}/*.o -lcrypto"
    )
    return {
        "-O2, one g++ call": one_call.replace("{opt}", "-O2"),
        "-O1, one g++ call": one_call.replace("{opt}", "-O1"),
        "-O2, one g++ per file, parallel": parallel.replace("{opt}", "-O2"),
        "-O1, one g++ per file, parallel": parallel.replace("{opt}", "-O1"),
    }


def kotlin_variants() -> dict[str, str]:
    line = "kotlinc {jvm}src -cp " + GSON + " -d {build}/port.jar"
    return {
        "kotlinc": line.replace("{jvm}", ""),
        "kotlinc, compiler JVM on C1 only": line.replace("{jvm}", "-J-XX:TieredStopAtLevel=1 "),
    }


def _build(line: str, source: Path, build: Path, flags: str = CPP_FLAGS) -> float:
    command = line.replace("{flags}", flags).replace("{build}", shlex.quote(str(build)))
    started = time.perf_counter()
    result = subprocess.run(["bash", "-c", command], cwd=source, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"build failed: {command}\n{result.stderr[-2000:]}")
    return seconds


def _run_seconds(base: common.Port, argv: list[str], rounds: int) -> float:
    port = common.Port(base.id, base.language, argv, base.env, base.schemes)
    lines = common.run_requests(port, common.default_vectors())
    return common.median(common.bare_pipe(port, lines)[0] for _ in range(rounds))


def _same_classes(first: Path, second: Path) -> bool:
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        names = sorted(n for n in a.namelist() if n.endswith(".class"))
        if names != sorted(n for n in b.namelist() if n.endswith(".class")):
            return False
        return all(a.read(name) == b.read(name) for name in names)


def measure(cache_dir: Path, rounds: int, run_rounds: int, log) -> dict[str, Any]:
    shipped = {port.id: port for port in common.ports(cache_dir)}
    found: dict[str, Any] = {}
    for port_id, variants, argv_of in (
        ("cpp", cpp_variants(), lambda build: [str(build / "port")]),
        (
            "kotlin",
            kotlin_variants(),
            lambda build: [
                "java",
                "-cp",
                f"{build}/port.jar:{KOTLIN_RUNTIME}",
                "dev.sigvec.port.MainKt",
            ],
        ),
    ):
        source = common.REPOSITORY / "ports" / port_id
        times: dict[str, list[float]] = {name: [] for name in variants}
        with tempfile.TemporaryDirectory(prefix=f"bench-build-{port_id}-") as scratch:
            builds = {name: Path(scratch) / f"v{i}" for i, name in enumerate(variants)}
            for round_number in range(rounds):
                order = list(variants)
                shift = round_number % len(order)
                for name in order[shift:] + order[:shift]:
                    log(f"builds: {port_id}, {name}, round {round_number + 1}/{rounds}")
                    target = builds[name]
                    if target.exists():
                        subprocess.run(["rm", "-rf", str(target)], check=True)
                    target.mkdir()
                    times[name].append(_build(variants[name], source, target))
            runs = {
                name: _run_seconds(shipped[port_id], argv_of(build), run_rounds)
                for name, build in builds.items()
            }
            same = None
            if port_id == "kotlin":
                jars = [build / "port.jar" for build in builds.values()]
                same = _same_classes(jars[0], jars[1])
        found[port_id] = {
            "lines": variants,
            "build_seconds": times,
            "run_seconds": runs,
            "same_output": same,
        }
    return found


def report(data: dict[str, Any]) -> list[str]:
    lines = [
        "### 7. Cold builds: C++ and Kotlin build options",
        "",
        "Each variant built from scratch, rounds alternating the order (median, min-max); then "
        "the built port answers the shipped vectors through the bare pipe (median).",
        "",
    ]
    for port_id, found in data.items():
        first = next(iter(found["build_seconds"]))
        reference = common.median(found["build_seconds"][first])
        rows = []
        for name, times in found["build_seconds"].items():
            build = common.median(times)
            rows.append(
                [
                    name,
                    build,
                    common.spread(times),
                    f"{build / reference:.2f}×",
                    found["run_seconds"][name],
                ]
            )
        lines += [
            f"**{port_id}**",
            "",
            *common.table(
                ["variant", "cold build s", "spread", "vs first", "bare run s (shipped vectors)"],
                rows,
            ),
            "",
        ]
        if port_id == "kotlin":
            same = "identical" if found["same_output"] else "DIFFERENT"
            lines += [f"Class files of the two Kotlin builds: {same}.", ""]
    return lines
