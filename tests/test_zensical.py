"""The second build, on Zensical (zensical.yml, then `python -m lab.site.postbuild`): every
page and macro builds, the site layer runs on its output, and what differs from the MkDocs
build (the published one) is exactly the known list below, so a new difference fails."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

import pytest

from helpers import PAGES, copy_of_project, moved_icons, serve
from lab.samples.app_zip import ZIP_PATH, app_zip
from lab.samples.files import TAB_STAND_IN
from lab.site import icon_sprite

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
MACRO_CALL = re.compile(r"\{\{\s*\w+\(")  # a macro call left as text
IDS = re.compile(r'\bid="?([^"\s>]+)')
CLASSES = re.compile(r'\bclass="?([^">]+)')
HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.")  # a theme bundle's content hash

# What the MkDocs build has and the Zensical build has not, and the reverse: the theme's
# styles (Zensical ships its own bundles, its script and search worker under other hashes,
# and its styles in a classic and a modern look), the search index (another file, no
# language packs), no sitemap.xml.gz and no source maps. Pages and our own assets are the same.
ONLY_MKDOCS = {
    "assets/javascripts/bundle.HASH.min.js.map", "assets/javascripts/lunr/*",
    "assets/javascripts/workers/search.HASH.min.js.map", "assets/stylesheets/main.HASH.min.css",
    "assets/stylesheets/main.HASH.min.css.map", "assets/stylesheets/palette.HASH.min.css",
    "assets/stylesheets/palette.HASH.min.css.map", "search/search_index.json", "sitemap.xml.gz",
}
ONLY_ZENSICAL = {
    "assets/javascripts/LICENSE",
    "assets/stylesheets/classic/main.HASH.min.css", "assets/stylesheets/classic/palette.HASH.min.css",
    "assets/stylesheets/modern/main.HASH.min.css", "assets/stylesheets/modern/palette.HASH.min.css",
    "redirect.json", "search.json",
}
# Ids only one build writes, by page: Material's skip link target (Zensical's theme), and the
# worksheet's table-of-contents toggle, which MkDocs' page shows once the hook lists its sections.
IDS_ONLY_MKDOCS: dict[str, set[str]] = {}  # the worksheet has headings of its own (its hands-on tasks), so a TOC in both
IDS_ONLY_ZENSICAL = {page: {"__skip"} for page in PAGES}


def run(project: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    project = copy_of_project(tmp_path_factory.mktemp("zensical"))
    for command in (["zensical", "build", "-f", "zensical.yml"], ["lab.site.postbuild", "site", "docs"]):
        result = run(project, *command)
        assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_a_bad_macro_call_stops_the_zensical_build_naming_page_call_and_cause(tmp_path):
    project = copy_of_project(tmp_path)
    with open(project / "docs/index.md", "a", encoding="utf-8") as page:
        page.write('\n{{ dockerfile("app/nope.Dockerfile") }}\n')
    result = run(project, "zensical", "build", "-f", "zensical.yml")
    assert result.returncode != 0
    assert ("index.md: dockerfile('app/nope.Dockerfile'): no such sample file: docs/samples/app/nope.Dockerfile"
            in result.stdout + result.stderr)


def files(root: Path) -> set[str]:
    names = {HASHED.sub(".HASH.min.", p.relative_to(root).as_posix()) for p in root.rglob("*") if p.is_file()}
    return {re.sub(r"^assets/javascripts/lunr/.*", "assets/javascripts/lunr/*", name) for name in names}


def test_every_page_of_the_sitemap_builds(site, zensical_site):
    published = [urlsplit(loc.text).path.lstrip("/")
                 for loc in ElementTree.parse(site.directory / "sitemap.xml").getroot().iter(SITEMAP)]
    assert published and sorted(published) == sorted(urlsplit(loc.text).path.lstrip("/") for loc in
                                                     ElementTree.parse(zensical_site / "sitemap.xml").getroot().iter(SITEMAP))
    for page in published:
        assert (zensical_site / page / "index.html").is_file(), page


@pytest.mark.parametrize("page", PAGES)
def test_every_macro_renders_as_with_mkdocs(site, zensical_site, page):
    """No call left as text, and the same macro output: our classes, figures, code blocks, glossary terms."""
    mkdocs_html, zensical_html = site.html(page), (zensical_site / page / "index.html").read_text(encoding="utf-8")
    assert not MACRO_CALL.search(zensical_html)

    def ours(html: str) -> set[str]:
        return {c for found in CLASSES.findall(html) for c in found.split() if c.startswith("lab-")}

    assert ours(zensical_html) == ours(mkdocs_html)
    unquoted = zensical_html.replace('"', ""), mkdocs_html.replace('"', "")  # MkDocs' HTML is minified
    for what in ("<figure", "<svg", "<abbr", "highlight", "lab-handout__question", "id=question-"):
        assert unquoted[0].count(what) == unquoted[1].count(what), what


def test_the_site_layer_ran_on_the_zensical_output(zensical_site):
    pages = [p.read_text(encoding="utf-8") for p in zensical_site.rglob("*.html")]
    assert not any(TAB_STAND_IN in text for text in pages), "tabs not restored"
    assert not any('<span class="w">' in text for text in pages), "whitespace spans left"
    assert not any("lab-print-slot" in text for text in pages), "a handout or worksheet placeholder left"
    assert not re.search(r"<a\b[^>]*>(?:(?!</a>).)*<abbr", "".join(pages), re.S), "a glossary term inside a link"
    assert (zensical_site / ZIP_PATH).read_bytes() == app_zip(Path(__file__).parent.parent / "docs/samples/app")


def test_our_assets_are_the_mkdocs_builds(site, zensical_site):
    for ours in sorted((site.directory / "assets").rglob("*")):
        name = ours.relative_to(site.directory).as_posix()
        if ours.is_file() and not HASHED.search(name) and "/lunr/" not in name and ours.name != icon_sprite.SPRITE.name:
            # lab.css ends with the icon properties, which follow each build's theme
            theirs, mine = (zensical_site / name).read_bytes(), ours.read_bytes()
            if name == icon_sprite.OVERRIDES_IN.as_posix():
                theirs, mine = (icon_sprite.without_overrides(t.decode()).encode() for t in (theirs, mine))
            assert theirs == mine, name


def test_its_icons_are_its_themes_own(zensical_site):
    """Zensical's modern look has icons of its own: the sprite holds those, not Material's."""
    assert {"--md-details-icon", "--md-admonition-icon--note"} <= moved_icons(zensical_site)


def test_what_differs_from_the_mkdocs_build_is_the_known_list(site, zensical_site):
    mkdocs_files, zensical_files = files(site.directory), files(zensical_site)
    assert (mkdocs_files - zensical_files, zensical_files - mkdocs_files) == (ONLY_MKDOCS, ONLY_ZENSICAL)
    for page in PAGES:
        mkdocs_ids = set(IDS.findall(site.html(page)))
        zensical_ids = set(IDS.findall((zensical_site / page / "index.html").read_text(encoding="utf-8")))
        assert (mkdocs_ids - zensical_ids, zensical_ids - mkdocs_ids) == \
               (IDS_ONLY_MKDOCS.get(page, set()), IDS_ONLY_ZENSICAL[page]), page


def links_outside_or_missing(site_dir: Path) -> list[str]:
    """Relative links (href, src, poster) that climb above the site's folder or reach no file."""
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        folder = page.parent.relative_to(site_dir).as_posix()
        for element in BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").find_all(True):
            for attribute in ("href", "src", "poster"):
                url = urlsplit(element.get(attribute) or "")
                if url.scheme or url.netloc or url.path.startswith("/") or not url.path:
                    continue
                target = posixpath.normpath(posixpath.join(folder, url.path))
                if target.startswith("..") or not ((site_dir / target).is_file() or (site_dir / target / "index.html").is_file()):
                    found.append(f"{page.relative_to(site_dir)}: <{element.name} {attribute}={element[attribute]}>")
    return found


@pytest.mark.parametrize("build", ["mkdocs", "zensical"])
def test_every_relative_link_reaches_a_file_inside_the_site(site, zensical_site, build):
    """On GitHub Pages the site lives under /<repository>/, so a link with one `../` too many
    leaves it; a server at the root forgives that (the browser tests' does). Zensical rewrites
    the relative links of raw HTML, MkDocs does not: the page assets' links once had one too many."""
    assert links_outside_or_missing(site.directory if build == "mkdocs" else zensical_site) == []


@pytest.mark.parametrize("build", ["mkdocs", "zensical"])
def test_the_icons_url_reaches_the_sprite_from_the_themes_stylesheet(site, zensical_site, build):
    """A url() in a custom property is resolved where var() puts it into a property (CSS Custom
    Properties 1, section 2.1): in the theme's rules, which Zensical keeps a folder below lab.css."""
    site_dir = site.directory if build == "mkdocs" else zensical_site
    (sheet,) = icon_sprite.theme_stylesheets(site_dir)
    urls = set(re.findall(r'--md-[\w-]+:url\("([^"#]+)#', (site_dir / icon_sprite.OVERRIDES_IN).read_text(encoding="utf-8")))
    assert urls and {(sheet.parent / url).resolve() for url in urls} == {(site_dir / icon_sprite.SPRITE).resolve()}


@pytest.mark.parametrize("build", ["mkdocs", "zensical"])
def test_the_pages_get_every_file_they_ask_for_under_a_sub_path(site, zensical_site, browser, build):
    """Served from a sub-path, as GitHub Pages serves a project from /<repository>/: every request
    of each page (its scripts, styles, the icon sprite), scrolled to its end, is answered."""
    site_dir = site.directory if build == "mkdocs" else zensical_site
    server, url = serve(site_dir.parent)
    url += site_dir.name + "/"
    failed = []
    try:
        page = browser.new_page()
        page.on("response", lambda response: response.status >= 400 and failed.append((response.status, response.url)))
        asked = []
        page.on("request", lambda request: asked.append(request.url))
        for path in PAGES:
            page.goto(url + path, wait_until="networkidle")
            page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            page.wait_for_timeout(300)
        page.close()
    finally:
        server.shutdown()
    assert failed == []
    assert {url + name for name in ("assets/images/lab-icons.svg", "assets/javascripts/cache-explorer.js",
                                              "assets/stylesheets/printable.css")} <= {a.split("#")[0] for a in asked}
