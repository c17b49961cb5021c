"""The errors a build stops with: bad input to a macro, a part the handout cannot find."""


class SampleError(Exception):
    """Bad input to a macro: a missing, misplaced, mistyped or invalid file, or a bad argument."""


class MacroCallError(Exception):
    """A macro call failed: names the page, the call and the cause, so the author can fix it."""

    def __init__(self, page: str, call: str, cause: str):
        super().__init__(f"{page}: {call}: {cause}")


class PrintableError(Exception):
    """A part the handout or the worksheet needs is missing from a page."""
