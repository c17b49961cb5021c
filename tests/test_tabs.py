"""Content tabs holding titled code blocks (pymdownx.tabbed), with JavaScript on and off."""

from __future__ import annotations

import pytest

from helpers import PAGES

# For the shown tab of a tab set: the boxes of its labels and of its code block's title,
# and what a reader sees at the middle of each (the topmost element there).
SHOWN_TAB = """set => {
  const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  const seen = e => { const r = e.getBoundingClientRect();
    const top = document.elementFromPoint((Math.max(r.left, 0) + Math.min(r.right, innerWidth)) / 2, (r.top + r.bottom) / 2);
    // Material's "Back to top" button floats over the page for a moment after scrolling up.
    return !!top && (e.contains(top) || top.contains(e) || !!top.closest('[data-md-component=top]'))
      ? true : (top ? top.outerHTML.slice(0, 80) : null); };
  const block = [...set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')]
    .find(b => getComputedStyle(b).display !== 'none');
  const labels = [...set.querySelectorAll(':scope > .tabbed-labels > label')];
  const title = block.querySelector('.filename');
  const checked = set.querySelector(':scope > input:checked');
  return {title: title && title.textContent, titleBox: title && box(title), labels: labels.map(box),
          checkedLabelSeen: seen(labels.find(l => l.htmlFor === checked.id)), titleSeen: title && seen(title)};
}"""


def overlap(a, b) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
@pytest.mark.parametrize("width", [375, 1280])
def test_tab_labels_never_cover_a_code_block_title(site, reader, javascript, width):
    titled = 0
    for page in PAGES:
        v = reader(site.url + page, width=width, javascript=javascript)
        sets = v.page.locator(".md-typeset .tabbed-set")
        for i in range(sets.count()):
            labels = sets.nth(i).locator(":scope > .tabbed-labels > label")
            for k in range(labels.count()):
                labels.nth(k).click()
                # A keyboard reader moves between tabs on the radio buttons. Where the tab bar
                # has just scrolled under Material's sticky header, focusing one scrolls it
                # into view, and must bring the bar out below the header.
                sets.nth(i).evaluate("set => { document.activeElement.blur(); scrollBy(0, set.getBoundingClientRect().top - 10); }")
                sets.nth(i).locator(":scope > input:checked").focus()
                shown = sets.nth(i).evaluate(SHOWN_TAB)
                where = f"/{page}, tab set {i + 1}, tab {k + 1}"
                assert shown["checkedLabelSeen"] is True, f"{where}: the tab's label is covered by {shown['checkedLabelSeen']}"
                if shown["title"] is None:
                    continue
                titled += 1
                assert not any(overlap(label, shown["titleBox"]) for label in shown["labels"]), where
                assert shown["titleSeen"] is True, f"{where}: the title {shown['title']!r} is covered by {shown['titleSeen']}"
    assert titled >= 4  # layers/ and compose/ each show two titled files in tabs
