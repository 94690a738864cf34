"""Run ``sigvec`` in this process, then record its resource usage and its children's.

``python benchmarks/_usage_probe.py OUT.json run ...`` is ``sigvec run ...`` plus a JSON file
with the CPU seconds (user + system) of sigvec's own process (``self``) and of its waited-for
children (``children``: the ports and compilers), and sigvec's peak resident set
(``self.peak_kib``, from VmHWM). /usr/bin/time -v would report the two processes as one.
"""

from __future__ import annotations

import json
import resource
import sys

from sigvec.cli import main


def usage(who: int) -> dict[str, float]:
    found = resource.getrusage(who)
    return {"maxrss_kib": found.ru_maxrss, "cpu_seconds": found.ru_utime + found.ru_stime}


def peak_rss_kib() -> int:
    """VmHWM: this process's peak resident set since it started. Not ``ru_maxrss``: Linux
    carries the parent's resident set at fork into a child's ``ru_maxrss``, so a benchmark
    holding 100 000 vectors would inflate the number of every process it starts."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


if __name__ == "__main__":
    out, argv = sys.argv[1], sys.argv[2:]
    code = 1
    try:
        code = main(argv)
    finally:
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "exit": code,
                    "self": {**usage(resource.RUSAGE_SELF), "peak_kib": peak_rss_kib()},
                    "children": usage(resource.RUSAGE_CHILDREN),
                },
                handle,
            )
    raise SystemExit(code)
