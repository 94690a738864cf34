"""Writing files so that a failed or interrupted run never leaves a half-written one."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

# Values a YAML document may expand to, aliases counted each time they are used: a 500-byte
# "billion laughs" expands to billions, and validating it would take minutes and gigabytes.
MAX_YAML_VALUES = 1_000_000
MAX_YAML_CHARACTERS = 64 * 1024 * 1024  # of strings, also counted at each use


class YamlTooLarge(ValueError):
    """The document expands (through aliases) to more values than ``MAX_YAML_VALUES``."""


def load_yaml(text: str | bytes | IO[str]) -> Any:
    """PyYAML's safe loader, the C one where libyaml is there (8x faster on the case files).

    Raises ``YamlTooLarge`` for a document whose aliases expand beyond ``MAX_YAML_VALUES``
    values (checked before anything walks it), ``ValueError`` for an integer of more than
    4300 digits, ``yaml.YAMLError`` for bad YAML."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        document = yaml.load(text, Loader=loader)  # a safe loader either way
    except yaml.YAMLError as error:
        # JSON is YAML, but PyYAML refuses JSON's escaped surrogate pairs ("\\ud835\\udcb3",
        # one character beyond the BMP) that json.dumps writes by default.
        if not isinstance(text, str):
            raise
        try:
            document = json.loads(text)
        except ValueError:
            raise error from None
    _check_expansion(document)
    return document


def _check_expansion(document: Any) -> None:
    pending, count, characters = [document], 0, 0
    while pending:
        value = pending.pop()
        count += 1
        if isinstance(value, str):
            characters += len(value)
        if count > MAX_YAML_VALUES or characters > MAX_YAML_CHARACTERS:
            raise YamlTooLarge(
                f"expands to more than {MAX_YAML_VALUES} values or {MAX_YAML_CHARACTERS} "
                "characters (aliases repeat what they name)"
            )
        if isinstance(value, dict):
            pending += value.keys()
            pending += value.values()
        elif isinstance(value, list):
            pending += value


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside ``target``, then rename over it."""
    write_atomically_from(target, [data])


def write_atomically_from(target: Path, chunks: Iterable[bytes]) -> None:
    """``write_atomically`` of the concatenated ``chunks``, never all in memory at once."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.chmod(temporary, 0o666 & ~_current_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
