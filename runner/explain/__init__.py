"""``sigvec explain``: paste what the server said and what you sent; get the first difference
and the catalogued mistakes the evidence supports.

``parsers`` reads the server's message, ``explain.explain`` compares and names mistakes (with
``aws_checks``, ``aliyun_checks``, ``tencent_checks`` for what the texts alone show),
``render`` writes the text output, ``cli`` the verb.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Finding", "ServerMessage", "UnparseableMessage", "parse_server_message"]


def __getattr__(name: str) -> Any:
    """Loaded on first use: ``sigvec --help`` imports this package's ``cli`` only."""
    if name == "Finding":
        from .findings import Finding

        return Finding
    if name in __all__:
        from . import parsers

        return getattr(parsers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
