"""Errors the reference raises for input that its JSON Schema cannot rule out on its own."""


class InputError(ValueError):
    """An input that is well-formed JSON of the right shape, but cannot be signed.

    ``field`` is the dotted path of the offending input field.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
