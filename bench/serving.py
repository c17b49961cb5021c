"""What the bench serves and measures: the built site as GitHub Pages serves it, and its pages."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from helpers import PAGES, PagesLikeHandler

TEXT_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".yaml", ".py", ".sh")


class GitHubPagesLikeHandler(PagesLikeHandler):
    """What GitHub Pages does that matters for speed: gzip for text, and a 10-minute cache."""

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.is_file() and path.suffix in TEXT_TYPES and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def sitemap_pages(sitemap_xml: str, site_url: str) -> list[str]:
    """Every page the site publishes, as paths relative to site_url (the home page is "")."""
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text.strip() for loc in ElementTree.fromstring(sitemap_xml).findall("s:url/s:loc", namespace)]
    outside = [loc for loc in locations if not loc.startswith(site_url)]
    if outside:
        raise SystemExit(f"sitemap.xml lists pages outside {site_url}: {outside}")
    pages = [loc[len(site_url):] for loc in locations]
    # The URL contract's order first (home, the four questions, ...), then the rest as listed.
    return sorted(pages, key=lambda page: PAGES.index(page) if page in PAGES else len(PAGES))
