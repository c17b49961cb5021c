"""The parts of a rendered question page that the handout and the worksheet show."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import lxml.html

from lab.errors import PrintableError

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass
class Source:
    """A rendered page: its source path, title, URL (e.g. "layers/"), canonical URL and HTML."""
    src_uri: str
    title: str
    url: str
    canonical_url: str
    content: str

    def tree(self) -> lxml.html.HtmlElement:
        # lxml alone, not Beautiful Soup: building the pages' trees, and importing it, took most
        # of the build's time in our code (bench/RESULTS.md).
        return lxml.html.document_fromstring(self.content)


def section(tree: lxml.html.HtmlElement, anchor: str, source: Source) -> tuple[lxml.html.HtmlElement, list[lxml.html.HtmlElement]]:
    """The heading with id `anchor` and the elements after it, up to the next heading of its rank
    or higher."""
    heading = next((e for e in tree.iter(*HEADINGS) if e.get("id") == anchor), None)
    if heading is None:
        raise PrintableError(f"{source.src_uri} has no #{anchor} heading")
    rank = int(heading.tag[1])
    parts = []
    for element in heading.itersiblings():
        if not isinstance(element.tag, str):
            continue  # a comment
        if element.tag in HEADINGS and int(element.tag[1]) <= rank:
            break
        parts.append(element)
    return heading, parts


def heading_text(heading: lxml.html.HtmlElement) -> str:
    """A heading's words, without its permalink."""
    heading = copy.deepcopy(heading)
    for link in heading.find_class("headerlink"):
        link.drop_tree()  # its tail, the words after it, stays
    return " ".join(words for words in (text.strip() for text in heading.itertext()) if words)


def find_in(body: list[lxml.html.HtmlElement], names: tuple[str, ...] | None,
            class_: str | None = None) -> list[lxml.html.HtmlElement]:
    """Elements of a section with one of these tag names (any, if None) and that class, its top-level
    elements included, in document order."""
    return [e for element in body for e in element.iter(*(names or ()))
            if isinstance(e.tag, str) and (class_ is None or class_ in e.get("class", "").split())]


def one(found: list[lxml.html.HtmlElement], what: str, source: Source, anchor: str) -> lxml.html.HtmlElement:
    if not found:
        raise PrintableError(f"{source.src_uri}: the #{anchor} section has no {what}")
    return found[0]


@dataclass
class Question:
    """The parts of a question page the handout and the worksheet show (lxml's elements, in the
    question page's tree: copy before changing them)."""
    source: Source
    short_answer: lxml.html.HtmlElement
    key_points_heading: str
    key_points: lxml.html.HtmlElement
    diagram_heading: str
    diagrams: list[lxml.html.HtmlElement]
    self_check: list[lxml.html.HtmlElement]  # each question's <details>: its <summary> asks, the rest answers


_questions: dict[tuple[str, str, str], Question] = {}  # read_question's results, for this build


def forget_questions() -> None:
    """A new build: the pages may have changed."""
    _questions.clear()


def read_question(source: Source) -> Question:
    """The parts of a question page; read once per build for the handout and the worksheet both."""
    key = (source.src_uri, source.url, source.content)
    if key not in _questions:
        _questions[key] = parse_question(source)
    return _questions[key]


def parse_question(source: Source) -> Question:
    tree = source.tree()
    _, answer = section(tree, "answer", source)
    short = one(find_in(answer, None, "admonition"), "short-answer admonition", source, "answer")
    key_heading, key_body = section(tree, "key-points", source)
    key_list = one(find_in(key_body, ("ul", "ol")), "list", source, "key-points")
    diagram_heading, diagram_body = section(tree, "diagram", source)
    figures = find_in(diagram_body, ("figure",))
    one(figures, "figure", source, "diagram")
    _, check_body = section(tree, "check-your-understanding", source)
    questions = find_in(check_body, ("details",), "question")
    if any(d.find("summary") is None for d in questions):
        raise PrintableError(f"{source.src_uri}: a question of #check-your-understanding asks nothing (no <summary>)")
    one(questions, "question (??? question block)", source, "check-your-understanding")
    return Question(source, short, heading_text(key_heading), key_list, heading_text(diagram_heading), figures, questions)
