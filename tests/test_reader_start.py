"""What a reader needs before running anything: prerequisites, their platform, a warning before
data goes, and the demo written out from the scripts (for readers who cannot play the video)."""

from __future__ import annotations

import re

import pytest

from helpers import QUESTION_PAGES, ROOT
from lab.markup import walkthrough
from lab.samples import transcripts
from test_try_it import try_it_section

TRY = ROOT / "docs" / "samples" / "app" / "try"
TRANSCRIPTS = ROOT / "docs" / "samples" / transcripts.FOLDER
PREREQUISITES = ["engine 25", "compose 2.24", "pypi", "docker hub", "port 8000", "web_port"]


def text_of(element) -> str:
    return " ".join(element.get_text(" ").lower().split())


def removed_by(script: str) -> set[str]:
    """The containers and volumes a Try-it script deletes, read from its commands."""
    text = (TRY / script).read_text()
    names = set()
    for loop_names, body in re.findall(r"^for name in ([\w -]+); do\n?(.*?)done", text, re.M | re.S):
        if "rm -f" in body:
            names |= set(loop_names.split())
    for command in re.findall(r"docker (?:rm -f|volume rm) ([^\n;]+)", text):
        names |= {word for word in command.split() if not word.startswith(("$", '"'))}
    if "docker compose down -v" in text:
        names |= {"lab4_redis-data", "lab4_backend"}
    return names


def test_removed_by_reads_what_the_scripts_delete():
    # the helper the warnings are checked against must itself find the deletions
    assert removed_by("q1-image-vs-container.sh") == {"lab4-c1", "lab4-c2"}
    assert removed_by("q3-writable-layer.sh") == {"lab4-a", "lab4-b", "lab4-data"}
    assert removed_by("q4-compose.sh") == {"lab4_redis-data", "lab4_backend"}
    assert removed_by("q2-layers.sh") == set()


@pytest.mark.parametrize("page", ["", "samples/"])
def test_prerequisites_are_on_the_home_and_samples_pages(site, page):
    text = text_of(site.soup(page).find("article"))
    missing = [term for term in PREREQUISITES if term not in text]
    assert not missing, f"/{page} does not state the prerequisites: {missing}"


def test_samples_page_tells_each_platform_how_to_run_the_scripts(site):
    section = site.soup("samples/").find(id="platforms")
    text = " ".join(text_of(el) for el in section.find_next_siblings(limit=2))
    for term in ["wsl 2", "git bash", "msys_no_pathconv=1", "powershell", '$env:web_port = "8080"',
                 "not run", "apple silicon", "arm64"]:
        assert term in text, f"/samples/#platforms does not mention {term!r}"


def test_samples_page_lists_what_each_script_removes(site):
    warning = site.soup("samples/").find(id="what-the-scripts-remove").find_next_sibling(class_="warning")
    text = text_of(warning)
    for script in sorted(TRY.glob("*.sh")):
        for name in removed_by(script.name):
            assert name in text, f"/samples/ does not warn that {script.name} removes {name}"


@pytest.mark.parametrize("page", QUESTION_PAGES)
def test_a_warning_precedes_each_try_it_that_deletes(site, page):
    warning, scripts = None, 0
    for element in try_it_section(site.soup(page)):
        if "admonition" in element.get("class", []) and "warning" in element["class"]:
            warning = text_of(element)
        link = element.select_one("a.lab-download")
        if link and link["href"].endswith(".sh"):
            scripts += 1
            names = removed_by(link["href"].rsplit("/", 1)[1])
            assert not names or warning, f"/{page}: no warning before {link['href']}, which removes {sorted(names)}"
            assert all(name in warning for name in names), f"/{page}: the warning before {link['href']} misses {names}"
            warning = None  # each script its own warning
    assert scripts, f"/{page}: no Try-it script found"


@pytest.mark.parametrize("page", QUESTION_PAGES)
def test_each_try_it_says_how_to_run_it_on_windows_and_apple_silicon(site, page):
    tips = [text_of(el) for el in try_it_section(site.soup(page)) if "tip" in el.get("class", [])]
    assert any("wsl 2" in tip and "apple silicon" in tip for tip in tips), f"/{page}: no platform note at Try it"


def test_the_demo_walkthrough_is_every_scripts_steps_in_order(site):
    section = site.soup("demo/").find(id="walkthrough")
    lists = [el for el in section.find_all_next("ol") if el.find_parent("ol") is None]
    scripts = ["q1-image-vs-container.sh", "q2-layers.sh", "q3-writable-layer.sh", "q3-sample-app.sh", "q4-compose.sh"]
    assert len(lists) == len(scripts)
    for script, steps in zip(scripts, lists):
        expected = walkthrough.script_steps((TRY / script).read_text())
        items = steps.find_all("li", recursive=False)
        assert [" ".join(item.strong.get_text().split()) for item in items] == [step.title for step in expected]
        for item, step in zip(items, expected):
            code, output = item.select("code")[0], item.select(".highlight code")[-1]
            for number in code.select("[data-linenos]"):
                number.decompose()
            assert code.get_text() == step.commands, f"{script}: the demo shows other commands for {step.title!r}"
            recorded = dict(transcripts.read((TRANSCRIPTS / script.replace(".sh", ".txt")).read_text()))[step.title]
            assert output.get_text().splitlines() == (recorded or ["(nothing)"])


def test_script_steps_reads_each_step_and_its_lines():
    steps = walkthrough.script_steps('#!/bin/sh\nset -eu\nstep "One"\ndocker ps\n\n# look\n\nstep "Two"\necho x\n')
    assert [(s.title, s.first_line, s.commands) for s in steps] == [("One", 4, "docker ps\n\n# look\n"), ("Two", 9, "echo x\n")]


def test_transcript_headers_are_what_a_recording_writes():
    """The engine tests compare whole files: a header edited by hand must match what transcript() writes."""
    for path in sorted(TRANSCRIPTS.glob("*.txt")):
        text = path.read_text()
        engine, compose = re.search(r"Docker Engine (\S+) with Compose (\S+),", text).groups()
        storage = re.search(r"storage driver (\S+) \(", text).group(1)
        written = transcripts.transcript(path.stem, "", {"Engine": engine, "Compose": compose, "storage": storage},
                                         transcripts.Context())
        assert text.startswith(written), f"{path.name}: its header is not the one `make transcripts` writes"
        assert "README" not in written, "the header points to a README that readers do not have"


@pytest.mark.parametrize("page", ["compose/", "demo/"])
def test_step_titles_show_no_escape_backslashes(site, page):
    # "<project>" in a step title once showed as "\<project>": Python-Markdown has no escape for "<"
    titles = [strong.get_text() for strong in site.soup(page).select("article strong")]
    assert any("<project>_<network>" in title for title in titles)
    assert not [title for title in titles if "\\" in title]
