class EngineError(RuntimeError):
    """The private engine could not be set up; the message says what failed and why."""


def last_lines(text: str, count: int = 15) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-count:])
