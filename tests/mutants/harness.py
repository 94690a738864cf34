"""Build and run the mutants of ``mutants.yaml`` and judge sigvec's diagnosis of each.

A mutant is a copy of a shipped port (``ports/<language>/``; for Python a copy of
``reference/``) with one catalogued mistake written into it. It runs through ``sigvec run`` with
a one-entry manifest that reuses the shipped build and run commands, restricted to the mistake's
scheme. The verdict says whether sigvec caught it (some vector failed) and named it (every failed
vector lists the mistake; most name it first).

``python tests/mutants/harness.py [--cache-dir DIR]`` runs them all and prints the kill-rate
table of ``docs/mutants.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sigvec.cli import main as sigvec_main
from sigvec.reference.mistakes import BY_ID
from sigvec.runner.cli import DEFAULT_MANIFEST
from sigvec.runner.manifest import Implementation, load_manifest

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
MUTANTS_FILE = HERE / "mutants.yaml"
PYTHON_IMPL = HERE / "python_impl.py"
PYTHON_PACKAGE = "sigvec_mutated_reference"
REFERENCE_SOURCE = REPOSITORY / "reference"
FIELDS = {
    "mistake",
    "language",
    "file",
    "find",
    "replace",
    "also",
    "env",
    "note",
    "known_gap",
    "extra",
}


class MutantError(Exception):
    """mutants.yaml is malformed, or a mutant no longer fits the port it mutates."""


@dataclass(frozen=True)
class Edit:
    find: str
    replace: str


@dataclass(frozen=True)
class Mutant:
    mistake: str
    language: str
    file: str
    edits: tuple[Edit, ...]  # the bug first, then any import it needs
    env: dict[str, str] = field(default_factory=dict)
    note: str = ""
    known_gap: str = ""
    extra: bool = False

    @property
    def scheme(self) -> str:
        return self.mistake.split("/", 1)[0]

    @property
    def id(self) -> str:
        return f"{self.language}:{self.mistake}"

    @property
    def slug(self) -> str:
        """A manifest id: letters, digits, '.', '_', '-'."""
        return f"mutant-{self.language}-{self.mistake.replace('/', '.')}"


def load_mutants(path: Path = MUTANTS_FILE) -> list[Mutant]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not isinstance(document.get("mutants"), list):
        raise MutantError(f"{path}: expected a mapping with a `mutants` list")
    return [_mutant(path, index, entry) for index, entry in enumerate(document["mutants"])]


def _mutant(path: Path, index: int, entry: Any) -> Mutant:
    where = f"{path}: mutants.{index}"
    if not isinstance(entry, dict):
        raise MutantError(f"{where}: expected a mapping")
    unknown = set(entry) - FIELDS
    if unknown:
        raise MutantError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    for name in ("mistake", "language", "file", "find", "replace"):
        if not isinstance(entry.get(name), str):
            raise MutantError(f"{where}.{name}: expected a string")
    if entry["mistake"] not in BY_ID:
        raise MutantError(f"{where}.mistake: {entry['mistake']!r} is not in the catalogue")
    if not entry["find"]:
        raise MutantError(f"{where}.find: expected a non-empty snippet")
    edits = [Edit(entry["find"], entry["replace"])]
    for number, extra in enumerate(entry.get("also", [])):
        if not (isinstance(extra, dict) and set(extra) == {"find", "replace"}):
            raise MutantError(f"{where}.also.{number}: expected {{find, replace}}")
        edits.append(Edit(str(extra["find"]), str(extra["replace"])))
    return Mutant(
        mistake=entry["mistake"],
        language=entry["language"],
        file=entry["file"],
        edits=tuple(edits),
        env={str(k): str(v) for k, v in (entry.get("env") or {}).items()},
        note=" ".join(str(entry.get("note", "")).split()),
        known_gap=" ".join(str(entry.get("known_gap", "")).split()),
        extra=bool(entry.get("extra", False)),
    )


def shipped(language: str) -> Implementation:
    """The shipped manifest's entry for ``language`` (Python: the reference's)."""
    for implementation in load_manifest(DEFAULT_MANIFEST):
        if implementation.language == language:
            return implementation
    raise MutantError(f"{DEFAULT_MANIFEST}: no implementation in {language!r}")


def port_folder(language: str) -> Path:
    return REFERENCE_SOURCE if language == "python" else shipped(language).src


def occurrences(mutant: Mutant) -> list[int]:
    """How often each edit's ``find`` occurs in the pristine source (each must be exactly 1)."""
    text = (port_folder(mutant.language) / mutant.file).read_text(encoding="utf-8")
    return [text.count(edit.find) for edit in mutant.edits]


def apply(mutant: Mutant, folder: Path) -> None:
    """Write the mutation into the copy at ``folder``."""
    target = folder / mutant.file
    text = target.read_text(encoding="utf-8")
    for edit in mutant.edits:
        count = text.count(edit.find)
        if count != 1:
            raise MutantError(
                f"{mutant.id}: {mutant.file}: the snippet to replace occurs {count} times "
                f"(expected once): {edit.find!r}"
            )
        text = text.replace(edit.find, edit.replace)
    target.write_text(text, encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "node_modules", ".git", "*.pyc")
    shutil.copytree(source, target, ignore=ignore)


def write_manifest(
    language: str, scheme: str | None, workdir: Path, mutant: Mutant | None = None
) -> Path:
    """Copy the ``language`` port under ``workdir`` and write ``mutant`` into it (None: leave it
    pristine); return a one-entry manifest running the copy on ``scheme`` (None: on all)."""
    slug = mutant.slug if mutant else f"pristine-{language}"
    if language == "python":
        folder = workdir / "src"
        _copy(REFERENCE_SOURCE, folder / PYTHON_PACKAGE)
        if mutant:
            apply(mutant, folder / PYTHON_PACKAGE)
        entry: dict[str, Any] = {"run": ["{python}", str(PYTHON_IMPL), "{src}"]}
    else:
        base = shipped(language)
        folder = workdir / language
        _copy(base.src, folder)
        if mutant:
            apply(mutant, folder)
        entry = {"run": list(base.run), "timeout": base.timeout}
        if base.build:
            entry["build"] = list(base.build)
        if base.requires:
            entry["requires"] = [{"path": str(r.path), "apt": r.apt} for r in base.requires]
    entry = {"id": slug, "language": language, "cwd": str(folder), **entry}
    if scheme:
        entry["schemes"] = [scheme]
    if mutant and mutant.env:
        entry["env"] = dict(mutant.env)
    manifest = workdir / "manifest.yaml"
    manifest.write_text(yaml.safe_dump({"implementations": [entry]}), encoding="utf-8")
    return manifest


@dataclass
class Outcome:
    """What ``sigvec run`` said about one mutant."""

    exit_code: int
    implementation: dict[str, Any]  # the report's entry for the mutant
    console: str = ""

    @property
    def vectors(self) -> list[dict[str, Any]]:
        return self.implementation["vectors"]

    def with_status(self, status: str) -> list[dict[str, Any]]:
        return [v for v in self.vectors if v["status"] == status]


def run(mutant: Mutant, workdir: Path, cache_dir: Path) -> Outcome:
    return run_copy(mutant.language, mutant.scheme, workdir, cache_dir, mutant)


def run_copy(
    language: str,
    scheme: str | None,
    workdir: Path,
    cache_dir: Path,
    mutant: Mutant | None = None,
) -> Outcome:
    """``sigvec run`` on a (mutated or pristine) copy of the ``language`` port."""
    manifest = write_manifest(language, scheme, workdir, mutant)
    report = workdir / "report.json"
    argv = ["run", "--manifest", str(manifest), "--report", str(report)]
    argv += ["--cache-dir", str(cache_dir), "-q"] + (["--scheme", scheme] if scheme else [])
    console = io.StringIO()
    with contextlib.redirect_stdout(console):
        code = sigvec_main(argv)
    document = json.loads(report.read_text(encoding="utf-8"))
    return Outcome(code, document["implementations"][0], console.getvalue())


def candidates(vector: dict[str, Any]) -> list[str]:
    """The mistake ids sigvec named for a failed vector: the primary one first."""
    mistake = vector.get("mistake")
    if not mistake:
        return []
    return [mistake["id"], *vector.get("alsoConsistentWith", [])]


@dataclass
class Verdict:
    failed: int
    errored: int
    total: int
    named: int  # failed vectors that list the mistake
    primary: int  # failed vectors that name it first
    unnamed: list[int]  # tcIds of failed vectors that do not list it
    others: list[str]  # other mistake ids named first

    @property
    def caught(self) -> bool:
        return self.failed > 0

    @property
    def named_everywhere(self) -> bool:
        return self.caught and self.named == self.failed and 2 * self.primary > self.failed

    @property
    def clean(self) -> bool:
        return self.errored == 0


def judge(mutant: Mutant, outcome: Outcome) -> Verdict:
    failed = outcome.with_status("failed")
    unnamed = [v["tcId"] for v in failed if mutant.mistake not in candidates(v)]
    others = sorted(
        {candidates(v)[0] for v in failed if candidates(v) and candidates(v)[0] != mutant.mistake}
    )
    return Verdict(
        failed=len(failed),
        errored=len(outcome.with_status("errored")),
        total=len(outcome.vectors),
        named=len(failed) - len(unnamed),
        primary=sum(1 for v in failed if candidates(v)[:1] == [mutant.mistake]),
        unnamed=unnamed,
        others=others,
    )


def table(rows: list[tuple[Mutant, Verdict]]) -> str:
    lines = [
        "| mistake | language | caught? | named? | failed / vectors | named first "
        "| failed, not named |",
        "|---|---|---|---|---|---|---|",
    ]
    for mutant, verdict in rows:
        named = "yes" if verdict.named_everywhere else f"partly ({verdict.named}/{verdict.failed})"
        if verdict.named == 0:
            named = "no"
        unnamed = ", ".join(str(tc) for tc in verdict.unnamed) or "-"
        lines.append(
            f"| `{mutant.mistake}`{' (extra)' if mutant.extra else ''} | {mutant.language} "
            f"| {'yes' if verdict.caught else 'NO'} | {named} "
            f"| {verdict.failed} / {verdict.total} | {verdict.primary} | {unnamed} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, default=None, help="build cache to reuse")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sigvec-mutants-") as scratch:
        cache_dir = args.cache_dir or Path(scratch) / "cache"
        for index, mutant in enumerate(load_mutants()):
            workdir = Path(scratch) / f"{index:02d}"
            workdir.mkdir()
            verdict = judge(mutant, run(mutant, workdir, cache_dir))
            if not verdict.clean:
                print(f"{mutant.id}: {verdict.errored} vectors errored", file=sys.stderr)
            rows.append((mutant, verdict))
    print(table(rows))
    counted = [verdict for mutant, verdict in rows if not mutant.extra]
    caught = sum(v.caught for v in counted)
    named = sum(v.named_everywhere for v in counted)
    failed = sum(v.failed for v in counted)
    print(
        f"\ncaught {caught}/{len(counted)}; caught and named on every failed vector "
        f"{named}/{len(counted)}; failed vectors naming the mistake "
        f"{sum(v.named for v in counted)}/{failed} (first: {sum(v.primary for v in counted)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
