"""A catalogued mistake: a reference variant that signs the way one known bug does.

Its own module so that each scheme's catalogue (``mistakes.py``, ``mistakes_<scheme>.py``)
can import it without importing the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .result import Signed


@dataclass(frozen=True)
class Mistake:
    id: str
    description: str
    fix: str
    signer: Any  # a scheme Signer subclass instance
    applies: Callable[[dict[str, Any]], bool] = lambda inp: True

    @property
    def scheme(self) -> str:
        return self.id.split("/", 1)[0]

    def variant(self, inp: dict[str, Any]) -> Signed | None:
        """What an implementation with this mistake computes; None where it cannot apply."""
        if not self.applies(inp):
            return None
        try:
            return self.signer.sign(inp)
        except (ValueError, KeyError, UnicodeError):
            return None
