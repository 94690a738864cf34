"""Ctrl-C, SIGTERM, SIGHUP at any moment: every process of the run is gone, setsid() ones and
orphans included; the previous report is intact. Real processes, checked in /proc."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from runner_helpers import misbehaving, run_argv, run_code

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="needs /proc (Linux) to see every process"
)

SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


def alive(pid: int) -> bool:
    """Running or stopped; a zombie has exited and counts as gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(") ", 1)[1][0] not in "ZX"
    except OSError:
        return False


def wait_for_pids(path: Path, count: int, seconds: float = 60) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            pids = path.read_text().split()
            if len(pids) >= count:
                return [int(pid) for pid in pids]
        time.sleep(0.1)
    raise AssertionError(f"{path}: no {count} process ids within {seconds} s")


def start_run(tmp_path: Path, entries: list[dict]) -> subprocess.Popen[str]:
    command = run_argv(tmp_path, entries, "--report", str(tmp_path / "report.json"))
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kill_leftovers(pids: list[int]) -> None:
    for pid in pids:  # a failing test must not leave sleepers behind either
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def stop_and_check(runner: subprocess.Popen[str], sent: signal.Signals, pids: list[int]) -> None:
    started = time.monotonic()
    runner.send_signal(sent)
    try:
        _, err = runner.communicate(timeout=30)
    finally:
        runner.kill()
    try:
        assert time.monotonic() - started < 30
        assert runner.returncode == 130, err
        assert "interrupted" in err and "Traceback" not in err
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(alive(pid) for pid in pids):
            time.sleep(0.1)
        assert [pid for pid in pids if alive(pid)] == []
    finally:
        kill_leftovers(pids)


@pytest.mark.parametrize("sent", SIGNALS, ids=lambda s: s.name)
def test_signal_during_a_run_kills_setsid_children_and_orphans(
    tmp_path: Path, sent: signal.Signals
) -> None:
    pidfile = tmp_path / "pids"
    entry = misbehaving("escape-and-hang", env={"SIGVEC_TEST_PIDFILE": str(pidfile)})
    (tmp_path / "report.json").write_text("previous report", encoding="utf-8")
    runner = start_run(tmp_path, [entry])
    pids = wait_for_pids(pidfile, 4)
    stop_and_check(runner, sent, pids)
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


@pytest.mark.parametrize("sent", SIGNALS, ids=lambda s: s.name)
def test_signal_during_a_build_stops_it_at_once(tmp_path: Path, sent: signal.Signals) -> None:
    pidfile = tmp_path / "pids"
    build = (
        f"setsid sleep 1000 </dev/null >/dev/null 2>&1 & echo $! >> {pidfile}; "
        f"sleep 1000 & echo $! >> {pidfile}; echo $$ >> {pidfile}; wait"
    )
    entry = {
        "id": "slow-build",
        "language": "python",
        "build": [build],
        "run": [sys.executable, "-c", "pass"],
        "timeout": 3600,
    }
    runner = start_run(tmp_path, [entry])
    pids = wait_for_pids(pidfile, 3)
    stop_and_check(runner, sent, pids)


def test_timeout_kills_children_that_left_the_process_group(tmp_path: Path) -> None:
    pidfile = tmp_path / "pids"
    entry = misbehaving("escape-and-hang", timeout=3, env={"SIGVEC_TEST_PIDFILE": str(pidfile)})
    try:
        assert run_code(tmp_path, [entry]) == 1
        pids = wait_for_pids(pidfile, 4, seconds=1)
        assert [pid for pid in pids if alive(pid)] == []
    finally:
        if pidfile.exists():
            kill_leftovers([int(pid) for pid in pidfile.read_text().split()])


def test_closing_one_child_spares_the_others() -> None:
    """Child 1's leftovers are killed by its token; child 10's token starts with child 1's
    and must not be taken for it."""
    from sigvec.runner import children, process

    first_env, first = process.owned_env({})
    second_env, second = process.owned_env({})
    while not second.startswith(first):
        second_env, second = process.owned_env({})
    sleepers = [
        subprocess.Popen(["sleep", "1000"], env={**os.environ, **env})
        for env in (first_env, second_env)
    ]
    try:
        children.kill_tree(None, first)
        assert sleepers[0].wait(timeout=10) != 0 or not alive(sleepers[0].pid)
        assert alive(sleepers[1].pid)
    finally:
        for sleeper in sleepers:
            sleeper.kill()
            sleeper.wait()
