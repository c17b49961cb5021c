"""The one error a macro raises when its input is wrong."""


class SampleError(Exception):
    """Bad input to a macro: a missing, misplaced, mistyped or invalid file, or a bad argument."""


class MacroCallError(Exception):
    """A macro call failed: names the page, the call and the cause, so the author can fix it."""

    def __init__(self, page: str, call: str, cause: str):
        super().__init__(f"{page}: {call}: {cause}")
