"""``sigvec run --env-matrix``: run under several time zones and a non-UTF-8 locale, and report
what depends on the environment (local-date bugs near UTC midnight, platform-charset bugs)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .manifest import Implementation
from .results import ImplementationResult, VectorResult
from .session import RunOptions, run_all


@dataclass(frozen=True)
class Environment:
    label: str
    env: dict[str, str]


BASELINE = Environment("TZ=UTC", {"TZ": "UTC"})
# A non-UTF-8 locale (Java: ISO-8859-1), also what `sigvec docs check` tries every block under.
HOSTILE_LOCALE = Environment(
    "LANG=C",
    {"TZ": "UTC", "LANG": "C", "LC_ALL": "C", "JAVA_TOOL_OPTIONS": "-Dfile.encoding=ISO-8859-1"},
)
ENVIRONMENTS = (
    BASELINE,
    Environment("TZ=Asia/Shanghai", {"TZ": "Asia/Shanghai"}),
    Environment("TZ=Pacific/Kiritimati", {"TZ": "Pacific/Kiritimati"}),
    Environment("TZ=America/Los_Angeles", {"TZ": "America/Los_Angeles"}),
    HOSTILE_LOCALE,
)


@dataclass
class EnvironmentFinding:
    implementation: str
    environment: str
    vector: VectorResult
    mistake: dict[str, str] | None = None


@dataclass
class MatrixResult:
    baseline: list[ImplementationResult]
    by_environment: dict[str, list[ImplementationResult]] = field(default_factory=dict)
    findings: list[EnvironmentFinding] = field(default_factory=list)


def run_matrix(
    implementations: list[Implementation],
    vectors: Mapping[str, Iterable[dict[str, Any]]],
    options: RunOptions,
) -> MatrixResult:
    by_environment = {}
    for environment in ENVIRONMENTS:
        options.progress(f"environment {environment.label}")
        overrides = {**options.env_overrides, **environment.env}
        by_environment[environment.label] = run_all(
            implementations, vectors, replace(options, env_overrides=overrides)
        )
    result = MatrixResult(by_environment[BASELINE.label], by_environment)
    dependent: list[tuple[Environment, ImplementationResult, VectorResult]] = []
    for environment in ENVIRONMENTS[1:]:
        for base, other in zip(result.baseline, by_environment[environment.label], strict=True):
            passed = {(v.scheme, v.tc_id) for v in base.vectors if v.status == "passed"}
            dependent += [
                (environment, other, vector)
                for vector in other.vectors
                if (vector.scheme, vector.tc_id) in passed
                and vector.status in ("failed", "errored")
            ]
    for environment, other, vector in dependent:
        # The run already named it, with the mistakes recomputed for this environment.
        mistake = vector.mistakes[0] if vector.mistakes else None
        result.findings.append(EnvironmentFinding(other.id, environment.label, vector, mistake))
    return result


def findings_json(findings: list[EnvironmentFinding]) -> list[dict[str, Any]]:
    return [
        {
            "implementation": f.implementation,
            "environment": f.environment,
            "scheme": f.vector.scheme,
            "tcId": f.vector.tc_id,
            "status": f.vector.status,
            "step": f.vector.first_diff.step if f.vector.first_diff else None,
            "message": f.vector.message,
            "mistake": f.mistake,
        }
        for f in findings
    ]


def finding_lines(matrix: MatrixResult) -> list[str]:
    """Each environment-only mistake once, with what goes wrong, the fix and where it showed;
    then anything the catalogue does not explain."""
    lines = [
        "",
        "Environment matrix: "
        + ", ".join(e.label for e in ENVIRONMENTS)
        + f" (baseline {BASELINE.label}, LANG=C.UTF-8)",
    ]
    if not matrix.findings:
        lines.append("no result depends on the environment")
        return lines
    named: dict[tuple[str, str], dict[str, dict[str, list[int]]]] = {}
    mistakes: dict[str, dict[str, str]] = {}
    for f in matrix.findings:
        if f.mistake is None:
            continue
        mistakes[f.mistake["id"]] = f.mistake
        where = named.setdefault((f.implementation, f.mistake["id"]), {})
        by_scheme = where.setdefault(f.environment, {})
        by_scheme.setdefault(f.vector.scheme, []).append(f.vector.tc_id)
    for (implementation, mistake_id), where in named.items():
        mistake = mistakes[mistake_id]
        lines.append(f"{implementation}: passes at baseline; mistake {mistake_id}")
        lines.append(f"  {mistake['description']}")
        lines.append(f"  fix: {mistake['fix']}")
        for environment, by_scheme in where.items():
            vectors = "; ".join(f"{scheme} tcId {_few(ids)}" for scheme, ids in by_scheme.items())
            lines.append(f"  fails under {environment}: {vectors}")
    for f in matrix.findings:
        if f.mistake is not None:
            continue
        where = f"{f.implementation} {f.vector.scheme} tcId {f.vector.tc_id}"
        step = f" at {f.vector.first_diff.step}" if f.vector.first_diff else ""
        why = f" ({f.vector.message[:200]})" if f.vector.status == "errored" else ""
        lines.append(
            f"{where}: passes at baseline, {f.vector.status} under {f.environment}{step}{why}"
        )
    return lines


def _few(items: list[int], limit: int = 10) -> str:
    shown = ", ".join(map(str, items[:limit]))
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def summary_note(findings: list[dict[str, Any]]) -> str:
    """What the summary line adds under ``--env-matrix``: the exit code counts these too."""
    if not findings:
        return ""
    implementations = len({f["implementation"] for f in findings})
    return (
        f"; {len(findings)} result(s) of {implementations} implementation(s) fail only "
        "under another environment"
    )
