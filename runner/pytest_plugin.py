"""A pytest plugin: sigvec's vectors as pytest tests.

Two faces, both registered through the ``pytest11`` entry point ``sigvec``:

* ``pytest --sigvec-manifest=impls.yaml`` collects one item per (implementation, vector),
  ``impls.yaml::doc-go::iflytek::tc12``, and runs them through the real runner. Each
  implementation is built and started once, lazily on its first item, for all its selected
  vectors (one JVM, one Mono); every item then reports its own vector's verdict.
* ``def test_my_port(sigvec_vectors): ...`` runs a test once per vector (ids ``iflytek::tc4``);
  ``@pytest.mark.sigvec(scheme="iflytek")`` restricts the schemes.

Without ``--sigvec-manifest`` and without a test asking for ``sigvec_vectors`` the plugin does
nothing: it adds its options and marker, and imports none of the runner.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from sigvec.vectors import SCHEME_IDS  # a cheap import: the vectors load only when used

if TYPE_CHECKING:
    from .manifest import Implementation
    from .results import ImplementationResult, VectorResult

MARKER = "sigvec"
FIXTURE = "sigvec_vectors"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("sigvec", "sigvec signature conformance")
    group.addoption(
        "--sigvec-manifest",
        metavar="FILE",
        default=None,
        help="collect one test per (implementation, vector) of this sigvec manifest",
    )
    group.addoption(
        "--sigvec-cache-dir",
        metavar="DIR",
        default=None,
        help="sigvec build cache (default: $XDG_CACHE_HOME/sigvec or ~/.cache/sigvec)",
    )
    group.addoption(
        "--sigvec-vectors-dir",
        metavar="DIR",
        default=None,
        help="read vectors from here (e.g. made by sigvec vectors generate --cases) instead "
        "of sigvec's own",
    )
    group.addoption(
        "--sigvec-scheme",
        action="append",
        choices=SCHEME_IDS,
        metavar="SCHEME",
        default=None,
        help="only this scheme's vectors, for the manifest and the sigvec_vectors fixture "
        "(repeatable)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(scheme=...): the schemes (a name or a list) whose vectors the "
        f"{FIXTURE} fixture gives this test; default: all",
    )
    manifest = config.getoption("sigvec_manifest", None)
    if manifest:
        config.pluginmanager.register(ManifestPlugin(config, manifest), "sigvec-manifest")


def _vectors_dir(config: pytest.Config) -> Path | None:
    directory = config.getoption("sigvec_vectors_dir", None)
    return (config.invocation_params.dir / directory).resolve() if directory else None


def _option_schemes(config: pytest.Config) -> tuple[str, ...]:
    return tuple(config.getoption("sigvec_scheme", None) or SCHEME_IDS)


# ---------------------------------------------------------------------------------------------
# The manifest: one item per (implementation, vector)


class ManifestPlugin:
    """Registered only with ``--sigvec-manifest``: adds the manifest's items to the session."""

    def __init__(self, config: pytest.Config, manifest: str) -> None:
        from sigvec.errors import UsageError

        from .build import default_cache_dir
        from .manifest import load_manifest
        from .selection import load_vectors

        self.path = (config.invocation_params.dir / manifest).resolve()
        try:
            self.implementations = load_manifest(self.path)
            self.vectors = load_vectors(_option_schemes(config), _vectors_dir(config))
        except UsageError as exc:
            raise pytest.UsageError(f"--sigvec-manifest: {exc}") from None
        cache_dir = config.getoption("sigvec_cache_dir", None)
        self.cache_dir = (
            (config.invocation_params.dir / cache_dir).resolve()
            if cache_dir
            else default_cache_dir()
        )
        self.collected = False  # by pytest itself, when the manifest lies on a collected path

    def pytest_collect_file(
        self, file_path: Path, parent: pytest.Collector
    ) -> SigvecManifest | None:
        if file_path.resolve() == self.path:
            self.collected = True
            return SigvecManifest.from_parent(parent, path=file_path, plugin=self)
        return None

    @pytest.hookimpl(tryfirst=True)  # before -k and -m deselect
    def pytest_collection_modifyitems(
        self, session: pytest.Session, items: list[pytest.Item]
    ) -> None:
        """The manifest outside the collected paths (the usual case): collect it here."""
        if self.collected:
            return
        try:
            nodeid = self.path.relative_to(session.config.rootpath).as_posix()
        except ValueError:
            nodeid = self.path.as_posix()
        manifest = SigvecManifest.from_parent(session, path=self.path, plugin=self, nodeid=nodeid)
        items.extend(session.genitems(manifest))  # reports the collection like any other file


def _entry_lines(path: Path) -> list[int]:
    """The 0-based line of each ``implementations`` entry (for skip and failure locations)."""
    import yaml

    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
        for key, value in root.value:
            if key.value == "implementations":
                return [entry.start_mark.line for entry in value.value]
    except (OSError, ValueError, yaml.YAMLError, AttributeError):
        pass
    return []


class SigvecManifest(pytest.File):
    """The manifest file: one child per implementation."""

    def __init__(self, *, plugin: ManifestPlugin, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.plugin = plugin

    def collect(self) -> Iterator[SigvecImplementation]:
        lines = _entry_lines(self.path)
        for index, implementation in enumerate(self.plugin.implementations):
            yield SigvecImplementation.from_parent(
                self,
                name=implementation.id,
                implementation=implementation,
                plugin=self.plugin,
                lineno=lines[index] if index < len(lines) else 0,
            )


class SigvecImplementation(pytest.Collector):
    """One implementation: built and run once, for every vector of it that the session kept.

    Under xdist each worker that gets one of its vectors runs it once; ``--dist loadgroup``
    sends all of an implementation's vectors to one worker (they carry ``xdist_group``)."""

    def __init__(
        self, *, implementation: Implementation, plugin: ManifestPlugin, lineno: int, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.implementation = implementation
        self.plugin = plugin
        self.lineno = lineno
        self.result: ImplementationResult | None = None
        self._verdicts: dict[tuple[str, int], VectorResult] | None = None
        self._failure: Exception | None = None

    def collect(self) -> Iterator[SigvecScheme]:
        for scheme in self.implementation.schemes:
            if self.plugin.vectors.get(scheme):
                yield SigvecScheme.from_parent(self, name=scheme, owner=self)

    def verdict(self, scheme: str, tc_id: int) -> VectorResult:
        if self._verdicts is None and self._failure is None:
            self._run()
        if self._failure is not None:
            raise self._failure
        assert self._verdicts is not None
        verdict = self._verdicts.get((scheme, tc_id))
        if verdict is None:
            raise VectorErrored(f"the runner returned no result for {scheme}::tc{tc_id}")
        return verdict

    def _run(self) -> None:
        from .session import RunOptions, run_all

        kept: dict[str, list[dict[str, Any]]] = {}
        for item in self.session.items:
            if isinstance(item, SigvecVector) and item.owner is self:
                kept.setdefault(item.scheme, []).append(item.vector)
        try:
            (self.result,) = run_all(
                [self.implementation], kept, RunOptions(cache_dir=self.plugin.cache_dir)
            )
        except ValueError as exc:  # a snippet the driver generator cannot handle
            self._failure = VectorErrored(f"{self.plugin.path}: {exc}")
            return
        except Exception as exc:  # a runner bug: reported on every item, not re-run per item
            self._failure = exc
            raise
        self._verdicts = {(v.scheme, v.tc_id): v for v in self.result.vectors}


class SigvecScheme(pytest.Collector):
    def __init__(self, *, owner: SigvecImplementation, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.owner = owner

    def collect(self) -> Iterator[SigvecVector]:
        choice = self.owner.implementation.vectors
        for test in self.owner.plugin.vectors[self.name]:
            if choice is not None and not choice.matches(test):
                continue
            yield SigvecVector.from_parent(
                self, name=f"tc{test['tcId']}", owner=self.owner, vector=test
            )


class VectorFailed(Exception):
    """The implementation's answer differs from the vector (the report lines are the args)."""


class VectorErrored(Exception):
    """The implementation errored on the vector, crashed, or could not be built or run."""


@dataclass(frozen=True)
class _Crash:
    """What pytest's summary line and JUnit's ``message`` attribute show."""

    path: str
    lineno: int
    message: str


class FailureRepr:
    """A failure without a Python traceback: the runner's own report lines."""

    def __init__(self, lines: list[str], summary: str, path: Path) -> None:
        self.lines = lines
        self.reprcrash = _Crash(str(path), 0, summary)

    def toterminal(self, tw: Any) -> None:
        for line in self.lines:
            tw.line(line)

    def __str__(self) -> str:
        return "\n".join(self.lines)


class SigvecVector(pytest.Item):
    """One vector run by one implementation: ``impls.yaml::IMPL::SCHEME::tcN``."""

    def __init__(
        self, *, owner: SigvecImplementation, vector: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.owner = owner
        self.vector = vector
        self.scheme = self.parent.name  # type: ignore[union-attr]
        self.sigvec_id = f"{owner.implementation.id}::{self.scheme}::tc{vector['tcId']}"
        self.user_properties.append(("sigvec_id", self.sigvec_id))
        if self.config.pluginmanager.hasplugin("xdist"):
            # with --dist loadgroup, one worker builds and runs each implementation
            self.add_marker(pytest.mark.xdist_group(owner.implementation.id))

    def runtest(self) -> None:
        from .report import vector_json

        verdict = self.owner.verdict(self.scheme, self.vector["tcId"])
        if verdict.status == "skipped":
            raise _skip(f"{self.owner.implementation.id}: {verdict.message}")
        if verdict.status == "errored":
            raise VectorErrored(verdict.message or "errored")
        if verdict.status == "failed":
            entry = vector_json(verdict)
            if entry.get("mistake"):
                self.user_properties.append(("sigvec_mistake", entry["mistake"]["id"]))
            raise VectorFailed(entry)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        """The runner's report lines, summary first (the one line xdist and JUnit keep)."""
        from .report import failure_lines

        vector = f"vector {self.sigvec_id}: {self.vector['comment']}"
        if isinstance(excinfo.value, VectorFailed):
            entry = excinfo.value.args[0]
            mistake = entry.get("mistake")
            summary = f"first differing step: {entry['step']}" + (
                f"; likely mistake {mistake['id']}" if mistake else ""
            )
            return FailureRepr([summary, vector, *failure_lines(entry)], summary, self.path)
        if isinstance(excinfo.value, VectorErrored):
            message = str(excinfo.value) or "errored"
            first, *rest = message.splitlines()
            lines = [f"errored: {first}", vector, *rest]
            return FailureRepr(lines, f"errored: {first[:200]}", self.path)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, self.owner.lineno, self.sigvec_id


def _skip(reason: str) -> BaseException:
    """A skip that pytest's summary attributes to the manifest, not to this file."""
    try:
        return pytest.skip.Exception(reason, _use_item_location=True)
    except TypeError:  # a pytest without the (private) keyword
        return pytest.skip.Exception(reason)


# ---------------------------------------------------------------------------------------------
# The sigvec_vectors fixture: a Python port tested directly against the vectors


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if FIXTURE not in metafunc.fixturenames:
        return
    schemes = _marked_schemes(metafunc)
    allowed = _option_schemes(metafunc.config)
    params, ids = [], []
    for scheme in schemes:
        if scheme not in allowed:
            continue
        for test in _vector_tests(metafunc.config, scheme):
            params.append({"scheme": scheme, **test})
            ids.append(f"{scheme}::tc{test['tcId']}")
    metafunc.parametrize(FIXTURE, params, ids=ids, indirect=True)


def _marked_schemes(metafunc: pytest.Metafunc) -> tuple[str, ...]:
    marker = metafunc.definition.get_closest_marker(MARKER)
    if marker is None:
        return SCHEME_IDS
    named = list(marker.args)
    for key in ("scheme", "schemes"):
        value = marker.kwargs.get(key)
        named += [value] if isinstance(value, str) else list(value or [])
    unknown = [s for s in named if s not in SCHEME_IDS]
    if unknown or not named:
        pytest.fail(
            f"{metafunc.definition.nodeid}: @pytest.mark.{MARKER}: "
            + (f"unknown scheme {unknown[0]!r}" if unknown else "no scheme named")
            + f" (expected scheme= one of {', '.join(SCHEME_IDS)})",
            pytrace=False,
        )
    return tuple(s for s in SCHEME_IDS if s in named)


_VECTORS_KEY = pytest.StashKey[dict[str, list[dict[str, Any]]]]()


def _vector_tests(config: pytest.Config, scheme: str) -> list[dict[str, Any]]:
    from sigvec.vectors import iter_tests
    from sigvec.vectors import path as vector_path

    loaded = config.stash.setdefault(_VECTORS_KEY, {})
    directory = _vectors_dir(config)
    if scheme not in loaded:
        present = directory is None or vector_path(scheme, directory).is_file()
        loaded[scheme] = list(iter_tests(scheme, directory)) if present else []
    return loaded[scheme]


@pytest.fixture
def sigvec_vectors(request: pytest.FixtureRequest) -> dict[str, Any]:
    """One sigvec test vector (a fresh copy): ``scheme``, ``tcId``, ``comment``, ``flags``,
    ``input``, ``intermediates``, ``output``, ``mistakes``. The test runs once per vector of the
    schemes named by ``@pytest.mark.sigvec(scheme=...)`` (default: all) and ``--sigvec-scheme``.
    """
    return copy.deepcopy(request.param)
