"""`make bench`: Lighthouse in two modes, page weight and build time, each printed with its budget verdict.

Run by hand (not a test): about 90 Lighthouse runs for 9 pages, 30 to 50 minutes (CONTRIBUTING.md).
Figures go to bench/out/results.json, and as tables for bench/RESULTS.md to
bench/out/results.md; Lighthouse CI's reports to bench/out/lhci/<mode>/. Exit status 1 if a
budget fails, 2 if every budget passes but the machine's speed moved during the run (noisy),
so the figures do not stand for Lighthouse's reference phone.

    .venv/bin/python bench/run.py [--pages layers/,compose/] [--lighthouse-runs 3] [--floor-every 3] [--skip-lighthouse]

The parts live beside this file: calibration, lighthouse (one run and its report), lhci (Lighthouse
CI), page_speed (both modes against the floor), weight, build_time, projects (the floor's and the
baseline's project copies), serving, budgets, report.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The bench's modules are the package `bench`; it shares the tests' helpers (tests/helpers.py, browser.py).
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench.budgets import Verdicts, final_verdict, repeatability  # noqa: E402
from bench.build_time import build_section  # noqa: E402
from bench.page_speed import lighthouse_section  # noqa: E402
from bench.projects import build_or_exit, floor_project  # noqa: E402
from bench.report import results_markdown  # noqa: E402
from bench.serving import GitHubPagesLikeHandler, sitemap_pages  # noqa: E402
from bench.weight import weight_section  # noqa: E402
from helpers import PAGES, serve  # noqa: E402

# What bench/ab.py uses from this module, kept importable here.
from bench.calibration import calibrate  # noqa: E402, F401
from bench.formatting import listed, spread  # noqa: E402, F401
from bench.lighthouse import breakdown_line, run_lighthouse, summarize  # noqa: E402, F401
from bench.projects import project_copy  # noqa: E402, F401

OUT = ROOT / "bench" / "out"
# Issue 26: each page's medians come from at least 3 runs in each mode.
FULL_LIGHTHOUSE_RUNS = 3


def reduced(args) -> str:
    """Why a run is only a check that the bench works (its figures are not to be recorded), or ""."""
    reasons = (["--pages"] if args.pages else []) + \
        ([f"--lighthouse-runs {args.lighthouse_runs}"] if args.lighthouse_runs < FULL_LIGHTHOUSE_RUNS else []) + \
        [flag for flag, on in (("--skip-lighthouse", args.skip_lighthouse), ("--skip-build", args.skip_build)) if on]
    return ", ".join(reasons)


def main() -> int:
    started = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated pages (default: every page in the site's sitemap)")
    parser.add_argument("--runs", type=int, default=5, help="builds per build-time figure (median)")
    parser.add_argument("--lighthouse-runs", type=int, default=FULL_LIGHTHOUSE_RUNS,
                        help="rounds: runs per page in each mobile mode (median; fewer than 3 is a reduced run)")
    parser.add_argument("--floor-every", type=int, default=3,
                        help="the floor runs again after this many pages in each round (1: floor, page, floor, page...)")
    parser.add_argument("--desktop-runs", type=int, default=1, help="desktop Lighthouse runs per page (0: none)")
    parser.add_argument("--calibration-runs", type=int, default=3,
                        help="short Lighthouse runs for the benchmark index, at the start and at the end")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-build", action="store_true", help="leave out the build-time figures")
    args = parser.parse_args()
    results = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
               f"Python {platform.python_version()}", "pages": {}, "reduced": reduced(args)}
    verdicts = Verdicts()
    noisy = False

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        server, url = serve(tmp / "site", GitHubPagesLikeHandler)
        floor_server, floor_url = serve(tmp / "floor", GitHubPagesLikeHandler)
        build_or_exit(ROOT, tmp / "site", site_url=url)
        build_or_exit(floor_project(tmp / "floor-project", floor_url), tmp / "floor", strict=False)
        pages = args.pages.split(",") if args.pages else sitemap_pages((tmp / "site" / "sitemap.xml").read_text(), url)
        missing = sorted(set(PAGES) - set(pages)) if not args.pages else []
        if missing:
            raise SystemExit(f"pages of the URL contract (tests/helpers.py PAGES) missing from the sitemap: {missing}")
        weight_section(verdicts, pages, url, floor_url, results)
        if not args.skip_lighthouse:
            noisy = lighthouse_section(verdicts, pages, url, floor_url, args, results, OUT)
        server.shutdown()
        floor_server.shutdown()
    if not args.skip_build:
        build_section(verdicts, args.runs, results)

    results["elapsed_s"] = time.perf_counter() - started
    OUT.mkdir(parents=True, exist_ok=True)
    if (OUT / "results.json").exists():
        previous = json.loads((OUT / "results.json").read_text())
        rows = repeatability(previous, results)
        if rows:
            print(f"\nMedian performance against the previous run ({previous['date']}, kept in results-previous.json)")
            for page, mode, a, b, ok in rows:
                print(f"{'same' if ok else 'MOVED':<6}/{page} {mode}: {a:g} then {b:g}")
        (OUT / "results.json").replace(OUT / "results-previous.json")
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    (OUT / "results.md").write_text(results_markdown(results))
    message, status = final_verdict(verdicts.failures, noisy)
    if results["reduced"]:
        message += f" (REDUCED run: {results['reduced']}; a check that the bench works, not figures to record)"
    print(f"\n{message}; took {results['elapsed_s'] / 60:.1f} min; figures in {OUT / 'results.json'}, "
          f"tables for RESULTS.md in {OUT / 'results.md'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
