"""The value every scheme's ``sign`` returns: input, intermediates in step order, output."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Signed:
    scheme: str
    input: dict[str, Any]
    intermediates: dict[str, Any] = field(default_factory=dict)
    output: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "input": self.input,
            "intermediates": self.intermediates,
            "output": self.output,
        }
