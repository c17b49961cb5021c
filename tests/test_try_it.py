"""The pages' "Try it" steps: real script files, shellcheck-clean, shown whole, checked in CI."""

from __future__ import annotations

import inspect
import os
import json
import re
import subprocess
import sys

import pytest

from helpers import QUESTION_PAGES, ROOT, run_tool
from lab.model import facts, image as image_model
from lab.samples import transcripts
from tests.engine import try_checks, try_run

SAMPLES = ROOT / "docs" / "samples"
TRY = SAMPLES / "app" / "try"
SCRIPTS = sorted(TRY.glob("*.sh"))
ALL_SHELL = sorted([*SAMPLES.rglob("*.sh"), SAMPLES / "app" / "labcheck"])  # labcheck: the launcher, no .sh to type


@pytest.mark.parametrize("path", ALL_SHELL, ids=[p.relative_to(SAMPLES).as_posix() for p in ALL_SHELL])
def test_shell_samples_pass_shellcheck(path):
    result = run_tool("shellcheck", "--shell=sh", "--severity=style", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_shellcheck_can_fail(tmp_path):
    bad = tmp_path / "bad.sh"
    bad.write_text("#!/bin/sh\nrm -rf $1/*\n")
    assert run_tool("shellcheck", str(bad)).returncode != 0


def test_shell_samples_are_committed_executable():
    listed = subprocess.run(["git", "ls-files", "-s", "docs/samples"], cwd=ROOT, capture_output=True, text=True).stdout
    modes = {line.split("\t")[1]: line.split()[0] for line in listed.splitlines()}
    for path in ALL_SHELL:
        assert modes.get(path.relative_to(ROOT).as_posix()) == "100755", f"{path.name} is not committed with mode 755"


def test_every_step_title_a_check_reads_is_in_its_script():
    assert {p.stem for p in SCRIPTS} == try_checks.SCRIPTS
    for name in try_checks.SCRIPTS:
        check = try_checks.CHECKS[name]
        titles = re.findall(r'^step "(.*)"$', (TRY / f"{name}.sh").read_text(), re.M)
        assert len(titles) == len(set(titles)), f"{name}: two steps share a title"
        for start in re.findall(r'section\(output, "([^"]+)"\)', inspect.getsource(check)):
            matching = [t for t in titles if t.startswith(start)]
            assert len(matching) == 1, f"{name}: the check reads step {start!r}…, which matches {matching}"


def test_scripts_run_from_the_app_folder_whatever_the_current_one():
    for path in SCRIPTS:
        assert 'cd "$(dirname "$0")/.."' in path.read_text(), f"{path.name} does not cd to the app folder"


# --- the checker, on output in BuildKit's plain progress format ----------------------

FIXTURE = (ROOT / "tests" / "fixtures" / "q2-layers.log").read_text()


def test_build_steps_reads_buildkits_plain_progress():
    steps = try_run.build_steps(try_run.section(FIXTURE, "Edit web.py"))
    assert [(n, cached) for n, _, cached in steps] == [(1, False), (2, True), (3, True), (4, True), (5, True), (6, False)]
    assert steps[-1][1] == "COPY store.py web.py ./"


def test_q2_check_passes_on_what_the_page_promises():
    try_checks.check_q2(FIXTURE)


@pytest.mark.parametrize("broken, message", [
    # A step rebuilt on the second build.
    (("#11 [5/6] RUN pip install --no-cache-dir -r requirements.txt\n#11 CACHED\n\n#12 [6/6] COPY store.py web.py ./\n#12 CACHED",
      "#11 [5/6] RUN pip install --no-cache-dir -r requirements.txt\n#11 CACHED\n\n#12 [6/6] COPY store.py web.py ./\n#12 DONE 0.1s"),
     "not every step was CACHED"),
    # The dependency step re-run after a code edit.
    (("#11 CACHED\n\n#12 [6/6] COPY store.py web.py ./\n#12 DONE 0.0s",
      "#11 DONE 9.0s\n\n#12 [6/6] COPY store.py web.py ./\n#12 DONE 0.0s"),
     "a step before COPY store.py web.py ./ ran"),
    # The worker sharing one step fewer than the model says.
    (("#11 CACHED\n\n#12 [6/6] COPY store.py worker.py ./", "#11 DONE 9.0s\n\n#12 [6/6] COPY store.py worker.py ./"),
     "expected the first 4 steps CACHED"),
    # A failed step.
    (("#12 [6/6] COPY store.py worker.py ./\n#12 DONE 0.0s", "#12 [6/6] COPY store.py worker.py ./\n#12 ERROR: not found"),
     "ended with ERROR"),
])
def test_q2_check_fails_when_the_engine_disagrees(broken, message):
    old, new = broken
    assert old in FIXTURE
    output = FIXTURE[::-1].replace(old[::-1], new[::-1], 1)[::-1]  # the last occurrence
    with pytest.raises(try_run.CheckFailed, match=message):
        try_checks.check_q2(output)


def test_sections_ignore_the_blank_line_before_each_title():
    output = "\n==> One\nA /tmp/x\n\n==> Two\nhello\n"
    assert try_run.section(output, "One") == ["A /tmp/x"]
    with pytest.raises(try_run.CheckFailed, match="expected one step titled 'Three'"):
        try_run.section(output, "Three")


# --- the figures CI compares with docker image inspect ----------------------------

def test_facts_cli_prints_the_models_figures():
    result = subprocess.run([sys.executable, "-m", "lab.model.facts", "docs/samples/app"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    web = image_model.image("web", (SAMPLES / "app/web.Dockerfile").read_text())
    worker = image_model.image("worker", (SAMPLES / "app/worker.Dockerfile").read_text())
    assert printed == {"base": "python:3.12-slim", "layers": {"web": len(web.layers), "worker": len(worker.layers)},
                       "shared": image_model.shared_prefix(web, worker)}
    assert printed == facts.app_facts(SAMPLES / "app")
    assert printed["layers"] == {"web": 5, "worker": 5} and printed["shared"] == 4


def test_facts_cli_explains_its_usage():
    result = subprocess.run([sys.executable, "-m", "lab.model.facts"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "usage: python -m lab.model.facts docs/samples/app" in result.stderr


# --- the built pages ------------------------------------------------------------------

def try_it_section(soup):
    heading = soup.find(id="try-it")
    for element in heading.find_next_siblings():
        if element.name == "h2":
            break
        yield element


@pytest.mark.parametrize("page", QUESTION_PAGES)
def test_every_try_it_code_block_is_a_sample_script_shown_whole(site, page):
    section = list(try_it_section(site.soup(page)))
    # What the engine printed (lab/samples/transcripts.py) is output, folded under its script.
    blocks = [el for el in section if (el.select_one("pre code") or el.name == "pre") and "lab-transcript" not in el.get("class", [])]
    assert blocks, f"{page}: no code block under Try it"
    for block in blocks:
        after = block.find_next_sibling()
        link = after.select_one("a.lab-download") if after is not None else None
        assert link and re.fullmatch(r"\.\./samples/app/try/[\w-]+\.sh", link["href"]), \
            f"{page}: a Try-it code block that is not a sample script:\n{block.get_text()[:200]}"
        code = block.select_one("code")
        for number in code.select("[data-linenos]"):
            number.decompose()
        assert code.get_text() == (SAMPLES / link["href"].removeprefix("../samples/")).read_text()
    zips = [a for el in section for a in el.select('a[href="../samples/lab4-sample-app.zip"][download]')]
    assert zips, f"{page}: Try it does not offer the sample app's zip"


def test_every_try_it_script_is_on_a_page(site):
    shown = {a["href"].rsplit("/", 1)[1] for page in QUESTION_PAGES for a in site.soup(page).select("a.lab-download")}
    assert {p.name for p in SCRIPTS} <= shown


# --- the other checks, on output shaped as Docker prints it ---------------------------

def output_of(script: str, printed: dict[str, list[str]]) -> str:
    """What the script prints: each step's title as step() prints it, then the lines given for it."""
    titles = re.findall(r'^step "(.*)"$', (TRY / f"{script}.sh").read_text(), re.M)
    parts = []
    for title in titles:
        lines = next((lines for start, lines in printed.items() if title.startswith(start)), [])
        parts.append(f"\n==> {title}\n" + "".join(line + "\n" for line in lines))
    return "".join(parts)


CONTAINER_ID = "4f1c0d9be7a2" * 5 + "abcd"
HAPPY = {
    "q1-image-vs-container": {
        "Two containers": [CONTAINER_ID, CONTAINER_ID.replace("4", "5")],
        "One kernel": ["6.8.0-1017-azure", "6.8.0-1017-azure"],
        "stop keeps": ["lab4-c1", "lab4-c1", "only in c1"],
        "rm deletes": ["lab4-c1", "lab4-c2"],
    },
    "q3-writable-layer": {
        "What lab4-a changed": ["C /etc", "C /etc/issue", "D /etc/debian_version", "C /tmp", "A /tmp/new.txt"],
        "lab4-b changed nothing": ["13.1"],
        "stop and start": ["lab4-a", "lab4-a", "hello"],
        "rm deletes": ["lab4-a", "lab4-b"],
        "A volume outlives": ["lab4-data", "kept", "lab4-data"],
    },
    "q3-sample-app": {
        "Start the sample app": [" Image lab4-web Built", " Image lab4-worker Built", " Container lab4-web-1 Healthy"],
        "Record a visit": ['{"hostname": "6a1f", "visits": 1, "processed": 0, "pending": 1}', ""],
        "web writes a file": ["C /tmp", "A /tmp/scratch.txt"],
        "Redis writes": ["appendonlydir", "lab4_redis-data"],
        "down removes": [" Container lab4-web-1  Removed", " Network lab4_backend  Removed", "lab4_redis-data"],
        "New containers": [" Container lab4-web-1  Healthy"],
        "The visit count survived": ['{"hostname": "9c2e", "visits": 2, "processed": 1, "pending": 0}', ""],
        "down -v removes": [" Volume lab4_redis-data  Removed"],
    },
    "q4-compose": {
        "A command inside": ["PATH=/usr/local/bin:/usr/bin", "REDIS_HOST=redis", "HOSTNAME=6a1f"],
        "web reaches Redis": ["172.18.0.2", "True"],
        "Two workers": [" Container lab4-worker-2  Started", "2"],
        "Compose's labels": ["redis lab4-redis-1 1", "web lab4-web-1 1", "worker lab4-worker-1 1", "worker lab4-worker-2 2"],
        "The network Compose created": ["NETWORK ID     NAME           DRIVER    SCOPE",
                                        "0a1b2c3d4e5f   lab4_backend   bridge    local"],
        "down removes": [" Network lab4_backend  Removed", "lab4_redis-data"],
        "down -v removes": [" Volume lab4_redis-data  Removed"],
    },
}
BROKEN = [
    ("q1-image-vs-container", "One kernel", ["6.8.0-1017-azure", "6.10.14-linuxkit"], "the kernel versions differ"),
    ("q1-image-vs-container", "stop keeps", ["lab4-c1", "lab4-c1"], "did not survive stop and start"),
    ("q3-writable-layer", "What lab4-a changed", ["C /etc", "C /etc/issue", "C /tmp", "A /tmp/new.txt"], "D /etc/debian_version"),
    ("q3-writable-layer", "lab4-b changed nothing", ["C /etc", "13.1"], "expected an empty diff for lab4-b"),
    ("q3-writable-layer", "rm deletes", ["lab4-b"], "a container is left after rm"),
    ("q3-sample-app", "The visit count survived", ['{"visits": 1}'], "the count did not survive in the volume"),
    ("q3-sample-app", "down -v removes", ["lab4_redis-data"], "the volume survived docker compose down -v"),
    ("q3-sample-app", "Redis writes", ["appendonlydir"], "no volume lab4_redis-data while the app runs"),
    ("q4-compose", "web reaches Redis", ["Error: Name or service not known"], "web did not reach redis by name"),
    ("q4-compose", "The network Compose created", ["0a1b2c3d4e5f   lab4_default   bridge    local"], "expected lab4_backend only"),
    ("q4-compose", "down removes", [], "the volume did not survive docker compose down"),
    ("q4-compose", "Two workers", ["1"], "did not resolve to two containers"),
    ("q4-compose", "Compose's labels", ["web lab4-web-1 1"], "are not project, service and number"),
]


@pytest.mark.parametrize("script", HAPPY)
def test_check_passes_when_the_engine_shows_what_the_page_promises(script):
    try_checks.CHECKS[script](output_of(script, HAPPY[script]))


@pytest.mark.parametrize("script, step, lines, message", BROKEN, ids=[f"{s}: {m}" for s, _, _, m in BROKEN])
def test_check_fails_when_the_engine_shows_otherwise(script, step, lines, message):
    with pytest.raises(try_run.CheckFailed, match=re.escape(message)):
        try_checks.CHECKS[script](output_of(script, {**HAPPY[script], step: lines}))


# --- what the engine printed, shown under each script ----------------------------------

TRANSCRIPTS = SAMPLES / transcripts.FOLDER


@pytest.mark.parametrize("script", sorted(p.stem for p in SCRIPTS))
def test_every_try_it_step_has_a_transcript_and_its_marked_lines(script):
    path = TRANSCRIPTS / f"{script}.txt"
    assert path.exists(), f"no transcript for try/{script}.sh: run `make transcripts` on a machine with the engine"
    recorded = dict(transcripts.read(path.read_text(encoding="utf-8")))
    titles = re.findall(r'^step "(.*)"$', (TRY / f"{script}.sh").read_text(), re.M)
    assert list(recorded) == titles, f"{path.name} does not follow the script's steps"
    for start in transcripts.HIGHLIGHTS.get(script, {}):
        title = next(t for t in titles if t.startswith(start))
        assert transcripts.highlighted(script, title, recorded[title]), f"{path.name}: no line to mark in step {title!r}"


def test_no_transcript_line_is_one_only_the_test_engine_prints():
    for path in TRANSCRIPTS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        for machine_only in ("127.0.0.1:", "lab4test", "stand-in:", "bookworm", "PIP_BREAK_SYSTEM_PACKAGES", os.uname().release):
            assert machine_only not in text, f"{path.name} shows {machine_only!r}, which only the test engine prints"


def test_normalising_keeps_what_the_page_is_about_and_hides_what_varies():
    context = transcripts.Context(kernel="6.18.44-x", web_port="41234", app_folder="/work/x/app")
    output = ("\n==> Build it again: every step after FROM reports CACHED\n#0 building with \"default\"\n"
              "#5 [2/3] WORKDIR /app\n#6 [3/3] COPY a.py .\n#5 CACHED\n#6 DONE 0.1s\n#7 writing image sha256:" + "a" * 64 + "\n"
              "\n==> Two\n 0.0.0.0:41234->8000/tcp, :::41234->8000/tcp   Up 10 seconds\n6.18.44-x\n Container lab4-web-1  Started\n")
    text = transcripts.transcript("q2-layers", output, {"Engine": "26.1.5", "Compose": "2.26.1"}, context)
    steps = dict(transcripts.read(text))
    assert steps["Build it again: every step after FROM reports CACHED"] == [
        "[2/3] WORKDIR /app", "CACHED", "[3/3] COPY a.py .", "DONE", "… (BuildKit's other lines and timings left out)"]
    assert steps["Two"] == [" 0.0.0.0:8000->8000/tcp   Up <time>", "<kernel version>", "… (Compose progress lines left out)"]
    assert transcripts.highlighted("q2-layers", "Build it again: every step after FROM reports CACHED",
                                   steps["Build it again: every step after FROM reports CACHED"]) == [2]
    # a fast machine: docker ps says "Less than a second" where a slower one says "2 seconds"
    assert {transcripts.normalise_line(f"   Up {took}   lab4-a   41B", context)
            for took in ("Less than a second", "2 seconds", "About a minute")} == {"   Up <time>   lab4-a   <size>"}


def test_a_folded_transcript_is_out_of_the_layout_until_opened(site, reader):
    # Lighthouse's legible-font audit counts laid-out text; a closed transcript's small code
    # text made /compose/ fail it at phone width (best practices 96).
    v = reader(site.url + "compose/", width=412)
    page = v.page
    boxes = "d => d.querySelector('pre').getClientRects().length"
    transcript = page.locator("details.lab-transcript").first
    assert transcript.evaluate(boxes) == 0
    transcript.locator("summary").click()
    assert transcript.evaluate(boxes) > 0 and transcript.locator("pre").first.is_visible()
    assert v.console_errors == []


def test_the_sample_app_check_fails_when_up_built_nothing(monkeypatch):
    # The page says `up` builds the images it lacks; the check asserts the images exist after it.
    monkeypatch.setattr(try_checks, "image_exists", lambda name: name != "lab4-worker")
    with pytest.raises(try_run.CheckFailed, match="up did not build the missing image lab4-worker"):
        try_checks.images_built()
