"""MkDocs hook: the tabs of sample code blocks put back in each page's HTML (lab.site.tabs)."""

import _project_on_path  # noqa: F401  (MkDocs loads hooks by path: this makes `lab` importable)

from lab.site.tabs import restore_tabs


def on_page_content(html: str, **kwargs) -> str:
    return restore_tabs(html)
