from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import CHROMIUM_ARGS, find_chromium, visit
from helpers import ROOT, missing_tool, mkdocs_build, serve
from tests.engine import stores
from tests.engine.dockerd import PrivateEngine, unavailable
from tests.engine.errors import EngineError


class BuiltSite:
    def __init__(self, directory: Path, url: str):
        self.directory = directory
        self.url = url

    def html(self, page: str) -> str:
        return (self.directory / page / "index.html").read_text(encoding="utf-8")

    def soup(self, page: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(page), "lxml")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    """The real site, built once with --strict and served on 127.0.0.1.

    The server is started before the build so site_url can name it: canonical
    links and the sitemap then point at the site itself, as on GitHub Pages.
    """
    directory = tmp_path_factory.mktemp("site")
    server, url = serve(directory)
    result = mkdocs_build(ROOT, directory, site_url=url)
    assert result.returncode == 0, result.stderr
    yield BuiltSite(directory, url)
    server.shutdown()


# --- browser -----------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        except Exception as error:  # no browser anywhere on this machine
            message = (f"No Chromium found: install Debian's `chromium` or run "
                       f"`python -m playwright install chromium` ({error.__class__.__name__})")
            missing_tool(message)
        yield browser
        browser.close()


@pytest.fixture
def reader(browser):
    """Opens pages as a reader would (see browser.visit); closes them after the test."""
    opened = []

    def _open(url, **options):
        v = visit(browser, url, **options)
        opened.append(v)
        return v

    yield _open
    for v in opened:
        v.page.context.close()


# --- a private Docker engine ------------------------------------------------------------

@pytest.fixture(scope="session")
def engine_host():
    """This machine can start a private engine; otherwise a skip (a failure under CI=true).

    LAB4_ENGINE_TESTS=elsewhere says another job runs them on a real engine (GitHub's
    `samples` job, whose runner is not root): then they are skipped, CI or not.
    """
    if os.environ.get("LAB4_ENGINE_TESTS") == "elsewhere":
        pytest.skip("the engine tests run elsewhere (LAB4_ENGINE_TESTS=elsewhere)")
    reason = unavailable()
    if reason:
        missing_tool(f"No private Docker engine for the engine tests: {reason}")


def image_stores() -> list[str]:
    try:
        return stores.selected()
    except EngineError as error:
        raise pytest.UsageError(str(error)) from None


@pytest.fixture(scope="session", params=image_stores())
def engine(request, engine_host):
    """A private dockerd with stand-in base images (tests/engine), started once per image store.

    Every test that uses it runs on each store LAB4_IMAGE_STORE selects (both when unset),
    grouped by store so that one engine stops before the next starts. It prints how long each
    part of its setup took and which images are stand-ins.
    """
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")

    def log(line: str) -> None:
        with capture.global_and_fixture_disabled():  # to the terminal, not into a test's captured output
            reporter.write_line(f"[engine] {line}")

    log(f"image store: {request.param}")
    started = time.monotonic()
    private = PrivateEngine(ROOT / ".cache" / "engine", log=log, store=request.param)
    try:
        private.__enter__()
    except EngineError as error:
        failure = str(error)  # failed outside the except block, so pytest prints the one message once
    else:
        failure = None
    if failure:
        pytest.fail(f"the private Docker engine: {failure}", pytrace=False)
    try:
        yield private
    finally:
        private.__exit__(None, None, None)
        # what each store adds to the run: the engine's setup, its tests and its teardown
        log(f"image store {request.param}: {time.monotonic() - started:.0f} s from start to stop")
