"""What a long page costs the browser at start-up: Material's start-up restyles it once, not four times.

Material's bundle runs at the end of the body, so each change it makes at the document's root
(the root's classes, its colour-scheme <meta>, stylesheet links given absolute hrefs) restyles
every element of the page. overrides/main.html does them in the head instead, before the body
exists (bench/RESULTS.md, "sixth session"); these tests hold that, and that nothing a reader sees
changed with it.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "device_scale_factor": 1.75}


def styled_per_element(browser, url: str) -> tuple[float, int]:
    """(elements styled during one load ÷ the page's elements, the page's elements), from a Chromium
    trace of the load: each style recalculation counts the elements it styled."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        browser.start_tracing(page=page, categories=["devtools.timeline"])
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(300)
        trace = json.loads(browser.stop_tracing())
        elements = page.evaluate("document.getElementsByTagName('*').length")
    finally:
        context.close()
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    recalcs = [e for e in events if e.get("name") == "UpdateLayoutTree" and e.get("ph") == "X"]
    main = Counter(e["tid"] for e in recalcs).most_common(1)[0][0]  # the page's main thread styles most
    styled = sum(e.get("args", {}).get("elementCount", 0) for e in recalcs if e["tid"] == main)
    return styled / elements, elements


@pytest.mark.parametrize("page", ["layers/", "demo/"])
def test_start_up_styles_each_element_of_a_long_page_about_once(site, browser, page):
    # Before overrides/main.html's start-up script: about 4 (the page, then three times again).
    ratio, elements = styled_per_element(browser, site.url + page)
    assert elements > 1000
    assert ratio < 2, f"/{page}: {ratio:.1f} styles per element at start-up"


def root_scheme(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).colorScheme")


@pytest.mark.parametrize("system, scheme", [("light", "light"), ("dark", "dark")])
def test_the_root_takes_the_palettes_colour_scheme_and_follows_a_switch(site, reader, system, scheme):
    """Material's <meta name="color-scheme"> is kept out; lab.css gives the root the scheme instead
    (the canvas and the page's scrollbars follow it)."""
    v = reader(site.url + "layers/", color_scheme=system)
    page = v.page
    assert root_scheme(page) == scheme
    assert page.evaluate("document.querySelectorAll('meta[name=color-scheme]').length") == 0
    classes = page.evaluate("document.documentElement.className").split()
    assert {"js", "js-focus-visible"} <= set(classes) and "no-js" not in classes
    toggle = page.locator("label.md-header__button[for^='__palette']:visible")
    other = "dark" if scheme == "light" else "light"
    for _ in range(2):  # the toggle goes system → light → dark → system
        if root_scheme(page) != other:
            toggle.click()
    page.wait_for_function(f"getComputedStyle(document.documentElement).colorScheme === '{other}'")
    assert v.console_errors == []


def test_without_javascript_the_root_stays_no_js(site, reader):
    v = reader(site.url + "layers/", javascript=False)
    assert v.page.evaluate("document.documentElement.className") == "no-js"
    assert root_scheme(v.page) == "light"


def test_a_pages_own_stylesheets_are_in_its_head_and_apply(site, reader):
    v = reader(site.url + "layers/")
    head = v.page.evaluate("[...document.head.querySelectorAll('link[rel=stylesheet]')].map(l => l.getAttribute('href'))")
    assert [h for h in head if "explorer" in h] == [f"{site.url}assets/stylesheets/explorers.css",
                                                   f"{site.url}assets/stylesheets/cache-explorer.css"]
    assert v.page.evaluate("document.body.querySelectorAll('link[rel=stylesheet]').length") == 0
    assert v.page.evaluate("getComputedStyle(document.querySelector('.lab-explorer')).borderTopStyle") == "solid"


WIDE_WITHOUT_TAB_STOP = """[...document.querySelectorAll('pre > code')]
  .filter(code => !code.closest('details:not([open])') && code.scrollWidth > code.clientWidth && !code.hasAttribute('tabindex'))
  .map(code => code.textContent.split('\\n')[0])"""


@pytest.mark.parametrize("width", [1280, 412])
@pytest.mark.parametrize("page", ["layers/", "demo/", "compose/"])
def test_code_blocks_set_up_lazily_and_wide_ones_are_in_the_tab_order_before(site, reader, page, width):
    """content.lazy: Material sets a code block up when it comes into view; lab.js puts the wide
    ones in the tab order until then, so a keyboard reader can scroll every one."""
    v = reader(site.url + page, width=width)
    v.page.wait_for_timeout(300)  # lab.js's task after Material's start-up
    blocks, set_up = v.page.evaluate("[document.querySelectorAll('pre > code').length, document.querySelectorAll('pre[id] > code').length]")
    assert set_up < blocks, f"/{page}: every code block set up at start-up"
    assert v.page.evaluate(WIDE_WITHOUT_TAB_STOP) == []
    v.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # Material's own measure, for the blocks it sets up
    v.page.wait_for_timeout(300)
    assert v.page.evaluate(WIDE_WITHOUT_TAB_STOP) == []
