"""What a language's snippet driver generator receives and returns, and the call codec.

A *snippet* is a function in a source file, unmodified, as copied from a doc. sigvec generates a
driver program around it that calls the function once per vector. The runner resolves the
arguments from the vector itself, so drivers know nothing of vectors or JSON: they speak the
**call codec**, one line per message, every string as the hex of its UTF-8 bytes:

    runner -> driver   C <seq> <hex arg1> <hex arg2> ...     call the function
                       Q                                     quit
    driver -> runner   R <seq> S <hex of the UTF-8 string>   returned a string
                       R <seq> B <hex of the bytes>          returned bytes
                       R <seq> E <hex of an error message>   threw / failed

Fields are separated by one space; an empty string is ``-``; an integer of the vector (e.g.
TC3's ``timestamp``) is ``#`` and its decimal digits, which a driver passes as the parameter's
type (a number, or its decimal text for a string parameter). Anything else the driver prints
(a snippet's own demo output) must not reach stdout: drivers swallow it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SnippetSpec:
    id: str
    language: str
    sources: tuple[Path, ...]  # absolute paths of the snippet files, unmodified
    function: str  # "name", "Class.method" or "pkg.Class.method"
    arg_count: int
    classpath: tuple[Path, ...] = ()  # extra libraries (jars, dlls)


@dataclass
class DriverPlan:
    """How to build and run the driver; every path inside ``work``.

    ``files``: generated files to write (relative name -> text). ``copies``: snippet files to
    copy in (relative name -> source path). ``checks``: commands run first, on the untouched
    snippet (e.g. ``g++ -fsyntax-only``), whose failure is reported as the build failure.
    ``build``: argv lists run in ``work`` in order. ``run``: the argv that serves calls.
    """

    files: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    checks: list[list[str]] = field(default_factory=list)
    build: list[list[str]] = field(default_factory=list)
    run: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


def encode_text(text: str) -> str:
    return text.encode("utf-8").hex() or "-"


def decode_hex(field_: str) -> bytes:
    return b"" if field_ == "-" else bytes.fromhex(field_)


def encode_argument(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"#{value}"
    return encode_text(value if isinstance(value, str) else str(value))


def encode_call(seq: int, args: list[object]) -> str:
    return " ".join(["C", str(seq), *(encode_argument(arg) for arg in args)]) + "\n"


QUIT = "Q\n"


@dataclass(frozen=True)
class Reply:
    seq: int
    kind: str  # "S" string, "B" bytes, "E" error
    payload: bytes

    @property
    def text(self) -> str:
        return self.payload.decode("utf-8", errors="replace")


def decode_reply(line: str) -> Reply:
    """Parse one driver line; raises ``ValueError`` with the reason when it is not a reply."""
    parts = line.rstrip("\r\n").split(" ")
    if len(parts) != 4 or parts[0] != "R" or parts[2] not in ("S", "B", "E"):
        raise ValueError(f"not a driver reply: {line[:200]!r}")
    return Reply(int(parts[1]), parts[2], decode_hex(parts[3]))
