"""A snippet that reads the clock instead of taking the time, pinned to each vector's time
with libfaketime (Debian: faketime)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from runner_helpers import run

from sigvec.runner import clock
from sigvec.vectors import iter_tests

HANDSHAKE = """\
import base64, hashlib, hmac, time
from urllib.parse import quote


def handshake(app_id, app_secret):
    ts = str(int(time.time()))
    md5 = hashlib.md5((app_id + ts).encode()).hexdigest()
    digest = hmac.new(app_secret.encode(), md5.encode(), hashlib.sha1).digest()
    signa = base64.b64encode(digest).decode()
    return "appid=" + quote(app_id, safe="") + "&ts=" + ts + "&signa=" + quote(signa, safe="")
"""


def test_clock_reading_function_is_pinned_to_each_vectors_time(tmp_path: Path) -> None:
    if clock.library() is None:
        pytest.skip(f"libfaketime is not installed ({clock.INSTALL})")
    (tmp_path / "handshake.py").write_text(HANDSHAKE, encoding="utf-8")
    entry = {
        "id": "handshake",
        "language": "python",
        "scheme": "iflytek",
        "source": "handshake.py",
        "function": "handshake",
        "args": ["input.app_id", "input.app_secret"],
        "returns": "output.query",
        "clock": "input.ts",
    }
    code, report = run(tmp_path, [entry])
    vectors = {v["tcId"]: v for v in report["implementations"][0]["vectors"]}
    assert code == 0, json.dumps(report["implementations"][0], indent=1)[:2000]
    # A clock shows no leading zeros and no milliseconds: those vectors cannot be pinned.
    skipped = {n for n, v in vectors.items() if v["status"] == "skipped"}
    unpinnable = {
        t["tcId"]
        for t in iter_tests("iflytek")
        if str(int(t["input"]["ts"])) != t["input"]["ts"] or len(t["input"]["ts"]) > 10
    }
    assert skipped == unpinnable and unpinnable  # leading zeros, milliseconds
    assert all(v["status"] == "passed" for n, v in vectors.items() if n not in skipped)


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "America/St_Johns", "No/Such_Zone"])
def test_pinned_time_does_not_depend_on_the_zone_glibc_finds(tmp_path: Path, zone: str) -> None:
    """The child's zone comes from glibc's zone data, which may differ from Python's (or be
    absent): the pinned instant must be the vector's UNIX time all the same, early and late."""
    if clock.library() is None:
        pytest.skip(f"libfaketime is not installed ({clock.INSTALL})")
    env = {"PATH": os.environ["PATH"], "TZ": zone, **clock.environment(tmp_path)}
    for seconds in (1, 1551113065, 2147483647, 4102444800):
        clock.pin(tmp_path, seconds)
        shown = subprocess.run(["date", "+%s"], env=env, capture_output=True, text=True)
        assert shown.stdout.strip() == str(seconds), (zone, seconds, shown.stderr)
