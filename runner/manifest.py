"""Load and validate a manifest (YAML): which implementations to run, and how."""

from __future__ import annotations

import importlib.util
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sigvec.errors import UsageError
from sigvec.fileio import YamlTooLarge, load_yaml
from sigvec.schemacheck import Check, compile_check, is_valid
from sigvec.schemes import LANGUAGE_IDS, SCHEME_IDS
from sigvec.text import cap
from sigvec.vectors import schema

from . import toolchains
from .markdown import Extracted
from .selection import VectorChoice

if TYPE_CHECKING:
    import jsonschema

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "manifest.schema.json"
ALL_SCHEMES = SCHEME_IDS
LANGUAGES = LANGUAGE_IDS


@dataclass(frozen=True)
class Requirement:
    """A file (``path``) or an importable Python module (``module``) the implementation needs,
    and how to install it: a Debian package (``apt``) or a command line (``install``)."""

    path: Path | None
    apt: str = ""
    module: str = ""
    install: str = ""

    def missing(self) -> str | None:
        """None when it is here, else what is missing and the command that installs it."""
        if self.module:
            try:
                present = importlib.util.find_spec(self.module) is not None
            except ModuleNotFoundError:  # its parent package is absent
                present = False
            what = f"Python module {self.module}"
        else:
            present = self.path is not None and self.path.exists()
            what = str(self.path)
        if present:
            return None
        hint = self.install or toolchains.install_hint(self.apt)
        return f"{what} not found; install with: {hint}"


@dataclass(frozen=True)
class Implementation:
    """One manifest entry, with every path resolved against the manifest's folder."""

    id: str
    kind: str  # "command" or "snippet"
    language: str
    schemes: tuple[str, ...]
    src: Path  # {src}: the folder builds run in
    sources: tuple[Path, ...]  # hashed for the build cache
    timeout: float
    env: dict[str, str] = field(default_factory=dict)
    requires: tuple[Requirement, ...] = ()
    build: tuple[str, ...] = ()  # command kind
    run: tuple[str, ...] = ()  # command kind
    function: str = ""  # snippet kind
    args: tuple[str, ...] = ()
    returns: str = ""
    encoding: str | None = None
    classpath: tuple[Path, ...] = ()
    vectors: VectorChoice | None = None  # the vectors a partial implementation supports
    origins: tuple[Extracted, ...] = ()  # code blocks of a Markdown page, written to files
    clock: str = ""  # snippet kind: the vector value its clock is pinned to (e.g. input.ts)


DEFAULT_TIMEOUT = 60.0


@cache
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def max_timeout() -> float:
    """The largest ``timeout`` a manifest may give (its schema says), also for ``--timeout``."""
    return float(_schema()["$defs"]["common"]["timeout"]["maximum"])


@cache
def _check() -> Check | None:
    return compile_check(_schema())


@cache
def _validator() -> jsonschema.Draft202012Validator:
    from sigvec.reference.validate import validator_class

    return validator_class()(_schema())


def _entry_error(manifest: Path, index: int, entry: Any) -> str | None:
    """The clearest message for one bad entry (oneOf errors are unreadable as they come)."""
    if not isinstance(entry, dict):
        return f"implementations.{index}: expected a mapping"
    kind = entry.get("kind") or ("snippet" if "source" in entry else "command")
    if "run" not in entry and "source" not in entry:
        return (
            f"implementations.{index}: needs either `run` (a command implementation) "
            "or `source` (a snippet)"
        )
    from sigvec.reference.validate import best_error, validator_class

    sub = _schema()["$defs"][kind]
    problem = best_error(validator_class()({**sub, "$defs": _schema()["$defs"]}), entry)
    if problem is None:
        return None
    path, message = problem
    return f"implementations.{index}" + (f".{path}" if path else "") + f": {message}"


def _check_schemes_known(manifest: Path, index: int, entry: dict[str, Any]) -> None:
    """The schema accepts any well-formed scheme id; the registry says which exist."""
    named = [("scheme", entry["scheme"])] if "scheme" in entry else []
    named += [(f"schemes.{i}", scheme) for i, scheme in enumerate(entry.get("schemes", []))]
    for where, scheme in named:
        if scheme not in SCHEME_IDS:
            raise UsageError(
                f"{manifest}: implementations.{index}.{where}: unknown scheme {scheme!r} "
                f"(expected one of: {', '.join(SCHEME_IDS)})"
            )


def _check_vector_paths(manifest: Path, index: int, entry: dict[str, Any]) -> None:
    """A snippet's args and returns must name fields the scheme's vectors have."""
    scheme = entry["scheme"]
    fields = {
        part: set(schema(scheme)["$defs"][part]["properties"])
        for part in ("input", "intermediates", "output")
    }
    named = [(f"args.{i}", value) for i, value in enumerate(entry["args"])]
    named.append(("returns", entry["returns"]))
    for where, dotted in named:
        part, _, name = dotted.partition(".")
        if name not in fields[part]:
            known = ", ".join(f"{part}.{n}" for n in sorted(fields[part]))
            raise UsageError(
                f"{manifest}: implementations.{index}.{where}: {dotted} is not a "
                f"field of {scheme} (known: {known})"
            )


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _field_name(key: Any) -> str:
    """A manifest key as it can appear in a one-line error: as written when printable, else
    its escaped ``repr`` (a key may hold a line break or a lone surrogate)."""
    text = str(key)
    return text if text.isprintable() else cap(repr(text), 60)


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """(dotted field, text) of every string (keys included) in a manifest entry."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{where}.{_field_name(key)}"
            yield name, str(key)
            yield from _strings(item, name)
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _strings(item, f"{where}.{number}")


def _check_process_fields(manifest: Path, index: int, entry: dict[str, Any]) -> None:
    """What a process cannot be started with, caught when the manifest is loaded rather than
    when the implementation's turn comes: a NUL byte anywhere (argv, environment, paths), an
    environment variable name a shell or ``execve`` cannot take, a timeout that is no number."""
    where = f"{manifest}: implementations.{index}"
    for place, text in _strings(entry, where):
        if "\0" in text:
            raise UsageError(
                f"{place}: holds a NUL byte (no program argument, path or environment value can)"
            )
    env = entry.get("env")
    for name in env if isinstance(env, dict) else ():
        if not isinstance(name, str) or not ENV_NAME.fullmatch(name):
            raise UsageError(
                f"{where}.env: {cap(repr(name), 60)} is not an environment variable name "
                "(expected letters, digits and '_', not starting with a digit)"
            )
    timeout = entry.get("timeout")
    if isinstance(timeout, float) and not math.isfinite(timeout):
        raise UsageError(f"{where}.timeout: {timeout} is not a number of seconds")


def load_manifest(path: Path) -> list[Implementation]:
    """Parse ``path``; raises ``UsageError`` naming the file and field on any problem."""
    import yaml

    try:
        document = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read manifest ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: manifest is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise UsageError(f"{path}: not valid YAML{where} ({cap(problem, 120)})") from None
    except YamlTooLarge as exc:
        raise UsageError(f"{path}: manifest {exc}") from None
    except ValueError as exc:  # an integer of more than 4300 digits
        raise UsageError(f"{path}: not a usable manifest ({cap(str(exc), 60)})") from None
    except RecursionError:
        raise UsageError(f"{path}: manifest nested too deeply") from None
    if not isinstance(document, dict) or not isinstance(document.get("implementations"), list):
        raise UsageError(f"{path}: expected a mapping with an `implementations` list")
    for index, entry in enumerate(document["implementations"]):
        if isinstance(entry, dict):
            _check_process_fields(path, index, entry)
    check = _check()
    if check is None or not is_valid(check, document):
        _raise_schema_error(path, document)
    for index, entry in enumerate(document["implementations"]):
        _check_schemes_known(path, index, entry)
        if "source" in entry:
            _check_vector_paths(path, index, entry)
    implementations = [_resolve(path.parent.resolve(), e) for e in document["implementations"]]
    seen: set[str] = set()
    for implementation in implementations:
        if implementation.id in seen:
            raise UsageError(f"{path}: implementations: id {implementation.id!r} is used twice")
        seen.add(implementation.id)
    return implementations


def _requirement(base: Path, entry: dict[str, str]) -> Requirement:
    path = (base / entry["path"]).resolve() if "path" in entry else None
    return Requirement(
        path, entry.get("apt", ""), entry.get("module", ""), entry.get("install", "")
    )


def _raise_schema_error(path: Path, document: dict[str, Any]) -> None:
    """The clearest message for a manifest that breaks its schema: the first bad entry's."""
    try:
        for index, entry in enumerate(document["implementations"]):
            message = _entry_error(path, index, entry)
            if message:
                raise UsageError(f"{path}: {message}")
        from sigvec.reference.validate import best_error

        problem = best_error(_validator(), document)
    except RecursionError:
        raise UsageError(f"{path}: manifest nested too deeply") from None
    if problem is not None:
        field_path, message = problem
        raise UsageError(f"{path}: {field_path or 'manifest'}: {message}")


def _markdown_blocks(sources: tuple[Path, ...], entry: dict[str, Any]) -> tuple[Extracted, ...]:
    """A Markdown source stands for its code blocks (``block: N``, else every block of the
    entry's language), written to files in the build cache."""
    from .build import default_cache_dir
    from .markdown import extract, read_page, select_blocks

    found: list[Extracted] = []
    for page in sources:
        if page.suffix.lower() == ".md":
            chosen = select_blocks(page, read_page(page), entry.get("block"), entry["language"])
            found += extract(page, chosen, entry["language"], default_cache_dir())
    return tuple(found)


def _resolve(base: Path, entry: dict[str, Any]) -> Implementation:
    common: dict[str, Any] = {
        "id": entry["id"],
        "language": entry["language"],
        "timeout": float(entry.get("timeout", DEFAULT_TIMEOUT)),
        "env": dict(entry.get("env", {})),
        "requires": tuple(_requirement(base, r) for r in entry.get("requires", [])),
        "vectors": VectorChoice.from_manifest(entry["vectors"]) if "vectors" in entry else None,
    }
    if "source" in entry:
        sources = tuple((base / name).resolve() for name in _as_list(entry["source"]))
        origins = _markdown_blocks(sources, entry)
        if origins:
            sources = tuple(o.path for o in origins) + tuple(
                s for s in sources if s.suffix.lower() != ".md"
            )
        common["origins"] = origins
        return Implementation(
            kind="snippet",
            schemes=(entry["scheme"],),
            src=base,
            sources=sources,
            function=entry["function"],
            args=tuple(entry["args"]),
            returns=entry["returns"],
            encoding=entry.get("encoding"),
            clock=entry.get("clock", ""),
            classpath=tuple((base / p).resolve() for p in entry.get("classpath", [])),
            **common,
        )
    src = (base / entry.get("cwd", ".")).resolve()
    sources = tuple((src / name).resolve() for name in _as_list(entry.get("sources", ".")))
    return Implementation(
        kind="command",
        schemes=tuple(entry.get("schemes", ALL_SCHEMES)),
        src=src,
        sources=sources,
        build=tuple(entry.get("build", [])),
        run=tuple(entry["run"]),
        **common,
    )
