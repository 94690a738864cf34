"""The sigvec reference signer: every scheme, every intermediate value.

>>> from sigvec.reference import sign
>>> sign("iflytek", {"app_id": "xxx", "ts": "1674496098", "app_secret": "xxx"}).output["signature"]
'06xprL749yJv+obr31CRCBZ44N8='
"""

from __future__ import annotations

from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .errors import InputError

if TYPE_CHECKING:
    from .result import Signed

__all__ = ["SCHEMES", "InputError", "Signed", "sign", "steps"]


@cache  # found once: sign() looks its scheme up here on every call
def _module(scheme: str) -> ModuleType:
    """The reference module of ``scheme`` (``KeyError``: unknown), loaded on first use: signing
    one scheme loads no other."""
    # Relative to this package, not sigvec.reference: the mutation self-test signs with a
    # mutated copy of it.
    from importlib import import_module

    from sigvec.schemes import get

    return import_module(f".{get(scheme).module}", __name__)


def _schemes() -> dict[str, ModuleType]:
    from sigvec.schemes import SCHEMES

    return {scheme.id: _module(scheme.id) for scheme in SCHEMES}


def __getattr__(name: str) -> Any:
    """``SCHEMES`` and ``Signed`` load the scheme modules on first use, not on import: the
    runner and ``sigvec --help`` import this package without signing anything."""
    if name == "SCHEMES":
        return _schemes()
    if name == "Signed":
        from .result import Signed

        return Signed
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def steps(scheme: str) -> tuple[str, ...]:
    """The scheme's intermediate values, in the order the signature is computed."""
    from sigvec.schemes import get

    return get(scheme).steps


def sign(scheme: str, inp: dict[str, Any], *, validate: bool = True) -> Signed:
    """Sign ``inp`` with ``scheme``. Raises ``KeyError`` for an unknown scheme and
    ``InputError`` for input that breaks the scheme's schema or cannot be signed."""
    module = _module(scheme)
    if validate:
        from .validate import validate_input

        validate_input(scheme, inp)
    return module.sign(inp)
