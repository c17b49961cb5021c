"""`docker build` for the tests that compare what BuildKit prints with what the pages say."""

from __future__ import annotations

import subprocess
import uuid


def sh(env, *command, cwd=None, check=True, input=None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, input=input, timeout=600)
    if check:
        assert result.returncode == 0, f"{' '.join(command)}: {result.stderr[-3000:]}"
    return result


def build(env, folder, dockerfile, tag, *flags) -> str:
    """Build and return what BuildKit printed. Each image also keeps a tag of its own while the
    engine runs: on the containerd store, naming a new image takes `tag` off the last one before
    the new one is unpacked, and containerd's garbage collector then took the snapshots the unpack
    was building on ("parent snapshot … does not exist", Engine 26.1.5, a test run of 2026-12-03)."""
    kept = f"{tag}-kept-{uuid.uuid4().hex[:12]}"
    return sh(env, "docker", "build", "--progress=plain", *flags, "-t", tag, "-t", kept, "-f", dockerfile, ".",
              cwd=folder).stderr
