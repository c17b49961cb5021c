"""Page weight: every request of a first load in Chromium, scrolled to the end, against the floor."""

from __future__ import annotations

from bench.budgets import Verdicts, weight_checks
from bench.formatting import kb
from browser import CHROMIUM_ARGS, find_chromium, visit


def page_weight(browser, url: str, site_url: str) -> dict:
    """Everything the page fetches, with the page scrolled to its end (lazy content loaded).

    Raw is the uncompressed body; transferred is what the server sent (Content-Length of the
    gzip-compressed body for text, as GitHub Pages sends it).
    """
    v = visit(browser, url)
    try:
        v.page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        seen = -1
        while seen != len(v.requests):  # until half a second passes without a new request
            seen = len(v.requests)
            v.page.wait_for_timeout(500)
        raw = transferred = 0
        for request in v.requests:
            if not request.startswith(site_url):
                continue
            response = v.page.context.request.get(request, headers={"Accept-Encoding": "gzip"})
            raw += len(response.body())
            transferred += int(response.headers["content-length"])
        return {"requests": len(v.requests), "raw": raw, "transferred": transferred,
                "third_party": len(v.foreign_requests(site_url)), "urls": v.requests}
    finally:
        v.page.context.close()


def weight_section(verdicts: Verdicts, pages: list[str], url: str, floor_url: str, results: dict) -> None:
    from playwright.sync_api import sync_playwright

    print(f"\nPage weight, first load in Chromium scrolled to the end (served gzip-compressed like GitHub "
          f"Pages). Floor: Material with this mkdocs.yml on a one-line page, built at {floor_url}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        floor = results["floor_weight"] = page_weight(browser, floor_url, floor_url)
        print(f"      floor: {kb(floor['raw'])} KB raw, {kb(floor['transferred'])} KB transferred, "
              f"{floor['requests']} requests")
        for page in pages:
            weight = results["pages"].setdefault(page, {})["weight"] = page_weight(browser, url + page, url)
            for check in weight_checks(page, weight, floor):
                verdicts.line(*check)
        browser.close()
