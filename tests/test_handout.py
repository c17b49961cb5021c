"""The handout and the worksheet: made from the question pages, and printable.

Everything is compared with the question pages' own HTML, read here independently of
lab/site/printable/, so a part the handout loses or garbles is caught.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from lab.errors import PrintableError
from lab.markup import print_slots
from lab.site.printable import filling, moving, questions
from helpers import (QUESTION_PAGES, ROOT, assert_build_failed_naming, build_small_site, copy_of_project,
                     mkdocs_build)

PRINTABLES = ["handout/", "worksheet/"]
PAPER = ["A4", "Letter"]
MAX_HANDOUT_PAGES = 8


def words(element) -> str:
    return " ".join(element.get_text(" ").split())


def squash(text: str) -> str:
    """Text without white space or ligatures: a PDF's line breaks fall anywhere, and "ﬁ" is "fi"."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def section(soup, anchor: str) -> list:
    """What a reader sees under the heading `anchor`: its siblings up to the next h2."""
    elements = []
    for element in soup.find(id=anchor).find_next_siblings():
        if element.name == "h2":
            break
        elements.append(element)
    return elements


def matching(elements: list, selector: str) -> list:
    """The elements, and those within them, that match a CSS selector."""
    return [m for e in elements for m in ([e] if e.css.match(selector) else []) + e.select(selector)]


def question_page(site, page: str) -> dict:
    soup = site.soup(page)
    answer = section(soup, "answer")
    key_points = next(e for e in section(soup, "key-points") if e.name == "ul")
    checks = matching(section(soup, "check-your-understanding"), "details.question")
    return {
        "short_answer": next(e for e in answer if "admonition" in e.get("class", [])),
        "key_points": [words(li) for li in key_points.find_all("li", recursive=False)],
        "figures": matching(section(soup, "diagram"), "figure"),
        "questions": [words(d.summary) for d in checks],
        "answers": [" ".join(words(c) for c in d.find_all(recursive=False) if c.name != "summary") for d in checks],
    }


def article(site, page: str):
    return site.soup(page).select_one("article.md-content__inner")


# --- moving HTML between pages (lab/site/printable/moving.py) -------------------------------

@pytest.mark.parametrize("url, expected", [
    ("layers/#reuse", "../layers/#reuse"), ("layers/", "../layers/"), ("", "../"),
    ("handout/#sample-app", "#sample-app"), ("samples/app/compose.yaml", "../samples/app/compose.yaml"),
])
def test_relative_url_from_the_handout(url, expected):
    assert moving.relative_url(url, "handout/") == expected


def test_moved_html_keeps_its_links_and_gets_unique_ids():
    source = questions.Source("layers.md", "Q2", "layers/", "https://example.org/layers/", "")
    html = ('<figure id="fig"><svg aria-labelledby="fig-title other"><title id="fig-title">T</title></svg>'
            '<a href="#reuse">reuse</a> <a href="#fig">me</a> <a href="../compose/#one-command">Q4</a> '
            '<a href="https://docs.docker.com/">docs</a> <img src="../assets/x.svg" alt=""></figure>')
    moved = BeautifulSoup(moving.transplant([lxml.html.fragment_fromstring(html)], source, "handout/",
                                               "layers"), "html.parser")
    assert [t["id"] for t in moved.find_all(id=True)] == ["layers-fig", "layers-fig-title"]
    assert moved.svg["aria-labelledby"] == "layers-fig-title other"
    assert [a["href"] for a in moved.find_all("a")] == [
        "../layers/#reuse", "#layers-fig", "../compose/#one-command", "https://docs.docker.com/"]
    assert moved.img["src"] == "../assets/x.svg"


@pytest.mark.parametrize("canonical, printed", [
    ("https://you.github.io/lab4/layers/", "https://you.github.io/lab4/layers/"),  # SITE_URL set: published
    ("http://127.0.0.1:8000/layers/", "/layers/"),  # the default site_url: no public address
    ("http://localhost:8000/layers/", "/layers/"), ("http://[::1]:8000/compose/", "/compose/"),
    ("http://127.0.0.1:8000/", "/"),
])
def test_printed_address_is_one_a_student_can_type(canonical, printed):
    assert moving.printed_address(canonical) == printed


def test_full_page_link_prints_the_published_address_or_the_path():
    published = questions.Source("layers.md", "Q2", "layers/", "https://you.github.io/lab4/layers/", "")
    local = questions.Source("layers.md", "Q2", "layers/", "http://127.0.0.1:8000/layers/", "")
    for source, text in ((published, "https://you.github.io/lab4/layers/#check-your-understanding"),
                         (local, "/layers/#check-your-understanding")):
        link = BeautifulSoup(moving.full_page_link(source, "worksheet/", "check-your-understanding"),
                             "html.parser").a
        assert link.get_text() == text and link["href"] == "../layers/#check-your-understanding"


@pytest.mark.parametrize("page", PRINTABLES)
def test_printables_built_for_loopback_print_paths_not_loopback_addresses(site, page):
    texts = [a.get_text() for a in article(site, page).select("a.lab-print-source")]
    assert texts and all(text.startswith("/") and "127.0.0.1" not in text for text in texts), texts


def test_printables_built_with_site_url_print_the_published_address(tmp_path):
    # The deploy job sets SITE_URL; without it (see above) no loopback address is printed.
    result = mkdocs_build(copy_of_project(tmp_path / "project"), tmp_path / "site",
                          site_url="https://you.github.io/lab4/")
    assert result.returncode == 0, result.stderr
    for page in PRINTABLES:
        soup = BeautifulSoup((tmp_path / "site" / page / "index.html").read_text(encoding="utf-8"), "lxml")
        texts = [a.get_text() for a in soup.select("a.lab-print-source")]
        assert texts and all(text.startswith("https://you.github.io/lab4/") for text in texts), texts
        assert "Full page: http://127.0.0.1" not in words(soup.select_one("article"))


def test_a_page_without_a_part_is_named_with_the_part():
    page = questions.Source("worksheet.md", "W", "worksheet/", "w", print_slots.slot("worksheet", ("q.md",)))
    question = questions.Source("q.md", "Q", "q/", "q", '<h2 id="answer">A</h2><p>No admonition here.</p>')
    with pytest.raises(PrintableError) as error:
        filling.fill(page, {"q.md": question})
    assert str(error.value) == "worksheet.md: worksheet('q.md'): q.md: the #answer section has no short-answer admonition"


def test_a_section_runs_to_the_next_heading_of_its_rank_and_keeps_its_nested_parts():
    source = questions.Source("q.md", "Q", "q/", "q", (
        '<h2 id="intro">I</h2><p>before</p>'
        '<h2 id="answer">A<a class="headerlink" href="#answer">¶</a></h2><!-- a comment -->'
        '<div class="admonition"><p>Short <em>answer</em></p><h2 id="inner">nested</h2></div>'
        '<h3 id="deeper">D</h3><ul><li>point</li></ul>'
        '<h2 id="next">N</h2><p>after</p>'))
    heading, body = questions.section(source.tree(), "answer", source)
    assert questions.heading_text(heading) == "A"
    assert [lxml.html.tostring(element, encoding="unicode", with_tail=False) for element in body] == [
        '<div class="admonition"><p>Short <em>answer</em></p><h2 id="inner">nested</h2></div>',
        '<h3 id="deeper">D</h3>', "<ul><li>point</li></ul>"]
    assert [e.tag for e in questions.find_in(body, None, "admonition")] == ["div"]
    assert [e.tag for e in questions.find_in(body, ("ul", "ol"))] == ["ul"]
    assert [e.tag for e in questions.find_in(body, None)] == ["div", "p", "em", "h2", "h3", "ul", "li"]


def test_the_video_link_is_the_embedded_videos_own():
    demo = questions.Source("demo.md", "Demo", "demo/", "demo", (
        '<p><a class="lab-video__link" href="https://elsewhere.example/">not in a video</a></p>'
        '<figure class="lab-video"><figcaption><a class="lab-video__link" href="https://youtu.be/x?t=1&amp;a=b">'
        'watch</a></figcaption></figure>'))
    assert filling.video_link(demo) == ('<p class="lab-print-address"><a href="https://youtu.be/x?t=1&amp;a=b">'
                                         'https://youtu.be/x?t=1&amp;a=b</a></p>')
    with pytest.raises(PrintableError, match="demo.md embeds no video"):
        filling.video_link(questions.Source("demo.md", "Demo", "demo/", "demo", "<p>no video</p>"))


# --- what each page holds ------------------------------------------------------------------

def test_handout_has_the_four_questions_each_linking_to_its_full_page(site):
    sections = article(site, "handout/").select("section.lab-handout__question")
    assert len(sections) == len(QUESTION_PAGES) == 4
    for section_, page in zip(sections, QUESTION_PAGES):
        link = section_.select_one("a.lab-print-source")
        assert urljoin(site.url + "handout/", link["href"]) == site.url + page
        # Built for 127.0.0.1 (no public address): the text is the page's path, which a student can type.
        assert link.get_text() == "/" + page, "the link's text is the page's path, for readers of paper"
    contents = [a["href"] for a in article(site, "handout/").select("nav.lab-print-contents a")]
    assert contents == [f"#{h['id']}" for h in article(site, "handout/").find_all("h2", id=True)]
    assert len(contents) == 7  # the video, four questions, the hands-on tasks, the compose file


@pytest.mark.parametrize("page", QUESTION_PAGES)
def test_handout_shows_each_questions_short_answer_key_points_and_diagrams(site, page):
    source = question_page(site, page)
    slug = page.strip("/")
    part = article(site, "handout/").select_one(f"section.lab-handout__question:has(> h2#{slug})")
    assert part is not None, f"no section #{slug} on the handout"
    assert words(part.select_one(".admonition")) == words(source["short_answer"])
    key_heading = part.find("h3", id=f"{slug}-key-points")
    shown = [words(li) for li in key_heading.find_next_sibling("ul").find_all("li", recursive=False)]
    assert shown == source["key_points"]
    figures = part.select("figure.lab-diagram")
    assert [words(f) for f in figures] == [words(f) for f in source["figures"]]
    assert [t.get_text() for f in figures for t in f.select("svg > title")] == \
        [t.get_text() for f in source["figures"] for t in f.select("svg > title")]


def test_handout_shows_the_compose_file_and_the_video_address(site):
    handout = article(site, "handout/")
    code = handout.select_one("#sample-app ~ section .highlight pre > code")
    assert code.get_text() == (ROOT / "docs/samples/app/compose.yaml").read_text(encoding="utf-8")
    video = site.soup("demo/").select_one(".lab-video a.lab-video__link")["href"]
    link = handout.select_one("#demo-video ~ p.lab-print-address a")
    assert link["href"] == video and link.get_text() == video
    assert not handout.select("iframe, .lab-video"), "the handout gives the address, not a player"


def test_worksheet_numbers_every_self_check_question_with_room_to_write(site):
    sources = [question_page(site, page) for page in QUESTION_PAGES]
    asked = [q for s in sources for q in s["questions"]]
    worksheet = article(site, "worksheet/")
    items = []
    for ol in worksheet.select("ol.lab-worksheet__questions"):
        items += [(int(ol.get("start", 1)) + n, li) for n, li in enumerate(ol.find_all("li", recursive=False))]
    assert [n for n, _ in items] == list(range(1, len(asked) + 1))
    assert [words(li.select_one(".lab-worksheet__question")) for _, li in items] == asked
    for number, li in items:
        assert len(li.select(".lab-worksheet__space .lab-worksheet__line")) >= 3, f"no room to write for {number}"
        assert not li.select("details, .lab-worksheet__answers"), "an answer stands next to its question"


def test_worksheet_key_has_every_answer_after_all_questions(site):
    answers = [a for page in QUESTION_PAGES for a in question_page(site, page)["answers"]]
    worksheet = article(site, "worksheet/")
    key = worksheet.select_one("section.lab-worksheet__key")
    assert key.find("h2", id="answer-key")
    assert not key.find_all_next("ol", class_="lab-worksheet__questions"), "questions follow the key"
    items = []
    for ol in key.select("ol.lab-worksheet__answers"):
        items += [(int(ol.get("start", 1)) + n, li) for n, li in enumerate(ol.find_all("li", recursive=False))]
    assert [n for n, _ in items] == list(range(1, len(answers) + 1))
    assert [words(li) for _, li in items] == answers


@pytest.mark.parametrize("page", PRINTABLES)
def test_every_link_and_id_on_the_printables_works(site, page):
    soup = site.soup(page)
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), f"repeated ids: {sorted({i for i in ids if ids.count(i) > 1})}"
    for tag in soup.find_all(attrs={"aria-labelledby": True}):
        for name in tag["aria-labelledby"].split():
            assert name in ids, f"aria-labelledby names a missing id {name!r}"
    checked = 0
    for link in soup.select("article a[href]"):
        target = urlsplit(urljoin(site.url + page, link["href"]))
        if f"{target.scheme}://{target.netloc}/" != site.url:
            continue
        path = target.path.lstrip("/")
        file = site.directory / path / "index.html" if path.endswith("/") or not path else site.directory / path
        assert file.exists(), f"{link['href']} leads nowhere"
        if target.fragment and file.suffix == ".html":
            there = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
            assert there.find(id=target.fragment), f"{link['href']}: no #{target.fragment} on /{path}"
        checked += 1
    assert checked > 20


def test_search_finds_the_printables_by_title_but_not_their_borrowed_text(site):
    index = json.loads((site.directory / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    sources = [question_page(site, page) for page in QUESTION_PAGES]
    borrowed = [t for source in sources for t in source["key_points"] + source["answers"]]
    for page in PRINTABLES:
        entries = [e for e in index if e["location"].split("#")[0] == page]
        title = site.soup(page).h1
        assert any(e["title"] == words(title).rstrip("¶").strip() for e in entries), f"/{page} not found by title"
        text = " ".join(" ".join(BeautifulSoup(e["text"], "lxml").get_text(" ").split()) for e in entries)
        assert not [t for t in borrowed if t[:40] in text], f"/{page} repeats question pages in the index"
        assert "services:" not in text, "the compose file is indexed again"


@pytest.mark.parametrize("page", PRINTABLES)
def test_offline_search_finds_the_printables_by_title(site, reader, page):
    v = reader(site.url)
    v.page.keyboard.press("/")
    v.page.keyboard.type(page.strip("/"))
    first = v.page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10_000)
    found = urlsplit(urljoin(site.url, first.get_attribute("href")))
    assert found._replace(query="").geturl() == site.url + page  # the query only asks to highlight the words


# --- one source: the pages change, the handout follows --------------------------------------

def test_a_changed_key_point_shows_in_the_handout(tmp_path):
    project = copy_of_project(tmp_path / "project")
    layers = project / "docs/layers.md"
    text = layers.read_text(encoding="utf-8")
    assert "{ #key-points }\n" in text
    layers.write_text(text.replace("{ #key-points }\n", "{ #key-points }\n\n- A point a test added.\n", 1),
                      encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    soup = BeautifulSoup((tmp_path / "site/handout/index.html").read_text(encoding="utf-8"), "lxml")
    points = soup.find("h3", id="layers-key-points").find_next_sibling("ul").find_all("li", recursive=False)
    assert words(points[0]) == "A point a test added."


def test_a_question_page_without_key_points_stops_the_build_naming_the_page(tmp_path):
    project = copy_of_project(tmp_path / "project")
    layers = project / "docs/layers.md"
    layers.write_text(layers.read_text(encoding="utf-8").replace("{ #key-points }", "{ #main-points }"),
                      encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    lines = [line for line in (result.stdout + result.stderr).splitlines()
             if "layers.md has no #key-points heading" in line]
    assert lines, (result.stdout + result.stderr)[-2000:]
    assert re.search(r"(handout|worksheet)\.md: (handout_questions|worksheet)\('image-vs-container\.md', "
                     r"'layers\.md', .*\): layers\.md has no #key-points heading$", lines[0]), lines[0]


def test_a_page_that_does_not_exist_stops_the_build(tmp_path):
    result = build_small_site(tmp_path, "# Handout\n\n{{ handout_questions('nope.md') }}\n", {})
    assert_build_failed_naming(result, "handout_questions('nope.md')", "no such page: docs/nope.md")


# --- on paper -----------------------------------------------------------------------------------

def pdf_pages(v, paper: str) -> list[str]:
    """The text of each page of the PDF Chromium prints, white space removed, its page number checked and cut."""
    pages = [squash(page.extract_text()) for page in PdfReader(io.BytesIO(v.page.pdf(format=paper))).pages]
    for number, text in enumerate(pages, start=1):
        numbered = squash(f"Page {number} of {len(pages)}")
        assert text.startswith(numbered), f"page {number} is not numbered: {text[:40]!r}"
        pages[number - 1] = text.removeprefix(numbered)
    return pages


@pytest.mark.parametrize("page", PRINTABLES)
def test_printing_hides_navigation_and_buttons_and_cuts_nothing(site, reader, page):
    v = reader(site.url + page)
    buttons = ".md-clipboard, .lab-copy-link, .headerlink"
    assert v.page.locator(f"article :is({buttons})").count() > 3, "the buttons this test hides are not there"
    v.page.emulate_media(media="print")
    shown = v.page.evaluate("""sel => [...document.querySelectorAll(sel)]
        .filter(e => e.checkVisibility()).map(e => e.className)""",
                            f".md-header, .md-sidebar, .md-footer, .md-top, .md-search, article :is({buttons})")
    assert shown == []
    too_wide = v.page.evaluate("""() => [...document.querySelectorAll('article pre > code, article figure, article li')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 60))""")
    assert too_wide == [], "cut off on paper"
    avoid = v.page.evaluate("""() => [...document.querySelectorAll('article figure')]
        .map(e => getComputedStyle(e).breakInside)""")
    assert set(avoid) <= {"avoid"}


@pytest.mark.parametrize("paper", PAPER)
def test_printed_handout_fits_in_eight_pages_with_every_part(site, reader, paper):
    v = reader(site.url + "handout/")
    pages = pdf_pages(v, paper)
    assert len(pages) <= MAX_HANDOUT_PAGES, f"{len(pages)} {paper} pages"
    text = "".join(pages)
    for page in QUESTION_PAGES:
        source = question_page(site, page)
        short_answer = [p for p in source["short_answer"].find_all("p") if "admonition-title" not in p.get("class", [])]
        for part in [*map(words, short_answer), *source["key_points"]]:
            assert squash(part) in text, f"not on paper: {part[:60]!r}"
        for figure in source["figures"]:
            # whichever drawing the figure shows (it may hold a wide and a narrow one), whole on one page
            caption = squash(words(figure.figcaption))
            longest = [max((squash(t.get_text()) for t in svg.find_all("text")), key=len)
                       for svg in figure.find_all("svg")]
            assert any(caption in p and any(label in p for label in longest) for p in pages), \
                f"figure split or missing: {caption[:60]}"
    for line in (ROOT / "docs/samples/app/compose.yaml").read_text(encoding="utf-8").splitlines():
        assert squash(line) in text, f"compose line not on paper: {line!r}"
    assert squash(site.soup("demo/").select_one(".lab-video a.lab-video__link")["href"]) in text
    # a page break before each question but the first, which follows the contents
    for heading in article(site, "handout/").select("section.lab-handout__question > h2")[1:]:
        title = squash(heading.get_text().rstrip("¶"))
        assert any(p.startswith(title) for p in pages), f"{title} does not start a page"


@pytest.mark.parametrize("paper", PAPER)
def test_printed_worksheet_starts_the_answer_key_on_a_page_of_its_own(site, reader, paper):
    v = reader(site.url + "worksheet/")
    pages = pdf_pages(v, paper)
    sources = [question_page(site, page) for page in QUESTION_PAGES]
    starts = [n for n, p in enumerate(pages) if p.startswith(squash("Answer key"))]
    assert starts, "no page starts with the answer key"
    key_page = starts[0]
    before, after = "".join(pages[:key_page]), "".join(pages[key_page:])
    for source in sources:
        for question in source["questions"]:
            assert squash(question) in before, f"question not printed before the key: {question[:60]!r}"
        for answer in source["answers"]:
            assert squash(answer) in after, f"answer not printed in the key: {answer[:60]!r}"
            assert squash(answer)[:50] not in before, f"answer printed beside the questions: {answer[:60]!r}"
