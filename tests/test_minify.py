"""The published site is minified: fewer bytes, the same text, the same styles and scripts."""

from __future__ import annotations

import re

import pytest
from helpers import PAGES, ROOT

from lab.site import icon_sprite, lean_code, minify_assets

ASSETS = sorted(p for p in (ROOT / "docs/assets").rglob("*") if p.suffix in (".js", ".css"))


def test_the_hook_minified_every_script_and_style_of_ours(site):
    assert len(ASSETS) >= 8
    for source in ASSETS:
        published = site.directory / source.relative_to(ROOT / "docs")
        text = icon_sprite.without_overrides(published.read_text())  # the icons' part: test_icon_sprite.py
        assert text == minify_assets.MINIFIERS[source.suffix](source.read_text()), source.name
        assert len(published.read_bytes()) < len(source.read_bytes()), f"{source.name}: nothing taken out"


@pytest.mark.parametrize("css, kept", [
    # csscompressor (mkdocs-minify-plugin) writes `.t:is(td,th)`: another selector
    (".t :is(td, th) { color: red; }", ".t :is(td,th)"),
    ("@media screen and (max-width: 44.9375em) { a { b: c } }", "@media screen and (max-width:44.9375em)"),
    ('a::before { content: attr(data-label) ": "; }', 'content:attr(data-label) ": "'),
])
def test_minified_styles_select_and_say_the_same(css, kept):
    assert kept in minify_assets.MINIFIERS[".css"](css)


def test_pages_are_minified_and_keep_their_closing_tags(site):
    for page in PAGES:
        html = site.html(page)
        assert "\n\n" not in html.split("<pre", 1)[0], f"/{page}: blank lines left before the first code block"
        assert "<!--" not in html, f"/{page}: a comment left in"
        for tag in ("li", "p", "td", "tr"):
            assert len(re.findall(f"<{tag}[ >]", html)) == html.count(f"</{tag}>"), f"/{page}: a </{tag}> left out"


def test_whitespace_spans_go_and_the_code_stays_the_same():
    html = '<code><span class="k">FROM</span><span class="w"> </span><span class="s">x</span>\n<span class="w">\t  </span>y</code>'
    assert lean_code.lean(html) == '<code><span class="k">FROM</span> <span class="s">x</span>\n\t  y</code>'
    assert lean_code.lean('<span class="w">&amp;</span>') == '<span class="w">&amp;</span>', "only bare whitespace"


def test_line_numbers_lose_only_their_class():
    html = '<code><span class="linenos" data-linenos=" 9 "></span><span class="k">RUN</span>\n<span class="linenos" data-linenos="10 "></span></code>'
    assert lean_code.lean(html) == '<code><span data-linenos=" 9 "></span><span class="k">RUN</span>\n<span data-linenos="10 "></span></code>'


def test_line_numbers_are_drawn_from_their_data_attribute(site, reader):
    """Material's own rule draws the number; without the class each line still shows it."""
    page = reader(site.url + "layers/").page
    first = page.locator(".highlight [data-linenos]").first
    assert first.evaluate("n => getComputedStyle(n, '::before').content") == '" 1 "'
    assert page.locator(".highlight .linenos").count() == 0


def test_no_page_has_a_whitespace_span_left(site):
    assert not [page for page in PAGES if 'class="w"' in site.html(page) or "class=w>" in site.html(page)]
