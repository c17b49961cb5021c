"""`make bench`: Lighthouse, page weight and build time, each printed with its budget verdict.

Run by hand (not a test): it takes a few minutes. Figures go to bench/out/results.json;
copy the summary into bench/RESULTS.md when the numbers move. Exit status 1 if a budget fails.

    .venv/bin/python bench/run.py [--pages layers/,compose/] [--runs 5] [--skip-lighthouse]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM_ARGS, find_chromium, visit  # noqa: E402
from helpers import PAGES, PagesLikeHandler, mkdocs_build, serve  # noqa: E402

BUDGET = {
    "lighthouse_100": ("accessibility", "best-practices", "seo"),
    "performance_mobile": 95,
    "page_raw_kb": 350,
    "third_party_requests": 0,
    "macros_ratio": 1.5,
    "scale_10x_ratio": 12,
}
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
OUT = ROOT / "bench" / "out"
TEXT_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".yaml", ".py", ".sh")


class GitHubPagesLikeHandler(PagesLikeHandler):
    """What GitHub Pages does that matters for speed: gzip for text, and a 10-minute cache."""

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.is_file() and path.suffix in TEXT_TYPES and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --- Lighthouse ------------------------------------------------------------------------------

def lighthouse(url: str, preset: str, runs: int = 3) -> dict:
    """The median run (by performance score) of `runs`: one run alone varies by 15 points here."""
    reports = sorted((lighthouse_once(url, preset) for _ in range(runs)), key=lambda r: r["scores"]["performance"])
    return reports[len(reports) // 2]


def lighthouse_once(url: str, preset: str) -> dict:
    chrome = find_chromium()
    env = dict(os.environ, **({"CHROME_PATH": chrome} if chrome else {}))
    flags = "--headless=new " + " ".join(CHROMIUM_ARGS)
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout", f"--chrome-flags={flags}"]
    if preset == "desktop":
        command.append("--preset=desktop")
    report = json.loads(subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=300).stdout)
    audits = report["audits"]
    return {
        "scores": {k: round(v["score"] * 100) for k, v in report["categories"].items()},
        "bytes": audits["total-byte-weight"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "failing": sorted(k for k, v in audits.items() if v.get("score") is not None and v["score"] < 0.9
                          and v.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")),
    }


# --- page weight ---------------------------------------------------------------------------

def page_weight(browser, url: str, site_url: str) -> dict:
    v = visit(browser, url)
    sizes = []
    try:
        for request in v.requests:
            if not request.startswith(site_url):
                continue
            body = v.page.context.request.get(request).body()
            sizes.append((len(body), len(gzip.compress(body))))
        return {"requests": len(v.requests), "raw": sum(r for r, _ in sizes), "gzip": sum(g for _, g in sizes),
                "third_party": len(v.foreign_requests(site_url))}
    finally:
        v.page.context.close()


# --- build time ----------------------------------------------------------------------------

def project_copy(target: Path) -> Path:
    for part in ("docs", "labmacros", "includes", "overrides"):
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def timed_builds(project: Path, runs: int) -> float:
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            start = time.perf_counter()
            result = mkdocs_build(project, Path(out) / "site")
            times.append(time.perf_counter() - start)
            if result.returncode:
                raise SystemExit(f"build failed in {project}:\n{result.stderr[-2000:]}")
    return statistics.median(times)


def without_macros(project: Path) -> None:
    """The same pages, built with the macros plugin removed from mkdocs.yml."""
    config = project / "mkdocs.yml"
    text = re.sub(r"\n  - macros:\n(?:      .*\n|\s*#.*\n)+", "\n", config.read_text())
    assert "macros" not in text.split("plugins:")[1].split("\n\n")[0], "macros plugin still configured"
    config.write_text(text)


def replicate(project: Path, copies: int) -> None:
    """The pages and samples `copies` times over: docs/copyN/*.md using docs/samples/appN/."""
    docs = project / "docs"
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"\nnav:\n(?:  - .*\n)+", "\n", config.read_text()))  # all pages in the nav
    for n in range(2, copies + 1):
        shutil.copytree(docs / "samples" / "app", docs / "samples" / f"app{n}")
        (docs / f"copy{n}").mkdir()
        for page in docs.glob("*.md"):  # relative links between pages stay inside the copy
            (docs / f"copy{n}" / page.name).write_text(page.read_text().replace('"app/', f'"app{n}/'))


def build_figures(runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        full = timed_builds(project_copy(tmp / "full"), runs)
        plain_project = project_copy(tmp / "plain")
        without_macros(plain_project)
        plain = timed_builds(plain_project, runs)
        one = project_copy(tmp / "one")
        replicate(one, 1)
        ten = project_copy(tmp / "ten")
        replicate(ten, 10)
        one_time, ten_time = timed_builds(one, max(3, runs // 2)), timed_builds(ten, max(3, runs // 2))
    return {"with_macros_s": full, "without_macros_s": plain, "macros_ratio": full / plain,
            "scale_1x_s": one_time, "scale_10x_s": ten_time, "scale_ratio": ten_time / one_time}


# --- report ----------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated pages (default: the URL contract)")
    parser.add_argument("--runs", type=int, default=5, help="builds per build-time figure (median)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page and preset (median)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    args = parser.parse_args()
    pages = args.pages.split(",") if args.pages else PAGES
    results = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
               f"Python {platform.python_version()}", "pages": {}}
    failures = 0

    def line(name: str, figure: str, budget: str, ok: bool):
        nonlocal failures
        failures += not ok
        print(f"{verdict(ok)}  {name:<44} {figure:>22}   budget {budget}")

    with tempfile.TemporaryDirectory() as tmp:
        server, url = serve(Path(tmp), GitHubPagesLikeHandler)
        result = mkdocs_build(ROOT, Path(tmp), site_url=url)
        if result.returncode:
            raise SystemExit(result.stderr)
        from playwright.sync_api import sync_playwright

        print(f"\nPage weight, first load in Chromium (site served gzip-compressed like GitHub Pages at {url})")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            for page in pages:
                weight = page_weight(browser, url + page, url)
                results["pages"].setdefault(page, {})["weight"] = weight
                line(f"/{page} raw ({weight['requests']} requests)", f"{weight['raw'] / 1024:.0f} KB "
                     f"({weight['gzip'] / 1024:.0f} KB gzip)", f"<= {BUDGET['page_raw_kb']} KB",
                     weight["raw"] <= BUDGET["page_raw_kb"] * 1024)
                line(f"/{page} third-party requests", str(weight["third_party"]), "0", weight["third_party"] == 0)
            browser.close()

        if not args.skip_lighthouse:
            print(f"\nLighthouse 12, median of {args.lighthouse_runs} runs "
                  "(scores: performance / accessibility / best practices / SEO)")
            for page in pages:
                for preset in ("mobile", "desktop"):
                    report = lighthouse(url + page, preset, args.lighthouse_runs)
                    results["pages"][page][f"lighthouse_{preset}"] = report
                    s = report["scores"]
                    figure = f"{s['performance']}/{s['accessibility']}/{s['best-practices']}/{s['seo']}"
                    print(f"      /{page} {preset}: {figure}  LCP {report['lcp_ms']:.0f} ms, TBT {report['tbt_ms']:.0f} ms, "
                          f"CLS {report['cls']:.3f}, {report['bytes'] / 1024:.0f} KB transferred"
                          + (f"  (below 0.9: {', '.join(report['failing'])})" if report["failing"] else ""))
                    ok100 = all(s[c] == 100 for c in BUDGET["lighthouse_100"])
                    line(f"/{page} {preset} a11y, best practices, SEO", "/".join(str(s[c]) for c in BUDGET["lighthouse_100"]),
                         "100 each", ok100)
                    if preset == "mobile":
                        line(f"/{page} mobile performance", str(s["performance"]), f">= {BUDGET['performance_mobile']}",
                             s["performance"] >= BUDGET["performance_mobile"])
        server.shutdown()

    print(f"\nBuild time (median of {args.runs} runs of `mkdocs build --strict`)")
    build = build_figures(args.runs)
    results["build"] = build
    line("with macros / without", f"{build['with_macros_s']:.2f} s / {build['without_macros_s']:.2f} s",
         "", True)
    line("macros overhead ratio", f"{build['macros_ratio']:.2f}x", f"<= {BUDGET['macros_ratio']}x",
         build["macros_ratio"] <= BUDGET["macros_ratio"])
    line("10x content / 1x", f"{build['scale_10x_s']:.2f} s / {build['scale_1x_s']:.2f} s = {build['scale_ratio']:.1f}x",
         f"<= {BUDGET['scale_10x_ratio']}x", build["scale_ratio"] <= BUDGET["scale_10x_ratio"])

    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    print(f"\n{'all budgets pass' if not failures else f'{failures} budget(s) FAIL'}; figures in {OUT / 'results.json'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
