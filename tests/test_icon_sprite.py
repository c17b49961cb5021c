"""Material's icons drawn from one SVG file (lab/site/icon_sprite.py): the same shapes, the same
pixels, fewer SVG documents for the browser to build."""

from __future__ import annotations

import lxml.etree
import pytest
import tinycss2
from helpers import moved_icons, theme_icons

from lab.site import icon_sprite

SVG = "{http://www.w3.org/2000/svg}"
ICON = "url(\"data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><path d='%s'/></svg>\")"


def test_only_properties_holding_one_svg_data_url_are_icons():
    css = (":root{--a-icon:%s;--b-icon:%s;--size:1px;--png:url(\"data:image/png;base64,AAAA\")}"
           "@media print{:root{--b-icon:%s}}.x::before{content:\"}{\"}" % (ICON % "M1 1", ICON % "M2 2", ICON % "M3 3"))
    icons = icon_sprite.icon_properties(icon_sprite.rules(css))
    assert list(icons) == ["--a-icon"], "a property declared with two values is left alone"
    assert icons["--a-icon"] == "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><path d='M1 1'/></svg>"


def test_only_the_rules_naming_an_icon_are_read_and_braces_in_strings_do_not_end_one():
    css = (':root{--a-icon:%s;--other:1px}.x::before{content:"}{"}.y{background:url(a{b}.png)}'
           '@media screen{.z .w{mask-image:var(--a-icon)}}.v{mask-image:var(--a-icon-2)}' % (ICON % "M1 1"))
    assert [tinycss2.serialize(rule.prelude).strip() for rule in icon_sprite.rules(css)] == [":root", ".z .w"]


@pytest.mark.parametrize("selector, used", [
    (".shown .inner::after", True),
    ("[dir=ltr] .shown:not(.absent)::before", True),  # what :not() names need not be there
    (".absent::after", False),
    (".shown[data-kind=copy]::after", False),  # an attribute value no page has
    ("@media screen{.inner::before", True),
    (".tabbed-control--next .tabbed-button::after", True),  # Material's script adds these to tab sets
])
def test_a_property_moves_when_a_rule_using_it_could_match_a_page(selector, used):
    rule = (":root{--a-icon:%s}" % (ICON % "M1 1") + selector + "{mask-image:var(--a-icon)}"
            + ("}" if selector.startswith("@media") else ""))
    pages = ['<html><body dir="ltr"><div class="shown" data-kind="other"><p class="inner">x</p>'
             '<div class="tabbed-set"></div></div></body></html>']
    moved = icon_sprite.used_properties(icon_sprite.rules(rule), {"--a-icon"}, pages)
    assert moved == ({"--a-icon"} if used else set())


def test_the_sprite_holds_each_icon_under_its_name_and_shows_only_the_named_one():
    sprite = icon_sprite.sprite({"--a-icon": ICON[5:-2].split(",", 1)[1] % "M1 1",
                                 "--b-icon": ICON[5:-2].split(",", 1)[1] % "M2 2"})
    root = lxml.etree.fromstring(sprite.encode())
    icons = root.findall(SVG + "svg")
    assert [(i.get("id"), i.get("viewBox"), i.find(SVG + "path").get("d")) for i in icons] == \
        [("a-icon", "0 0 24 24", "M1 1"), ("b-icon", "0 0 24 24", "M2 2")]
    assert "svg svg{display:none}" in root.find(SVG + "style").text and ":target{display:inline}" in root.find(SVG + "style").text
    assert sprite.count("xmlns=") == 1


def test_each_moved_icon_is_materials_own_shape(site):
    moved = moved_icons(site.directory)
    # The icons of admonitions, collapsible blocks, tabs and the navigation, which every
    # question page shows; the code buttons' and search results' stay Material's (added later).
    assert {"--md-details-icon", "--md-admonition-icon--note", "--md-tabbed-icon--next", "--md-nav-icon--prev"} <= moved
    assert "--md-code-copy-icon" not in moved and "--md-search-result-icon" not in moved


@pytest.mark.parametrize("selector, pseudo, icon", [("details > summary", "::after", "md-details-icon"),
                                                  (".admonition-title", "::before", "md-admonition-icon--")])
def test_an_icon_from_the_sprite_looks_exactly_like_materials(site, reader, selector, pseudo, icon):
    """The same pixels with the sprite as with Material's own data: URLs put back."""
    page = reader(site.url + "layers/", width=1280).page
    element = page.locator(f".md-content {selector}").first
    element.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert f"lab-icons.svg#{icon}" in element.evaluate(f"e => getComputedStyle(e, '{pseudo}').maskImage")
    with_sprite = element.screenshot(animations="disabled")
    originals = ";".join(f'{name}:url("data:image/svg+xml;charset=utf-8,{svg}")'.replace("\n", "")
                         for name, svg in theme_icons(site.directory).items())
    page.add_style_tag(content=":root{%s}" % originals.replace("#", "%23"))
    page.wait_for_timeout(300)
    assert "data:image/svg+xml" in page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--md-details-icon')")
    assert element.screenshot(animations="disabled") == with_sprite
