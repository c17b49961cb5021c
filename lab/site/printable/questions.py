"""The parts of a rendered question page that the handout and the worksheet show."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import lxml.html
from bs4 import BeautifulSoup, Tag

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
        # lxml's own tree to find the parts: a tenth of the time Beautiful Soup takes to build
        # the whole page, most of which the handout never shows.
        return lxml.html.document_fromstring(self.content)


def section(tree: lxml.html.HtmlElement, anchor: str, source: Source) -> tuple[Tag, list[Tag]]:
    """The heading with id `anchor` and the elements after it, up to the next heading of its rank
    or higher; as Beautiful Soup elements, for the rest of this module to copy and rewrite."""
    heading = next((e for e in tree.iter(*HEADINGS) if e.get("id") == anchor), None)
    if heading is None:
        raise PrintableError(f"{source.src_uri} has no #{anchor} heading")
    rank = int(heading.tag[1])
    parts = [heading]
    for element in heading.itersiblings():
        if not isinstance(element.tag, str):
            continue  # a comment
        if element.tag in HEADINGS and int(element.tag[1]) <= rank:
            break
        parts.append(element)
    text = "".join(lxml.html.tostring(e, encoding="unicode", with_tail=False) for e in parts)
    found = BeautifulSoup(text, "lxml").body.find_all(recursive=False)
    return found[0], found[1:]


def heading_text(heading: Tag) -> str:
    """A heading's words, without its permalink."""
    heading = copy.copy(heading)
    for link in heading.find_all(class_="headerlink"):
        link.decompose()
    return heading.get_text(" ", strip=True)


def find_in(body: list[Tag], names: tuple[str, ...] | None, class_: str | None = None) -> list[Tag]:
    """Elements of a section with one of these tag names (any, if None) and that class, its top-level
    elements included.

    Beautiful Soup's own search, not a CSS selector: soupsieve's first use alone costs a tenth
    of a second, a quarter of this hook's time in a build.
    """
    def wanted(tag: Tag) -> bool:
        return (names is None or tag.name in names) and (class_ is None or class_ in tag.get("class", ()))

    found = []
    for element in body:
        if wanted(element):
            found.append(element)
        found.extend(element.find_all(wanted))
    return found


def one(found: list[Tag], what: str, source: Source, anchor: str) -> Tag:
    if not found:
        raise PrintableError(f"{source.src_uri}: the #{anchor} section has no {what}")
    return found[0]


@dataclass
class Question:
    """The parts of a question page the handout and the worksheet show."""
    source: Source
    short_answer: Tag
    key_points_heading: str
    key_points: Tag
    diagram_heading: str
    diagrams: list[Tag]
    self_check: list[tuple[Tag, list[Tag]]]  # (question: <summary>, answer: what follows it)


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
    questions = []
    for details in find_in(check_body, ("details",), "question"):
        summary = details.find("summary")
        questions.append((summary, [c for c in details.children if c is not summary]))
    one(questions, "question (??? question block)", source, "check-your-understanding")
    return Question(source, short, heading_text(key_heading), key_list, heading_text(diagram_heading),
                    figures, questions)
