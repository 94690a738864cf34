"""The vectors as their own artifacts: the wheel and the npm package built offline, installed
into a fresh virtualenv / node project from the built files, every file loaded; the
composite GitHub Action's step run locally."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml
from runner_helpers import IFLYTEK_COUNT, NON_ASCII_APP_IDS

from sigvec.vectors import DIRECTORY, SCHEME_IDS
from sigvec.vectors.packages import build_npm, build_wheel, data_files

REPOSITORY = Path(__file__).resolve().parents[1]


def _digests() -> dict[str, str]:
    """What every packaged file must hold: the repository's own files."""
    names = [f"{s}.json" for s in SCHEME_IDS] + ["README.md", "CHANGELOG.md"]
    names += [f"{d}/{p.name}" for d in ("schema", "verify") for p in (DIRECTORY / d).glob("*.json")]
    return {name: hashlib.sha256((DIRECTORY / name).read_bytes()).hexdigest() for name in names}


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for build in (build_wheel, build_npm):
        assert build(first).read_bytes() == build(second).read_bytes()
    assert set(data_files()) == set(_digests())


def test_wheel_installs_offline_into_a_fresh_virtualenv_and_loads_every_file(
    tmp_path: Path,
) -> None:
    wheel = build_wheel(tmp_path / "dist")
    venv.create(tmp_path / "fresh", with_pip=True, system_site_packages=False)
    python = tmp_path / "fresh" / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    script = (
        "import hashlib, json, sys, sigvec_vectors\n"
        "names = json.loads(sys.argv[1])\n"
        "out = {}\n"
        "for name in names:\n"
        "    with sigvec_vectors.open_vector_file(name) as f:\n"
        "        data = f.read()\n"
        "    if name.endswith('.json'):\n"
        "        json.loads(data)\n"
        "    out[name] = hashlib.sha256(data).hexdigest()\n"
        "print(json.dumps({'version': sigvec_vectors.__version__, 'files': out}))\n"
    )
    expected = _digests()
    result = subprocess.run(
        [str(python), "-c", script, json.dumps(sorted(expected))],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["files"] == expected
    assert wheel.name == f"sigvec_vectors-{loaded['version']}-py3-none-any.whl"


def test_npm_package_installs_offline_and_loads_every_file(tmp_path: Path) -> None:
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("npm/node not installed (apt-get install nodejs npm)")
    package = build_npm(tmp_path / "dist")
    project = tmp_path / "project"
    project.mkdir()
    (project / "package.json").write_text('{"name": "user-project", "private": true}\n')
    env = {**os.environ, "npm_config_cache": str(tmp_path / "npm-cache")}
    install = subprocess.run(
        ["npm", "install", "--offline", "--no-audit", "--no-fund", str(package)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert install.returncode == 0, install.stderr
    script = (
        "const crypto = require('crypto'); const fs = require('fs');\n"
        "const v = require('sigvec-vectors');\n"
        "const names = JSON.parse(process.argv[1]); const out = {};\n"
        "for (const name of names) {\n"
        "  const data = fs.readFileSync(v.vectorPath(name));\n"
        "  if (name.endsWith('.json')) JSON.parse(data);\n"
        "  out[name] = crypto.createHash('sha256').update(data).digest('hex');\n"
        "}\n"
        "const counts = v.SCHEMES.map((s) => v.load(s).numberOfTests);\n"
        "console.log(JSON.stringify({files: out, counts, schemes: v.SCHEMES}));\n"
    )
    expected = _digests()
    result = subprocess.run(
        ["node", "-e", script, json.dumps(sorted(expected))],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["files"] == expected
    assert loaded["schemes"] == list(SCHEME_IDS)
    assert loaded["counts"] == [
        json.loads((DIRECTORY / f"{s}.json").read_text())["numberOfTests"] for s in SCHEME_IDS
    ]


def test_action_step_runs_the_manifest_and_publishes_the_summary(tmp_path: Path) -> None:
    action = yaml.safe_load((REPOSITORY / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    (step,) = action["runs"]["steps"]
    manifest = tmp_path / "impls.yaml"
    manifest.write_text(
        json.dumps(
            {
                "implementations": [
                    {
                        "id": "mine",
                        "language": "python",
                        "run": [sys.executable, "-m", "sigvec.runner.reference_impl"],
                        "schemes": ["iflytek"],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    summary = tmp_path / "summary.md"
    inputs = {"manifest": str(manifest), "args": "-q -k 'not flag=NonAsciiAppId'"}
    env = {
        **os.environ,
        "GITHUB_ACTION_PATH": str(REPOSITORY),
        "GITHUB_STEP_SUMMARY": str(summary),
        "SIGVEC_PYTHON": sys.executable,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    for name, value in step["env"].items():  # ${{ inputs.x }} as GitHub fills it in
        key = value.removeprefix("${{ inputs.").removesuffix(" }}")
        env[name] = inputs.get(key, action["inputs"][key].get("default", ""))
    result = subprocess.run(
        [step["shell"], "-c", step["run"]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    ascii_only = IFLYTEK_COUNT - len(NON_ASCII_APP_IDS)  # every iflytek vector but those
    assert f"{ascii_only} passed" in result.stdout
    text = summary.read_text(encoding="utf-8")
    assert f"{ascii_only} passed, 0 failed" in text.splitlines()[0]
    assert "| mine | python |" in text
    assert (tmp_path / "sigvec-report.json").is_file()
