"""The credentials file of ``sigvec verify`` and ``sigvec serve`` (JSON or YAML): ``{"aws-sigv4":
{KEY_ID: SECRET}, "tencent-tc3": {...}, "aliyun-rpc": {...}, "iflytek": {APP_ID: SECRET}}``."""

from __future__ import annotations

import json
from pathlib import Path

from sigvec.errors import UsageError
from sigvec.reference.encoding import ascii_digits
from sigvec.vectors import SCHEME_IDS

Credentials = dict[str, dict[str, str]]


def load_credentials(path: Path) -> Credentials:
    """Every scheme's key id -> secret map; a scheme left out has no keys."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    try:
        document = json.loads(text)
    except ValueError:
        from sigvec.fileio import load_yaml

        try:
            document = load_yaml(text)
        except Exception as exc:  # yaml.YAMLError and its kin: one line, no traceback
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise UsageError(f"{path}: neither JSON nor YAML ({first})") from None
    if not isinstance(document, dict):
        raise UsageError(f"{path}: expected a mapping of scheme -> {{key id: secret}}")
    credentials: Credentials = {scheme: {} for scheme in SCHEME_IDS}
    for scheme, keys in document.items():
        if scheme not in SCHEME_IDS:
            raise UsageError(
                f"{path}: {scheme!r} is not a scheme (expected one of {', '.join(SCHEME_IDS)})"
            )
        if not isinstance(keys, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k and v for k, v in keys.items()
        ):
            raise UsageError(
                f"{path}: {scheme}: expected {{key id: secret}} with non-empty strings"
            )
        credentials[scheme] = dict(keys)
    if not any(credentials.values()):
        raise UsageError(f"{path}: no key for any scheme")
    return credentials


def parse_now(text: str | None, option: str = "--now") -> float | None:
    """``--now``: an ISO 8601 time (``2024-05-01T12:00:00Z``) or POSIX seconds; None: the clock."""
    if text is None:
        return None
    from sigvec.reference.verify.core import epoch_seconds

    try:
        return float(text) if ascii_digits(text.replace(".", "", 1)) else epoch_seconds(text)
    except ValueError:
        raise UsageError(
            f"{option} {text!r}: expected an ISO 8601 UTC time such as 2024-05-01T12:00:00Z "
            "or POSIX seconds"
        ) from None


def secret_values(credentials: Credentials) -> dict[str, str]:
    """Every secret, named for masking (``runner.secrets.redact``)."""
    return {
        f"{scheme}:{key_id}": secret
        for scheme, keys in credentials.items()
        for key_id, secret in keys.items()
    }
