"""What ``sigvec explain`` knows of one scheme: its server's messages, the texts it compares,
the checks those texts allow, where to look when they match. One plugin object per scheme, in
the scheme's ``*_checks`` module, named by the scheme's registry entry (``sigvec.schemes``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sigvec.reference.result import Signed

    from .explain import Comparison
    from .findings import Finding
    from .parsers import ServerMessage

CheckResult = tuple[list["Finding"], list[str]]

STEP_LABELS = {"canonical_request": "canonical request", "string_to_sign": "string to sign"}


def canonical_then_string_to_sign(
    yours: dict[str, str],
    against_server: Sequence[Comparison],
    check_canonical_request: Callable[[str, str], CheckResult],
    check_string_to_sign: Callable[[str, str, bool], CheckResult],
) -> list[CheckResult]:
    """The text checks of a scheme whose server reveals a canonical request and a string to
    sign (SigV4's shape): the string to sign is judged knowing whether the canonical request
    was compared too."""
    canonical_compared = "canonical_request" in yours or any(
        c.step == "canonical_request" for c in against_server
    )
    return [
        check_canonical_request(c.expected, c.actual)
        if c.step == "canonical_request"
        else check_string_to_sign(c.expected, c.actual, canonical_compared)
        for c in against_server
    ]


class ExplainPlugin:
    # The texts a server can reveal, or a user paste, in computation order.
    steps: tuple[str, ...] = ()
    # Where the fault lies when every compared text matches: (when the string to sign was
    # compared, when only earlier texts were).
    suspects: tuple[str, str] = ("", "")
    # Whether the server ever reveals a text: when it does not, a user's text that could not
    # be compared is expected, not worth a note.
    server_reveals_texts = True

    def parse(self, text: str) -> ServerMessage:
        """The server's rejection as pasted (CR LF already made LF); raises
        ``UnparseableMessage`` saying what was expected."""
        raise NotImplementedError

    def text_checks(
        self, yours: dict[str, str], against_server: Sequence[Comparison]
    ) -> list[CheckResult]:
        """The mistakes (and notes) the texts alone show: ``yours`` are the user's texts,
        ``against_server`` the comparisons of theirs with the server's that differ."""
        return []

    def rebuilt_request(self, server: ServerMessage) -> dict[str, Any] | None:
        """The request, rebuilt from the server's message where it reveals every parameter;
        signing it with each mistake may reproduce the user's text."""
        return None

    def corrected_input(
        self, server: ServerMessage, inp: dict[str, Any], reference: Signed | None
    ) -> tuple[dict[str, Any] | None, list[str]]:
        """``inp`` with the scheme's options set that make it give the server's texts, where
        one does (e.g. S3's), and notes saying so; (None, notes) otherwise."""
        return None, []

    def suspect(self, compared_steps: Sequence[str]) -> str:
        return self.suspects[0] if "string_to_sign" in compared_steps else self.suspects[1]
