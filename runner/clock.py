"""Pin the clock of a snippet that reads it (a doc's ``getHandShakeParams`` takes no time: it
calls ``currentTimeMillis()``) to each vector's time, with Debian's libfaketime.

The driver runs with ``LD_PRELOAD`` = libfaketime and ``FAKETIME_TIMESTAMP_FILE`` = a file the
runner rewrites before each call with the vector's time (re-read on every clock call:
``FAKETIME_NO_CACHE=1``); monotonic clocks are left alone (JVMs hang otherwise). The file holds
UNIX seconds (``FAKETIME_FMT=%s``), not a wall-clock date: libfaketime reads a date in the
child's local time, and that depends on the zone data glibc finds, not on what Python finds.
"""

from __future__ import annotations

import glob
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from sigvec.fileio import write_atomically
from sigvec.reference.encoding import ascii_digits

# The thread-safe build: a JVM reads the clock from many threads, and the plain build's shared
# parse state let one thread's read of the previous file content win over the caller's.
LIBRARY_GLOB = "/usr/lib/*/faketime/libfaketimeMT.so.1"
INSTALL = "apt-get install faketime"
FILE_NAME = "sigvec-faketime"


def library() -> str | None:
    found = sorted(glob.glob(LIBRARY_GLOB))
    return found[0] if found else None


def environment(workdir: Path) -> dict[str, str]:
    lib = library()
    if lib is None:
        return {}
    return {
        "LD_PRELOAD": lib,
        "FAKETIME_TIMESTAMP_FILE": str(workdir / FILE_NAME),
        "FAKETIME_NO_CACHE": "1",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        "FAKETIME_FMT": "%s",
    }


def epoch_seconds(value: object) -> int | None:
    """A vector's time as UNIX seconds: an integer, the decimal text of one exactly as a clock
    would print it (no leading zeros, ten digits or fewer), or an RFC 1123 date in GMT (an HTTP
    ``Date``, as iflytek-ws signs) from 1970 on; else None."""
    text = str(value)
    if text.endswith(" GMT"):
        return _http_date_seconds(text)
    if not ascii_digits(text) or str(int(text)) != text or len(text) > 10:
        return None
    return int(text)


def pin(workdir: Path, seconds: int) -> None:
    """Freeze the clock at ``seconds`` (UNIX time, whatever the implementation's zone)."""
    write_atomically(workdir / FILE_NAME, f"{seconds}\n".encode("ascii"))  # never half-written


def _http_date_seconds(text: str) -> int | None:
    """An RFC 1123 GMT date exactly as a clock would print it (``format_datetime`` writes it
    back unchanged: two-digit day, the right weekday) as UNIX seconds, from 1970 on."""
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None or format_datetime(moment, usegmt=True) != text:
        return None
    seconds = int(moment.timestamp())
    return seconds if 0 <= seconds < 10**10 else None
