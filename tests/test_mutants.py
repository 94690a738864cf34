"""Mutation self-test: sigvec catches and names every catalogued mistake.

Each mutant in ``tests/mutants/mutants.yaml`` is a copy of a shipped port (or of the Python
reference) with one catalogued mistake written into it, built and run with the shipped commands.
sigvec must fail it (no false pass), name the mistake on every failed vector (first on most of
them) and never report an error (the mutant is a clean bug, not a crash). Where sigvec knowingly
cannot name a mutant everywhere, ``known_gap`` says why and the naming check is an expected
failure that turns into a real one once the gap is closed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from mutants.harness import (
    Mutant,
    judge,
    load_mutants,
    occurrences,
    run,
    run_copy,
    shipped,
)

from sigvec.reference.mistakes import CATALOGUE
from sigvec.runner import toolchains

MUTANTS = sorted(load_mutants(), key=lambda m: (m.language, m.mistake, m.extra))
REQUIRED_LANGUAGES = {"go", "java", "php", "node", "python"}


def _skip_reason(language: str) -> str | None:
    reason = toolchains.missing(language)
    if reason or language == "python":
        return reason
    return next(filter(None, (r.missing() for r in shipped(language).requires)), None)


def _skip_without_toolchain(language: str) -> None:
    reason = _skip_reason(language)
    if reason:
        pytest.skip(f"{language}: {reason}")


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build cache for the session: Go's compile cache and javac's JDK are shared."""
    return tmp_path_factory.mktemp("mutant-builds")


# ------------------------------------------------------------------ the list itself


def test_every_catalogued_mistake_has_exactly_one_mutant() -> None:
    counted = Counter(m.mistake for m in MUTANTS if not m.extra)
    assert set(counted) == {mistake.id for mistake in CATALOGUE}
    assert [mistake for mistake, n in counted.items() if n != 1] == []


def test_mutants_span_the_required_languages() -> None:
    assert {m.language for m in MUTANTS} >= REQUIRED_LANGUAGES


def test_mutant_ids_are_unique() -> None:
    ids = Counter(m.id for m in MUTANTS)
    assert [mutant_id for mutant_id, n in ids.items() if n > 1] == []


def test_every_snippet_occurs_exactly_once_in_the_port() -> None:
    """A port refactor that moves a snippet must not silently disarm its mutant."""
    stale = {m.id: counts for m in MUTANTS if (counts := occurrences(m)) != [1] * len(m.edits)}
    assert stale == {}


@pytest.mark.parametrize("language", sorted({m.language for m in MUTANTS}))
def test_unmutated_copy_passes(language: str, build_cache: Path, tmp_path: Path) -> None:
    """Control: copied and run the same way but not mutated, the port passes every vector, so a
    mutant's failures come from its mutation."""
    _skip_without_toolchain(language)
    outcome = run_copy(language, None, tmp_path, build_cache)
    statuses = Counter(v["status"] for v in outcome.vectors)
    assert outcome.exit_code == 0, outcome.implementation["message"] or outcome.console
    assert statuses["passed"] == len(outcome.vectors) > 0


# ------------------------------------------------------------------ each mutant


@pytest.mark.parametrize(
    "mutant", MUTANTS, ids=[m.id + (":extra" if m.extra else "") for m in MUTANTS]
)
def test_mutant_is_caught_and_named(mutant: Mutant, build_cache: Path, tmp_path: Path) -> None:
    _skip_without_toolchain(mutant.language)
    outcome = run(mutant, tmp_path, build_cache)
    verdict = judge(mutant, outcome)
    implementation = outcome.implementation

    # (3) a clean bug: it built, ran to the end and never errored
    assert implementation["status"] == "ran", implementation["message"]
    errored = outcome.with_status("errored")
    assert errored == [], f"{len(errored)} vectors errored, first: {errored[0].get('message')}"
    # (1) no false pass
    assert outcome.exit_code == 1
    assert verdict.caught, "every vector passed: the mutation changed nothing sigvec checks"
    # (2) named: on every failed vector, first on most of them
    named = verdict.named_everywhere
    detail = (
        f"{mutant.mistake} listed on {verdict.named}/{verdict.failed} failed vectors "
        f"(first on {verdict.primary}); not listed on tcIds {verdict.unnamed}; "
        f"named first instead: {verdict.others}"
    )
    if mutant.known_gap:
        if named:
            pytest.fail(f"known gap closed, remove known_gap from mutants.yaml: {detail}")
        pytest.xfail(f"{mutant.known_gap} -- {detail}")
    assert named, detail
