"""``sigvec run --env-matrix``: run under several time zones and a non-UTF-8 locale, and report
what depends on the environment (local-date bugs near UTC midnight, platform-charset bugs)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from sigvec.reference.mistakes import BY_ID, for_environment

from .manifest import Implementation
from .results import ImplementationResult, StepDiff, VectorResult
from .session import RunOptions, run_all


@dataclass(frozen=True)
class Environment:
    label: str
    env: dict[str, str]
    time_zone: str | None = None
    charsets: tuple[str, ...] = ()


BASELINE = Environment("TZ=UTC", {"TZ": "UTC"}, "UTC")
ENVIRONMENTS = (
    BASELINE,
    Environment("TZ=Asia/Shanghai", {"TZ": "Asia/Shanghai"}, "Asia/Shanghai"),
    Environment("TZ=Pacific/Kiritimati", {"TZ": "Pacific/Kiritimati"}, "Pacific/Kiritimati"),
    Environment("TZ=America/Los_Angeles", {"TZ": "America/Los_Angeles"}, "America/Los_Angeles"),
    Environment(
        "LANG=C",
        {
            "TZ": "UTC",
            "LANG": "C",
            "LC_ALL": "C",
            "JAVA_TOOL_OPTIONS": "-Dfile.encoding=ISO-8859-1",
        },
        charsets=("ascii", "latin-1"),
    ),
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
    wanted = {(vector.scheme, vector.tc_id) for _, _, vector in dependent}
    tests = {
        (scheme, test["tcId"]): test
        for scheme, scheme_tests in vectors.items()
        for test in scheme_tests
        if (scheme, test["tcId"]) in wanted
    }
    for environment, other, vector in dependent:
        mistake = _name(vector, tests[(vector.scheme, vector.tc_id)], environment)
        result.findings.append(EnvironmentFinding(other.id, environment.label, vector, mistake))
    return result


def _name(vector: VectorResult, test: dict[str, Any], environment: Environment) -> dict | None:
    if vector.mistakes:
        return vector.mistakes[0]
    if vector.first_diff is None:
        return None
    zone = ZoneInfo(environment.time_zone) if environment.time_zone else None
    for mistake in for_environment(vector.scheme, zone, environment.charsets):
        wrong = mistake.variant(test["input"])
        if wrong is not None and _value_at(wrong.to_json(), vector.first_diff) is True:
            catalogued = BY_ID[mistake.id]
            return {"id": mistake.id, "description": catalogued.description, "fix": catalogued.fix}
    return None


def _value_at(signed: dict[str, Any], diff: StepDiff) -> bool:
    part, _, name = diff.step.partition(".")
    return signed.get(part, {}).get(name) == diff.actual


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
    lines = [
        "",
        "Environment matrix: "
        + ", ".join(e.label for e in ENVIRONMENTS)
        + f" (baseline {BASELINE.label}, LANG=C.UTF-8)",
    ]
    if not matrix.findings:
        lines.append("no result depends on the environment")
        return lines
    for f in matrix.findings:
        where = f"{f.implementation} {f.vector.scheme} tcId {f.vector.tc_id}"
        step = f" at {f.vector.first_diff.step}" if f.vector.first_diff else ""
        named = f" -- mistake {f.mistake['id']}" if f.mistake else ""
        if f.vector.status == "errored":
            named += f" ({f.vector.message[:200]})"
        lines.append(
            f"  {where}: passes at baseline, {f.vector.status} under {f.environment}{step}{named}"
        )
    return lines
