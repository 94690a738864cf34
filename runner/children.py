"""Every process sigvec starts, and every process those start, is gone when sigvec is done.

A process group kill misses a grandchild that called ``setsid()``, and a grandchild whose
parent died is re-parented away from sigvec. Three things close those holes, on Linux:

- sigvec makes itself a *child subreaper* (``prctl(PR_SET_CHILD_SUBREAPER)``): orphans among
  its descendants are re-parented to sigvec, not to init, and can be reaped;
- every child is started with ``SIGVEC_OWNER=<token>`` in its environment, inherited by its
  own children, so a descendant is recognised even once its parent is gone;
- ``kill_tree`` kills a child's whole tree (by parent links in ``/proc``) and every process
  carrying its token, until none is left, and reaps those that were re-parented to sigvec.

- every child asks to be SIGKILLed when its sigvec thread dies (``PR_SET_PDEATHSIG``), so even a
  SIGKILLed sigvec, which can clean nothing up, leaves no direct child behind.

Elsewhere (no ``/proc``, no ``prctl``) the process group kill is what remains.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import secrets
import signal
import sys
import time
from pathlib import Path
from typing import Any

OWNER_VARIABLE = "SIGVEC_OWNER"
PR_SET_CHILD_SUBREAPER = 36
PR_SET_PDEATHSIG = 1
_RUN_TOKEN = secrets.token_hex(8)  # this sigvec process
_numbers = itertools.count(1)
PROC = Path("/proc")


def new_owner_token() -> str:
    """A token for one child: ``<this sigvec>-<n>``."""
    return f"{_RUN_TOKEN}-{next(_numbers)}"


def run_token() -> str:
    """The prefix every token of this sigvec process starts with."""
    return _RUN_TOKEN + "-"


def become_subreaper() -> bool:
    """Orphaned descendants are re-parented to this process (Linux 3.4+); False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent() -> None:
    """In a child before exec: SIGKILL it when the sigvec thread that started it ends, even when
    sigvec itself was SIGKILLed and could clean nothing up (Linux ``PR_SET_PDEATHSIG``)."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _load_prctl() -> Any:
    """``prctl``, looked up once in sigvec: no library loading between fork and exec."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_prctl = _load_prctl()


def _parents() -> dict[int, int]:
    """pid -> parent pid of every visible process."""
    table: dict[int, int] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir(PROC):
            if not entry.name.isdigit():
                continue
            try:
                stat = (PROC / entry.name / "stat").read_bytes()
            except OSError:
                continue
            fields = stat.rsplit(b")", 1)[-1].split()
            if len(fields) > 1:
                table[int(entry.name)] = int(fields[1])
    return table


def _carries(pid: int, token: str) -> bool:
    """Whether ``pid``'s environment holds ``token`` (a token ending in "-" is a prefix: the
    ``run_token()`` of all children; any other must match whole, or child 1 would claim 10)."""
    try:
        environ = (PROC / str(pid) / "environ").read_bytes()
    except OSError:
        return False
    wanted = f"{OWNER_VARIABLE}={token}".encode()
    if token.endswith("-"):
        return any(item.startswith(wanted) for item in environ.split(b"\0"))
    return wanted in environ.split(b"\0")


def find(root: int | None, token: str) -> set[int]:
    """Descendants of ``root`` (and ``root``) plus every process whose environment carries
    ``token`` (a full token, or ``run_token()`` for all of this sigvec's children)."""
    parents = _parents()
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found: set[int] = set()
    pending = [root] if root is not None and root in parents else []
    while pending:
        pid = pending.pop()
        if pid not in found:
            found.add(pid)
            pending += children.get(pid, [])
    me = os.getpid()
    for pid in parents:
        if pid != me and pid not in found and _carries(pid, token):
            found.add(pid)
            pending = [pid]
            while pending:  # and their descendants, whatever their environment
                child = pending.pop()
                found.add(child)
                pending += [c for c in children.get(child, []) if c not in found]
    found.discard(me)
    return found


def kill_tree(root: int | None, token: str) -> None:
    """SIGKILL ``root``'s tree and every process carrying ``token``, until none is left, and
    reap those re-parented to this process (never ``root``: its ``Popen`` reaps it)."""
    if not PROC.is_dir():
        return
    me = os.getpid()
    for attempt in range(50):  # a tree that forks while being killed needs another pass
        found = find(root, token)
        alive = {pid for pid in found if not _is_zombie(pid)}
        for pid in alive:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        for pid in found - {root}:
            if _parent_of(pid) == me:
                with contextlib.suppress(ChildProcessError, OSError):
                    os.waitpid(pid, os.WNOHANG)
        if not alive:
            return
        root = None  # killed; what is left carries the token
        time.sleep(0.01 * min(attempt + 1, 5))


def _stat_fields(pid: int) -> list[bytes]:
    try:
        return (PROC / str(pid) / "stat").read_bytes().rsplit(b")", 1)[-1].split()
    except OSError:
        return []


def _is_zombie(pid: int) -> bool:
    fields = _stat_fields(pid)
    return not fields or fields[0] in (b"Z", b"X")


def _parent_of(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[1]) if len(fields) > 1 else None
