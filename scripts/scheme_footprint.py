"""Which files of the checkout a scheme lives in, grouped by who wrote them.

    python3 scripts/scheme_footprint.py aliyun-acs3 [SCHEME ...]

A file belongs to a scheme when it names it in any spelling (``aliyun-acs3``, ``aliyun_acs3``,
``AliyunAcs3``, ``aliyunacs3``, ``ALIYUN_ACS3``). Groups: the files ``sigvec scaffold scheme``
writes (then filled in by hand), the dispatch files it edits itself, the generated vector
files, and every other file (hand-written or hand-edited). Shared code changed for a scheme
without naming it is not found: the count is a floor. ``docs/adding-a-scheme.md`` quotes it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

from sigvec.scaffold import FILES, INSERTIONS, Names  # noqa: E402


def tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=CHECKOUT, capture_output=True, text=True, check=True
    )
    return listed.stdout.splitlines()


def naming(scheme: str) -> re.Pattern[str]:
    return re.compile("[-_]?".join(map(re.escape, scheme.split("-"))), re.IGNORECASE)


def footprint(scheme: str) -> dict[str, list[str]]:
    names = Names(scheme, scheme)
    written = {names.fill(path) for _, path in FILES}
    edited = {path for path, _, _ in INSERTIONS}
    generated = {f"vectors/{scheme}.json", f"vectors/verify/{scheme}.json"}
    pattern = naming(scheme)
    groups: dict[str, list[str]] = {"scaffold-written": [], "scaffold-edited": [], "generated": []}
    groups["other"] = []
    for name in tracked_files():
        path = CHECKOUT / name
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if not (pattern.search(name) or pattern.search(text)):
            continue
        group = (
            "scaffold-written" if name in written
            else "scaffold-edited" if name in edited
            else "generated" if name in generated
            else "other"
        )  # fmt: skip
        groups[group].append(name)
    return groups


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for scheme in argv:
        groups = footprint(scheme)
        counts = ", ".join(f"{len(files)} {group}" for group, files in groups.items())
        print(f"{scheme}: {counts}")
        for group, files in groups.items():
            for name in files:
                print(f"  {group:16} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
