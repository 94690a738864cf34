"""``sigvec scaffold scheme`` in a scratch copy of the checkout: the placeholder scheme it writes
is wired everywhere (registry, reference, cases, schema, every port), its vectors generate and
check, and a port signs them as the reference does, with nothing edited by hand."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sigvec.errors import UsageError
from sigvec.runner.toolchains import missing
from sigvec.scaffold import FILES, INSERTIONS, scaffold_scheme

REPOSITORY = Path(__file__).resolve().parents[1]
# Runs the sigvec of a source tree that is not installed: its four packages, mapped by hand.
BOOT = """
import importlib.util, pathlib, sys
root = pathlib.Path(sys.argv[1])
for name, folder in [("sigvec", "sigvec"), ("sigvec.reference", "reference"),
                     ("sigvec.runner", "runner"), ("sigvec.vectors", "vectors")]:
    spec = importlib.util.spec_from_file_location(
        name, root / folder / "__init__.py", submodule_search_locations=[str(root / folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
from sigvec.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: the scaffold writes into a checkout")
    root = tmp_path_factory.mktemp("checkout")
    for name in listed.stdout.splitlines():
        source = REPOSITORY / name
        if source.is_file() and not name.startswith(".venv"):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    return root


def sigvec_in(root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BOOT, str(root), *argv],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_scaffold_wires_a_new_scheme_everywhere(scratch: Path) -> None:
    title = "Acme Corporation's HMAC-SHA256 request signature for its storage and queue APIs"
    touched = scaffold_scheme(scratch, "acme-hmac", title)
    assert len(touched) == len(FILES) + len({path for path, _, _ in INSERTIONS})
    # What it writes needs no hand edit to pass the project's lint (a long title included).
    python_files = [str(path) for path in touched if path.suffix == ".py"]
    for ruff in (["check"], ["format", "--check"]):
        linted = subprocess.run(
            [sys.executable, "-m", "ruff", *ruff, "--config", str(REPOSITORY / "pyproject.toml"),
             *python_files], capture_output=True, text=True, check=False
        )  # fmt: skip
        assert linted.returncode == 0, linted.stdout + linted.stderr
    assert (scratch / "reference/acme_hmac.py").is_file()
    assert (scratch / "ports/go/acmehmac/acmehmac.go").is_file()
    assert (
        "put(AcmeHmac.SCHEME, Scheme(AcmeHmac.STEPS, AcmeHmac::run))"
        in (scratch / "ports/kotlin/src/Main.kt").read_text()
    )
    with pytest.raises(UsageError, match="exists already"):
        scaffold_scheme(scratch, "acme-hmac", title)

    generated = sigvec_in(scratch, "vectors", "generate", "--out", "vectors/")
    assert generated.returncode == 0, generated.stderr
    checked = sigvec_in(scratch, "vectors", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    vectors = json.loads((scratch / "vectors/acme-hmac.json").read_text())
    assert vectors["steps"] == ["string_to_sign"]
    # HMAC-SHA256(key="s3cr3t-key", "AKID\nhello"), computed with openssl dgst -sha256 -hmac.
    test = vectors["testGroups"][0]["tests"][0]
    assert test["output"]["signature"] == (
        "fb5ba5d605b4318d34eb33ed241c7054e0a72d4fcf1f390dc8cf6be414251d1c"
    )


@pytest.mark.parametrize("port", ["node", "go", "java", "kotlin"])
def test_a_port_signs_the_scaffolded_scheme_as_the_reference(scratch: Path, port: str) -> None:
    if not (scratch / "vectors/acme-hmac.json").is_file():
        pytest.skip("the scaffold test did not run first")
    reason = missing(port)
    if reason:
        pytest.skip(f"{port}: {reason}")
    report = scratch / f"report-{port}.json"
    ran = sigvec_in(
        scratch,
        *("run", "-q", "--scheme", "acme-hmac", "--impl", port),
        *("--cache-dir", str(scratch / "cache"), "--report", str(report)),
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    (impl,) = json.loads(report.read_text())["implementations"]
    assert impl["counts"]["passed"] == 1


def test_a_bad_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="expected a scheme id"):
        scaffold_scheme(REPOSITORY, "Acme_HMAC", "x")
    with pytest.raises(UsageError, match="not a sigvec checkout"):
        scaffold_scheme(tmp_path, "acme-hmac", "x")
