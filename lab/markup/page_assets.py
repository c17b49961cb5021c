"""Scripts and styles a macro puts into a page's content, for what only some pages need.

In the content, not in the page's <head>: Material's instant navigation re-runs the scripts
of the content it swaps in, and only those (all put back at once, so they run in the order
they arrive), so each such script guards against setting itself up twice and does not rely
on another having run (explorers.js, video.js); a stylesheet link in the content (allowed in
<body>: rel=stylesheet is body-ok) loads when the content is shown, and under MkDocs moves to
the page's <head> (lab/site/page_styles.py says why). A page without the macro loads none of them.
"""

from __future__ import annotations

import posixpath
import re
from html import escape


def linked(path: str, html_base: str) -> str:
    """`path` (site-relative, e.g. "assets/javascripts/video.js") as written in raw HTML whose
    relative links start at `html_base` (samples.Page.html_base: the page's URL under MkDocs,
    its source's folder under Zensical, which rewrites such links)."""
    return escape(posixpath.relpath(path, html_base.rstrip("/") or ".") if html_base else path, quote=True)


def script_tags(html_base: str, *paths: str) -> str:
    return "".join(f'<script src="{linked(path, html_base)}" defer></script>' for path in paths)


def stylesheet_tag(html_base: str, path: str) -> str:
    return f'<link rel="stylesheet" href="{linked(path, html_base)}">'


# stylesheet_tag's links, found again in a page's HTML (lab/site/page_styles.py); the href is group 1.
STYLESHEET_TAG = re.compile(r'<link rel="stylesheet" href="([^"<>]+)">')
