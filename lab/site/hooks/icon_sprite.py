"""MkDocs hook: Material's icons from one SVG file (lab.site.icon_sprite), after our styles are minified."""

from pathlib import Path

import _project_on_path  # noqa: F401  (MkDocs loads hooks by path: this makes `lab` importable)

from lab.site.icon_sprite import write_sprite


def on_post_build(config, **kwargs) -> None:
    write_sprite(Path(config["site_dir"]))
