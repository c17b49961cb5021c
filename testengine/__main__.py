"""python -m testengine [COMMAND …]: run COMMAND (a shell, by default) against a private engine.

The engine, its registry and its bridge exist while the command runs and are gone after;
DOCKER_HOST in the command's environment names the engine's socket. For example:

    python -m testengine sh docs/samples/app/try/q2-layers.sh
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .engine import PrivateEngine, unavailable
from .errors import EngineError

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "engine"


def main(argv: list[str]) -> int:
    reason = unavailable()
    if reason:
        print(f"testengine: {reason}", file=sys.stderr)
        return 2
    try:
        with PrivateEngine(CACHE, log=lambda line: print(f"testengine: {line}", file=sys.stderr)) as engine:
            return subprocess.run(argv or ["sh"], env=engine.client_env()).returncode
    except EngineError as error:
        print(f"testengine: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the engine is stopped by now
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
