"""The handout and the worksheet filled in a built site folder, from the question pages' HTML files.

For a generator without MkDocs' events (Zensical): the same `fill` as the MkDocs hook, fed
from the written pages instead of MkDocs' page objects. The search index is written before,
with the placeholders, so it holds no copy of the question pages, as with MkDocs; but the
sidebar's table of contents, written by the generator, does not list the sections the
placeholders bring (the MkDocs hook replaces it).
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

import lxml.html

from lab.markup.print_slots import SLOT, SLOT_CLASS, slot_call
from lab.site.printable.filling import fill
from lab.site.printable.questions import Source, forget_questions, heading_text


def page_file(site_dir: Path, src_uri: str) -> Path:
    """Where a page ("layers.md", "index.md") is written with directory URLs."""
    stem = posixpath.splitext(src_uri)[0]
    folder = posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem
    return site_dir / folder / "index.html"


def source_of(site_dir: Path, src_uri: str) -> Source:
    """A built page as the handout reads it: its URL, title (its h1), canonical URL and HTML."""
    path = page_file(site_dir, src_uri)
    text = path.read_text(encoding="utf-8")
    tree = lxml.html.document_fromstring(text)
    url = path.parent.relative_to(site_dir).as_posix()
    url = "" if url == "." else url + "/"
    canonical = next((link.get("href") for link in tree.iter("link") if link.get("rel") == "canonical"), url)
    h1 = next(tree.iter("h1"), None)
    title = heading_text(h1) if h1 is not None else ""
    return Source(src_uri, title, url, canonical, text)


def fill_site(site_dir: Path) -> list[Path]:
    """Fill every page of the site that holds a placeholder; the pages filled."""
    forget_questions()
    filled = []
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if SLOT_CLASS not in text:
            continue
        names = {name for match in SLOT.finditer(text) for name in html.unescape(slot_call(match.group(0))[1]).split()}
        src_uri = (path.parent.relative_to(site_dir) / "index.md").as_posix().removeprefix("./")
        sources = {name: source_of(site_dir, name) for name in names if page_file(site_dir, name).is_file()}
        content, _ = fill(source_of(site_dir, src_uri), sources)
        path.write_text(content, encoding="utf-8")
        filled.append(path)
    return filled
