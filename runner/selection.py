"""Which vectors a run uses: by scheme and by ``-k`` expressions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sigvec.errors import UsageError
from sigvec.vectors import SCHEME_IDS, iter_tests


@dataclass(frozen=True)
class Filter:
    """``tcId=3``, ``tcId=3,7``, ``flag=NonAsciiAppId``, or text matched in ``scheme::tcN``."""

    key: str
    values: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Filter:
        key, sep, values = text.partition("=")
        if not sep:
            return cls("text", (text,))
        if key not in ("tcId", "flag") or not values:
            raise UsageError(f"-k {text!r}: expected tcId=N[,M...], flag=NAME or plain text")
        parts = tuple(v.strip() for v in values.split(","))
        if key == "tcId" and not all(part.isdigit() for part in parts):
            raise UsageError(f"-k {text!r}: tcId takes whole numbers")
        return cls(key, parts)

    def matches(self, scheme: str, test: dict[str, Any], implementation_id: str) -> bool:
        if self.key == "tcId":
            return str(test["tcId"]) in self.values
        if self.key == "flag":
            return any(flag in self.values for flag in test["flags"])
        name = f"{implementation_id}::{scheme}::tc{test['tcId']}"
        return self.values[0] in name


def load_vectors(
    schemes: tuple[str, ...] = SCHEME_IDS, directory: Path | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every scheme's tests; in a ``directory`` of the user's, missing scheme files are fine."""
    vectors: dict[str, list[dict[str, Any]]] = {}
    for scheme in schemes:
        try:
            vectors[scheme] = list(iter_tests(scheme, directory))
        except FileNotFoundError as exc:
            if directory is None:
                raise UsageError(f"{exc.filename}: vector file not found") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"{scheme}.json: not a valid vector file ({exc})") from None
    if not vectors:
        raise UsageError(f"{directory}: no vector file (expected e.g. iflytek.json)")
    return vectors


def select(
    vectors: dict[str, list[dict[str, Any]]],
    scheme: str,
    filters: list[Filter],
    implementation_id: str,
) -> list[dict[str, Any]]:
    return [
        test
        for test in vectors.get(scheme, [])
        if all(f.matches(scheme, test, implementation_id) for f in filters)
    ]
