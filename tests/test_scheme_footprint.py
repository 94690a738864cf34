"""``scripts/scheme_footprint.py``: the files a scheme lives in, as docs/adding-a-scheme.md
counts them."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "scheme_footprint.py"


def load_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("scheme_footprint", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_spelling_of_a_scheme_is_found_and_no_other_scheme() -> None:
    if shutil.which("git") is None or not (SCRIPT.parents[1] / ".git").exists():
        pytest.skip("not a git checkout: the footprint lists tracked files")
    groups = load_script().footprint("iflytek-ws")
    assert "reference/iflytek_ws.py" in groups["scaffold-written"]
    assert "ports/csharp/src/IflytekWs.cs" in groups["scaffold-written"]
    assert "ports/go/iflytekws/iflytekws.go" in groups["scaffold-written"]
    assert "sigvec/schemes.py" in groups["scaffold-edited"]
    assert groups["generated"][0] == "vectors/iflytek-ws.json"
    every = [name for files in groups.values() for name in files]
    assert "reference/iflytek.py" not in every  # the older iflytek scheme, a prefix of the name
    assert len(every) == len(set(every))
