"""One policy for text sigvec did not write (implementations, servers, users): every output
shows it, escaped visibly, and none can be broken or hijacked by it.

- A lone surrogate (not valid Unicode: no UTF-8 encoder, terminal or XML parser takes it)
  becomes the six characters ``\\udXXX``, in every output, JSON included.
- Control characters but line feed and tab (ESC and OSC sequences, carriage returns that
  overwrite a line, NUL, DEL, the C1 range), the bidirectional overrides and the two
  non-characters XML forbids become ``\\xNN`` or ``\\uNNNN`` in console, log, XML, HTML and
  Markdown text. JSON escapes control characters itself; C1 and bidi characters are written
  there as JSON ``\\u`` escapes, so the value is kept and no raw control byte is printed.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
# What a terminal, an XML 1.0 parser or a log viewer must never receive raw.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f"
    "\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
# Inside JSON text (strings are the only place a non-ASCII character can be).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: Any) -> str:
    """``text`` (anything, as ``str``) safe for a terminal, a log line, XML, HTML or Markdown:
    line feeds and tabs kept, every other control, lone surrogate and bidi override escaped."""
    text = text if isinstance(text, str) else str(text)
    return _UNSAFE.sub(lambda match: escape_char(match.group()), text)


def unicode_safe(text: str) -> str:
    """``text`` with lone surrogates written out (``\\udXXX``): encodable as UTF-8."""
    return _SURROGATE.sub(lambda match: escape_char(match.group()), text)


def unicode_safe_value(value: Any) -> Any:
    """``value`` (JSON-like) with ``unicode_safe`` applied to every string and key."""
    if isinstance(value, str):
        return unicode_safe(value)
    if isinstance(value, dict):
        return {unicode_safe_value(key): unicode_safe_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [unicode_safe_value(item) for item in value]
    return value


def json_text(value: Any, **options: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, **options)``, always encodable as UTF-8 and
    printable: lone surrogates written out visibly, C1 and bidi characters as ``\\u`` escapes."""
    text = json.dumps(value, ensure_ascii=False, **options)
    text = _SURROGATE.sub(lambda match: "\\" + escape_char(match.group()), text)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def cap(text: str, limit: int = 200) -> str:
    """At most ``limit`` characters of ``text``: values quoted in messages stay bounded."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _write(stream: Any, text: str) -> None:
    data = text.encode("utf-8")
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stand-in (StringIO)
        stream.write(data.decode("utf-8"))
        stream.flush()
        return
    stream.flush()
    buffer.write(data)
    buffer.flush()


def write_out(text: str, *, escape: bool = True) -> None:
    """Print to standard output in UTF-8 whatever the locale, hostile text escaped."""
    _write(sys.stdout, visible(text) if escape else unicode_safe(text))


def write_err(text: str) -> None:
    """One line on standard error (a line break inside shows as ``\\n``): UTF-8 whatever the
    locale, hostile text escaped."""
    _write(sys.stderr, visible(text.rstrip("\n")).replace("\n", "\\n") + "\n")


def read_stdin() -> str:
    """Standard input as UTF-8 whatever the locale; ``UnicodeDecodeError`` when it is not."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stand-in (StringIO)
        return sys.stdin.read()
    return buffer.read().decode("utf-8")


def silence_stdout() -> None:
    """After a failed write to standard output (a closed pipe, a full disk), point it at
    /dev/null so that the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
