"""The page layer: wires the lab's macros to pages (lab.define_env calls define_env here).

The macros are plain functions in lab.pages.macros that take the calling page as
their first argument; this module only supplies it and turns bad input into one
error that names the page, the call and the cause.
"""

from __future__ import annotations

import functools
import inspect
from pathlib import Path

from lab.errors import MacroCallError, SampleError
from lab.pages.macros import MACROS
from lab.samples import files as samples


def describe_call(name: str, args: tuple, kwargs: dict) -> str:
    return f"{name}({', '.join([repr(a) for a in args] + [f'{k}={v!r}' for k, v in kwargs.items()])})"


def calling_page(env) -> samples.Page:
    """The page a macro is called from, read from the generator's own page object.

    mkdocs-macros passes MkDocs' page (its source path in `page.file.src_uri`, docs_dir
    absolute); Zensical's emulation passes a page of its own, which has no `.file`: the
    source path is `page.path`, and docs_dir may be relative to the project folder. Zensical
    also rewrites the relative links of raw HTML, which MkDocs does not (Page.html_base).
    """
    page = env.page
    docs_dir = Path(env.project_dir) / env.conf.get("docs_dir", "docs")
    if page is None:
        return samples.Page(docs_dir, "?", "")
    if hasattr(page, "file"):
        return samples.Page(docs_dir, page.file.src_uri, page.url)
    return samples.Page(docs_dir, page.path, page.url, rewrites_html_links=True)


def page_macro(env, name: str, func):
    """Wrap `func(page, …)` as a macro `name(…)` that knows its calling page."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def macro(*args, **kwargs):
        where = calling_page(env)
        call = describe_call(name, args, kwargs)
        try:
            signature.bind(where, *args, **kwargs)
        except TypeError as error:
            raise MacroCallError(where.src_uri, call, f"bad arguments: {error}") from None
        try:
            return func(where, *args, **kwargs)
        except SampleError as error:
            raise MacroCallError(where.src_uri, call, str(error)) from None

    return macro


def define_env(env):
    for name, func in MACROS.items():
        env.macro(page_macro(env, name, func), name)
