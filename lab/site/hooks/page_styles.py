"""MkDocs hook: a page's own stylesheets go into its <head> (lab.site.page_styles; overrides/main.html)."""

import _project_on_path  # noqa: F401  (MkDocs loads hooks by path: this makes `lab` importable)

from lab.site.page_styles import take_stylesheets


def on_page_content(html: str, page, **kwargs) -> str:
    html, page.meta["lab_stylesheets"] = take_stylesheets(html)
    return html
