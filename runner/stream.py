"""The report as JSON lines, written as results are judged: a run stopped at any point (even
by SIGKILL) leaves a report that ``sigvec report`` renders, marked partial.

One JSON object per line:

- ``{"sigvecStream": 1, "generator": "sigvec 0.1.0"}`` first;
- ``{"implementation": ID, "vector": {...}}`` per judged vector (the report's vector entry);
- ``{"implementation": ID, "finished": {...}}`` when an implementation is done (the report's
  implementation entry, without ``vectors``);
- ``{"end": true}`` when the run finished; without it the report is partial.

The JSON report (``--report``) is rendered from this stream at the end, one implementation at
a time, so neither the run nor the rendering holds every vector in memory.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sigvec import __version__
from sigvec.text import json_text, unicode_safe, unicode_safe_value

STREAM_FORMAT = 1
_VECTORS_PLACEHOLDER = "\x00vectors\x00"


def stream_path(report: Path) -> Path:
    """Where the stream of the JSON report ``report`` is written while the run goes on."""
    return report.with_name(report.name + ".jsonl")


def _line(record: dict[str, Any]) -> str:
    """ASCII JSON; a lone surrogate from an implementation written out visibly."""
    return json.dumps(unicode_safe_value(record), separators=(",", ":")) + "\n"


def _vector_prefix(implementation_id: str) -> str:
    return '{"implementation":' + json.dumps(unicode_safe(implementation_id)) + ',"vector":'


class ResultStream:
    """Appends records to the stream file; thread-safe (implementations run in parallel)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # Line-buffered: each record reaches the file as it is written, so a kill loses none.
        self._file: IO[str] = path.open("w", encoding="utf-8", newline="\n", buffering=1)
        self._lock = threading.Lock()
        self._write({"sigvecStream": STREAM_FORMAT, "generator": f"sigvec {__version__}"})

    def _write(self, record: dict[str, Any]) -> None:
        line = _line(record)
        with self._lock:
            self._file.write(line)

    def vector(self, implementation_id: str, entry: dict[str, Any]) -> None:
        self._write({"implementation": implementation_id, "vector": entry})

    def finished(self, implementation: dict[str, Any]) -> None:
        entry = {key: value for key, value in implementation.items() if key != "vectors"}
        self._write({"implementation": implementation["id"], "finished": entry})

    def end(self) -> None:
        self._write({"end": True})

    def close(self) -> None:
        with self._lock:
            self._file.close()


def is_stream(first_line: str) -> bool:
    try:
        record = json.loads(first_line)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than a stream's header
        return False
    return isinstance(record, dict) and "sigvecStream" in record


def _records(path: Path) -> Iterator[dict[str, Any]]:
    """Every complete record; a last line cut short by a kill is left out."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.endswith("\n"):
                return
            yield json.loads(line)


def read_stream(path: Path) -> dict[str, Any]:
    """The report document the stream holds so far; ``partial`` when the run did not end.
    An implementation cut off mid-run has status ``interrupted``. Raises ``ValueError`` on
    a line that is not JSON."""
    from .report import counts_json

    header: dict[str, Any] = {}
    implementations: dict[str, dict[str, Any]] = {}
    ended = False
    for record in _records(path):
        if "sigvecStream" in record:
            header = record
        elif record.get("end") is True:
            ended = True
        elif "vector" in record:
            entry = implementations.setdefault(record["implementation"], {"vectors": []})
            entry["vectors"].append(record["vector"])
        elif "finished" in record:
            entry = implementations.setdefault(record["implementation"], {"vectors": []})
            entry.update(record["finished"], vectors=entry["vectors"])
    total: Counter[str] = Counter()
    for implementation_id, entry in implementations.items():
        if "status" not in entry:
            entry.update(_interrupted(implementation_id, entry["vectors"]))
        total.update(entry["counts"])
    report: dict[str, Any] = {
        "format": 1,
        "generator": header.get("generator", "sigvec"),
        "summary": counts_json(total),
        "implementations": list(implementations.values()),
    }
    if not ended:
        report["partial"] = True
    return report


def _interrupted(implementation_id: str, vectors: list[dict[str, Any]]) -> dict[str, Any]:
    from .report import counts_json

    by_scheme: dict[str, Counter[str]] = {}
    for vector in vectors:
        by_scheme.setdefault(vector["scheme"], Counter())[vector["status"]] += 1
    total = sum(by_scheme.values(), Counter())
    return {
        "id": implementation_id,
        "language": "",
        "kind": "command",
        "status": "interrupted",
        "message": f"the run stopped after {len(vectors)} vector(s) of this implementation",
        "info": {},
        "build": {"cached": None, "seconds": 0.0},
        "runSeconds": 0.0,
        "counts": counts_json(total),
        "countsByScheme": {s: counts_json(c) for s, c in sorted(by_scheme.items())},
    }


def write_report(stream: Path, report: dict[str, Any], target: Path) -> None:
    """Write the JSON report: ``report`` (built from the run's results, whose ``vectors`` may
    be partial) with each implementation's ``vectors`` taken from the ``stream``, one
    implementation at a time; atomically (temporary file, then rename)."""
    from sigvec.fileio import write_atomically_from

    placeholder = json.dumps(_VECTORS_PLACEHOLDER)
    skeleton = {
        **report,
        "implementations": [
            {**impl, "vectors": _VECTORS_PLACEHOLDER} for impl in report["implementations"]
        ],
    }
    pieces = json_text(skeleton, indent=2).split(placeholder)

    def chunks() -> Iterator[str]:
        yield pieces[0]
        for impl, after in zip(report["implementations"], pieces[1:], strict=True):
            yield "["
            first = True
            for text in _vector_texts(stream, impl["id"]):
                yield ("\n        " if first else ",\n        ") + text
                first = False
            yield "\n      ]" if not first else "]"
            yield after
        yield "\n"

    write_atomically_from(target, (chunk.encode("utf-8") for chunk in chunks()))


def read_vectors_into(stream: Path, report: dict[str, Any]) -> dict[str, Any]:
    """``report`` with every implementation's ``vectors`` read from ``stream`` (in memory)."""
    implementations = [
        {**impl, "vectors": [json.loads(text) for text in _vector_texts(stream, impl["id"])]}
        for impl in report["implementations"]
    ]
    return {**report, "implementations": implementations}


def _vector_texts(stream: Path, implementation_id: str) -> Iterator[str]:
    """The JSON text of each vector entry of one implementation, in the order judged."""
    prefix = _vector_prefix(implementation_id)
    with stream.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(prefix) and line.endswith("}\n"):
                yield line[len(prefix) : -2]
