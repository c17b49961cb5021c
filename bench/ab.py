"""One change measured alone: the site as it is (A) against the site with a patch (B), interleaved.

On a shared machine load comes and goes; taking A and B in turn (A B B A, then again) makes a
busy spell hit both alike, so the difference between their medians is the change's own.
Each run is a calibrated Lighthouse mobile run (performance only), as `make bench` does
(--slowdown 4: Lighthouse's default mobile mode instead);
with --loads N, also N plain loads of each variant in Chromium (phone-sized, unthrottled),
taken in turn, each giving the main thread's own time for the load (Chromium's
Performance.getMetrics: tasks, script, style, layout): many cheap runs, a steadier median.

    .venv/bin/python bench/ab.py change.diff --pages layers/,demo/ [--runs 3] [--loads 20] [--floor]
    .venv/bin/python bench/ab.py --peer --pages layers/ --floor   (B: the peer, bench/peer.py)

With --floor, Material's floor (bench/run.py's one-line page) gets a Lighthouse run in each
round too, so A and B can be read against the budget's floor measured alongside them.

The patch is applied with `git apply` to a copy of the project; A is an unchanged copy.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run as bench  # noqa: E402
from bench.peer import make_peer  # noqa: E402


def order(round_number: int) -> tuple[str, str]:
    """A B in even rounds, B A in odd ones: neither variant always goes first."""
    return ("A", "B") if round_number % 2 == 0 else ("B", "A")


def measure(url: str, slowdown: float) -> dict:
    report = bench.run_lighthouse(url, f"--throttling.cpuSlowdownMultiplier={slowdown}", "--only-categories=performance")
    return bench.summarize(report)


METRICS = ("TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration")


def load_metrics(browser, url: str) -> dict[str, float]:
    """Milliseconds of main-thread work for one load of `url` in a fresh phone-sized context,
    until the network is idle (Chromium's Performance domain)."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(url, wait_until="networkidle")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    context.close()
    return {name: metrics[name] * 1000 for name in METRICS}


def browser_loads(urls: dict[str, str], pages: list[str], loads: int) -> dict[tuple[str, str], list[dict]]:
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_ARGS, find_chromium

    found: dict[tuple[str, str], list[dict]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        for n in range(loads):
            for page in pages:
                for variant in order(n):
                    found.setdefault((page, variant), []).append(load_metrics(browser, urls[variant] + page))
        browser.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("patch", type=Path, nargs="?", help="a diff against the project (git apply)")
    parser.add_argument("--peer", action="store_true", help="B is the peer instead: the site as it is without "
                        "its own scripts and styles (bench/peer.py)")
    parser.add_argument("--pages", default="layers/", help="comma-separated pages")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs of each variant per page")
    parser.add_argument("--loads", type=int, default=0, help="plain Chromium loads of each variant per page")
    parser.add_argument("--floor", action="store_true", help="also Material's floor page, once per round")
    parser.add_argument("--slowdown", type=float, help="this CPU multiplier (4: Lighthouse's default mobile mode) "
                        "instead of the calibrated one")
    args = parser.parse_args()
    if bool(args.patch) == args.peer:
        parser.error("give a patch or --peer")
    args.name = "peer" if args.peer else args.patch.name
    args.variant_b = "the peer" if args.peer else "patched"
    pages = args.pages.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        servers = []
        try:
            return compare(args, pages, tmp, servers)
        finally:
            for server in servers:
                server.shutdown()


def compare(args, pages: list[str], tmp: Path, servers: list) -> int:
    """Build A and B, serve them (the servers go into `servers`, for the caller to stop), measure."""
    urls = {}
    for variant in ("A", "B"):
        server, urls[variant] = bench.serve(tmp / f"site-{variant}", bench.GitHubPagesLikeHandler)
        servers.append(server)
        if variant == "B" and args.peer:
            shutil.copytree(tmp / "site-A", tmp / "site-B", dirs_exist_ok=True)
            make_peer(tmp / "site-B")
            continue
        project = bench.project_copy(tmp / f"project-{variant}")
        if variant == "B":
            subprocess.run(["git", "apply", str(args.patch.resolve())], cwd=project, check=True)
        bench.build_or_exit(project, tmp / f"site-{variant}", site_url=urls[variant])
    if args.floor:
        server, urls["floor"] = bench.serve(tmp / "site-floor", bench.GitHubPagesLikeHandler)
        servers.append(server)
        bench.build_or_exit(bench.floor_project(tmp / "project-floor", urls["floor"]), tmp / "site-floor", strict=False)
    if args.loads:
        found = browser_loads(urls, pages, args.loads)
        print(f"{args.name}: main-thread ms per load, median of {args.loads} loads each (A = as it is, B = {args.variant_b})")
        for page in pages:
            for variant in ("A", "B"):
                print(f"  /{page} {variant}: " + ", ".join(
                    f"{name[:-8]} {statistics.median(m[name] for m in found[(page, variant)]):.0f}" for name in METRICS),
                    flush=True)
    if not args.runs:
        return 0
    if args.slowdown:
        slowdown = args.slowdown
        print(f"{args.name}: cpuSlowdownMultiplier {slowdown} (given)", flush=True)
    else:
        _, index, multipliers = bench.calibrate(urls["A"], 3)
        slowdown = multipliers["mobile"]
        print(f"{args.name}: benchmarkIndex {index:.0f} -> cpuSlowdownMultiplier {slowdown}", flush=True)
    runs: dict[tuple[str, str], list[dict]] = {}
    for n in range(args.runs):
        rounds = [(page, variant) for page in pages for variant in order(n)] + ([("", "floor")] if args.floor else [])
        for page, variant in rounds:
            r = measure(urls[variant] + page, slowdown)
            runs.setdefault((page, variant), []).append(r)
            print(f"  /{page} {variant}: performance {r['scores']['performance']}, TBT {r['tbt_ms']:.0f} ms, "
                  f"index {r['benchmark_index']:.0f}, {bench.breakdown_line(r)}", flush=True)
    print(f"{args.name}: medians of {args.runs} runs each (A = as it is, B = {args.variant_b})")
    for page, variants in [(page, ("A", "B")) for page in pages] + ([("", ("floor",))] if args.floor else []):
        for variant in variants:
            rs = runs[(page, variant)]
            med = lambda f: statistics.median(f(r) for r in rs)  # noqa: E731
            print(f"  /{page} {variant}: performance {med(lambda r: r['scores']['performance']):.0f} "
                  f"(runs {bench.listed([r['scores']['performance'] for r in rs])}), TBT {med(lambda r: r['tbt_ms']):.0f} ms, "
                  f"main thread {med(lambda r: sum(r['main_thread'].values())):.0f} ms, "
                  f"index {bench.spread([r['benchmark_index'] for r in rs])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
