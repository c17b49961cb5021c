"""The bench's peer (bench/peer.py): our built pages without one script or style of ours."""

from __future__ import annotations

import posixpath
import shutil

from bs4 import BeautifulSoup

from bench.peer import make_peer, own_files, page_dir, without_own_assets


def loaded(html: str, page_dir: str) -> list[str]:
    """Site-relative paths of the scripts and stylesheets a page loads."""
    soup = BeautifulSoup(html, "lxml")
    urls = [e["src"] for e in soup.find_all("script", src=True)]
    urls += [e["href"] for e in soup.find_all("link", href=True) if "stylesheet" in e.get("rel", [])]
    return [posixpath.normpath(posixpath.join(page_dir, url)).lstrip("/") for url in urls]


def test_our_own_files_are_the_ones_in_docs():
    own = own_files()
    assert {"assets/javascripts/lab.js", "assets/stylesheets/lab.css", "assets/javascripts/cache-explorer.js"} <= own
    assert not [path for path in own if "bundle." in path or "main." in path], "Material's files are not ours"


def test_the_peer_loads_materials_files_and_none_of_ours_and_keeps_every_other_element(site, tmp_path):
    peer = tmp_path / "peer"
    shutil.copytree(site.directory, peer)
    make_peer(peer)
    own = own_files()
    # the site's pages (the short links of the URL contract are redirect stubs that load nothing)
    pages = [page for page in sorted(site.directory.rglob("*.html")) if "javascripts/bundle." in page.read_text(encoding="utf-8")]
    assert len(pages) >= 10
    for page in pages:
        folder = page_dir(site.directory, page)
        before, after = page.read_text(encoding="utf-8"), (peer / page.relative_to(site.directory)).read_text(encoding="utf-8")
        ours = [path for path in loaded(before, folder) if path in own]
        assert "assets/javascripts/lab.js" in ours, page
        assert not [path for path in loaded(after, folder) if path in own], page
        assert any("javascripts/bundle." in path for path in loaded(after, folder)), page
        assert any("stylesheets/main." in path for path in loaded(after, folder)), page
        count = lambda html: len(BeautifulSoup(html, "lxml").find_all())  # noqa: E731
        assert count(before) - count(after) == len(ours), f"{page}: only our scripts and styles go"
    layers = (peer / "layers" / "index.html").read_text(encoding="utf-8")
    assert 'data-lab-explorer="cache"' in layers or "data-lab-explorer=cache" in layers, "the content stays"


def test_only_tags_that_load_our_files_go_whatever_their_quoting():
    own = {"assets/javascripts/lab.js", "assets/stylesheets/lab.css"}
    html = ('<link rel="stylesheet" href="../assets/stylesheets/lab.css">'
            "<link href=../assets/stylesheets/main.1.min.css rel=stylesheet>"
            "<link rel=preload href=../assets/javascripts/lab.js as=script>"
            "<script src='../assets/javascripts/lab.js' defer></script>"
            "<script src=https://example.org/assets/javascripts/lab.js></script>"
            "<script>var lab = 'assets/javascripts/lab.js'</script>")
    assert without_own_assets(html, "layers", own) == (
        "<link href=../assets/stylesheets/main.1.min.css rel=stylesheet>"
        "<link rel=preload href=../assets/javascripts/lab.js as=script>"
        "<script src=https://example.org/assets/javascripts/lab.js></script>"
        "<script>var lab = 'assets/javascripts/lab.js'</script>")
    # the same paths seen from a page two folders down are no files of ours
    assert without_own_assets(html, "q/1", own) == html
    # the 404 page's links start at the site's root
    assert without_own_assets("<script src=/assets/javascripts/lab.js></script><p>", "", own) == "<p>"
