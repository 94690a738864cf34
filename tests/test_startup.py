"""Verbs import what they need when they need it: no JSON Schema machinery where nothing is
validated with it, no runner for ``--help``. (Start-up time is measured in benchmarks/.)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sigvec.schemes import SCHEMES

PROBE = """
import contextlib, io, json, sys
from sigvec.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
"""


def modules_after(*argv: str, stdin: str = "") -> set[str]:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return set(json.loads(completed.stdout.splitlines()[-1]))


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize(
    ("argv", "stdin", "verb_module"),
    [
        (("--help",), "", "sigvec.cli"),
        (
            ("sign", "iflytek"),
            '{"app_id": "x", "ts": "1674496098", "app_secret": "y"}',
            "sigvec.reference.iflytek",
        ),
        (("run", "-q", "--impl", "python-reference", "-k", "tcId=0"), "", "sigvec.runner.session"),
    ],
)
def test_no_json_schema_library_where_nothing_is_invalid(
    argv: tuple[str, ...], stdin: str, verb_module: str
) -> None:
    loaded = modules_after(*argv, stdin=stdin)
    assert verb_module in loaded  # the verb did run
    assert not top_level(loaded) & {"jsonschema", "referencing", "fastjsonschema"}


SIGNERS = {f"sigvec.reference.{scheme.module}" for scheme in SCHEMES}
IFLYTEK_INPUT = '{"app_id": "x", "ts": "1674496098", "app_secret": "y"}'


def test_help_loads_no_runner_and_no_signer() -> None:
    loaded = modules_after("--help")
    assert "sigvec.cli" in loaded
    assert not ({"sigvec.runner.session", "yaml"} | SIGNERS) & loaded


def test_sign_loads_its_own_scheme_module_only() -> None:
    loaded = modules_after("sign", "iflytek", stdin=IFLYTEK_INPUT)
    assert loaded & SIGNERS == {"sigvec.reference.iflytek"}


def test_a_run_that_selects_nothing_loads_no_signer() -> None:
    loaded = modules_after("run", "-q", "--impl", "python-reference", "-k", "tcId=0")
    assert "sigvec.runner.session" in loaded
    assert not loaded & SIGNERS


def test_invalid_input_still_gets_the_schema_message() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "sigvec", "sign", "iflytek"],
        input='{"app_id": "x", "ts": "1674496098"}',
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2
    assert "app_secret" in completed.stderr and "is required" in completed.stderr
