"""Finding, reading and validating the sample files under docs/samples/, and which pages use them."""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from lab.errors import SampleError
from lab.samples import transcripts, validation

SAMPLES = "samples"  # folder inside docs_dir; its files are published for download
COMPOSE_NAME = re.compile(r"^(docker-)?compose(\.[\w-]+)?\.ya?ml$")
# The code blocks hide each tab of a sample behind this character (lab.markup.verbatim),
# so a sample may not contain it. Unicode private use: no sample has a reason to.
TAB_STAND_IN = "\ue000"


@dataclass(frozen=True)
class Page:
    """Where a macro is called from: the docs folder and the page's source path."""
    docs_dir: Path
    src_uri: str  # e.g. "layers.md"
    url: str = ""  # e.g. "layers/", as the reader's browser sees it
    # Zensical rewrites the relative links of a page's raw HTML as it does Markdown's, from the
    # source file's folder; MkDocs leaves raw HTML as written, read from the page's URL.
    rewrites_html_links: bool = False

    @property
    def html_base(self) -> str:
        """The folder a relative link in the page's raw HTML must be written from to reach its
        target once built (lab.markup.page_assets)."""
        return posixpath.dirname(self.src_uri) if self.rewrites_html_links else self.url

    def link_to(self, docs_path: str) -> str:
        """A Markdown link target for a file under docs/, relative to this page (MkDocs rewrites it)."""
        return posixpath.relpath(docs_path, posixpath.dirname(self.src_uri) or ".")


def kind_of(path: Path) -> str:
    name = path.name
    if name == "Dockerfile" or name.endswith(".Dockerfile") or name.startswith("Dockerfile."):
        return "dockerfile"
    if COMPOSE_NAME.match(name):
        return "compose"
    return "file"


def resolve(page: Page, path: str) -> Path:
    """The sample file `path` names, relative to docs/samples/; never a file outside it."""
    if not isinstance(path, str) or not path:
        raise SampleError("the sample path must be a non-empty string")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        raise SampleError(f"absolute path {path!r}: give a path relative to docs/{SAMPLES}/")
    root = (page.docs_dir / SAMPLES).resolve()
    target = (root / path).resolve()  # follows symlinks, so a link out is caught too
    if not target.is_relative_to(root):
        raise SampleError(f"{path!r} is outside docs/{SAMPLES}/")
    if not target.is_file():
        raise SampleError(f"no such sample file: docs/{SAMPLES}/{path}")
    return target


def read(page: Page, path: str, expected_kind: str | None = None) -> tuple[Path, str]:
    """Resolve, read and validate a sample; the text is returned exactly as on disk."""
    target = resolve(page, path)
    kind = kind_of(target)
    if expected_kind and kind != expected_kind:
        raise SampleError(f"docs/{SAMPLES}/{path} is a {kind_name(kind)}, not a {kind_name(expected_kind)}")
    try:
        with open(target, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise SampleError(f"docs/{SAMPLES}/{path} is not UTF-8 text") from None
    if TAB_STAND_IN in text:
        raise SampleError(f"docs/{SAMPLES}/{path} contains U+E000, which the site uses to keep tabs")
    try:
        if kind == "dockerfile":
            validation.validate_dockerfile(text)
        elif kind == "compose":
            validation.load_compose(text)
    except SampleError as error:
        raise SampleError(f"invalid sample docs/{SAMPLES}/{path}: {error}") from None
    return target, text



def kind_name(kind: str) -> str:
    return {"dockerfile": "Dockerfile", "compose": "compose file", "file": "plain sample file"}[kind]


def download_url(page: Page, path: str) -> str:
    return page.link_to(f"{SAMPLES}/{path}")



TRY_FOLDER = "app/try/"  # the Try-it scripts, run from the app folder
APP_ZIP = "samples/lab4-sample-app.zip"  # made by the sample_zip hook


def pages_stamp(docs_dir: Path) -> tuple:
    """Which pages exist and when each last changed: a new stamp means read them again."""
    return tuple((md.as_posix(), md.stat().st_mtime_ns) for md in sorted(docs_dir.rglob("*.md")))


@functools.lru_cache(maxsize=4)
def sample_users(docs_dir: Path, stamp: tuple) -> dict[str, list[tuple[str, str]]]:
    """{quoted string in a macro call: [(page source path, page title)]}, read once per set of pages."""
    users: dict[str, list[tuple[str, str]]] = {}
    for md_path, _ in stamp:
        md = Path(md_path)
        text = md.read_text(encoding="utf-8")
        title = re.search(r"^# (.+)$", text, re.M)
        src = md.relative_to(docs_dir).as_posix()
        named = {name for call in re.findall(r"\{\{(.*?)\}\}", text, re.S)
                 for name in re.findall(r"""['"]([^'"]+)['"]""", call)}
        # try_script shows the script's transcript too
        named |= {f"{transcripts.FOLDER}/{Path(name).stem}.txt" for name in named if name.startswith(TRY_FOLDER)}
        for name in sorted(named):
            users.setdefault(name, []).append((src, title.group(1).strip() if title else src))
    return users
