"""The sigvec test vectors and their JSON Schemas: one accessor, no Python needed to read them.

>>> from sigvec.vectors import iter_tests, load
>>> load("iflytek")["numberOfTests"] > 0
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from sigvec.schemes import SCHEME_IDS

__all__ = ["SCHEME_IDS", "iter_tests", "load", "path", "schema", "stream_tests"]

DIRECTORY = Path(__file__).resolve().parent
SCHEMA_DIRECTORY = DIRECTORY / "schema"


def file_name(scheme: str) -> str:
    return f"{scheme}.json"


def path(scheme: str, directory: Path | None = None) -> Path:
    return (directory or DIRECTORY) / file_name(scheme)


def load(scheme: str, directory: Path | None = None) -> dict[str, Any]:
    """The whole vector file of ``scheme`` (the envelope)."""
    with path(scheme, directory).open(encoding="utf-8") as handle:
        return json.load(handle)


def iter_tests(scheme: str, directory: Path | None = None) -> Iterator[dict[str, Any]]:
    """Every test of ``scheme``, in file order."""
    for group in load(scheme, directory)["testGroups"]:
        yield from group["tests"]


VERIFY_SUBDIRECTORY = "verify"


def verify_path(scheme: str, directory: Path | None = None) -> Path:
    """The verifier vectors of ``scheme``: ``verify/<scheme>.json`` beside the signing ones."""
    return (directory or DIRECTORY) / VERIFY_SUBDIRECTORY / file_name(scheme)


def iter_verify_tests(scheme: str, directory: Path | None = None) -> Iterator[dict[str, Any]]:
    """Every verifier test of ``scheme`` (``result`` valid or invalid), in file order."""
    with verify_path(scheme, directory).open(encoding="utf-8") as handle:
        for group in json.load(handle)["testGroups"]:
            yield from group["tests"]


def stream_verify_tests(scheme: str, directory: Path | None = None) -> Iterator[dict[str, Any]]:
    """Like :func:`iter_verify_tests`, one test at a time (see :func:`stream_tests`)."""
    with verify_path(scheme, directory).open(encoding="utf-8") as handle:
        yield from _TestStream(handle)


_TESTS_KEY = re.compile(r'"tests"\s*:\s*\[')
_CHUNK = 1 << 20


def stream_tests(scheme: str, directory: Path | None = None) -> Iterator[dict[str, Any]]:
    """Like :func:`iter_tests`, but decodes one test at a time from a buffered window of the
    file, so memory does not grow with the file (how the runner reads 100 000 vectors).

    Raises ``ValueError`` (``json.JSONDecodeError``) where the file is not valid JSON.
    """
    with path(scheme, directory).open(encoding="utf-8") as handle:
        yield from _TestStream(handle)


class _TestStream:
    """Scans for each test group's ``"tests": [`` and raw-decodes the objects that follow."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.buffer = ""
        self.position = 0
        self.decoder = json.JSONDecoder()

    def more(self) -> bool:
        """Append a chunk, dropping what was consumed; False at end of file."""
        chunk = self.handle.read(_CHUNK)
        self.buffer = self.buffer[self.position :] + chunk
        self.position = 0
        return bool(chunk)

    def skip_separators(self) -> None:
        while True:
            while self.position < len(self.buffer) and self.buffer[self.position] in " \t\r\n,":
                self.position += 1
            if self.position < len(self.buffer) or not self.more():
                return

    def __iter__(self) -> Iterator[dict[str, Any]]:
        while self.find_tests_array():
            while True:
                self.skip_separators()
                if self.position >= len(self.buffer):
                    raise json.JSONDecodeError("unexpected end of file", self.buffer, 0)
                if self.buffer[self.position] == "]":
                    self.position += 1
                    break
                yield self.decode_one()

    def find_tests_array(self) -> bool:
        while True:
            match = _TESTS_KEY.search(self.buffer, self.position)
            if match is not None:
                self.position = match.end()
                return True
            self.position = max(self.position, len(self.buffer) - 64)  # a key may straddle
            if not self.more():
                return False

    def decode_one(self) -> dict[str, Any]:
        while True:
            try:
                test, self.position = self.decoder.raw_decode(self.buffer, self.position)
                return test
            except json.JSONDecodeError:
                if not self.more():  # a test longer than the window: read on, else invalid
                    raise


COMMON_SCHEMA = "common"  # what every scheme's test shares: the test envelope, mistakes, $defs
_COMMON_REF = f"{COMMON_SCHEMA}.schema.json#"


def published_schema(name: str) -> dict[str, Any]:
    """A schema file as published: a scheme's test schema refers to ``common.schema.json``."""
    with (SCHEMA_DIRECTORY / f"{name}.schema.json").open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def schema(name: str) -> dict[str, Any]:
    """A published JSON Schema, self-contained: a scheme id (its test schema, with the common
    parts it refers to inlined as local ``$defs``), ``envelope`` or ``common``."""
    document = published_schema(name)
    if name == COMMON_SCHEMA or _COMMON_REF not in json.dumps(document):
        return document
    common = published_schema(COMMON_SCHEMA)["$defs"]
    bundled = _local_refs(document)
    clash = set(common) & set(bundled.get("$defs", {}))
    if clash:
        raise ValueError(f"{name}.schema.json: $defs {sorted(clash)} also in the common schema")
    bundled["$defs"] = {**common, **bundled.get("$defs", {})}
    return bundled


def _local_refs(node: Any) -> Any:
    """``node`` with every ``$ref`` into the common schema made local (``#/$defs/...``)."""
    if isinstance(node, dict):
        return {
            key: value.removeprefix(_COMMON_REF[:-1]) if key == "$ref" else _local_refs(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_local_refs(item) for item in node]
    return node
