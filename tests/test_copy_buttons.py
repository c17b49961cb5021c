"""Every copy button of every sample block, clicked in Chromium: the clipboard holds the file."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from helpers import PAGES, ROOT

SAMPLES = ROOT / "docs" / "samples"

# Each sample block, as the page has it: its copy button, its file and the lines shown.
FIND_SAMPLE_BLOCKS = """() => {
  // In document order, a sample block is followed by its download link (notes may come between).
  const found = [...document.querySelectorAll("article div.highlight, article a.lab-download")];
  return found.flatMap((element, i) => {
    const link = found[i + 1];
    if (!element.matches("div.highlight") || !link || !link.matches("a.lab-download")) return [];
    element.setAttribute("data-copy-test", "");
    return [{href: link.getAttribute("href"), lines: link.dataset.lines || null}];
  });
}"""

# Shows the content tab holding the block, as a reader would by clicking its label.
SHOW_BLOCK = """(index) => {
  const block = document.querySelectorAll("[data-copy-test]")[index];
  const tab = block.closest(".tabbed-block");
  if (tab) {
    const set = tab.closest(".tabbed-set");
    const position = [...tab.parentElement.children].indexOf(tab);
    set.querySelectorAll(":scope > .tabbed-labels > label")[position].click();
  }
  block.scrollIntoView();
}"""


def expected_copy(path: str, lines: str | None) -> str:
    text = (SAMPLES / path).read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n"), f"{path} must end with exactly one newline"
    if lines:
        first, last = (int(n) for n in lines.split("-"))
        text = "".join(text.splitlines(keepends=True)[first - 1:last])
    # Material trims the end of what it copies (its copy handler calls trimEnd); nothing else changes.
    return text.rstrip()


@pytest.mark.parametrize("page", PAGES)
def test_every_copy_button_copies_the_sample(site, reader, page):
    v = reader(site.url + page, context_options={"permissions": ["clipboard-read", "clipboard-write"]})
    blocks = v.page.evaluate(FIND_SAMPLE_BLOCKS)
    if page in ("", "demo/", "samples/", "worksheet/"):
        assert blocks == [], f"/{page} shows sample blocks this test expects on question pages only"
        return
    assert blocks, f"/{page} shows no sample block"
    in_tabs = v.page.evaluate("document.querySelectorAll('.tabbed-block [data-copy-test]').length")
    assert page not in ("layers/", "compose/") or in_tabs >= 2, "the blocks in content tabs were not found"
    for index, block in enumerate(blocks):
        path = urlsplit(urljoin(site.url + page, block["href"])).path.removeprefix(urlsplit(site.url).path + "samples/")
        v.page.evaluate(SHOW_BLOCK, index)
        code = v.page.locator("[data-copy-test]").nth(index)
        assert code.is_visible(), f"/{page}: block {path} stays hidden"
        v.page.evaluate("navigator.clipboard.writeText('(not copied)')")
        code.hover()
        code.locator("button[data-clipboard-target]").click()
        copied = v.page.evaluate("navigator.clipboard.readText()")
        assert copied == expected_copy(path, block["lines"]), f"/{page}: the copy of {path} differs from the file"
