"""What the MkDocs hooks do, done on a built site folder: for a build by a generator without
MkDocs' events (Zensical).

    python -m lab.site.postbuild SITE_DIR [DOCS_DIR]      # DOCS_DIR defaults to docs

Each step is the site layer's own function, as the hooks call it: the tabs of sample code
put back and Pygments' bare whitespace spans dropped (on every page, before the handout
copies the question pages), the handout and the worksheet filled, the sample app's zip
written, our scripts and styles minified, the theme's icons drawn from one SVG file. The
glossary terms are kept out of links by the Markdown extension that zensical.yml names.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lab.samples.app_zip import APP_FOLDER, ZIP_PATH, app_zip
from lab.site.icon_sprite import write_sprite
from lab.site.lean_code import lean
from lab.site.minify_assets import minify_assets
from lab.site.printable.from_files import fill_site
from lab.site.tabs import restore_tabs


def page_html(site_dir: Path) -> None:
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        changed = lean(restore_tabs(text))
        if changed != text:
            path.write_text(changed, encoding="utf-8")


def write_app_zip(docs_dir: Path, site_dir: Path) -> None:
    folder = docs_dir / APP_FOLDER
    if folder.is_dir():
        (site_dir / ZIP_PATH).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / ZIP_PATH).write_bytes(app_zip(folder))


def postbuild(site_dir: Path, docs_dir: Path) -> None:
    page_html(site_dir)
    fill_site(site_dir)
    write_app_zip(docs_dir, site_dir)
    minify_assets(docs_dir, site_dir)
    write_sprite(site_dir)


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print("usage: python -m lab.site.postbuild SITE_DIR [DOCS_DIR]", file=sys.stderr)
        return 2
    postbuild(Path(argv[0]), Path(argv[1] if len(argv) == 2 else "docs"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
