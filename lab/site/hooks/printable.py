"""MkDocs hook: the handout's and the worksheet's placeholders filled (lab.site.printable).

The MkDocs part, kept to this: every page's HTML exists once `on_env` runs (MkDocs
converts all pages before it renders any), so it is kept; the placeholders are filled
later, in `on_page_context`, after the search plugin has indexed the page, so the index
holds the handout's own words but no second copy of the question pages; and the
sidebar's table of contents is replaced by the sections the placeholders brought.
"""

from __future__ import annotations

from dataclasses import replace

import _project_on_path  # noqa: F401  (MkDocs loads hooks by path: this makes `lab` importable)
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.toc import AnchorLink, TableOfContents

from lab.errors import PrintableError
from lab.markup.print_slots import SLOT_CLASS
from lab.site.printable.filling import fill
from lab.site.printable.questions import Source, forget_questions

_rendered: dict[str, Source] = {}  # src_uri -> the page as converted, for this build


def on_env(env, config, files, **kwargs):
    _rendered.clear()
    forget_questions()
    for file in files.documentation_pages():
        page = file.page
        if page is not None and page.content is not None:
            _rendered[file.src_uri] = Source(file.src_uri, page.title or "", page.url,
                                             page.canonical_url or page.url, page.content)
    return env


@event_priority(-100)  # after every plugin (they default to 0), the search plugin included
def on_page_context(context, page, config, nav, **kwargs):
    if SLOT_CLASS not in (page.content or ""):
        return context
    try:
        page.content, sections = fill(replace(_rendered[page.file.src_uri], content=page.content),
                                      _rendered)
    except PrintableError as error:
        raise PluginError(str(error)) from None
    # The sidebar's table of contents lists the sections the placeholders brought.
    page.toc = TableOfContents([AnchorLink(title, anchor, 2) for anchor, title in sections])
    return context
