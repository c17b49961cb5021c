"""The peer: this site as built, without one script or stylesheet of its own.

Issue 26 sets two references apart. The *floor* (Material on a one-line page) is the bar the
budgets hold a page to; the *peer*, Material with this site's content and nothing of ours on
top, is what our pages must beat. The peer is our built pages with every <script> and
stylesheet <link> that loads one of our files (docs/assets/javascripts, docs/assets/stylesheets)
taken out: what stays is Material's bundle and stylesheets over the very same HTML. Taken out
after the build, so it follows the site as it changes; `bench/ab.py --peer` measures it.
The small inline scripts of overrides/main.html stay: they only make Material's own start-up
cheaper (the search index held back, one restyle instead of several), so they favour the peer.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from helpers import ROOT

OWN_ASSETS = ("assets/javascripts", "assets/stylesheets")
SITE = "http://site.invalid/"  # a base no link of the site names, to resolve its links against


def own_files(docs: Path = ROOT / "docs") -> set[str]:
    """Our scripts and styles, site-relative (Material's own are not in docs/)."""
    return {path.relative_to(docs).as_posix() for folder in OWN_ASSETS for path in (docs / folder).iterdir()
            if path.suffix in (".js", ".css")}


class _OwnTags(HTMLParser):
    """The start tags (as written) of the scripts and stylesheet links that load one of `own`."""

    def __init__(self, page_dir: str, own: set[str]):
        super().__init__(convert_charrefs=True)
        self.page_dir, self.own, self.found = page_dir, own, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = attrs.get("src") if tag == "script" else attrs.get("href") if tag == "link" and attrs.get("rel") == "stylesheet" else None
        # relative to the page, or to the site's root (the 404 page's links, for a site served at the root)
        resolved = urljoin(SITE + (self.page_dir + "/" if self.page_dir else ""), url) if url else ""
        if resolved.startswith(SITE) and resolved[len(SITE):] in self.own:
            self.found.append((tag, self.get_starttag_text()))


def without_own_assets(html: str, page_dir: str, own: set[str]) -> str:
    """The page with each tag that loads one of our files taken out (a script with its end tag)."""
    parser = _OwnTags(page_dir, own)
    parser.feed(html)
    parser.close()
    for tag, text in parser.found:
        whole = text + "</script>" if tag == "script" else text
        if whole not in html:
            raise ValueError(f"{page_dir or '/'}: cannot take out {whole!r}")
        html = html.replace(whole, "", 1)
    return html


def make_peer(site: Path, own: set[str] | None = None) -> None:
    """Turn the built site at `site` into the peer, in place."""
    own = own_files() if own is None else own
    for page in site.rglob("*.html"):
        page.write_text(without_own_assets(page.read_text(encoding="utf-8"), page_dir(site, page), own), encoding="utf-8")


def page_dir(site: Path, page: Path) -> str:
    """The folder of `page`, site-relative ("" for the home page), that its relative links start from."""
    folder = page.parent.relative_to(site).as_posix()
    return "" if folder == "." else folder
