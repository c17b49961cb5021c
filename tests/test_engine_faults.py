"""The private engine's faults: one clear message each, and nothing left behind."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from tests.engine import dockerd, standins, try_checks, try_run
from tests.engine.dockerd import BRIDGE, PrivateEngine
from tests.engine.errors import EngineError

needs_engine = pytest.mark.usefixtures("engine_host")  # root, dockerd, mmdebstrap: else skipped (failed under CI)


def nothing_left(engine: PrivateEngine, before: set[str]) -> None:
    assert not list(engine.cache.glob("data-*")), "a data root is left"
    assert not engine.run_dir.exists(), "its run folder (socket, configs, logs) is left"
    assert all(process.poll() is not None for _, process in engine.processes) and not engine.processes
    processes = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(engine.run_dir) not in processes, "a process it started still runs"
    if f"{BRIDGE}:" not in before:
        assert subprocess.run(["ip", "link", "show", BRIDGE], capture_output=True).returncode != 0, "the bridge is left"


def bridges() -> set[str]:
    return set(subprocess.run(["ip", "-o", "link"], capture_output=True, text=True).stdout.split())


def test_a_taken_registry_port_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(standins, "tarball", lambda standin, cache, log: cache / "unused.tar")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(EngineError, match=f"the registry's port 127.0.0.1:{port} is taken by another program"):
            with PrivateEngine(tmp_path, log=lambda line: None, registry_port=port):
                pass


@needs_engine
def test_a_stand_in_that_fails_to_build_says_why_and_leaves_no_half_tarball(tmp_path, monkeypatch):
    monkeypatch.setattr(standins, "debian_mirror", lambda: "http://127.0.0.1:9/debian")  # nothing listens there
    with pytest.raises(EngineError, match=r"the stand-in python:3\.12-slim failed to build \(mmdebstrap exited \d+\):\n"):
        standins.tarball(standins.PYTHON, tmp_path, log=lambda line: None)
    assert list(tmp_path.iterdir()) == []


@needs_engine
def test_a_dockerd_that_does_not_start_shows_its_last_log_lines(tmp_path, monkeypatch):
    broken = tmp_path / "dockerd"
    broken.write_text("#!/bin/sh\necho 'failed to start daemon: a reason only its log gives'\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setattr(dockerd, "DOCKERD", str(broken))
    monkeypatch.setattr(standins, "tarball", lambda standin, cache, log: cache / "unused.tar")
    before = bridges()
    engine = PrivateEngine(tmp_path / "cache", log=lambda line: None)
    with pytest.raises(EngineError) as failure:
        with engine:
            pass
    assert "dockerd exited with 1 while starting; its last log lines:" in str(failure.value)
    assert "a reason only its log gives" in str(failure.value)
    nothing_left(engine, before)


def test_a_check_that_fails_midway_leaves_nothing_and_the_next_run_passes(engine, monkeypatch):
    from test_engine_try import use_engine

    use_engine(engine, monkeypatch, "debian")

    def fails_after_the_script_ran(output):
        raise try_run.CheckFailed("a promise that did not hold")

    with monkeypatch.context() as broken:
        broken.setitem(try_checks.CHECKS, "q4-compose", fails_after_the_script_ran)
        with pytest.raises(try_run.CheckFailed, match="a promise that did not hold"):
            try_checks.run_check("q4-compose")
    assert try_run.left_behind() == []
    try_checks.run_check("q4-compose")
    assert try_run.left_behind() == []


def test_the_image_stores_to_run_on():
    from tests.engine import stores
    assert stores.selected({}) == ["overlay2", "containerd"]
    assert stores.selected({"LAB4_IMAGE_STORE": "containerd"}) == ["containerd"]
    assert stores.selected({"LAB4_IMAGE_STORE": "containerd,overlay2"}) == ["overlay2", "containerd"]  # one order: overlay2 first
    with pytest.raises(EngineError, match="LAB4_IMAGE_STORE='zfs': zfs is not an image store"):
        stores.selected({"LAB4_IMAGE_STORE": "zfs"})
    with pytest.raises(EngineError, match="unknown image store 'zfs'"):
        PrivateEngine(Path("/nonexistent"), store="zfs")
