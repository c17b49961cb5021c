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


def page_macro(env, name: str, func):
    """Wrap `func(page, …)` as a macro `name(…)` that knows its calling page."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def macro(*args, **kwargs):
        page = env.page
        where = samples.Page(Path(env.conf["docs_dir"]), page.file.src_uri if page else "?", page.url if page else "")
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
