"""Build implementations once: a cache keyed by sources, build commands and toolchain."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sigvec.errors import UsageError

from . import process, toolchains
from .environment import implementation_env
from .manifest import Implementation

COMPLETE_MARKER = ".sigvec-build-complete"
MAX_SOURCE_FILES = 20_000  # a `sources: /` typo must not hash the whole disk
SKIPPED_NAMES = frozenset({".git", "__pycache__", "node_modules", ".pytest_cache"})
FIRST_ERROR_LINES = 20


class BuildError(Exception):
    """A build step failed. The message holds the compiler's first error lines."""


@dataclass(frozen=True)
class Built:
    directory: Path
    cached: bool
    seconds: float


@dataclass(frozen=True)
class BuildStep:
    argv: list[str]
    cwd: Path
    env: dict[str, str]
    label: str = "build"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sigvec"


def hash_sources(paths: tuple[Path, ...]) -> str:
    """Raises ``UsageError`` for a missing source or one holding too many files."""
    digest = hashlib.sha256()
    for root in paths:
        if not root.exists():
            raise UsageError(f"source {root} does not exist")
        for count, path in enumerate(_walk(root), start=1):
            if count > MAX_SOURCE_FILES:
                raise UsageError(f"sources: more than {MAX_SOURCE_FILES} files under {root}")
            digest.update(str(path.relative_to(root.parent)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _walk(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED_NAMES)
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path


def go_env(cache: Path) -> dict[str, str]:
    """Go offline, its caches under ``cache``: no module download, no toolchain switch, no
    workspace. The one Go build environment (ports, snippets, the ports' unit tests)."""
    return {
        "GOCACHE": str(cache / "go-build"),
        "GOPATH": str(cache / "go-path"),
        "GOFLAGS": "-mod=mod -modcacherw",
        "GOPROXY": "off",
        "GO111MODULE": "on",
        "GOWORK": "off",
        "GOTOOLCHAIN": "local",
    }


def build_env(cache_root: Path, extra: dict[str, str]) -> dict[str, str]:
    """Compilers get writable caches inside sigvec's cache and no network."""
    env = implementation_env(extra)
    for name, value in go_env(cache_root).items():
        env.setdefault(name, value)
    return env


class BuildCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def key(self, implementation: Implementation, material: str) -> str:
        digest = hashlib.sha256()
        for part in (
            implementation.kind,
            implementation.language,
            repr(implementation.build),
            repr(implementation.run),
            toolchains.fingerprint(implementation.language),
            hash_sources(implementation.sources),
            material,
        ):
            digest.update(part.encode("utf-8") + b"\0")
        return digest.hexdigest()[:20]

    def directory(self, implementation: Implementation, key: str) -> Path:
        return self.root / "builds" / f"{implementation.id}-{key}"

    @contextlib.contextmanager
    def _locked(self, directory: Path) -> Iterator[None]:
        lock_path = directory.with_name(directory.name + ".lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with lock_path.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def ensure(self, directory: Path, prepare, steps: list[BuildStep], timeout: float) -> Built:
        """Run ``prepare(directory)`` and ``steps`` unless ``directory`` holds a finished build.

        A failed build leaves no directory behind, so the next run tries again."""
        started = time.monotonic()
        with self._locked(directory):
            if (directory / COMPLETE_MARKER).exists():
                return Built(directory, True, time.monotonic() - started)
            if directory.exists():
                shutil.rmtree(directory)
            directory.mkdir(parents=True)
            try:
                prepare(directory)
                for step in steps:
                    _run_step(step, timeout)
            except BaseException:
                shutil.rmtree(directory, ignore_errors=True)
                raise
            (directory / COMPLETE_MARKER).write_text("ok\n", encoding="utf-8")
        return Built(directory, False, time.monotonic() - started)


def _run_step(step: BuildStep, timeout: float) -> None:
    """Run one step; ``kill_all`` (Ctrl-C, SIGTERM, SIGHUP) kills it and all it started."""
    if process.stopping():
        raise BuildError(f"{step.label} not started: the runner is stopping")
    env, token = process.owned_env(step.env)
    try:
        popen = subprocess.Popen(
            step.argv,
            cwd=step.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise BuildError(f"{step.label} could not start {step.argv[0]!r}: {exc.strerror}") from None
    tracked = process.Tracked(popen, token)
    process.register(tracked)
    try:
        stdout, stderr = popen.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        tracked.kill()
        popen.communicate()
        raise BuildError(
            f"{step.label} timed out after {timeout:g} s: {_show(step.argv)}"
        ) from None
    finally:
        process.unregister(tracked)
        tracked.cleanup()
    if process.stopping():
        raise BuildError(f"{step.label} interrupted: {_show(step.argv)}")
    if popen.returncode != 0:
        output = (stderr or b"") + (stdout or b"")
        lines = output.decode("utf-8", errors="replace").strip().splitlines()
        first = "\n".join(lines[:FIRST_ERROR_LINES]) or "(no output)"
        more = f"\n... ({len(lines) - FIRST_ERROR_LINES} more lines)" if len(lines) > 20 else ""
        raise BuildError(
            f"{step.label} failed (exit {popen.returncode}): {_show(step.argv)}\n{first}{more}"
        )


def _show(argv: list[str]) -> str:
    text = " ".join(argv)
    return text if len(text) < 300 else text[:297] + "..."
