"""MkDocs hook: our scripts and styles minified in the built site (lab.site.minify_assets)."""

from pathlib import Path

import _project_on_path  # noqa: F401  (MkDocs loads hooks by path: this makes `lab` importable)

from lab.site.minify_assets import minify_assets


def on_post_build(config, **kwargs) -> None:
    minify_assets(Path(config["docs_dir"]), Path(config["site_dir"]))
