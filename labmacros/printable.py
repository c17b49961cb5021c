"""The handout and the worksheet: the question pages' own HTML, gathered onto one page each.

A page asks for a part of the lab with a macro (see `slot`), which leaves an empty
placeholder. MkDocs turns every page into HTML before it renders any (`on_env` keeps
that HTML); when the handout or the worksheet is rendered, after the search plugin
has indexed it, this hook fills each placeholder from the question pages. Parts are
found by the anchors the URL contract fixes (`#answer`, `#key-points`, `#diagram`,
`#check-your-understanding`), never by their wording, so the pages' prose can change
freely and the handout follows; links and ids are rewritten to work on the new page.

MkDocs loads this file as a hook by its path, like verbatim.py; the macros import it
as part of the package. It needs nothing from the package.
"""

from __future__ import annotations

import copy
import html
import ipaddress
import posixpath
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import lxml.html
from bs4 import BeautifulSoup, SoupStrainer, Tag
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.toc import AnchorLink, TableOfContents

SLOT_CLASS = "lab-print-slot"
SLOT_KINDS = ("contents", "handout_questions", "video_link", "worksheet")  # the macros' names
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Attributes whose value names ids in the same document, space-separated.
ID_REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "for")


class PrintableError(Exception):
    """A part the handout or the worksheet needs is missing from a page."""


# --- the placeholders the macros leave ---------------------------------------------------

def slot(kind: str, pages: tuple[str, ...] = ()) -> str:
    """The placeholder the macro `kind` leaves; `pages` are source paths such as "layers.md"."""
    assert kind in SLOT_KINDS, kind
    names = html.escape(" ".join(pages))
    return f'<div class="{SLOT_CLASS}" data-lab-slot="{kind}" data-lab-pages="{names}"></div>'


# What `slot` writes, as Markdown passes it on (it may reorder the attributes).
SLOT = re.compile(rf'<div\b[^>]*\bclass="{SLOT_CLASS}"[^>]*>\s*</div>')
SLOT_ATTRIBUTE = re.compile(r'data-lab-(slot|pages)="([^"]*)"')


def slot_call(placeholder: str) -> tuple[str, str]:
    """(kind, page names) of a placeholder as found in a page's HTML."""
    attributes = dict(SLOT_ATTRIBUTE.findall(placeholder))
    return attributes.get("slot", ""), attributes.get("pages", "")


def describe_slot(kind: str, names: str) -> str:
    """The macro call that left a placeholder, as the page's author wrote it."""
    return f"{kind}({', '.join(repr(p) for p in html.unescape(names).split())})"


# --- reading a question page ----------------------------------------------------------------

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


# --- moving HTML from one page to another -----------------------------------------------------

def relative_url(url: str, from_page: str) -> str:
    """`url` (site-relative, e.g. "layers/#reuse") as a link from the page at `from_page` (e.g. "handout/")."""
    path, _, fragment = url.partition("#")
    folder = "/" + (from_page if from_page.endswith("/") or not from_page else posixpath.dirname(from_page) + "/")
    if path == from_page and fragment:
        relative = ""
    else:
        relative = posixpath.relpath("/" + path, folder)
        if (path.endswith("/") or not path) and not relative.endswith("/"):
            relative += "/"
        relative = relative.removeprefix("./") or "./"
    return relative + (f"#{fragment}" if fragment else "")


def transplant(elements: list[Tag], source: Source, target_url: str, prefix: str) -> str:
    """The elements' HTML as it must read on the page at `target_url`.

    Ids get `prefix` so they stay unique on the target page (references to them follow);
    links within the source page and relative links are rewritten to reach what they
    reached on the source page.
    """
    fragment = [copy.copy(e) for e in elements]  # the source page's parts stay as they are
    tags = [tag for e in fragment if isinstance(e, Tag) for tag in (e, *e.find_all(True))]
    ids = {tag["id"] for tag in tags if tag.has_attr("id")}
    for tag in tags:
        if tag.has_attr("id"):
            tag["id"] = f"{prefix}-{tag['id']}"
        for attribute in ID_REFERENCES:
            if tag.has_attr(attribute):
                tag[attribute] = " ".join(f"{prefix}-{name}" if name in ids else name for name in tag[attribute].split())
        for attribute in ("href", "src"):
            if tag.has_attr(attribute):
                tag[attribute] = moved_link(tag[attribute], source.url, target_url, ids, prefix)
    return "".join(str(e) for e in fragment)


def moved_link(link: str, source_url: str, target_url: str, ids: set[str], prefix: str) -> str:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("/"):
        return link  # absolute: the same from anywhere
    if not parts.path:  # "#anchor" on the source page
        if parts.fragment in ids:
            return f"#{prefix}-{parts.fragment}"
        return relative_url(f"{source_url}#{parts.fragment}", target_url)
    site_path = posixpath.normpath(posixpath.join("/" + posixpath.dirname(source_url.rstrip("/") + "/x"),
                                                  parts.path)).lstrip("/")
    if parts.path.endswith("/") and site_path:
        site_path += "/"
    return relative_url(site_path + (f"#{parts.fragment}" if parts.fragment else ""), target_url)


def heading(level: int, anchor: str, text: str, classes: str = "") -> str:
    """A heading like the ones Python-Markdown writes, with its permalink."""
    class_attr = f' class="{classes}"' if classes else ""
    return (f'<h{level} id="{anchor}"{class_attr}>{html.escape(text)}'
            f'<a class="headerlink" href="#{anchor}" title="Link to this section">&para;</a></h{level}>')


def slug_of(source: Source) -> str:
    return source.url.strip("/").replace("/", "-") or "home"


def is_loopback(host: str | None) -> bool:
    """Whether `host` names this machine only (localhost, 127.0.0.0/8, ::1): no one else can type it."""
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def printed_address(canonical_url: str) -> str:
    """The page's address as a student can type it from paper.

    The published address when the site has one (SITE_URL); when site_url is on loopback
    (the default, http://127.0.0.1:8000/), no public address is known, so the page's
    path on the site ("/layers/"), which works wherever the site is served from its root.
    """
    parts = urlsplit(canonical_url)
    if is_loopback(parts.hostname):
        return parts.path or "/"
    return canonical_url


def full_page_link(source: Source, target_url: str, anchor: str = "") -> str:
    """A link back to the full page; its text is the address, so it can be typed from paper."""
    fragment = f"#{anchor}" if anchor else ""
    href = relative_url(source.url + fragment, target_url)
    shown = printed_address(source.canonical_url) + fragment
    return f'<a class="lab-print-source" href="{html.escape(href)}">{html.escape(shown)}</a>'


# --- the handout ------------------------------------------------------------------------------

def handout_question(question: Question, target_url: str) -> str:
    source, slug = question.source, slug_of(question.source)
    return (
        f'<section class="lab-handout__question" aria-labelledby="{slug}">'
        + heading(2, slug, source.title)
        + f'<p>Full page: {full_page_link(source, target_url)}</p>'
        + transplant([question.short_answer], source, target_url, slug)
        + '<div class="lab-handout__body"><div class="lab-handout__points">'
        + heading(3, f"{slug}-key-points", question.key_points_heading)
        + transplant([question.key_points], source, target_url, slug)
        + '</div><div class="lab-handout__figures">'
        + heading(3, f"{slug}-diagram", question.diagram_heading)
        + transplant(question.diagrams, source, target_url, slug)
        + "</div></div></section>"
    )


def video_link(source: Source) -> str:
    """The address of the video a page embeds, as a link whose text is the address."""
    link = next((a for a in source.tree().find_class("lab-video__link")
                 if a.tag == "a" and a.get("href") and any("lab-video" in e.classes for e in a.iterancestors())),
                None)
    if link is None:
        raise PrintableError(f"{source.src_uri} embeds no video (no video() macro call)")
    address = html.escape(link.get("href"))
    return f'<p class="lab-print-address"><a href="{address}">{address}</a></p>'


# --- the worksheet ----------------------------------------------------------------------------

WRITING_LINES = 4


def worksheet(questions: list[Question], target_url: str) -> str:
    """Every self-check question, numbered, with room to write; then the answers, in a key."""
    asked, answered, number = [], [], 1
    for question in questions:
        source, slug = question.source, slug_of(question.source)
        asked.append(heading(2, slug, source.title) + f'<ol class="lab-worksheet__questions" start="{number}">')
        answered.append(heading(3, f"answers-{slug}", source.title)
                        + f'<p>Full page: {full_page_link(source, target_url, "check-your-understanding")}</p>'
                        + f'<ol class="lab-worksheet__answers" start="{number}">')
        for summary, answer in question.self_check:
            lines = '<span class="lab-worksheet__line"></span>' * WRITING_LINES
            asked.append(f'<li id="question-{number}"><p class="lab-worksheet__question">'
                         f'{transplant(list(summary.children), source, target_url, f"{slug}-q{number}")}</p>'
                         f'<div class="lab-worksheet__space" aria-hidden="true">{lines}</div></li>')
            answered.append(f'<li id="answer-{number}">'
                            f'{transplant(answer, source, target_url, f"{slug}-a{number}")}</li>')
            number += 1
        asked.append("</ol>")
        answered.append("</ol>")
    return ("".join(asked)
            + '<section class="lab-worksheet__key" aria-labelledby="answer-key">'
            + heading(2, "answer-key", "Answer key") + "".join(answered) + "</section>")


# --- filling a page's placeholders ------------------------------------------------------------

def fill(page: Source, sources: dict[str, Source]) -> tuple[str, list[tuple[str, str]]]:
    """`page`'s HTML with every placeholder filled, and its sections ((id, title) of each h2).

    The contents list is filled last, from the page's own headings once the parts are in.
    """
    def part(match: re.Match) -> str:
        kind, names = slot_call(match.group(0))
        if kind == "contents":
            return match.group(0)
        try:
            return render(kind, [sources[name] for name in html.unescape(names).split()], page)
        except (PrintableError, KeyError) as error:
            cause = f"no such page: {error.args[0]}" if isinstance(error, KeyError) else error.args[0]
            raise PrintableError(f"{page.src_uri}: {describe_slot(kind, names)}: {cause}") from None

    content = SLOT.sub(part, page.content)
    # Only the <h2>s are built: the filled page is long, and the contents list needs no more.
    headings = BeautifulSoup(content, "lxml", parse_only=SoupStrainer("h2", id=True))
    sections = [(h["id"], heading_text(h)) for h in headings.find_all("h2", id=True)]
    return SLOT.sub(lambda match: contents(sections), content), sections


def render(kind: str, parts: list[Source], page: Source) -> str:
    if kind == "handout_questions":
        return "".join(handout_question(read_question(p), page.url) for p in parts)
    if kind == "worksheet":
        return worksheet([read_question(p) for p in parts], page.url)
    if kind == "video_link":
        return "".join(video_link(p) for p in parts)
    raise PrintableError(f"unknown part {kind!r}")


def contents(sections: list[tuple[str, str]]) -> str:
    """A list of the page's sections, to print where the sidebar would be."""
    items = "".join(f'<li><a href="#{anchor}">{html.escape(title)}</a></li>' for anchor, title in sections)
    return f'<nav class="lab-print-contents" aria-label="Contents"><ol>{items}</ol></nav>'


# --- the MkDocs hook ----------------------------------------------------------------------------
# Every page's HTML exists once `on_env` runs (MkDocs converts all pages before it
# renders any); the placeholders are filled later, in `on_page_context`, after the
# search plugin has indexed the page, so the index holds the handout's own words
# but no second copy of the question pages.

_rendered: dict[str, Source] = {}  # src_uri -> the page as converted, for this build
_questions: dict[tuple[str, str, str], Question] = {}  # read_question's results, for this build


def on_env(env, config, files, **kwargs):
    _rendered.clear()
    _questions.clear()
    for file in files.documentation_pages():
        page = file.page
        if page is not None and page.content is not None:
            _rendered[file.src_uri] = Source(file.src_uri, page.title or "", page.url,
                                             page.canonical_url or page.url, page.content)
    return env


@event_priority(-100)  # after every plugin (they default to 0), the search plugin included
def on_page_context(context, page, config, nav, **kwargs):
    if SLOT_CLASS not in (page.content or ""):
        return context
    try:
        page.content, sections = fill(replace(_rendered[page.file.src_uri], content=page.content),
                                      _rendered)
    except PrintableError as error:
        raise PluginError(str(error)) from None
    # The sidebar's table of contents lists the sections the placeholders brought.
    page.toc = TableOfContents([AnchorLink(title, anchor, 2) for anchor, title in sections])
    return context
