"""The placeholders the handout's and the worksheet's macros leave, for the site layer to fill.

A page asks for a part of the lab with a macro, which leaves an empty placeholder naming
the part and the pages; lab.site.printable fills it from those pages' rendered HTML.
"""

from __future__ import annotations

import html
import re

SLOT_CLASS = "lab-print-slot"
SLOT_KINDS = ("contents", "handout_questions", "video_link", "worksheet")  # the macros' names


def slot(kind: str, pages: tuple[str, ...] = ()) -> str:
    """The placeholder the macro `kind` leaves; `pages` are source paths such as "layers.md"."""
    assert kind in SLOT_KINDS, kind
    names = html.escape(" ".join(pages))
    return f'<div class="{SLOT_CLASS}" data-lab-slot="{kind}" data-lab-pages="{names}"></div>'


# What `slot` writes, as Markdown passes it on (it may reorder the attributes).
SLOT = re.compile(rf'<div\b[^>]*\bclass="{SLOT_CLASS}"[^>]*>\s*</div>')
SLOT_ATTRIBUTE = re.compile(r'data-lab-(slot|pages)="([^"]*)"')


def slot_call(placeholder: str) -> tuple[str, str]:
    """(kind, page names) of a placeholder as found in a page's HTML."""
    attributes = dict(SLOT_ATTRIBUTE.findall(placeholder))
    return attributes.get("slot", ""), attributes.get("pages", "")


def describe_slot(kind: str, names: str) -> str:
    """The macro call that left a placeholder, as the page's author wrote it."""
    return f"{kind}({', '.join(repr(p) for p in html.unescape(names).split())})"
