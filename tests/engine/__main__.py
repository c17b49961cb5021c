"""python -m tests.engine [COMMAND …] (from the project folder): run COMMAND (a shell, by default) against a private engine.

The engine, its registry and its bridge exist while the command runs and are gone after;
DOCKER_HOST in the command's environment names the engine's socket. For example:

    python -m tests.engine sh docs/samples/app/try/q2-layers.sh
    LAB4_IMAGE_STORE=containerd python -m tests.engine sh   # on the containerd image store
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from . import stores
from .dockerd import PrivateEngine, unavailable
from .errors import EngineError

CACHE = Path(__file__).resolve().parents[2] / ".cache" / "engine"


def main(argv: list[str]) -> int:
    reason = unavailable()
    if reason:
        print(f"engine: {reason}", file=sys.stderr)
        return 2
    try:
        store = stores.selected()[0]  # LAB4_IMAGE_STORE picks it; overlay2 when unset
        with PrivateEngine(CACHE, log=lambda line: print(f"engine: {line}", file=sys.stderr), store=store) as engine:
            return subprocess.run(argv or ["sh"], env=engine.client_env()).returncode
    except EngineError as error:
        print(f"engine: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the engine is stopped by now
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
