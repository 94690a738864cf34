"""Which files of the checkout a scheme lives in, grouped by who wrote them.

    python3 scripts/scheme_footprint.py SCHEME [SCHEME ...]

A file belongs to a scheme when it names it in any spelling (for ``acme-hmac``: ``acme-hmac``,
``acme_hmac``, ``AcmeHmac``, ``acmehmac``, ``ACME_HMAC``). Groups: the files ``sigvec scaffold
scheme`` writes (then filled in by hand), the dispatch files it edits itself, the generated
vector files, then the hand-written or hand-edited rest by what it adds (tests, port READMEs,
the verifier, official SDK adapters, the explain plugin, the rest). Shared code changed for a
scheme without naming it is not found: the counts are a floor. ``docs/adding-a-scheme.md``
quotes them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

from sigvec.scaffold import FILES, INSERTIONS, Names  # noqa: E402

# What a hand-edited file adds, from its path (first match wins; the rest is "other").
EXTRAS = {
    "tests": re.compile(r"^tests/(?!mutants/)|^ports/[^/]+/test/|_test\.go$"),
    "port-readmes": re.compile(r"^ports/[^/]+/README\.md$"),
    "verifier": re.compile(r"^reference/(cases/)?verify/"),
    "official-sdks": re.compile(r"^examples/official-sdks"),
    "explain": re.compile(r"^runner/explain/"),
}


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
    groups: dict[str, list[str]] = {
        group: []
        for group in ("scaffold-written", "scaffold-edited", "generated", *EXTRAS, "other")
    }
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
            else next((group for group, where in EXTRAS.items() if where.search(name)), "other")
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


def run(argv: list[str]) -> int:
    try:
        return main(argv)
    except BrokenPipeError:  # piped into head
        return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
