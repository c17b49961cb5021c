"""The predict-the-output self-checks of the question pages, answered by the engine.

Each test runs what the question describes on the private engine and asserts the answer
the page gives (tests/test_site.py keeps the answers' wording).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from test_engine_explorers import APP, built_steps
from test_engine_try import use_engine


def sh(command: str, cwd=APP) -> subprocess.CompletedProcess:
    return subprocess.run(command, shell=True, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_q2_code_copied_above_the_requirements_reruns_the_install(engine, monkeypatch, tmp_path):
    """Q2: `COPY store.py web.py ./` moved above `COPY requirements.txt .`, then a one-line edit."""
    use_engine(engine, monkeypatch)
    folder = tmp_path / "app"
    shutil.copytree(APP, folder)
    lines = (folder / "web.Dockerfile").read_text().splitlines(keepends=True)
    code = next(line for line in lines if line.startswith("COPY store.py web.py"))
    lines.remove(code)
    lines.insert(next(n for n, line in enumerate(lines) if line.startswith("COPY requirements.txt")), code)
    (folder / "moved.Dockerfile").write_text("".join(lines))
    build = "docker build --progress=plain -t lab4-moved -f moved.Dockerfile ."
    assert sh(build, folder).returncode == 0
    with (folder / "web.py").open("a") as web:
        web.write("\n# one line more\n")
    second = sh(build, folder)
    sh("docker image rm lab4-moved")
    assert second.returncode == 0, second.stderr[-2000:]
    # WORKDIR and the user's RUN cached; the moved COPY, COPY requirements.txt and pip install run again
    assert built_steps(second.stderr) == [True, True, False, False, False]


@pytest.fixture
def app_up(engine, monkeypatch):
    use_engine(engine, monkeypatch)
    up = sh("docker compose up -d --wait")
    assert up.returncode == 0, up.stderr[-2000:]
    yield
    sh("docker compose down -v")


def test_q3_scratch_file_survives_compose_stop_and_start_not_down_and_up(app_up):
    assert sh("docker compose exec web sh -c 'echo scratch > /tmp/scratch.txt'").returncode == 0
    assert sh("docker compose stop").returncode == 0 and sh("docker compose start").returncode == 0
    sh("docker compose up -d --wait")  # start returns before the health checks pass
    assert sh("docker compose exec web cat /tmp/scratch.txt").stdout.strip() == "scratch"
    assert sh("docker compose down").returncode == 0 and sh("docker compose up -d --wait").returncode == 0
    gone = sh("docker compose exec web cat /tmp/scratch.txt")
    assert gone.returncode != 0 and "No such file or directory" in gone.stdout + gone.stderr


def test_q4_localhost_inside_the_web_container_is_not_redis(app_up):
    probe = "python -c 'import store; print(store.connect().ping())'"
    assert sh(f"docker compose exec web {probe}").stdout.strip() == "True"
    local = sh(f"docker compose exec -e REDIS_HOST=localhost web {probe}")
    assert local.returncode != 0 and "ConnectionError" in local.stderr and "localhost:6379" in local.stderr


def self_check_answer(page: str, *words: str) -> str:
    """The answer of the page's first self-check question whose title has all `words`."""
    text = (APP.parents[2] / "docs" / page).read_text(encoding="utf-8")
    for block in text.split('??? question "')[1:]:
        title, answer = block.split("\n", 1)
        if all(word in title for word in words):
            return answer.split("\n## ", 1)[0]
    raise AssertionError(f"{page} has no self-check question with {words}")


def test_q3_mount_points_the_image_lacks_are_in_docker_diff_their_files_are_not(engine, monkeypatch):
    """Q3: a volume and a tmpfs at paths the image lacks, a file written into each, a line to stdout."""
    use_engine(engine, monkeypatch)
    answer = self_check_answer("writable-layer.md", "tmpfs", "docker diff")
    said = set(re.findall(r"`([ACD] /[^`]*)`", answer))
    sh("docker rm -f lab4-mounts; docker volume rm lab4-mounts")
    run = sh("docker run --name lab4-mounts -v lab4-mounts:/data --tmpfs /scratch python:3.12-slim "
             "sh -c 'test ! -e /data/f && echo x > /data/f && echo y > /scratch/f && echo printed'")
    try:
        assert run.returncode == 0 and run.stdout.strip() == "printed", run.stderr
        shown = set(sh("docker diff lab4-mounts").stdout.splitlines())
    finally:
        sh("docker rm -f lab4-mounts; docker volume rm lab4-mounts")
    assert shown == {"A /data", "A /scratch"}
    assert said == shown, f"the page's answer lists {sorted(said)}, docker diff printed {sorted(shown)}"
