"""The glossary's tooltip in a real Chromium: every way in and out (WCAG 2.2 1.4.13), and its cost.

Terms are <abbr> elements (includes/glossary.md, lab/markup/abbr_outside_links.py); lab.js
shows their definition in one shared tooltip (.lab-tip) from listeners on the document.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser import axe_violations

PAGE = "layers/"
TERM = "article abbr"
TIP = ".lab-tip"


def definition(term) -> str:
    """What the build put in the term's title (lab.js moves it to aria-description once reached)."""
    return term.evaluate("t => t.getAttribute('title') || t.getAttribute('aria-description')")


def shows(page, term) -> None:
    """The tooltip is visible and holds `term`'s definition, which the term keeps as its description."""
    text = definition(term)
    expect(page.locator(TIP)).to_be_visible()
    expect(page.locator(TIP)).to_have_text(text)
    # the browser's own tooltip would double ours: the title is gone, the description stays
    assert term.get_attribute("title") is None
    assert term.get_attribute("aria-description") == text


def box(locator) -> dict:
    return locator.evaluate("e => e.getBoundingClientRect().toJSON()")


def test_hover_shows_the_definition_and_leaving_hides_it(site, reader):
    page = reader(site.url + PAGE).page
    term = page.locator(TERM).first
    term.hover()
    shows(page, term)
    page.mouse.move(5, 450)
    expect(page.locator(TIP)).to_be_hidden()


def test_the_pointer_can_move_onto_the_tooltip_and_it_stays(site, reader):
    page = reader(site.url + PAGE).page
    term = page.locator(TERM).first
    term.hover()
    tip = box(page.locator(TIP))
    # across the gap between term and tooltip, as a hand would, then rest on it
    page.mouse.move(tip["x"] + tip["width"] / 2, tip["y"] + tip["height"] / 2, steps=3)
    page.wait_for_timeout(800)  # well past the time a left tooltip waits before hiding
    shows(page, term)
    page.mouse.move(5, 450, steps=4)
    expect(page.locator(TIP)).to_be_hidden()


def tab_to_a_term(page, limit: int = 200) -> int:
    """Presses Tab until a glossary term has the focus; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('article abbr')"):
            return presses
    raise AssertionError(f"{limit} presses of Tab never reached a glossary term")


def test_tab_reaches_a_term_shows_it_with_a_focus_ring_and_moving_on_hides_it(site, reader):
    page = reader(site.url + PAGE).page
    tab_to_a_term(page)
    term = page.locator("article abbr:focus")
    shows(page, term)
    ring = term.evaluate("t => { const s = getComputedStyle(t); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert ring[0] != "none" and ring[1] >= 1, ring
    # focus moving on to something that is not a term takes the tooltip away
    while page.evaluate("document.activeElement.matches('article abbr')"):
        page.keyboard.press("Tab")
    expect(page.locator(TIP)).to_be_hidden()


def test_escape_dismisses_it_hovered_or_focused(site, reader):
    page = reader(site.url + PAGE).page
    term = page.locator(TERM).first
    term.hover()
    expect(page.locator(TIP)).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(TIP)).to_be_hidden()
    term.focus()
    expect(page.locator(TIP)).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(TIP)).to_be_hidden()


def test_a_tap_shows_it_and_a_tap_elsewhere_hides_it(site, reader):
    page = reader(site.url + PAGE, width=375, context_options={"has_touch": True, "is_mobile": True}).page
    term = page.locator(TERM).first
    term.scroll_into_view_if_needed()
    term.tap()
    shows(page, term)
    page.locator("article h1").tap()
    expect(page.locator(TIP)).to_be_hidden()


def test_it_works_after_instant_navigation(site, reader):
    v = reader(site.url)
    page = v.page
    page.locator(".md-nav--primary a", has_text="Q3 · Writable layer").first.click()
    page.wait_for_url(lambda address: address.split("#")[0].endswith("/writable-layer/"))
    term = page.locator(TERM).first
    term.wait_for()
    term.hover()
    shows(page, term)
    page.keyboard.press("Escape")
    tab_to_a_term(page)
    shows(page, page.locator("article abbr:focus"))
    assert page.locator(TIP).count() == 1
    assert v.console_errors == []


def test_at_320_px_it_stays_inside_and_flips_above_near_the_bottom(site, reader):
    page = reader(site.url + PAGE, width=320).page
    width, height = page.evaluate("[document.documentElement.clientWidth, innerHeight]")
    term = page.locator(TERM).nth(2)
    term.hover()
    tip, at = box(page.locator(TIP)), box(term)
    assert tip["left"] >= 0 and tip["right"] <= width, tip
    assert tip["top"] >= at["bottom"], "near the top it opens below the term"
    # the term a few pixels above the bottom edge: no room below, so it opens above
    page.mouse.move(1, 1)
    term.evaluate("(t, h) => scrollBy(0, t.getBoundingClientRect().bottom - h + 6)", height)
    term.hover(position={"x": 2, "y": 2})
    expect(page.locator(TIP)).to_be_visible()
    tip, at = box(page.locator(TIP)), box(term)
    assert at["bottom"] > height - 40, at
    assert tip["bottom"] <= at["top"] and tip["top"] >= 0, (tip, at)
    assert tip["left"] >= 0 and tip["right"] <= width, tip


def luminance(css_colour: str) -> float:
    red, green, blue = (int(float(part)) for part in css_colour.split("(")[1].split(")")[0].split(",")[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_follows_the_scheme_and_axe_finds_nothing_while_it_is_open(site, reader, scheme):
    page = reader(site.url + PAGE, color_scheme=scheme).page
    term = page.locator(TERM).first
    term.focus()
    shows(page, term)
    background, text = page.locator(TIP).evaluate(
        "t => [getComputedStyle(t).backgroundColor, getComputedStyle(t).color]")
    dark = scheme == "dark"
    assert (luminance(background) < 0.3) == dark and (luminance(text) > 0.6) == dark, (background, text)
    assert axe_violations(page) == []


def test_printing_shows_no_tooltip(site, reader):
    page = reader(site.url + "handout/").page  # the printed handout carries glossary terms too
    term = page.locator(TERM).first
    term.focus()
    expect(page.locator(TIP)).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(TIP)).to_be_hidden()


def listener_types(cdp, expression: str) -> list[str]:
    handle = cdp.send("Runtime.evaluate", {"expression": expression})["result"]["objectId"]
    return [listener["type"] for listener in cdp.send("DOMDebugger.getEventListeners", {"objectId": handle})["listeners"]]


def test_nothing_is_set_up_per_term_at_load(site, reader):
    page = reader(site.url + PAGE).page
    cdp = page.context.new_cdp_session(page)
    count = page.locator(TERM).count()
    assert count > 20
    for index in (0, count // 2, count - 1):
        assert listener_types(cdp, f"document.querySelectorAll('{TERM}')[{index}]") == []
    assert page.locator(TIP).count() == 0, "the tooltip element is made when first needed"
    # the listeners that do the work are the document's (so this count can see listeners)
    assert {"pointerover", "focusin", "keydown"} <= set(listener_types(cdp, "document"))


def test_heading_anchors_keep_an_accessible_name(site, reader):
    page = reader(site.url + PAGE).page
    cdp = page.context.new_cdp_session(page)
    anchors = page.locator("article .headerlink")
    assert anchors.count() > 5
    for index in range(anchors.count()):
        handle = cdp.send("Runtime.evaluate", {
            "expression": f"document.querySelectorAll('article .headerlink')[{index}]"})["result"]["objectId"]
        node = cdp.send("Accessibility.getPartialAXTree", {"objectId": handle, "fetchRelatives": False})["nodes"][0]
        name, description = node["name"]["value"], node.get("description", {}).get("value", "")
        assert node["role"]["value"] == "link" and name.strip(), node
        assert "Link to this section" in (name + description), node
    # hovering one leaves it as it was (Material's tooltips took the title away while shown)
    anchors.first.hover()
    assert anchors.first.get_attribute("title") == "Link to this section"
