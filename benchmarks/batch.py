"""2. Batch vs process-per-vector: one long-lived process for every vector, or one per vector.

Both through the same bare pipe (``common.bare_pipe``), so only the number of process starts
differs. The per-vector mode runs a sample of evenly spaced vectors (start, one ``run``,
``stop``) and is extrapolated to all of them: mean seconds per vector x number of vectors.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import common


def measure(cache_dir: Path, sample: int, batch_repeat: int, log) -> dict[str, Any]:
    vectors = common.default_vectors()
    found: dict[str, Any] = {"sample": sample, "ports": {}}
    for port in common.ports(cache_dir):
        log(f"batch: {port.id}")
        requests = common.run_requests(port, vectors)
        step = len(requests) / sample
        chosen = [requests[int(i * step)] for i in range(sample)]
        batch: list[float] = []
        single: list[float] = []
        # Interleave: batch, half the sample, batch, other half, batch...
        chunks = [chosen[i :: max(1, batch_repeat - 1)] for i in range(max(1, batch_repeat - 1))]
        for index in range(batch_repeat):
            batch.append(common.bare_pipe(port, requests)[0])
            if index < len(chunks):
                single += [common.bare_pipe(port, [line])[0] for line in chunks[index]]
        found["ports"][port.id] = {
            "vectors": len(requests),
            "batch": batch,
            "single": single,
        }
    return found


def report(data: dict[str, Any]) -> list[str]:
    rows = []
    for port_id, runs in data["ports"].items():
        batch = common.median(runs["batch"])
        per_vector = statistics.mean(runs["single"])
        extrapolated = per_vector * runs["vectors"]
        rows.append(
            [
                port_id,
                runs["vectors"],
                batch,
                f"{per_vector * 1000:.1f}",
                f"{extrapolated:.2f}",
                f"{extrapolated / batch:.0f}×",
            ]
        )
    return [
        "### 2. Batch (one process) vs process-per-vector",
        "",
        f"Per-vector mode sampled on {data['sample']} evenly spaced vectors per port (start, "
        "one `run`, `stop`, wait for exit) and **extrapolated** to all vectors "
        "(mean x count); batch: the bare pipe of all vectors, measured interleaved with the "
        "samples (median).",
        "",
        *common.table(
            [
                "port",
                "vectors",
                "batch s",
                "per-vector ms (mean)",
                "per-vector total s (extrapolated)",
                "speed-up",
            ],
            rows,
        ),
        "",
    ]
