"""shields.io endpoint badges (https://shields.io/badges/endpoint-badge), one JSON file per
implementation: ``{"schemaVersion": 1, "label", "message", "color"}``."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from sigvec.fileio import write_atomically
from sigvec.text import json_text


def badge(impl: dict[str, Any]) -> dict[str, Any]:
    counts = impl["counts"]
    judged = counts["passed"] + counts["failed"] + counts["errored"]
    if impl["status"] == "build_failed":
        message, color = "build failed", "red"
    elif impl["status"] == "skipped" or judged == 0:
        message, color = "skipped", "lightgrey"
    else:
        message = f"{counts['passed']}/{judged} passing"
        if impl["status"] == "crashed":
            message += " (crashed)"
        color = "brightgreen" if counts["passed"] == judged else "red"
    return {"schemaVersion": 1, "label": impl["id"], "message": message, "color": color}


def badge_file_name(implementation_id: str) -> str:
    """A safe file name: manifest ids already are; a hand-edited report's might not be, and
    then a digest of the id keeps two ids from sharing a file (``a/b`` and ``a_b``)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", implementation_id).lstrip(".")[:64] or "_"
    if safe == implementation_id:
        return f"{safe}.json"
    digest = hashlib.sha256(implementation_id.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{safe}-{digest[:12]}.json"


def write_badges(report: dict[str, Any], directory: Path) -> list[Path]:
    written = []
    for impl in report["implementations"]:
        path = directory / badge_file_name(impl["id"])
        data = json_text(badge(impl), indent=2) + "\n"
        write_atomically(path, data.encode("utf-8"))
        written.append(path)
    return written
