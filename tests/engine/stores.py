"""Which image stores the engine tests run on: LAB4_IMAGE_STORE=overlay2|containerd, unset = both.

Each engine test runs once per store (the session `engine` fixture is parametrized by it).
Only one private engine may run at a time, so pytest, which groups the tests of a
session-scoped parameter together, stops the overlay2 engine before it starts the
containerd one.
"""

from __future__ import annotations

import os

from .dockerd import STORES
from .errors import EngineError

VARIABLE = "LAB4_IMAGE_STORE"


def selected(environ=os.environ) -> list[str]:
    """The stores to run on, in STORES' order; one clear error for a name that is not a store."""
    value = environ.get(VARIABLE, "").strip()
    if not value:
        return list(STORES)
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in STORES]
    if unknown:
        raise EngineError(f"{VARIABLE}={value!r}: {', '.join(unknown)} is not an image store "
                          f"(one of {', '.join(STORES)}, or unset for both)")
    return [store for store in STORES if store in names]
