"""Where a glossary term shows its tooltip: not in a link's text, once per section, in the tab order.

The abbr extension marks every use of a glossary term, link texts included. In a link the
words name a page ("Docker build cache", a reference's title), not the term as the prose
uses it, and a tooltip there would open over the link a reader is about to follow; the
prose around defines the term where it is used. Dropping them also spares the page the
definition's bytes once per link (about 120 each).

A Markdown extension whose tree step runs after the abbr extension's (priority 7) and puts
each <abbr> inside an <a> back as plain text. It is markup, not site: it works on the page's
Markdown tree while Markdown converts it, not on finished HTML (lab/site/hooks/
abbr_outside_links.py adds it to the build).

A term keeps its tooltip at its first use in each section (each `##` heading starts one), as a
course text defines a word where it first matters: a section read alone still defines it, and
the page does not carry a definition, and a tab stop, for each of its repeats (on /layers/,
37 of 59: "BuildKit" alone 17 times). The words of a repeat stay as they are.

The terms left get `tabindex="0"`, so a keyboard reader can reach each one and see its
definition (WCAG 2.2 1.4.13; lab.js shows it on focus). Set here, at build time, it costs
the page no script work per term at start-up.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


def unwrap(parent: etree.Element, child: etree.Element) -> None:
    """Replace `child` with its text (and what follows it), keeping the rest of `parent` as it is."""
    words = (child.text or "") + (child.tail or "")
    index = list(parent).index(child)
    if index:
        before = parent[index - 1]
        before.tail = (before.tail or "") + words
    else:
        parent.text = (parent.text or "") + words
    parent.remove(child)


def terms(element: etree.Element):
    """(parent, <abbr>) for each glossary term under `element`, in the order a reader meets them."""
    for child in list(element):
        if child.tag == "abbr" and child.get("title"):
            yield element, child
        else:
            yield from terms(child)


def first_use_per_section(root: etree.Element) -> None:
    """Only the first use of each term (by its definition) in each section keeps its <abbr>."""
    seen: set[str] = set()
    for block in list(root):
        if block.tag in ("h1", "h2"):
            seen = set()
        for parent, term in terms(block):
            if term.get("title") in seen:
                unwrap(parent, term)
            seen.add(term.get("title"))


def into_tab_order(root: etree.Element) -> None:
    """Every glossary term (an <abbr> with a definition) reachable with Tab."""
    for term in root.iter("abbr"):
        if term.get("title"):
            term.set("tabindex", "0")


class AbbrOutsideLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            for parent in list(link.iter()):
                for child in [c for c in parent if c.tag == "abbr"]:
                    unwrap(parent, child)
        first_use_per_section(root)
        into_tab_order(root)


class AbbrOutsideLinksExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(AbbrOutsideLinks(md), "lab_abbr_outside_links", 6)


def makeExtension(**kwargs):  # noqa: N802  (the name Python-Markdown looks for, to load it by its module's name)
    """For a generator that loads extensions by name from its config (Zensical: zensical.yml)."""
    return AbbrOutsideLinksExtension(**kwargs)
