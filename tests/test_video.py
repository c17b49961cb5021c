"""The demo-video facade: the macro's output, its bad input, and what a reader's browser does."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from browser import axe_violations
from helpers import PAGES, assert_build_failed_naming, build_small_site
from lab.errors import SampleError
from lab.markup.video import video

VIDEO = "5hJLHE_juik"
EMBED = f"https://www.youtube-nocookie.com/embed/{VIDEO}"


# --- the macro -----------------------------------------------------------------

def test_facade_has_local_poster_real_button_and_fallback_link():
    soup = BeautifulSoup(video(VIDEO, "Docker Lab 4 demo", start="1:05", html_base="demo/"), "lxml")
    figure = soup.select_one("figure.lab-video")
    assert figure["data-video-id"] == VIDEO and figure["data-video-start"] == "65"
    poster = soup.select_one(".lab-video__frame > svg.lab-video__poster")
    assert poster["aria-hidden"] == "true" and poster.has_attr("data-search-exclude") and "Docker Lab 4" in poster.text
    assert not soup.select("img"), "the poster is drawn in the page, not fetched as an image (bench/RESULTS.md: TBT 124 -> 64 ms on /demo/)"
    button = soup.select_one("button[type=button]")
    assert "Docker Lab 4 demo" in button["aria-label"]
    assert soup.select_one("a.lab-video__link")["href"] == f"https://www.youtube.com/watch?v={VIDEO}&t=65s"
    assert not soup.select("iframe"), "the player must not be in the page before the reader asks"
    assert "\n\n" not in str(figure)
    assert [s["src"] for s in soup.select("script")] == ["../assets/javascripts/video.js"], "its script, with it only"


def test_only_a_page_with_a_video_loads_its_script(site):
    loading = [page for page in PAGES if "javascripts/video.js" in site.html(page)]
    assert loading == ["demo/"]


def test_chapters_only_where_the_author_gives_them():
    assert "lab-video__chapters" not in video(VIDEO, "t")
    soup = BeautifulSoup(video(VIDEO, "t", chapters=[("0:30", "Images"), (95, "Compose")]), "lxml")
    assert [a["href"] for a in soup.select(".lab-video__chapters a")] == [
        f"https://www.youtube.com/watch?v={VIDEO}&t=30s", f"https://www.youtube.com/watch?v={VIDEO}&t=95s"]


def test_title_is_escaped():
    assert "<script>" not in video(VIDEO, "<script>x</script>")


@pytest.mark.parametrize("args, message", [
    (("5hJLHE_jui",), "malformed YouTube video id"),
    (("5hJLHE_juik!",), "malformed YouTube video id"),
    (("https://youtu.be/5hJLHE_juik",), "malformed YouTube video id"),
    ((VIDEO,), "a video needs a title"),
    ((VIDEO, "  "), "a video needs a title"),
    ((VIDEO, "t", "1:75"), "is not seconds or a time"),
    ((VIDEO, "t", -3), "must not be negative"),
    ((VIDEO, "t", 0, ["0:30"]), "each chapter is a (time, label) pair"),
])
def test_bad_input_is_refused(args, message):
    with pytest.raises(SampleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        video(*args)


@pytest.mark.parametrize("call, cause", [
    ("video('5hJLHE_jui', title='Demo')", "malformed YouTube video id '5hJLHE_jui'"),
    ("video('5hJLHE_juik')", "a video needs a title"),
    ("video('5hJLHE_juik', title='Demo', autoplay=True)", "unexpected keyword argument 'autoplay'"),
])
def test_bad_video_call_fails_the_build_naming_page_and_call(tmp_path, call, cause):
    assert_build_failed_naming(build_small_site(tmp_path, "# Page\n\n{{ " + call + " }}\n", {}), call, cause)


# --- in the browser ----------------------------------------------------------------

@pytest.fixture
def viewer(reader):
    """A reader whose requests to YouTube fail at once: there is no network here."""
    def _open(url, **options):
        v = reader(url, **options)
        v.page.context.route("**/*youtube*/**", lambda route: route.abort())
        return v

    return _open


def assert_player(page):
    page.wait_for_selector(".lab-video iframe", state="attached")
    frames = page.query_selector_all("iframe")
    assert len(frames) == 1
    assert frames[0].get_attribute("src").startswith(EMBED + "?")
    assert "autoplay=1" in frames[0].get_attribute("src")
    assert frames[0].get_attribute("title") == "Docker Lab 4 demo"
    assert frames[0].get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("page", ["", "demo/"])
def test_nothing_loads_from_youtube_before_the_reader_asks(site, viewer, page):
    v = viewer(site.url + page)
    assert v.foreign_requests(site.url) == []
    assert v.page.query_selector_all("iframe") == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_click_loads_the_private_player_accessibly(site, viewer, scheme):
    v = viewer(site.url + "demo/", color_scheme=scheme)
    assert axe_violations(v.page) == []
    v.page.get_by_role("button", name="Play video: Docker Lab 4 demo").click()
    assert_player(v.page)
    assert all("youtube-nocookie.com" in url for url in v.foreign_requests(site.url))
    assert axe_violations(v.page) == []


def test_keyboard_alone_starts_the_player_and_focus_follows(site, viewer):
    v = viewer(site.url + "demo/")
    button = v.page.get_by_role("button", name="Play video: Docker Lab 4 demo")
    for _ in range(60):  # Tab until the button has focus, as a keyboard user would
        v.page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the play button")
    v.page.keyboard.press("Enter")
    assert_player(v.page)
    assert v.page.evaluate("document.activeElement.tagName") == "IFRAME"


def test_space_starts_it_too(site, viewer):
    v = viewer(site.url + "demo/")
    v.page.get_by_role("button", name="Play video: Docker Lab 4 demo").focus()
    v.page.keyboard.press("Space")
    assert_player(v.page)


def test_works_after_instant_navigation(site, viewer):
    v = viewer(site.url + "layers/")
    v.page.evaluate("window.__kept = true")  # survives only if no full reload happens
    v.page.locator(".md-nav--primary a", has_text="Demo").first.click()
    v.page.wait_for_url("**/demo/")
    # The page's own styles came with it (video.css is linked from the content, not the head).
    v.page.wait_for_function("(f => f && getComputedStyle(f).position === 'relative')(document.querySelector('.lab-video__frame'))")
    v.page.get_by_role("button", name="Play video: Docker Lab 4 demo").click()
    assert_player(v.page)
    assert v.page.evaluate("window.__kept === true"), "the page was fully reloaded"


def test_without_javascript_the_link_leads_to_the_video(site, viewer):
    v = viewer(site.url + "demo/", javascript=False)
    link = v.page.get_by_role("link", name="Watch it on YouTube")
    assert link.get_attribute("href") == f"https://www.youtube.com/watch?v={VIDEO}"
    assert link.is_visible()
    assert not v.page.get_by_role("button", name="Play video: Docker Lab 4 demo").is_visible()
    assert v.foreign_requests(site.url) == []
