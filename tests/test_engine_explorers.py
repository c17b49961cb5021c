"""The explorers' models against a real engine (the private one of tests/engine).

Copy-on-write: every action the explorer offers, on every file it offers, as the image's
user and as root, and sequences of 2–4 actions, each run as the very commands the explorer
prints, then `docker diff` (as a set of lines), each action's kind of outcome and each
container's state compared with lab.model.copy_on_write.Explorer. The build-cache explorer's
cases are in tests/test_engine_build_cache.py.
"""

from __future__ import annotations

import itertools
import random
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import docker
import pytest

from helpers import ROOT

from lab.model import build_context, container, copy_on_write, image as image_model
from tests.engine import builds, try_run

APP = ROOT / "docs" / "samples" / "app"
IMAGE = "lab4-web"  # the tag the page's explorer names, as q2-layers.sh builds it
WEB = image_model.image(IMAGE, (APP / "web.Dockerfile").read_text(encoding="utf-8"))
FILES = build_context.context_files(APP, "web.Dockerfile")
OFFERED = copy_on_write.offered_files(copy_on_write.cow_model(WEB, APP, FILES))
EXEC_ACTIONS = copy_on_write.EXEC_ACTIONS
LIFE_ACTIONS = ("stop", "start", "rm", "run")

# What the engine printed, as the explorer's kinds of outcome.
KINDS = [(r"No such container", container.NO_CONTAINER), (r"is not running", container.NOT_RUNNING),
         (r"is already in use", container.NAME_TAKEN), (r"Operation not permitted", container.NOT_PERMITTED),
         (r"Permission denied", container.DENIED), (r"No such file or directory", container.NO_FILE)]


def single_actions():
    for path, action, root in itertools.product(OFFERED, EXEC_ACTIONS, (False, True)):
        yield [("a", action, path, root)]
    for action in LIFE_ACTIONS:
        yield [("a", action, "", False)]


def sequences(count=24, seed=4):
    """The sequences the issue names, then `count` more drawn at random (seeded, so every run is the same)."""
    named = [
        [("a", "write", "/tmp/scratch.txt", False), ("a", "delete", "/tmp/scratch.txt", False)],  # create then delete
        [("a", "delete", "/app/web.py", True), ("a", "write", "/app/web.py", True)],  # delete then recreate
        [("a", "write", "/etc/issue", True), ("a", "write", "/etc/issue", True)],  # write twice
        [("a", "write", "/app/web.py", True), ("a", "stop", "", False), ("a", "start", "", False)],
        [("a", "delete", "/app/store.py", True), ("a", "stop", "", False), ("a", "start", "", False), ("a", "read", "/app/web.py", False)],
        [("a", "write", "/app/store.py", True), ("a", "stop", "", False), ("a", "start", "", False)],
        [("a", "delete", "/app/web.py", True), ("a", "stop", "", False), ("a", "start", "", False)],
        [("a", "write", "/tmp/scratch.txt", True), ("a", "delete", "/tmp/scratch.txt", False)],  # root's file in sticky /tmp
        [("a", "write", "/etc/issue", True), ("a", "rm", "", False), ("a", "run", "", False), ("a", "read", "/etc/issue", False)],
        [("b", "delete", "/etc/issue", True), ("a", "read", "/etc/issue", False), ("b", "read", "/etc/issue", False)],
        [("a", "rm", "", False), ("a", "rm", "", False), ("a", "stop", "", False), ("a", "run", "", False)],
        [("b", "stop", "", False), ("b", "write", "/tmp/scratch.txt", False), ("b", "start", "", False), ("b", "stop", "", False)],
        [("a", "chmod", "/etc/issue", True), ("a", "write", "/etc/issue", True)],  # a copy-up that changed nothing, then a change
        [("a", "chmod", "/app/web.py", True), ("a", "stop", "", False), ("a", "start", "", False)],
        [("b", "write", "/tmp/scratch.txt", False), ("b", "chmod", "/tmp/scratch.txt", False), ("b", "delete", "/tmp/scratch.txt", False)],
    ]
    draw = random.Random(seed)
    for _ in range(count):
        steps = []
        for _ in range(draw.randint(2, 4)):
            if draw.random() < 0.25:
                steps.append((draw.choice("ab"), draw.choice(LIFE_ACTIONS), "", False))
            else:
                steps.append((draw.choice("ab"), draw.choice(EXEC_ACTIONS), draw.choice(OFFERED), draw.random() < 0.5))
        named.append(steps)
    return named


class Engine:
    """Runs the explorer's commands on the engine and reads back what the explorer shows."""

    def __init__(self, env):
        self.env = env
        # Docker's API on the engine's socket (the docker SDK): what `docker diff` and `docker
        # inspect` print, without starting a CLI process for each of the thousand reads here.
        self.api = docker.APIClient(base_url=env["DOCKER_HOST"])
        self.starts = {}
        self.touched = set(copy_on_write.CONTAINERS)  # containers an action may have changed: made afresh

    def sh(self, command: str) -> subprocess.CompletedProcess:
        return subprocess.run(command, shell=True, env=self.env, capture_output=True, text=True, timeout=60)

    def fresh_pair(self) -> None:
        """Both containers as the explorer starts them: new ones for those the last sequence acted on."""
        for key in sorted(self.touched):
            name = copy_on_write.CONTAINERS[key]
            self.sh(f"docker rm -f {name}")
            assert self.sh(f"docker run -d --name {name} {IMAGE}").returncode == 0
            self.starts[key] = 1
        for key in self.touched:
            self.settle(key)
        self.touched = set()

    def settle(self, key: str) -> None:
        """After a run or start: wait until the process listens or has exited, so the state is final."""
        name = copy_on_write.CONTAINERS[key]
        for _ in range(200):
            if self.api.inspect_container(name)["State"]["Status"] == "exited":
                return
            if self.api.logs(name, stderr=False).count(b"web: listening") >= self.starts[key]:
                return
            time.sleep(0.05)
        raise AssertionError(f"{name} neither listened nor exited within 10 s")

    def act(self, key: str, action: str, path: str, root: bool) -> str:
        command = copy_on_write.Explorer.command(IMAGE, key, action, path, root)
        self.touched.add(key)
        was = self.state(key)
        result = self.sh(command)
        printed = result.stdout + result.stderr
        # A step failed when its exit status says so, whatever it printed: `docker rm -f` of a
        # missing container prints "No such container" and exits 0.
        if result.returncode == 0:
            kind = container.DONE
        else:
            kind = next((kind for pattern, kind in KINDS if re.search(pattern, printed)), None)
            assert kind is not None, f"{command} failed: {printed}"
        if kind == container.DONE and action in ("start", "run") and was != "running":  # a new process
            self.starts[key] = 1 if action == "run" else self.starts[key] + 1
            self.settle(key)
        return kind

    def state(self, key: str) -> str:
        try:
            state = self.api.inspect_container(copy_on_write.CONTAINERS[key])["State"]
        except docker.errors.NotFound:
            return "removed"
        return "running" if state["Status"] == "running" else f"exited {state['ExitCode']}"

    def upper(self, key: str) -> set[str] | None:
        """The paths in a running container's upper dir, found from its root mount (both stores
        mount the container's root as overlayfs); None when it is not running."""
        try:
            pid = self.api.inspect_container(copy_on_write.CONTAINERS[key])["State"]["Pid"]
        except docker.errors.NotFound:
            return None
        if not pid:
            return None
        root = next(line.split(" - ")[1] for line in Path(f"/proc/{pid}/mountinfo").read_text().splitlines()
                    if line.split()[4] == "/")
        upper = Path(re.search(r"upperdir=([^,\s]+)", root).group(1))
        return {"/" + str(path.relative_to(upper)) for path in upper.rglob("*")}

    def diff(self, key: str) -> set[str] | None:
        """`docker diff`'s lines: the API's changes, Kind 0 changed, 1 added, 2 deleted."""
        try:
            changes = self.api.diff(copy_on_write.CONTAINERS[key])
        except docker.errors.NotFound:
            return None
        return {f"{'CAD'[change['Kind']]} {change['Path']}" for change in changes or []}


def model_state(box: container.Container) -> str:
    return box.state if box.state != "exited" else f"exited {box.exit_code}"


@pytest.fixture(scope="module")
def cow_engine(engine):
    env = engine.client_env()
    build = subprocess.run(["docker", "build", "-q", "-t", IMAGE, "-f", "web.Dockerfile", "."], cwd=APP, env=env,
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    yield Engine(env)
    subprocess.run("docker rm -f lab4-a lab4-b", shell=True, env=env, capture_output=True)


def compare(cow_engine, steps) -> None:
    model = copy_on_write.Explorer(WEB, APP, FILES)
    cow_engine.fresh_pair()
    for number, (key, action, path, root) in enumerate(steps, start=1):
        command, kind, shown = model.act(key, action, path, root)
        where = f"step {number} of {steps}: {command}"
        assert cow_engine.act(key, action, path, root) == kind, f"{where}: the explorer says {kind!r} ({shown})"
        for other in "ab":
            expected = model.diff(other)
            assert cow_engine.diff(other) == (None if expected is None else set(expected)), f"{where}: docker diff {other}"
            assert cow_engine.state(other) == model_state(model.containers[other]), f"{where}: the state of {other}"
            upper = cow_engine.upper(other)
            if upper is not None:  # a running container's upper dir, as the explorer lists its writable layer
                assert upper == set(model.upper(other)), f"{where}: the upper dir of {other}"


@pytest.mark.parametrize("steps", list(single_actions()), ids=lambda s: " ".join(map(str, s[0])))
def test_each_offered_action_matches_the_engine(cow_engine, steps):
    compare(cow_engine, steps)


@pytest.mark.parametrize("steps", sequences(), ids=lambda s: "; ".join(" ".join(map(str, step)) for step in s))
def test_action_sequences_match_the_engine(cow_engine, steps):
    compare(cow_engine, steps)


# --- the build cache (the explorer's cases: tests/test_engine_build_cache.py) ------------

def built_steps(output: str) -> list[bool]:
    """CACHED or not for each step after FROM, in order (try_run's reading of --progress=plain)."""
    return [cached for _, _, cached in try_run.after_from(try_run.build_steps(output.splitlines()))]


# --- what keys a COPY, and what --no-cache rebuilds (Q2's prose) ---------------------------

def rebuild_after(engine, tmp_path, edit, *flags) -> list[bool]:
    """CACHED per step after FROM when web.Dockerfile is built again after `edit(folder)`."""
    env = engine.client_env()
    folder = tmp_path / "app"
    shutil.copytree(APP, folder)
    builds.build(env, folder, "web.Dockerfile", "lab4-keyed")
    edit(folder)
    return built_steps(builds.build(env, folder, "web.Dockerfile", "lab4-keyed", *flags))


CODE_STEP = 5  # of the five steps after FROM, the last: COPY store.py web.py ./


def test_touch_changes_nothing_but_a_mode_change_misses_the_copy(engine, tmp_path):
    import os
    assert all(rebuild_after(engine, tmp_path / "touch", lambda f: os.utime(f / "web.py", (0, 0))))
    after_chmod = rebuild_after(engine, tmp_path / "chmod", lambda f: os.chmod(f / "web.py", 0o755))
    assert after_chmod == [True] * (CODE_STEP - 1) + [False]


def test_no_cache_runs_every_run_and_copy_again(engine, tmp_path):
    # Measured on Engine 26.1.5 (BuildKit 0.13): WORKDIR still reports CACHED under --no-cache.
    assert rebuild_after(engine, tmp_path, lambda f: None, "--no-cache") == [True] + [False] * (CODE_STEP - 1)
