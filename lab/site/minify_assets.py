"""Our scripts and styles, published minified under their own names.

After the build (lab/site/hooks/minify_assets.py), every .js and .css file of docs/assets (ours;
Material's bundles come minified) is replaced in the site by its minified text: rjsmin and
rcssmin only drop comments and whitespace, so what runs and what it styles stay the same.
(csscompressor, which mkdocs-minify-plugin uses, drops the space in `table :is(td)`, turning
a descendant selector into another one.)
"""

from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minify_assets(docs_dir: Path, site_dir: Path) -> list[Path]:
    minified = []
    for source in sorted((docs_dir / "assets").rglob("*")):
        published = site_dir / source.relative_to(docs_dir)
        if source.suffix in MINIFIERS and published.is_file():
            text = source.read_text(encoding="utf-8")
            published.write_text(MINIFIERS[source.suffix](text), encoding="utf-8")
            minified.append(published)
    return minified
