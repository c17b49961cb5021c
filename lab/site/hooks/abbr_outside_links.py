"""MkDocs hook: adds the Markdown extension that keeps glossary tooltips out of link texts."""

import _project_on_path  # noqa: F401  (MkDocs loads hooks by path: this makes `lab` importable)

from lab.markup.abbr_outside_links import AbbrOutsideLinksExtension


def on_config(config, **kwargs):
    config.markdown_extensions.append(AbbrOutsideLinksExtension())
    return config
