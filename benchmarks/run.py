"""sigvec performance benchmarks: ``python benchmarks/run.py [--quick]``.

Runs, in order: runner overhead, batch vs process-per-vector, cold vs warm build cache,
throughput of the Python reference, scale to 100 000 vectors (with a plot), and a py-spy
profile of ``sigvec run``. Prints Markdown tables; writes them with the raw numbers to the
output folder. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECTIONS = ("overhead", "batch", "coldwarm", "throughput", "scale", "profile", "builds")
FULL_SIZES = [10_000, 25_000, 50_000, 100_000]
QUICK_SIZES = [2_000, 5_000, 10_000, 20_000]
# The cold builds of cpp (g++ -O2 with nlohmann-json), java and kotlin take 1-2 min together;
# quick mode times the cold/warm difference on the ports that build in seconds.
QUICK_COLD = ["python-reference", "node", "php", "go", "csharp"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, smaller N (< 3 min)")
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, help="run only this section (repeatable)"
    )
    parser.add_argument(
        "--scratch",
        type=Path,
        default=Path("/tmp/sigvec-bench"),
        help="warm build cache and synthetic vectors live here (reused)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where results go (default benchmarks/results/{full,quick})",
    )
    parser.add_argument("--repeat", type=int, default=None, help="rounds for part 1")
    parser.add_argument("--sample", type=int, default=None, help="vectors sampled in part 2")
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=None,
        help="comma-separated N for part 5, at least two (growth is a slope)",
    )
    parser.add_argument("--scale-port", default="go", help="port driven in part 5 (default go)")
    parser.add_argument(
        "--scale-baseline",
        type=Path,
        metavar="RESULTS_JSON",
        help="an earlier run's results.json: its part 5 is drawn dotted in the plot",
    )
    return parser.parse_args(argv)


def code_fingerprint() -> str:
    """Hash of the code under test, to tell when it changed in the middle of a run (other
    people commit while benchmarks run)."""
    digest = hashlib.sha256()
    repository = HERE.parent
    for folder in ("sigvec", "runner", "reference", "vectors", "ports"):
        for path in sorted((repository / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(repository)).encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def git_head() -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(HERE.parent), "log", "-1", "--format=%h %s"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return result.stdout.strip()[:100] or "?"


def machine() -> dict[str, str]:
    def output(*argv: str) -> str:
        try:
            result = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return "?"
        return (result.stdout + result.stderr).strip()

    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in output("lscpu").splitlines()
            if line.startswith("Model name")
        ),
        "?",
    )
    with open("/proc/meminfo", encoding="ascii") as handle:
        memory_kib = int(handle.readline().split()[1])
    first_line = lambda text: text.splitlines()[0] if text else "?"  # noqa: E731
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": output("nproc"),
        "cpu": model,
        "ram": f"{memory_kib / 2**20:.1f} GiB",
        "kernel": platform.release(),
        "python": platform.python_version(),
        "go": output("go", "version"),
        "java": first_line(output("java", "-version")),
        "kotlin": output("dpkg-query", "-W", "-f", "${Version}", "kotlin"),
        "mono": first_line(output("mono", "--version")),
        "g++": first_line(output("g++", "--version")),
        "node": output("node", "--version"),
        "php": first_line(output("php", "--version")),
        "load_average_start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "git_head": git_head(),
        "code_at_start": code_fingerprint(),
    }


def byte_compile() -> None:
    """Compile sigvec's sources to bytecode first: an installed sigvec has its .pyc files, and
    under PYTHONDONTWRITEBYTECODE every run would otherwise compile its modules anew."""
    folders = [str(HERE.parent / name) for name in ("sigvec", "reference", "runner", "vectors")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=False)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",")})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected whole numbers, e.g. 1000,5000"
        ) from None
    if len(sizes) < 2 or sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: expected at least two sizes of 1 or more")
    return sizes


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(HERE))
    import common

    quick = args.quick
    sections = args.only or list(SECTIONS)
    out = args.out or HERE / "results" / ("quick" if quick else "full")
    out.mkdir(parents=True, exist_ok=True)
    cache_dir = args.scratch / "warm-cache"
    png = (out / "scale.png") if quick else HERE / "scale.png"
    began = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - began:6.1f} s] {message}", file=sys.stderr, flush=True)

    byte_compile()
    info = machine()
    log(f"machine: {info['nproc']} cpus, {info['cpu']}, load {info['load_average_start']}")
    results: dict = {"machine": info, "quick": quick, "sections": {}}
    lines = [
        f"## Results ({'quick' if quick else 'full'} mode, {info['date']})",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram']} RAM, Linux "
        f"{info['kernel']}, Python {info['python']}; load average at start "
        f"{info['load_average_start']}. Code: `{info['git_head']}` (sources hash "
        f"{info['code_at_start']}).",
        "",
    ]
    if set(sections) - {"coldwarm"}:
        common.warm_cache(cache_dir, log)
    durations: dict[str, float] = {}
    failed: list[str] = []
    for section in sections:
        started = time.perf_counter()
        try:
            data, text = run_section(section, args, cache_dir, out, png, log)
        except (Exception, SystemExit) as exc:  # one broken section must not lose the others
            failed.append(section)
            data, text = {"error": str(exc)}, [f"### {section}: FAILED", "", f"    {exc}", ""]
            log(f"{section} failed: {exc}")
        durations[section] = time.perf_counter() - started
        results["sections"][section] = data
        lines += text
        print("\n".join(text), flush=True)
        _save(out, results, lines)
    info["load_average_end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    info["code_at_end"] = code_fingerprint()
    if info["code_at_end"] != info["code_at_start"]:
        warning = (
            f"WARNING: the code under test changed during the run (sources hash "
            f"{info['code_at_start']} -> {info['code_at_end']}): sections mix versions."
        )
        log(warning)
        lines += [f"**{warning}**", ""]
    total = time.perf_counter() - began
    lines += [
        f"Load average at the end {info['load_average_end']}. Section times: "
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in durations.items())
        + f"; total {total:.0f} s.",
        "",
    ]
    results["durations"] = durations
    _save(out, results, lines)
    log(f"done in {total:.0f} s; tables in {out / 'results.md'}")
    return 1 if failed else 0


def _save(out: Path, results: dict, lines: list[str]) -> None:
    (out / "results.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    (out / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_section(
    section: str, args: argparse.Namespace, cache_dir: Path, out: Path, png: Path, log
) -> tuple[dict, list[str]]:
    import batch
    import builds
    import coldwarm
    import overhead
    import profile_run
    import scale
    import throughput

    quick = args.quick
    if section == "overhead":
        data = overhead.measure(cache_dir, args.repeat or (2 if quick else 5), log)
        return data, overhead.report(data)
    if section == "batch":
        data = batch.measure(cache_dir, args.sample or (4 if quick else 20), 2 if quick else 3, log)
        return data, batch.report(data)
    if section == "coldwarm":
        data = coldwarm.measure(log, QUICK_COLD if quick else None)
        return data, coldwarm.report(data)
    if section == "throughput":
        seconds, rounds, repeat = (0.3, 5, 1) if quick else (1.0, 20, 3)
        data = throughput.measure(cache_dir, seconds, rounds, repeat, log)
        return data, throughput.report(data)
    if section == "scale":
        sizes = args.sizes or (QUICK_SIZES if quick else FULL_SIZES)
        data = scale.measure(cache_dir, sizes, args.scale_port, args.scratch, log)
        data["label"] = git_head().split(" ")[0]
        scale.plot(data, png, _baseline(args.scale_baseline))
        return data, scale.report(data, os.path.relpath(png, HERE))
    if section == "builds":
        data = builds.measure(cache_dir, 1 if quick else 2, 3 if quick else 5, log)
        return data, builds.report(data)
    data = profile_run.measure(cache_dir, out, 250 if quick else 1000, log, quick)
    return data, profile_run.report(data)


def _baseline(results_json: Path | None) -> dict | None:
    if results_json is None:
        return None
    earlier = json.loads(results_json.read_text(encoding="utf-8"))
    head = earlier["machine"].get("git_head", "").split(" ")[0]
    label = head or "earlier run"
    return {**earlier["sections"]["scale"], "label": label}


if __name__ == "__main__":
    raise SystemExit(main())
