"""<script> tags a macro puts into a page's content, for scripts only some pages need.

In the content, not in the page's <head>: Material's instant navigation re-runs the scripts
of the content it swaps in, and only those, one after the other, so each such script guards
against setting itself up twice (explorers.js, video.js). A page without the macro loads
none of them.
"""

from __future__ import annotations

import posixpath
from html import escape


def script_tags(page_url: str, *paths: str) -> str:
    """Deferred tags for `paths` (site-relative, e.g. "assets/javascripts/video.js"), as linked from `page_url`."""
    folder = page_url.rstrip("/") or "."
    return "".join(f'<script src="{escape(posixpath.relpath(path, folder) if page_url else path, quote=True)}" defer></script>'
                   for path in paths)
