"""One scheme's verifier, as ``sigvec verify``/``serve``, the verifier vectors and ``sigvec
probe`` use it: the checks, and how a request of the scheme is signed, sent and re-signed.

Each verifier module (``sigvec.reference.verify.<name>``, named by the scheme's registry entry
in ``sigvec/schemes.py``) has one ``VERIFIER``, an instance of a :class:`SchemeVerifier`
subclass. A scheme without one is not verifiable yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from sigvec.reference.result import Signed

from .core import Check, parse_utc
from .request import Request


@dataclass(frozen=True)
class ProbeKey:
    """The key ``sigvec probe`` signs with, and the server's own region/service if known."""

    key_id: str
    secret: str
    region: str | None = None
    service: str | None = None


@dataclass(frozen=True)
class InputFields:
    """Where a signing input holds the key id, the secret and the signing time (paths of field
    names), and the time's layout (strftime, or "epoch" for UNIX seconds)."""

    key_id: tuple[str, ...]
    secret: str
    time: tuple[str, ...]
    time_layout: str


class SchemeVerifier:
    """The hooks a scheme's verifier provides; subclasses fill in every one that raises."""

    scheme: ClassVar[str]
    # The vendor whose error shapes ``sigvec serve`` answers in (runner/vendor_errors.py).
    vendor: ClassVar[str]
    # How the signature is written, for the vectors' bit-flip tampering: "hex" or "base64".
    signature_encoding: ClassVar[str] = "hex"
    # Where the scheme's signing input holds the key id, the secret and the time.
    fields: ClassVar[InputFields]
    # Other layouts in which case files write times derived from the signing time:
    # ``sigvec probe`` rewrites each (and the input's own) for its new signing time.
    other_time_layouts: ClassVar[tuple[str, ...]] = ()

    # ------------------------------------------------------------ verifying

    def detect(self, request: Request) -> bool:
        """Whether the request carries this scheme's signature (``sigvec serve``)."""
        raise NotImplementedError

    def verify(self, check: Check) -> None:
        """Return if the request is valid; raise ``Rejection`` with the first failing check."""
        raise NotImplementedError

    # ------------------------------------------------------------ verifier cases

    @property
    def time_layouts(self) -> tuple[str, ...]:
        return (self.fields.time_layout, *self.other_time_layouts)

    def signing_time(self, inp: dict[str, Any]) -> float:
        """POSIX seconds of the time a signing input signs at (``KeyError`` if it has none)."""
        text = str(_field(inp, self.fields.time))
        if self.fields.time_layout == "epoch":
            return float(text)
        return parse_utc(text, self.fields.time_layout) or 0.0

    def key_pair(self, inp: dict[str, Any]) -> tuple[str, str]:
        """(key id, secret) a signing input signs with."""
        return _field(inp, self.fields.key_id), inp[self.fields.secret]

    def key_override(self, key_id: str) -> dict[str, Any]:
        """Overrides of a signing input that make it sign as ``key_id``."""
        override: Any = key_id
        for name in reversed(self.fields.key_id):
            override = {name: override}
        return override

    def send(self, signed: Signed, how: dict[str, Any]) -> Request:
        """The request a client sends after signing ``signed.input``: ``how`` (the case's
        ``send``) gives the method, path, host and form where the scheme leaves them open."""
        raise NotImplementedError

    def tamper(self, request: Request, signed: Signed, kind: str, arg: Any) -> Request | None:
        """A tampering step of the scheme's own (``kind``); None: not one of them."""
        return None

    # ------------------------------------------------------------ sigvec probe

    def base_host(self, base: dict[str, Any]) -> str | None:
        """The host a case base sends to (rewritten to the probed server's)."""
        return base.get("send", {}).get("host")

    def rebase(
        self, base: dict[str, Any], host: str, path: str, key: ProbeKey, signed_at: float
    ) -> dict[str, Any]:
        """A case base signed at ``signed_at`` with ``key`` for ``host`` and the URL ``path``
        (no trailing '/')."""
        raise NotImplementedError


def _field(inp: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = inp
    for name in path:
        value = value[name]
    return value
