"""The sigvec test vectors and their JSON Schemas: one accessor, no Python needed to read them.

>>> from sigvec.vectors import iter_tests, load
>>> load("iflytek")["numberOfTests"] > 0
True
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

DIRECTORY = Path(__file__).resolve().parent
SCHEMA_DIRECTORY = DIRECTORY / "schema"
SCHEME_IDS = ("aws-sigv4", "tencent-tc3", "aliyun-rpc", "iflytek")


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


@cache
def schema(name: str) -> dict[str, Any]:
    """A published JSON Schema: a scheme id (its test schema) or ``envelope``."""
    with (SCHEMA_DIRECTORY / f"{name}.schema.json").open(encoding="utf-8") as handle:
        return json.load(handle)
