"""What comes late must not move what the reader sees: blocks laid out only as the reader nears them
(lab.css, content-visibility) and the buttons lab.js adds after the first paint."""

from __future__ import annotations

import pytest

from helpers import PAGES, SCREENS

# Every layout shift: the test gives no input, and Chromium marks some shifts of a fresh page as
# after input (/layers/' title gaining a line, which Lighthouse counted as CLS 0.03).
SHIFTS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 1000);
})"""


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("page", PAGES)
def test_nothing_moves_while_the_page_loads_or_the_reader_scrolls(site, reader, page, screen):
    v = reader(site.url + page, **SCREENS[screen])
    assert v.page.evaluate(SHIFTS) < 0.01
    # A screen at a time, as a reader scrolls: the blocks below take their real size before they show.
    v.page.evaluate("""async () => {
      while (scrollY + innerHeight < document.documentElement.scrollHeight - 1) {
        scrollBy(0, innerHeight * 0.9);
        await new Promise(r => setTimeout(r, 120));
      }
    }""")
    assert v.page.evaluate(SHIFTS) < 0.01


# Headings below many skipped blocks: a link to one lands on it and it stays there.
DEEP_ANCHORS = ["demo/#walkthrough-q4", "layers/#check-your-understanding", "compose/#references"]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("target", DEEP_ANCHORS)
def test_a_link_to_a_deep_heading_lands_on_it(site, reader, target, screen):
    v = reader(site.url + target, **SCREENS[screen])
    heading = v.page.locator("#" + target.split("#")[1])
    header = v.page.locator(".md-header").evaluate("e => e.getBoundingClientRect().bottom")
    for _ in range(2):  # at once, and after the blocks around it have been laid out
        top = heading.evaluate("e => e.getBoundingClientRect().top")
        assert header - 1 <= top <= header + 80, f"#{target} is at {top}px, the header ends at {header}px"
        v.page.wait_for_timeout(800)


# Each heading's height with lab.js's Copy link button, and without it (lab.css then keeps the
# button's room beside the ¶): the same, or a heading gains a line when the button arrives.
HEIGHTS = "() => [...document.querySelectorAll('.md-content article :is(h1, h2)[id]')].map(h => h.getBoundingClientRect().height)"


@pytest.mark.parametrize("page", ["layers/", "compose/"])
def test_the_copy_link_button_arrives_in_room_kept_for_it(site, reader, page):
    v = reader(site.url + page, **SCREENS["phone"])
    v.page.wait_for_selector(".lab-copy-link", state="attached")
    with_button = v.page.evaluate(HEIGHTS)
    v.page.evaluate("document.querySelectorAll('.lab-copy-link').forEach(b => b.remove())")
    without = v.page.evaluate(HEIGHTS)
    assert len(with_button) > 5
    assert without == pytest.approx(with_button, abs=0.5)
