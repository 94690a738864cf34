"""Every shipped implementation refuses a protocol version it does not speak (``ready``: false,
naming the one it does), and the Python reference answers a line that is not a JSON object
with ``errored`` instead of dying (runner/PROTOCOL.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sigvec.runner.build import BuildCache
from sigvec.runner.cli import DEFAULT_MANIFEST
from sigvec.runner.environment import implementation_env
from sigvec.runner.manifest import Implementation, load_manifest
from sigvec.runner.session import Prepared
from sigvec.runner.toolchains import missing

PORTS = [impl for impl in load_manifest(DEFAULT_MANIFEST) if impl.kind == "command"]


def converse(impl: Implementation, cache: BuildCache, lines: list[str]) -> list[dict]:
    reason = missing(impl.language) or next(
        filter(None, (requirement.missing() for requirement in impl.requires)), None
    )
    if reason:
        pytest.skip(f"{impl.id}: {reason}")  # CI installs every toolchain
    prepared = Prepared(impl, cache)
    if prepared.build_directory is not None:
        cache.ensure(prepared.build_directory, prepared.write_sources, prepared.steps, 600.0)
    completed = subprocess.run(
        prepared.run_argv,
        input="".join(line + "\n" for line in lines),
        cwd=impl.src,
        env=implementation_env(prepared.env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return [json.loads(line) for line in completed.stdout.splitlines()]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> BuildCache:
    return BuildCache(tmp_path_factory.mktemp("protocol-versions"))


@pytest.mark.parametrize("impl", PORTS, ids=lambda impl: impl.id)
def test_a_port_refuses_a_version_it_does_not_speak(
    impl: Implementation, cache: BuildCache
) -> None:
    answers = converse(impl, cache, ['{"cmd": "start", "version": 2}', '{"cmd": "stop"}'])
    assert answers, f"{impl.id}: no answer"
    assert answers[0]["ready"] is False and answers[0]["version"] == 1, answers[0]


def test_the_python_reference_answers_errored_on_a_line_that_is_not_a_json_object() -> None:
    lines = ["not json", "[1, 2]", '{"cmd": "start", "version": 2}', '{"cmd": "stop"}']
    completed = subprocess.run(
        [sys.executable, "-m", "sigvec.runner.reference_impl"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=Path(__file__).parent,
    )
    assert completed.returncode == 0 and "Traceback" not in completed.stderr
    answers = [json.loads(line) for line in completed.stdout.splitlines()]
    assert [a.get("errored") for a in answers[:2]] == [True, True]
    assert "not JSON" in answers[0]["context"]["message"]
    assert "not a JSON object" in answers[1]["context"]["message"]
    assert answers[2]["ready"] is False and answers[2]["version"] == 1
