"""A page's own stylesheets (the explorers', the video's, the printables'), moved from its content
into its <head>.

The macros link them from the content (lab.markup.page_assets), which works with any generator.
Under MkDocs they move to the head: Material's instant navigation makes every relative href of
the first page it shows absolute (`resolve()` in its integrations/instant), and a stylesheet
<link> given a new href is loaded and parsed again, which makes the browser restyle the whole
page inside Material's start-up (bench/RESULTS.md). In the head, the start-up script of
overrides/main.html makes them absolute before the body exists, when that costs nothing; on
instant navigation Material adds and removes head tags by page itself.
"""

from __future__ import annotations

import html

from lab.markup.page_assets import STYLESHEET_TAG


def take_stylesheets(content: str) -> tuple[str, list[str]]:
    """The content without its stylesheet links, and their hrefs (unescaped), each once, in order."""
    hrefs = list(dict.fromkeys(html.unescape(href) for href in STYLESHEET_TAG.findall(content)))
    return STYLESHEET_TAG.sub("", content), hrefs
