"""Opening site pages in Chromium while recording what a reader's browser does."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def find_chromium() -> str | None:
    """The system Chromium, or None to let Playwright use its own managed browser."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                      shutil.which("chromium"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@dataclass
class PageVisit:
    page: object
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def foreign_requests(self, site_url: str) -> list[str]:
        host = urlsplit(site_url).netloc
        return [u for u in self.requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                and urlsplit(u).netloc != host]


def visit(browser, url: str, *, color_scheme: str = "light", width: int = 1280, javascript: bool = True,
          context_options: dict | None = None) -> PageVisit:
    """Open `url` in a fresh context; every request and console error is recorded."""
    context = browser.new_context(color_scheme=color_scheme, viewport={"width": width, "height": 900},
                                  java_script_enabled=javascript, **(context_options or {}))
    page = context.new_page()
    record = PageVisit(page)
    page.on("request", lambda request: record.requests.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and record.console_errors.append(msg.text))
    page.on("pageerror", lambda error: record.console_errors.append(str(error)))
    page.goto(url, wait_until="networkidle")
    return record


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as it is now, each as "rule: [targets]"."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{item['id']}: {[n['target'] for n in item['nodes']]}" for item in results.response["violations"]]
