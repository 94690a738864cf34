"""Read the official AWS SigV4 signing test suite and turn a case into sigvec ``aws-sigv4`` input.

The suite (``awslabs/aws-c-auth``, ``tests/aws-signing-test-suite/v4``; see its README.md) lives
outside this repository, in ``../shared/external/aws-signing-test-suite/v4`` by default. Set the
environment variable ``SIGVEC_SHARED`` to the ``shared`` directory to look elsewhere.

Each case folder holds ``request.txt`` (the raw request), ``context.json`` (credentials, region,
service, timestamp, flags) and, per form (``header`` or ``query``), the expected
``<form>-canonical-request.txt``, ``<form>-string-to-sign.txt`` and ``<form>-signature.txt``.

Usage: ``for name in case_names(suite_root()): inp, expected = load_case(root, name, "header")``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHARED_ENV = "SIGVEC_SHARED"
FORMS = ("header", "query")
SUITE_SUBPATH = Path("external") / "aws-signing-test-suite" / "v4"

# Where each expected file's content lands in a sigvec result: (file stem, result key).
EXPECTED_FILES = (
    ("canonical-request", "canonical_request"),
    ("string-to-sign", "string_to_sign"),
    ("signature", "signature"),
)


def shared_root() -> Path:
    """The ``shared`` directory: ``$SIGVEC_SHARED``, else ``<repo>/../shared``."""
    override = os.environ.get(SHARED_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "shared"


def suite_root(shared: Path | None = None) -> Path:
    """The suite's ``v4`` directory (which may not exist)."""
    return (shared if shared is not None else shared_root()) / SUITE_SUBPATH


def case_names(root: Path) -> list[str]:
    """Sorted names of the case folders under ``root`` (folders holding a ``request.txt``)."""
    if not root.is_dir():
        return []
    return sorted(entry.name for entry in root.iterdir() if (entry / "request.txt").is_file())


def read_text(path: Path) -> str:
    """A suite file as text, UTF-8, with every ``\\r`` removed (the files have no final newline)."""
    return path.read_bytes().decode("utf-8").replace("\r", "")


@dataclass(frozen=True)
class RawRequest:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: str


def parse_request(text: str) -> RawRequest:
    """Parse ``request.txt``: request line, header lines, blank line, body.

    A line that starts with a space or a tab continues the previous header value (obsolete line
    folding); it is joined to that value with ``"\\n"``, whitespace kept, so the signer under test
    is the one that has to fold it. The request-target may itself contain spaces
    (``GET /example space/ HTTP/1.1``): the method ends at the first space, the HTTP version
    starts after the last one.
    """
    lines = text.split("\n")
    method, _, rest = lines[0].partition(" ")
    target, _, _version = rest.rpartition(" ")
    headers: list[tuple[str, str]] = []
    body_lines: list[str] = []
    for index, line in enumerate(lines[1:], start=1):
        if line == "":
            body_lines = lines[index + 1 :]
            break
        if line[0] in " \t":
            if not headers:
                raise ValueError(f"continuation line before any header: {line!r}")
            name, value = headers[-1]
            headers[-1] = (name, value + "\n" + line)
            continue
        name, colon, value = line.partition(":")
        if not colon:
            raise ValueError(f"header line without ':': {line!r}")
        headers.append((name, value))
    return RawRequest(method, target, headers, "\n".join(body_lines))


def sigv4_timestamp(iso: str) -> str:
    """``2015-08-30T12:36:00Z`` -> ``20150830T123600Z``."""
    return dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").strftime("%Y%m%dT%H%M%SZ")


def to_input(request: RawRequest, context: dict[str, Any], form: str) -> dict[str, Any]:
    """The sigvec ``aws-sigv4`` input for a parsed request, its context and a signature form."""
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}, not {form!r}")
    path, _, query = request.target.partition("?")
    credentials = context["credentials"]
    inp: dict[str, Any] = {
        "method": request.method,
        "path": path,
        "query": query,
        "headers": [[name, value] for name, value in request.headers],
        "access_key_id": credentials["access_key_id"],
        "secret_access_key": credentials["secret_access_key"],
        "region": context["region"],
        "service": context["service"],
        "timestamp": sigv4_timestamp(context["timestamp"]),
        "normalize_path": context["normalize"],
        # The suite's service is "service", not S3: the path is encoded a second time.
        "double_encode_path": True,
        "sign_body": context["sign_body"],
        "signature_location": form,
        "expires_in": context["expiration_in_seconds"],
    }
    if request.body:
        inp["body"] = request.body
    if credentials.get("token"):
        inp["session_token"] = credentials["token"]
    if "omit_session_token" in context:
        inp["omit_session_token"] = context["omit_session_token"]
    return inp


def load_case(root: Path, name: str, form: str) -> tuple[dict[str, Any], dict[str, str]]:
    """(sigvec input, expected values) for one case in one form.

    ``expected`` maps sigvec result keys to the suite's published bytes:
    ``canonical_request`` and ``string_to_sign`` (intermediates), ``signature`` (output) and, for
    the header form, ``authorization`` (output; the ``Authorization:`` line of
    ``header-signed-request.txt``).
    """
    case = root / name
    request = parse_request(read_text(case / "request.txt"))
    context = json.loads(read_text(case / "context.json"))
    expected = {key: read_text(case / f"{form}-{stem}.txt") for stem, key in EXPECTED_FILES}
    if form == "header":
        signed_request = parse_request(read_text(case / "header-signed-request.txt"))
        expected["authorization"] = next(
            value for name, value in signed_request.headers if name.lower() == "authorization"
        )
    return to_input(request, context, form), expected
