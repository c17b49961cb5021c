"""MkDocs hook: leaner highlighted code in each page's HTML (lab.site.lean_code), before the handout copies it."""

import _project_on_path  # noqa: F401  (MkDocs loads hooks by path: this makes `lab` importable)

from lab.site.lean_code import lean


def on_page_content(html: str, **kwargs) -> str:
    return lean(html)
