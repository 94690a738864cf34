"""The server-side ports implement ``verify``: over the default manifest, ``sigvec run --verify``
gives each of them every verifier vector of the schemes it announces (``"verify"`` in its start
answer), and every verdict (and reason code) is right. A port announces only the schemes it
verifies, so a scheme it does not verify yet is not run, not failed. The run is strict
(``--strict-protocol``): every verify request and answer must match the protocol's schemas, or
its vector errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sigvec.cli import main
from sigvec.runner.toolchains import missing
from sigvec.schemes import verifiable
from sigvec.vectors import iter_verify_tests

VERIFYING_PORTS = ("go", "node", "java", "php")
# The schemes each of them verifies at least (a port may announce more).
VERIFIED_BY_EVERY_PORT = {"aws-sigv4", "tencent-tc3", "aliyun-rpc", "iflytek"}
VERIFY_IDS = {(s, test["tcId"]) for s in verifiable() for test in iter_verify_tests(s)}


@pytest.fixture(scope="module")
def verify_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One ``sigvec run --verify --strict-protocol`` of the verifying ports: the JSON report."""
    folder = tmp_path_factory.mktemp("verify-ports")
    report = folder / "report.json"
    impls = [arg for port in VERIFYING_PORTS for arg in ("--impl", port)]
    main(
        ["run", "-q", "--verify", "--strict-protocol", "--cache-dir", str(folder / "cache")]
        + ["--report", str(report), *impls]
    )
    return json.loads(Path(report).read_text(encoding="utf-8"))


def test_there_are_verifier_vectors_of_every_verifiable_scheme() -> None:
    assert {scheme for scheme, _ in VERIFY_IDS} == set(verifiable()) >= VERIFIED_BY_EVERY_PORT


@pytest.mark.parametrize("port", VERIFYING_PORTS)
def test_the_port_passes_every_verifier_vector(verify_run: dict[str, Any], port: str) -> None:
    (impl,) = [impl for impl in verify_run["implementations"] if impl["id"] == port]
    reason = missing(impl["language"])
    if reason:
        pytest.skip(f"{port}: {reason}")  # CI installs every toolchain
    assert impl["status"] == "ran", impl["message"]
    announced = set(impl["info"].get("verify") or [])
    assert announced >= VERIFIED_BY_EVERY_PORT, f"{port} announces verify for {announced}"
    expected = {(scheme, tc_id) for scheme, tc_id in VERIFY_IDS if scheme in announced}
    results = {
        (v["scheme"], v["tcId"]): v
        for v in impl["vectors"]
        if (v["scheme"], v["tcId"]) in VERIFY_IDS
    }
    assert set(results) == expected, "verifier vectors of the announced schemes not all run"
    wrong = [v for v in results.values() if v["status"] != "passed"]
    assert wrong == [], f"{port}: {wrong[:3]}"
