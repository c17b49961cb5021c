"""Links course pages rely on: redirects, the 404 page, copy-link, link previews, print."""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

from helpers import FIXED_ANCHORS, PAGES, QUESTION_PAGES

SHORT_LINKS = {f"q/{n}/": page for n, page in enumerate(QUESTION_PAGES, start=1)}


# --- the URL contract ------------------------------------------------------------------

@pytest.mark.parametrize("short, page", SHORT_LINKS.items())
def test_short_links_redirect_to_the_question_pages(site, reader, short, page):
    v = reader(site.url + short)
    v.page.wait_for_url(site.url + page)
    assert v.page.locator("#answer").count() == 1


def test_short_link_keeps_the_anchor(site, reader):
    v = reader(site.url + "q/2/#try-it")
    v.page.wait_for_url(site.url + "layers/#try-it")


def test_missing_page_gets_the_404_page_with_the_questions_and_search(site, reader):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(site.url + "no/such/page/")
    assert error.value.code == 404
    v = reader(site.url + "no/such/page/")
    assert v.page.locator("h1").inner_text().startswith("Page not found")
    hrefs = [a.get_attribute("href") for a in v.page.locator("article a").all()]
    for page in QUESTION_PAGES:
        assert any(urljoin(v.page.url, h) == site.url + page for h in hrefs), page
    v.page.get_by_text("Search the site", exact=True).click()
    v.page.keyboard.type("compose")
    v.page.locator(".md-search-result__item").first.wait_for()
    # the one console error is the missing page's own 404; every asset loaded
    assert len(v.console_errors) == 1 and "404" in v.console_errors[0]
    assert v.foreign_requests(site.url) == []


def test_sitemap_lists_every_page_under_site_url(site):
    tree = ET.parse(site.directory / "sitemap.xml")
    locations = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {site.url + page for page in PAGES} <= locations


# --- link previews ----------------------------------------------------------------------

@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_link_preview(site, page):
    soup = site.soup(page)
    meta = {m.get("property") or m.get("name"): m.get("content") for m in soup.find_all("meta")}
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == site.url + page
    assert meta["og:url"] == canonical
    assert len(meta["description"]) > 50 and meta["og:description"] == meta["description"].strip()
    assert meta["og:title"] and meta["twitter:title"] == meta["og:title"]
    assert meta["twitter:card"] == "summary_large_image"
    image = meta["og:image"]
    assert image.startswith(site.url) and (site.directory / image[len(site.url):]).is_file()


def test_preview_titles_name_the_page(site):
    assert site.soup("layers/").find("meta", property="og:title")["content"] == "Q2 · Layers · Docker Lab 4"
    assert site.soup("").find("meta", property="og:title")["content"] == "Docker Lab 4"


# --- copy link -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", QUESTION_PAGES)
def test_every_question_page_and_section_has_a_copy_link_button(site, reader, page):
    v = reader(site.url + page)
    for anchor in FIXED_ANCHORS:
        button = v.page.locator(f"h2#{anchor} button.lab-copy-link")
        assert button.is_visible(), f"#{anchor} has no visible copy-link button"
        assert button.get_attribute("aria-label").startswith("Copy link to section: ")
    assert v.page.locator("h1 button.lab-copy-link").get_attribute("aria-label") == "Copy link to this page"


def test_copy_link_copies_the_absolute_url_and_announces_it(site, reader):
    v = reader(site.url + "layers/", context_options={"permissions": ["clipboard-read", "clipboard-write"]})
    v.page.get_by_role("button", name="Copy link to section: Answer").click()
    assert v.page.evaluate("navigator.clipboard.readText()") == site.url + "layers/#answer"
    assert v.page.get_by_role("status").inner_text() == f"Link copied: {site.url}layers/#answer"


def test_copy_link_works_from_the_keyboard_after_instant_navigation(site, reader):
    v = reader(site.url, context_options={"permissions": ["clipboard-read", "clipboard-write"]})
    v.page.locator(".md-nav--primary a", has_text="Q4 · Compose").first.click()
    v.page.wait_for_url("**/compose/")
    button = v.page.get_by_role("button", name="Copy link to section: Try it")
    button.focus()
    v.page.keyboard.press("Enter")
    v.page.wait_for_function("document.querySelector('[role=status]').textContent.includes('#try-it')")
    assert v.page.evaluate("navigator.clipboard.readText()") == site.url + "compose/#try-it"
    v.page.get_by_role("button", name="Copy link to this page").press("Space")
    v.page.wait_for_function("navigator.clipboard.readText().then(t => !t.includes('#'))")
    assert v.page.evaluate("navigator.clipboard.readText()") == site.url + "compose/"


# --- print ----------------------------------------------------------------------------

def printed_text(v) -> str:
    pdf = v.page.pdf(format="A4")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("page", QUESTION_PAGES)
def test_printing_a_question_page_keeps_every_answer(site, reader, page):
    v = reader(site.url + page)
    closed_answers = [d.inner_text() for d in v.page.locator("details.question > p").all()]
    assert closed_answers and not v.page.locator("details.question[open]").count()
    text = squash(printed_text(v))
    for answer in closed_answers:
        assert squash(answer) in text, f"the printed page lacks the self-check answer {answer[:60]!r}"
    assert squash("https://docs.docker.com/") in text, "external link URLs are not printed"
    assert "Tableofcontents" not in text and "Search" not in text[:200]


def test_printing_prints_every_tab(site, reader):
    v = reader(site.url + "compose/")
    text = squash(printed_text(v))
    assert squash("NETWORK=lab4_backend") in text  # the second tab's file
    assert squash("condition: service_healthy") in text  # the first tab's file


def test_printing_the_demo_page_prints_the_video_url(site, reader):
    v = reader(site.url + "demo/")
    assert squash("https://www.youtube.com/watch?v=5hJLHE_juik") in squash(printed_text(v))
