"""Shared helpers for the test suite: building a site and serving it on loopback."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The URL contract of ../shared/DESIGN.md: course pages link to these.
PAGES = ["", "image-vs-container/", "layers/", "writable-layer/", "compose/", "demo/"]
QUESTION_PAGES = ["image-vs-container/", "layers/", "writable-layer/", "compose/"]
FIXED_ANCHORS = ["answer", "key-points", "diagram", "try-it", "check-your-understanding"]


def mkdocs_build(project: Path, dest: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` for the project in `project` the way an author would."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(dest)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` on 127.0.0.1 on a free port, in a background thread."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
