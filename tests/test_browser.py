"""The site in a real Chromium: requests, console, accessibility, phone width, search."""

from __future__ import annotations

import pytest

from browser import axe_violations
from helpers import PAGES, SCREENS


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_cleanly_and_only_from_the_site(site, reader, page):
    v = reader(site.url + page)
    assert v.page.locator("h1").first.is_visible()
    assert v.console_errors == []
    assert v.foreign_requests(site.url) == []


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_nothing(site, reader, page, scheme, screen):
    v = reader(site.url + page, color_scheme=scheme, **SCREENS[screen])
    # the scheme the reader's system asks for is the one Material shows
    expected = "slate" if scheme == "dark" else "default"
    assert v.page.get_attribute("body", "data-md-color-scheme") == expected
    assert axe_violations(v.page) == []


@pytest.mark.parametrize("page", PAGES)
def test_no_sideways_scroll_on_a_phone(site, reader, page):
    v = reader(site.url + page, width=375)
    overflow = v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/{page} is {overflow}px wider than a 375px phone"


def index_requests(visit) -> list[str]:
    return [url for url in visit.requests if url.endswith("/search/search_index.json")]


@pytest.mark.parametrize("page", PAGES)
def test_the_search_index_waits_until_the_reader_reaches_for_search(site, reader, page):
    # The index is most of a first load's weight; only a reader who searches needs it.
    v = reader(site.url + page)
    v.page.mouse.wheel(0, 4000)
    v.page.wait_for_timeout(300)
    assert index_requests(v) == []
    v.page.hover(".md-search__input" if v.page.is_visible(".md-search__input") else "label[for='__search']")
    v.page.wait_for_load_state("networkidle")
    assert len(index_requests(v)) == 1


@pytest.mark.parametrize("width", [1280, 375])
def test_offline_search_finds_the_writable_layer_page(site, reader, width):
    v = reader(site.url, width=width)
    assert index_requests(v) == []
    v.page.keyboard.press("/")
    v.page.keyboard.type("writable")
    first = v.page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10_000)
    first.click()
    v.page.wait_for_url("**/writable-layer/**")
    assert v.foreign_requests(site.url) == []


MARKS = """new MutationObserver(changes => { window.labSwitchMarks = (window.labSwitchMarks || 0) + changes.length; })
  .observe(document, {subtree: true, attributes: true, attributeFilter: ["data-md-color-switching"]});"""


def test_start_up_skips_materials_palette_switch_mark_but_a_readers_switch_keeps_it(site, browser):
    """The mark restyles every element when set and when removed (overrides/main.html says why
    start-up can do without it); a reader switching schemes still gets Material's."""
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        page.add_init_script(MARKS)
        page.goto(site.url + "layers/", wait_until="networkidle")
        assert page.evaluate("window.labSwitchMarks || 0") == 0
        assert page.get_attribute("body", "data-md-color-scheme") == "default"
        page.locator("label.md-header__button[for^='__palette']:visible").click()  # the toggle: on to light
        page.locator("label.md-header__button[for^='__palette']:visible").click()  # and to dark
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        assert page.evaluate("window.labSwitchMarks") >= 2  # set and removed, Material's own
    finally:
        context.close()
