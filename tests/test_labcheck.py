"""labcheck without an engine: a fake `docker` on PATH answers as each kind of engine would.

What a student's engines differ in (Compose's two JSON shapes, containers without a health
check, a Docker that is missing, stopped, forbidden, slow or old), the exit codes and the one
message each, the read-only guard, and the pages that show the same table labcheck checks.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from helpers import ROOT, QUESTION_PAGES

APP = ROOT / "docs" / "samples" / "app"
sys.path.insert(0, str(APP))
sys.dont_write_bytecode = True
import labcheck  # noqa: E402
import labcheck_checks  # noqa: E402
import labcheck_engine  # noqa: E402
import labcheck_tasks  # noqa: E402

FAKE = textwrap.dedent("""\
    #!/usr/bin/env python3
    # A stand-in for `docker`: answers from a JSON list of (argument prefix, exit code, stdout, stderr).
    import json, os, sys, time
    args = sys.argv[1:]
    with open(os.environ["FAKE_DOCKER_LOG"], "a") as log:
        log.write(json.dumps(args) + "\\n")
    for prefix, code, out, err in json.load(open(os.environ["FAKE_DOCKER"])):
        if args[:len(prefix)] == prefix:
            if out == "SLEEP":
                time.sleep(5)
            sys.stdout.write(out)
            sys.stderr.write(err)
            sys.exit(code)
    sys.stderr.write("Error: No such object: " + args[-1] + "\\n")
    sys.exit(1)
""")

ENGINE_OK = [(["version"], 0, "28.5.2\n", ""), (["compose", "version"], 0, "2.40.3\n", "")]


@pytest.fixture
def fake_docker(tmp_path, monkeypatch):
    """Install a fake docker answering `rules`; returns the list of calls it received."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "docker").write_text(FAKE)
    (bin_dir / "docker").chmod(0o755)
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("FAKE_DOCKER_LOG", str(log))

    def install(rules):
        (tmp_path / "rules.json").write_text(json.dumps(rules))
        monkeypatch.setenv("FAKE_DOCKER", str(tmp_path / "rules.json"))
        return lambda: [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    return install


def run(*arguments):
    out, err = io.StringIO(), io.StringIO()
    code = labcheck.main(list(arguments), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def ps_line(service, state="running", health=""):
    return {"Name": f"lab4-{service}-1", "Service": service, "State": state, "Health": health, "Project": "lab4"}


PROJECT = [(["container", "ls"], 0, "lab4\tweb\nlab4\tworker\nlab4\tredis\nlab4\tworker\n", "")]


def compose_ps(entries, shape):
    text = json.dumps(entries) if shape == "array" else "".join(json.dumps(e) + "\n" for e in entries)
    return [(["compose", "--project-name", "lab4", "ps"], 0, text, "")]


# --- Compose's two JSON shapes ------------------------------------------------------------------

def test_compose_ps_is_read_in_both_shapes():
    entries = [ps_line("web", health="healthy"), ps_line("worker")]
    assert labcheck_engine.parse_compose_ps(json.dumps(entries)) == entries  # Compose 2.20 and before
    assert labcheck_engine.parse_compose_ps("\n".join(map(json.dumps, entries)) + "\n") == entries  # 2.21+
    assert labcheck_engine.parse_compose_ps("") == [] and labcheck_engine.parse_compose_ps("[]") == []


@pytest.mark.parametrize("shape", ["array", "lines"])
def test_the_stack_checks_read_either_shape_and_containers_without_a_health_check(fake_docker, shape):
    healthy = [ps_line("web", health="healthy"), ps_line("redis", health="healthy"), ps_line("worker"), ps_line("worker")]
    fake_docker(ENGINE_OK + PROJECT + compose_ps(healthy, shape))
    code, out, _ = run("q4")
    assert code == 0 and "labcheck: 2 of 2 tasks done" in out, out

    no_check = [ps_line("web"), ps_line("redis", health="healthy"), ps_line("worker")]  # web built without HEALTHCHECK
    fake_docker(ENGINE_OK + PROJECT + compose_ps(no_check, shape))
    code, out, _ = run("q4")
    assert code == 1
    assert "saw:  lab4's web: no health check" in out and labcheck_tasks.TASKS[7]["hints"]["not-healthy"] in out
    assert "saw:  lab4 runs 1 worker container(s)" in out


# --- Docker missing, stopped, forbidden, slow, old: one message, one exit code ---------------------

@pytest.mark.parametrize("stderr, code, message", [
    ("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n",
     4, "Docker is not running"),
    ("error during connect: Get \"http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.47/version\": open //./pipe/docker_engine: "
     "The system cannot find the file specified.\n", 4, "Docker is not running"),  # Docker Desktop on Windows, stopped
    ("permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock\n",
     5, "this user may not use it"),
    ("error during connect: Get \"https://10.0.0.9:2376/v1.45/version\": dial tcp: no route to host\n",
     5, "could not be reached"),
])
def test_a_docker_that_cannot_answer_gets_one_message_and_its_exit_code(fake_docker, stderr, code, message):
    fake_docker([(["version"], 1, "", stderr)])
    exit_code, out, err = run()
    assert exit_code == code and message in err and err.count("\n") == 1 and out == ""


def test_an_old_engine_or_compose_is_named(fake_docker):
    fake_docker([(["version"], 0, "23.0.6\n", "")])
    assert run("q1")[0] == 6 and "Docker Engine 23.0.6 is too old" in run("q1")[2]
    fake_docker([(["version"], 0, "24.0.7\n", ""), (["compose", "version"], 0, "v2.19.1\n", "")])
    code, _, err = run("q4")
    assert code == 6 and "Docker Compose 2.19.1 is too old" in err
    assert run("q1")[0] == 1, "Compose's version matters to q4's tasks only"


def test_no_docker_command_and_a_docker_that_hangs(fake_docker, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    code, _, err = run()
    assert code == 3 and "no `docker` command" in err
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    fake_docker([(["version"], 0, "SLEEP", "")])
    monkeypatch.setattr(labcheck_engine, "TIMEOUT", 1)
    code, _, err = run()
    assert code == 5 and "did not answer within 1 s" in err


def test_the_launcher_exits_with_the_same_codes_and_no_traceback(fake_docker):
    fake_docker([(["version"], 1, "", "Cannot connect to the Docker daemon. Is the docker daemon running?\n")])
    result = subprocess.run(["sh", str(APP / "labcheck")], capture_output=True, text=True)
    assert result.returncode == 4 and "Traceback" not in result.stderr and result.stdout == ""
    result = subprocess.run(["sh", str(APP / "labcheck"), "q5"], capture_output=True, text=True)
    assert result.returncode == 2 and "no question or task 'q5'" in result.stderr


@pytest.mark.parametrize("arguments", [["q5"], ["--frobnicate"], ["q1", "layers"]])
def test_bad_usage_exits_2_with_the_usage(arguments):
    code, out, err = run(*arguments)
    assert code == 2 and out == "" and "usage: labcheck" in err


# --- what it prints ------------------------------------------------------------------------------

def test_an_open_task_shows_what_was_seen_a_hint_and_the_section(fake_docker, tmp_path, monkeypatch):
    fake_docker(ENGINE_OK + [(["image", "ls"], 0, "latest\n", "")])
    site = tmp_path / "labcheck-site.txt"
    site.write_text("https://teacher.github.io/lab4/\n")
    monkeypatch.setattr(labcheck, "SITE_FILE", str(site))
    code, out, _ = run("q1-tag")
    assert code == 1
    assert out.splitlines()[:4] == [
        "[not yet]  q1-tag         Give an image a second name",
        "           saw:  lab4-base is tagged latest, not v1",
        f"           hint: {labcheck_tasks.TASKS[0]['hints']['wrong-tag']}",
        "           read: https://teacher.github.io/lab4/image-vs-container/#tags-and-digests"]
    assert re.fullmatch(r"labcheck: 0 of 1 tasks done · Docker Engine 28\.5\.2 · \d{4}-\d\d-\d\d", out.splitlines()[-1])


def test_a_kit_built_for_a_local_preview_links_by_path(tmp_path, monkeypatch):
    (tmp_path / "site.txt").write_text("http://127.0.0.1:8000/\n")
    monkeypatch.setattr(labcheck, "SITE_FILE", str(tmp_path / "site.txt"))
    assert labcheck.section_link(labcheck_tasks.TASKS[2]) == "/layers/#sample-images"


# --- read-only, and one table for the pages and the checks ----------------------------------------

def test_labcheck_refuses_any_docker_command_that_changes_something():
    docker = labcheck_engine.Docker()
    for command in (["run", "alpine"], ["container", "rm", "x"], ["image", "pull", "x"], ["compose", "up"],
                    ["compose", "--project-name", "lab4", "down"], ["volume", "create", "v"], ["tag", "a", "b"]):
        with pytest.raises(ValueError, match="labcheck only reads"):
            docker.run(*command)


def test_a_whole_run_asks_docker_only_read_only_questions(fake_docker):
    calls = fake_docker(ENGINE_OK + PROJECT + compose_ps([ps_line("web")], "lines"))
    assert run()[0] == 1
    asked = {("version",) if c[0] == "version" else ("compose", c[3]) if c[1] == "--project-name" else tuple(c[:2])
             for c in calls()}
    assert asked <= labcheck_engine.READ_ONLY and ("compose", "ps") in asked and ("image", "inspect") in asked


def test_every_task_has_a_check_and_every_hint_a_check_gives_exists():
    assert [t["id"] for t in labcheck_tasks.TASKS] == list(labcheck_checks.CHECKS)
    source = (APP / "labcheck_checks.py").read_text()
    given = set(re.findall(r'Open\("([a-z-]+)"', source))
    assert given <= {key for t in labcheck_tasks.TASKS for key in t["hints"]}
    for task in labcheck_tasks.TASKS:
        assert task["question"] in labcheck_tasks.PAGES and task["hints"] and task["do"] and task["done"]
    per_page = {q: sum(t["question"] == q for t in labcheck_tasks.TASKS) for q in labcheck_tasks.PAGES}
    assert all(2 <= n <= 4 for n in per_page.values()), per_page


@pytest.mark.parametrize("page", QUESTION_PAGES)
def test_each_question_page_shows_its_tasks_after_try_it(site, page):
    soup = site.soup(page)
    heading = soup.find(id="do-it-yourself")
    assert heading and heading.find_previous("h2", id="try-it"), "Do it yourself comes after Try it"
    question = next(q for q, path in labcheck_tasks.PAGES.items() if f"{path}/" == page)
    listed = heading.find_next("ol")
    for task in (t for t in labcheck_tasks.TASKS if t["question"] == question):
        item = next(li for li in listed.find_all("li", recursive=False) if task["id"] in li.get_text())
        assert task["title"] in item.get_text()
        assert item.find("a", href=f"#{task['section'][0]}"), task["id"]
    assert f"./labcheck {question}" in listed.find_next_sibling("p").get_text()


def test_the_worksheet_gathers_every_task_and_says_how_to_run_labcheck(site):
    soup = site.soup("worksheet/")
    section = soup.find(id="hands-on-tasks")
    assert section and section.find_next("pre").get_text().strip() == "./labcheck"
    text = soup.select_one("article").get_text(" ")
    for task in labcheck_tasks.TASKS:
        assert task["id"] in text and task["title"] in text


def test_the_printed_handout_lists_every_task_with_its_section(site):
    soup = site.soup("handout/")
    table = soup.find(id="hands-on-tasks").find_next("table")
    rows = table.select("tbody tr")
    assert [row.find("code").get_text() for row in rows] == [t["id"] for t in labcheck_tasks.TASKS]
    for row, task in zip(rows, labcheck_tasks.TASKS):
        page = labcheck_tasks.PAGES[task["question"]]
        assert row.find("a")["href"] == f"../{page}/#{task['section'][0]}", task["id"]


@pytest.mark.parametrize("src, question, cause", [
    ("layers.md", "q9", "no question 'q9' in the task table (there are q1, q2, q3, q4)"),
    ("layers.md", "q3", "the tasks of q3 belong on writable-layer.md"),
])
def test_a_bad_do_it_yourself_call_names_the_cause(src, question, cause):
    from lab.errors import SampleError
    from lab.pages import macros
    from lab.samples.files import Page

    with pytest.raises(SampleError) as error:
        macros.do_it_yourself(Page(ROOT / "docs", src, "layers/"), question)
    assert str(error.value) == cause


def test_do_it_yourself_takes_a_copy_of_its_page_in_a_folder():
    """The bench's 10x-content build puts a copy of compose.md at copy2/compose.md."""
    from lab.pages import macros
    from lab.samples.files import Page

    assert "labcheck q4" in macros.do_it_yourself(Page(ROOT / "docs", "copy2/compose.md", "copy2/compose/"), "q4")


DF = """Images space usage:

REPOSITORY   TAG   IMAGE ID       CREATED   SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS
lab4-web     v1    0123456789ab   1 min     150MB     140MB         10MB          0

Local Volumes space usage:

VOLUME NAME      LINKS     SIZE
lab4-notes-old   0         12kB
lab4-notes       1         {size}

Build cache usage: 0B

CACHE ID       CACHE TYPE   SIZE   CREATED   LAST USED   USAGE   SHARED
lab4-notes     regular      0B     1 min     1 min       1       true
"""


@pytest.mark.parametrize("size, hint", [("5B", None), ("0B", "not-in-volume")])
def test_the_volume_task_reads_the_volumes_size_from_system_df(fake_docker, size, hint):
    mounts = [{"Type": "volume", "Name": "lab4-notes", "Source": "/x", "Destination": "/data"}]
    fake_docker(ENGINE_OK + [(["volume", "ls"], 0, "lab4-notes\n", ""), (["container", "inspect", "--format", "{{json .}}", "lab4-reader"], 0, json.dumps({"Mounts": mounts}) + "\n", ""),
                             (["system", "df"], 0, DF.format(size=size), "")])
    code, out, _ = run("q3-volume")
    if hint is None:
        assert code == 0, out
    else:
        assert code == 1 and "saw:  the volume lab4-notes holds 0B" in out and labcheck_tasks.TASKS[6]["hints"][hint] in out
