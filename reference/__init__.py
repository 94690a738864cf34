"""The sigvec reference signer: every scheme, every intermediate value.

>>> from sigvec.reference import sign
>>> sign("iflytek", {"app_id": "xxx", "ts": "1674496098", "app_secret": "xxx"}).output["signature"]
'06xprL749yJv+obr31CRCBZ44N8='
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from . import aliyun_rpc, aws_sigv4, iflytek, tencent_tc3
from .errors import InputError
from .result import Signed
from .validate import validate_input

SCHEMES: dict[str, ModuleType] = {
    module.SCHEME: module for module in (aws_sigv4, tencent_tc3, aliyun_rpc, iflytek)
}

__all__ = ["SCHEMES", "InputError", "Signed", "sign", "steps"]


def steps(scheme: str) -> tuple[str, ...]:
    """The scheme's intermediate values, in the order the signature is computed."""
    return SCHEMES[scheme].STEPS


def sign(scheme: str, inp: dict[str, Any], *, validate: bool = True) -> Signed:
    """Sign ``inp`` with ``scheme``. Raises ``KeyError`` for an unknown scheme and
    ``InputError`` for input that breaks the scheme's schema or cannot be signed."""
    module = SCHEMES[scheme]
    if validate:
        validate_input(scheme, inp)
    return module.sign(inp)
