"""The environment an implementation runs in: a small allow-list, never the user's credentials."""

from __future__ import annotations

import os

from sigvec.schemes import credential_prefixes

# Only these variables of the runner's own environment reach an implementation.
PASSTHROUGH = ("PATH", "HOME", "TMPDIR", "JAVA_HOME", "GOROOT", "USER", "LOGNAME")
# Refused even when a manifest or a caller asks for them: cloud credentials of every vendor.
CREDENTIAL_PREFIXES = credential_prefixes()
DEFAULT_LOCALE = "C.UTF-8"
# Implementations run far from UTC unless told otherwise: a date or time taken from the local
# clock instead of UTC then changes the signature on every vector, not only near midnight on
# a machine that happens to be east of Greenwich. Nothing correct depends on the time zone.
DEFAULT_TIME_ZONE = "Pacific/Kiritimati"
DEFAULT_TIME_ZONE_NOTE = (
    f"implementations ran with TZ={DEFAULT_TIME_ZONE} (UTC+14) so that local-time bugs show; "
    "--env TZ=UTC runs them in UTC"
)


def implementation_env(
    extra: dict[str, str] | None = None, overrides: dict[str, str] | None = None
) -> dict[str, str]:
    """``extra`` comes from the manifest, ``overrides`` from the run (e.g. an env matrix)."""
    env = {name: os.environ[name] for name in PASSTHROUGH if name in os.environ}
    env["TZ"] = DEFAULT_TIME_ZONE
    env["LANG"] = DEFAULT_LOCALE
    env["LC_ALL"] = DEFAULT_LOCALE
    for source in (extra or {}, overrides or {}):
        env.update(source)
    return {name: value for name, value in env.items() if not name.startswith(CREDENTIAL_PREFIXES)}
