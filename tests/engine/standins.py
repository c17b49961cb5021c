"""Stand-ins for the base images the samples use, built from Debian packages.

No registry but PyPI, Debian and npm is reachable here, so `python:3.12-slim` and
`redis:7.4-alpine` cannot be pulled from Docker Hub. Each stand-in is a minimal Debian
(mmdebstrap) with the packages that play the official image's part, imported under the
official name and labelled as a stand-in. A stand-in is rebuilt only when its recipe
changes: the recipe's hash names the cached tarball.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import EngineError, last_lines

LABEL = "org.lab4.stand-in"  # on every stand-in image; its value says what the image stands in for
SUITE = "bookworm"


@dataclass(frozen=True)
class StandIn:
    name: str  # the official image it stands in for, as the samples write it
    packages: tuple[str, ...]
    changes: tuple[str, ...]  # `docker import --change` lines: the config the official image has
    hooks: tuple[str, ...] = ()  # mmdebstrap --customize-hook commands ("$1" is the new root)

    @property
    def key(self) -> str:
        recipe = json.dumps([SUITE, self.name, self.packages, self.changes, self.hooks])
        return hashlib.sha256(recipe.encode()).hexdigest()[:16]

    @property
    def repository(self) -> str:
        return "library/" + self.name.split(":")[0]

    @property
    def tag(self) -> str:
        return self.name.split(":")[1]


HOST_CA = "/etc/ssl/certs/ca-certificates.crt"

PYTHON = StandIn(
    "python:3.12-slim",
    packages=("python3", "python3-pip", "ca-certificates"),
    changes=(
        f"LABEL {LABEL}=\"python:3.12-slim stand-in: Debian {SUITE} python3, not the official image\"",
        # Debian's pip refuses to install into the system Python (PEP 668); the official image's doesn't.
        "ENV PIP_BREAK_SYSTEM_PACKAGES=1",
        "ENV LANG=C.UTF-8",
        'CMD ["python3"]',
    ),
    hooks=(
        'ln -s /usr/bin/python3 "$1/usr/local/bin/python"',
        # pip inside a build reaches PyPI only through the CA this host trusts.
        f'cp {HOST_CA} "$1{HOST_CA}"',
    ),
)

REDIS = StandIn(
    "redis:7.4-alpine",
    packages=("redis-server", "redis-tools"),
    changes=(
        f"LABEL {LABEL}=\"redis:7.4-alpine stand-in: Debian {SUITE} redis-server, not the official image\"",
        "WORKDIR /data",
        "VOLUME /data",
        'ENTRYPOINT ["docker-entrypoint.sh"]',  # as the official image names it, so `ps` shows the same
        'CMD ["redis-server"]',
        "EXPOSE 6379",
    ),
    hooks=(
        # As the official image's entrypoint does: a server reachable from other containers.
        "printf '%s\\n' '#!/bin/sh' 'if [ \"$1\" = redis-server ]; then shift; set -- redis-server --protected-mode no \"$@\"; fi'"
        " 'exec \"$@\"' > \"$1/usr/local/bin/docker-entrypoint.sh\"",
        'chmod 755 "$1/usr/local/bin/docker-entrypoint.sh"',
        'mkdir -p "$1/data"',
    ),
)

ALL = (PYTHON, REDIS)


def debian_mirror() -> str:
    """The mirror the machine's own apt sources name (no host name is written in the repo)."""
    for source in sorted(Path("/etc/apt/sources.list.d").glob("*.sources")):
        for line in source.read_text().splitlines():
            if line.startswith("URIs:") and "security" not in line:
                return line.split()[1]
    for source in [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*.list"))]:
        if source.exists():
            for line in source.read_text().splitlines():
                words = line.split()
                if words[:1] == ["deb"] and "security" not in line:
                    return next(w for w in words[1:] if w.startswith("http"))
    raise EngineError("no Debian mirror in /etc/apt/sources.list*: the stand-in base images need one")


def tarball(standin: StandIn, cache: Path, log) -> Path:
    """The stand-in's root filesystem as a tarball, built with mmdebstrap unless cached."""
    target = cache / f"{standin.name.replace(':', '_')}-{standin.key}.tar"
    if target.exists():
        log(f"stand-in {standin.name}: reusing {target.name} (same recipe)")
        return target
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    command = ["mmdebstrap", "--variant=minbase", "--format=tar", "--quiet", f"--include={','.join(standin.packages)}",
               *[f"--customize-hook={hook}" for hook in standin.hooks], SUITE, str(partial), debian_mirror()]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise EngineError(f"the stand-in {standin.name} failed to build (mmdebstrap exited {result.returncode}):\n"
                          + last_lines(result.stdout + result.stderr))
    partial.rename(target)
    for old in cache.glob(f"{standin.name.replace(':', '_')}-*.tar"):
        if old != target:
            old.unlink()
    return target
