"""`make bench`: Lighthouse, page weight and build time, each printed with its budget verdict.

Run by hand (not a test): it takes one and a half to three minutes per page (README). Figures go to
bench/out/results.json, and as tables for bench/RESULTS.md to bench/out/results.md. Exit
status 1 if a budget fails, 2 if every budget passes but the machine's speed moved during
the run (noisy), so the figures do not stand for Lighthouse's reference phone.

    .venv/bin/python bench/run.py [--pages layers/,compose/] [--lighthouse-runs 3] [--skip-lighthouse]
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
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM_ARGS, find_chromium, visit  # noqa: E402
from helpers import PAGES, PagesLikeHandler, copy_of_project, mkdocs_build, serve  # noqa: E402

BUDGET = {
    "lighthouse_100": ("accessibility", "best-practices", "seo"),
    # Mobile, against Material's floor measured in the same run under the same throttling:
    # what a page adds to what Material alone costs, which is what this project controls.
    "performance_below_floor": 3,
    "tbt_over_floor_ms": 100,
    "over_floor_raw_kb": 100,
    "transferred_kb": 120,
    "third_party_requests": 0,
    "own_code_share": 0.40,  # of one profiled build: macros, hooks, the zip
    "serve_edit_s": 1.5,  # a sample edited to the page served by `mkdocs serve` showing it
    "scale_10x_ratio": 12,
}
# Beyond this relative change of the benchmark index from the start (at the end of the
# Lighthouse runs, or in a page's runs), the multiplier chosen at the start no longer
# describes the machine.
NOISY_INDEX_CHANGE = 0.20
# Two runs on the same machine should give each page's mobile performance within this.
REPEATABLE_POINTS = 5
# Lighthouse's defaults: mobile emulates its reference phone with 4x, desktop with 1x, on the
# same host; a calibrated desktop run keeps that ratio.
DEFAULT_SLOWDOWN = {"mobile": 4, "desktop": 1}
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
OUT = ROOT / "bench" / "out"
TRACES = OUT / "traces"  # each page's first mobile run: Lighthouse's report and its trace
TEXT_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".yaml", ".py", ".sh")
FLOOR_PAGE = "Material for MkDocs with this site's settings, and one line of text.\n"


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


# --- CPU calibration -----------------------------------------------------------------------

def cpu_slowdown(benchmark_index: float) -> float:
    """The cpuSlowdownMultiplier that makes this host stand for Lighthouse's reference phone.

    The method of "Calibrating the CPU slowdown" in Lighthouse's throttling guide
    (https://github.com/GoogleChrome/lighthouse/blob/main/docs/throttling.md#calibrating-the-cpu-slowdown):
    compute the multiplier from the report's benchmarkIndex with the CPU slowdown calculator
    it links (https://lighthouse-cpu-throttling-calculator.vercel.app/, source:
    github.com/patrickhulce/lighthouse-cpu-throttling-calculator, pages/index.js). Its figures:
    index 150 -> 1x, 800 -> 2x, 1300 -> 3x, then one more x per 233 points (1533 -> 4x, the
    default, the guide's "typical high-end desktop"), straight lines between; below 150 the host
    is too slow to emulate the reference at all. Rounded to 0.1 as the calculator shows it.
    """
    if benchmark_index < 150:
        raise ValueError(f"benchmarkIndex {benchmark_index:.0f} is below 150: this machine is too slow "
                         "to emulate Lighthouse's reference phone (throttling guide, calculator)")
    if benchmark_index < 800:
        multiplier = 1 + (benchmark_index - 150) / 650
    elif benchmark_index < 1300:
        multiplier = 2 + (benchmark_index - 800) / 500
    else:
        multiplier = 3 + (benchmark_index - 1300) / 233
    return round(multiplier, 1)


# The throttling guide's own table ("Benchmarking CPU Power" and "Calibrating the CPU slowdown"):
# the benchmarkIndex range of each host class, and the multiplier (with its possible range) that
# makes that host stand for a mid-tier mobile phone, Lighthouse's reference.
GUIDE_TABLE = [("high-end desktop", 1500, 2000, 4, (2, 10)), ("low-end desktop", 1000, 1500, 2, (1, 5)),
               ("high-end mobile", 800, 1200, 2, (1, 5)), ("mid-tier mobile", 125, 800, 1, (1, 1))]


def guide_check(benchmark_index: float, multiplier: float) -> str:
    """Where the index and the calculator's multiplier stand in the guide's table, in words."""
    rows = [row for row in GUIDE_TABLE if row[1] <= benchmark_index <= row[2]]
    if not rows:
        top = max(row[2] for row in GUIDE_TABLE)
        return (f"index {benchmark_index:.0f} lies outside the guide's table (its highest class, high-end desktop, "
                f"ends at {top}): the calculator's {multiplier}x is extrapolated" if benchmark_index > top else
                f"index {benchmark_index:.0f} is below the guide's mid-tier mobile range: no slowdown applies")
    name, _, _, suggested, (low, high) = rows[0]
    inside = low <= multiplier <= high
    return (f"index {benchmark_index:.0f} is a {name} in the guide's table (suggested {suggested}x, range {low}-{high}x): "
            f"the calculator's {multiplier}x is " + ("within it" if inside else "OUTSIDE it"))


def index_change(before: float, after: float) -> float:
    """How far the machine's speed moved during the runs, relative to the start."""
    return abs(after - before) / before


def is_noisy(before: float, after: float) -> bool:
    return index_change(before, after) > NOISY_INDEX_CHANGE


def strayed_pages(start: float, page_indexes: dict[str, list[float]]) -> list[str]:
    """Pages whose own runs (median of their benchmarkIndex) ran on a machine more than 20 %
    faster or slower than the one the multiplier was set for: a busy spell between two calm
    ends of the run would otherwise pass unnoticed."""
    return [page for page, indexes in page_indexes.items() if is_noisy(start, statistics.median(indexes))]


# --- Lighthouse ------------------------------------------------------------------------------

def run_lighthouse(url: str, *flags: str, save_as: Path | None = None) -> dict:
    """One Lighthouse run in the system Chromium; its report (LHR) as a dict. With `save_as`,
    the report and the run's trace are kept there (SAVE_AS.report.json, SAVE_AS.report-0.trace.json:
    open the trace in Chromium's DevTools, Performance panel)."""
    chrome = find_chromium()
    env = dict(os.environ, **({"CHROME_PATH": chrome} if chrome else {}))
    chrome_flags = "--headless=new " + " ".join(CHROMIUM_ARGS)
    output = ["--output-path=stdout"] if save_as is None else [f"--output-path={save_as}.report.json", "--save-assets"]
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", *output, f"--chrome-flags={chrome_flags}", *flags]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode:
        raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout if save_as is None else Path(f"{save_as}.report.json").read_text())


def benchmark_index(url: str, runs: int = 3) -> list[float]:
    """Lighthouse's benchmarkIndex, from short runs (one cheap audit) of a trivial page.

    Lighthouse measures it before loading the page, so the page and audits hardly matter;
    several runs because one reading alone moves by 20 % on a busy machine.
    """
    return [run_lighthouse(url, "--only-audits=viewport")["environment"]["benchmarkIndex"] for _ in range(runs)]


# Lighthouse's groups of main-thread work (mainthread-work-breakdown), in the words the bench prints.
ACTIVITIES = {"scriptEvaluation": "script evaluation", "scriptParseCompile": "script parse", "styleLayout": "style and layout",
              "parseHTML": "HTML parse", "paintCompositeRender": "paint", "garbageCollection": "GC", "other": "other"}


def short_url(url: str) -> str:
    """A script's file name, or the page for work the trace gives to the document itself."""
    path = url.split("?")[0].rstrip("/")
    return path.rsplit("/", 1)[-1] if path.endswith((".js", ".css")) else ("page" if "://" in url else url)


def where_the_time_goes(audits: dict) -> dict:
    """The load's main-thread time by activity, per script file, and the DOM's size, from
    Lighthouse's trace of the run (its mainthread-work-breakdown, bootup-time, long-tasks and
    dom-size audits). Times are Lighthouse's: observed x cpuSlowdownMultiplier; bootup-time
    lists only files above 50 ms of that."""
    groups = {i["group"]: i["duration"] for i in audits["mainthread-work-breakdown"]["details"]["items"]}
    scripts = {short_url(i["url"]): {"total": i["total"], "evaluation": i["scripting"], "parse": i["scriptParseCompile"]}
               for i in audits["bootup-time"]["details"].get("items", [])}
    long_tasks = [{"file": short_url(i["url"]), "start_ms": i["startTime"], "ms": i["duration"]}
                  for i in audits.get("long-tasks", {}).get("details", {}).get("items", [])]
    return {"main_thread": groups, "scripts": scripts, "long_tasks": long_tasks,
            "dom_elements": audits["dom-size"]["numericValue"]}


def breakdown_line(report: dict) -> str:
    """One line: main-thread milliseconds by activity, the scripts' evaluation by file, the DOM size."""
    groups = report["main_thread"]
    activities = ", ".join(f"{label} {groups[key]:.0f}" for key, label in ACTIVITIES.items() if groups.get(key, 0) >= 1)
    scripts = ", ".join(f"{name} {s['evaluation']:.0f}" for name, s in
                        sorted(report["scripts"].items(), key=lambda item: -item[1]["evaluation"]))
    return (f"main thread {sum(groups.values()):.0f} ms ({activities}); script evaluation by file: {scripts or 'none'}; "
            f"DOM {report['dom_elements']:.0f} elements")


def summarize(report: dict) -> dict:
    audits = report["audits"]
    return {
        **where_the_time_goes(audits),
        "scores": {k: round(v["score"] * 100) for k, v in report["categories"].items()},
        "benchmark_index": report["environment"]["benchmarkIndex"],
        "cpu_slowdown": report["configSettings"]["throttling"]["cpuSlowdownMultiplier"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "failing": sorted(k for k, v in audits.items() if v.get("score") is not None and v["score"] < 0.9
                          and v.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")),
    }


def lighthouse(url: str, preset: str, runs: int, slowdown: float, save_as: Path | None = None) -> dict:
    """The median run by performance score, with the spread of all runs.

    Only the first run audits accessibility, best practices and SEO: they read the page's
    DOM and headers, which do not change from run to run, while performance does.
    """
    flags = [f"--throttling.cpuSlowdownMultiplier={slowdown}"] + (["--preset=desktop"] if preset == "desktop" else [])
    reports = [summarize(run_lighthouse(url, *flags, *([] if n == 0 else ["--only-categories=performance"]),
                                        save_as=save_as if n == 0 else None))
               for n in range(runs)]
    median = dict(sorted(reports, key=lambda r: r["scores"]["performance"])[len(reports) // 2])
    median["scores"] = {**reports[0]["scores"], "performance": median["scores"]["performance"]}
    median["failing"] = sorted(set(reports[0]["failing"]) | set(median["failing"]))
    median["performance_runs"] = [r["scores"]["performance"] for r in reports]
    median["tbt_runs"] = [r["tbt_ms"] for r in reports]
    median["benchmark_indexes"] = [r["benchmark_index"] for r in reports]
    return median


# --- page weight ---------------------------------------------------------------------------

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


def weight_checks(page: str, weight: dict, floor: dict) -> list[tuple[str, str, str, bool]]:
    """(name, figure, budget, ok) for the page-weight budgets of one page."""
    over = weight["raw"] - floor["raw"]
    return [
        (f"/{page} raw over the floor ({weight['requests']} requests)",
         f"{kb(weight['raw'])} - {kb(floor['raw'])} = {kb(over)} KB",
         f"<= {BUDGET['over_floor_raw_kb']} KB", over <= BUDGET["over_floor_raw_kb"] * 1024),
        (f"/{page} transferred (gzip)", f"{kb(weight['transferred'])} KB",
         f"<= {BUDGET['transferred_kb']} KB", weight["transferred"] <= BUDGET["transferred_kb"] * 1024),
        (f"/{page} third-party requests", str(weight["third_party"]), "0",
         weight["third_party"] == BUDGET["third_party_requests"]),
    ]


def median_tbt(report: dict) -> float:
    """A page's TBT: the median of its runs (the median-score run's own TBT when only that is known)."""
    return statistics.median(report["tbt_runs"]) if report.get("tbt_runs") else report["tbt_ms"]


def performance_checks(page: str, report: dict, floor: dict) -> list[tuple[str, str, str, bool]]:
    """(name, figure, budget, ok) for a page's mobile performance and TBT against Material's floor."""
    score, floor_score = report["scores"]["performance"], floor["scores"]["performance"]
    tbt, floor_tbt = median_tbt(report), median_tbt(floor)
    return [
        (f"/{page} mobile performance vs the floor", f"{score} (floor {floor_score})",
         f">= floor - {BUDGET['performance_below_floor']}", score >= floor_score - BUDGET["performance_below_floor"]),
        (f"/{page} mobile TBT vs the floor", f"{tbt:.0f} ms (floor {floor_tbt:.0f})",
         f"<= floor + {BUDGET['tbt_over_floor_ms']} ms", tbt <= floor_tbt + BUDGET["tbt_over_floor_ms"]),
    ]


def floor_figures(runs: list[dict]) -> dict:
    """Material's floor from all its runs (some at the start, some at the end of the pages):
    the median performance and TBT, so a busy spell at either end does not set the bar alone."""
    return {"scores": {"performance": round(statistics.median(r["scores"]["performance"] for r in runs))},
            "tbt_ms": statistics.median(r["tbt_ms"] for r in runs), "lcp_ms": statistics.median(r["lcp_ms"] for r in runs),
            "performance_runs": [r["scores"]["performance"] for r in runs], "tbt_runs": [r["tbt_ms"] for r in runs]}


def sitemap_pages(sitemap_xml: str, site_url: str) -> list[str]:
    """Every page the site publishes, as paths relative to site_url (the home page is "")."""
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text.strip() for loc in ElementTree.fromstring(sitemap_xml).findall("s:url/s:loc", namespace)]
    outside = [loc for loc in locations if not loc.startswith(site_url)]
    if outside:
        raise SystemExit(f"sitemap.xml lists pages outside {site_url}: {outside}")
    pages = [loc[len(site_url):] for loc in locations]
    # The URL contract's order first (home, the four questions, ...), then the rest as listed.
    return sorted(pages, key=lambda page: PAGES.index(page) if page in PAGES else len(PAGES))


# --- project copies: the floor and the build-time baseline ---------------------------------

def load_config(project: Path) -> dict:
    """mkdocs.yml as MkDocs reads it (!ENV resolved, !!python/name loaded)."""
    with open(project / "mkdocs.yml", encoding="utf-8") as f:
        return yaml_load(f)


def save_config(project: Path, config: dict) -> None:
    # PyYAML's full dumper writes the loaded functions back as !!python/name tags.
    (project / "mkdocs.yml").write_text(yaml.dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def plugin_name(entry: str | dict) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def without_build_work(config: dict) -> dict:
    """The same site without what we add at build time: the macros plugin and every hook.

    Not strict: a page may link to a file only a hook makes (a zip, say); the baseline
    measures the time of the rest of the build, not its links.
    """
    plugins = config.get("plugins", [])
    if isinstance(plugins, dict):
        plugins = {name: options for name, options in plugins.items() if name != "macros"}
    else:
        plugins = [entry for entry in plugins if plugin_name(entry) != "macros"]
    return {**{k: v for k, v in config.items() if k != "hooks"}, "plugins": plugins, "strict": False}


def floor_config(config: dict, site_url: str) -> dict:
    """Material's floor: the theme and its settings, features, extensions and third-party
    plugins of mkdocs.yml, without anything the project supplies (templates, CSS, scripts,
    favicon, macros, hooks) and with one page."""
    floor = {k: v for k, v in without_build_work(config).items()
             if k not in ("nav", "extra_css", "extra_javascript")}
    floor["theme"] = {k: v for k, v in config["theme"].items() if k not in ("custom_dir", "favicon")}
    return {**floor, "site_url": site_url}


def project_copy(target: Path) -> Path:
    """What a build reads: the tests' copy of the project, and any hook (file or folder) outside it."""
    copy_of_project(target)
    for part in sorted({Path(hook).parts[0] for hook in load_config(ROOT).get("hooks", [])}):
        if (target / part).exists():
            continue
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / part, target / part)
    return target


def floor_project(target: Path, site_url: str) -> Path:
    project = project_copy(target)
    shutil.rmtree(project / "docs")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text(FLOOR_PAGE, encoding="utf-8")
    save_config(project, floor_config(load_config(project), site_url))
    return project


def build_or_exit(project: Path, dest: Path, **options) -> None:
    result = mkdocs_build(project, dest, **options)
    if result.returncode:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-2000:]}")


# --- build time ----------------------------------------------------------------------------

def timed_builds(projects: dict[str, tuple[Path, bool]], runs: int) -> dict[str, float]:
    """The median build time of each (project, strict), the projects' builds taken in turn:
    a machine that slows down for a while then slows both sides of a ratio alike."""
    times: dict[str, list[float]] = {name: [] for name in projects}
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            for name, (project, strict) in projects.items():
                start = time.perf_counter()
                build_or_exit(project, Path(out) / name, strict=strict)
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def copied_page(text: str, n: int) -> str:
    """A page for docs/copyN/: its samples are appN's; a Markdown link into samples/ goes one
    folder up; Try-it scripts stay the one app's, as they run from its zip (labmacros/samples.py)."""
    text = re.sub(r'"app/(?!try/)', f'"app{n}/', text)
    return text.replace("](samples/", "](../samples/")


def replicate(project: Path, copies: int) -> None:
    """The pages and samples `copies` times over: docs/copyN/*.md using docs/samples/appN/."""
    docs = project / "docs"
    config = load_config(project)
    config.pop("nav", None)  # all pages in the nav
    save_config(project, config)
    for n in range(2, copies + 1):
        shutil.copytree(docs / "samples" / "app", docs / "samples" / f"app{n}")
        (docs / f"copy{n}").mkdir()
        for page in docs.glob("*.md"):  # relative links between pages stay inside the copy
            (docs / f"copy{n}" / page.name).write_text(copied_page(page.read_text(), n))


BUILD_FUNCTION = ("mkdocs/commands/build.py", "build")  # what the profile calls the build


def entry(caller: tuple, callee: str, ours) -> bool:
    """Whether a call from `caller` into our function `callee` enters our code from outside.

    A call from a built-in (file "~") is nearly always one our code made: str.join over our
    generator, re.sub with our callback, sorted with our key. Counting it would count the same
    time twice, so only a module's first run (an import, which importlib runs through exec)
    enters from a built-in.
    """
    if ours(caller[0]):
        return False
    return caller[0] != "~" or callee == "<module>"


def own_code_time(stats: dict, ours) -> tuple[float, float, dict[str, float]]:
    """(seconds in our code, seconds of the build, our seconds by file) from a cProfile profile.

    `stats` is pstats' table: (file, line, function) -> (calls, calls, own time, cumulative
    time, callers), each caller with its share of those. Our time is the cumulative time of
    every call into our code from outside it (`ours(file)`, see entry()), so what our code
    calls (lxml, hadolint) counts as ours, and a call within our code is not counted twice. (A
    third-party function that our code calls and that calls back into our code would count
    twice; none does today.) The build is the cumulative time of MkDocs' build function.
    """
    build = [ct for (file, _, name), (_, _, _, ct, _) in stats.items()
             if file.endswith(BUILD_FUNCTION[0]) and name == BUILD_FUNCTION[1]]
    if not build:
        raise SystemExit(f"the profile has no {BUILD_FUNCTION}: has MkDocs moved its build?")
    by_file: dict[str, float] = {}
    for (file, _, name), (_, _, _, _, callers) in stats.items():
        if ours(file):
            entered = sum(edge[3] for caller, edge in callers.items() if entry(caller, name, ours))
            if entered:
                by_file[file] = by_file.get(file, 0) + entered
    return sum(by_file.values()), max(build), by_file


def profile_build(project: Path, dest: Path) -> dict:
    """One strict build of `project` under cProfile; the share of it spent in our own code:
    the project's Python files (the macros module, the hooks, the zip), wherever they live."""
    import pstats

    profile = dest.with_suffix(".prof")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    result = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "mkdocs", "build", "--strict",
                             "-q", "-f", str(project / "mkdocs.yml"), "-d", str(dest)],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode:
        raise SystemExit(f"profiled build failed:\n{result.stderr[-2000:]}")
    root = str(project.resolve()) + os.sep
    # Python files only: the theme's templates in overrides/ are compiled with their paths too
    ours_s, build_s, by_file = own_code_time(pstats.Stats(str(profile)).stats,
                                             lambda f: f.startswith(root) and f.endswith(".py"))
    return {"own_s": ours_s, "build_s": build_s, "share": ours_s / build_s,
            "by_file": {Path(f).relative_to(project.resolve()).as_posix(): t
                        for f, t in sorted(by_file.items(), key=lambda item: -item[1])}}


EDITED_SAMPLE = ("docs/samples/app/worker.Dockerfile", "layers/")  # a sample, and a page that shows it whole


def serve_edit_latency(project: Path, edits: int = 3) -> list[float]:
    """Seconds from writing a sample file to `mkdocs serve` serving the page with the edit,
    for `edits` edits (a comment line appended, a new one each time), the page polled every 20 ms."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-q", "-f", str(project / "mkdocs.yml"),
                               "-a", f"127.0.0.1:{port}"], cwd=project, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sample, page = EDITED_SAMPLE
    url = f"http://127.0.0.1:{port}/{page}"

    def shows(token: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return token in response.read().decode()
        except OSError:
            return False

    def wait_for(token: str, limit: float) -> float:
        start = time.perf_counter()
        while not shows(token):
            if time.perf_counter() - start > limit:
                raise SystemExit(f"mkdocs serve did not show {token!r} on /{page} within {limit:.0f} s")
            time.sleep(0.02)
        return time.perf_counter() - start

    try:
        wait_for("</html>", 120)  # the first build
        latencies = []
        for n in range(edits):
            time.sleep(1)  # the server settles after the previous rebuild
            token = f"bench edit {n} {time.time_ns()}"
            path = project / sample
            path.write_text(path.read_text() + f"# {token}\n")
            latencies.append(wait_for(token, 60))
        return latencies
    finally:
        server.terminate()
        server.wait(timeout=30)


def build_figures(runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        profile = profile_build(project_copy(tmp / "full"), tmp / "profiled")
        one, ten = project_copy(tmp / "one"), project_copy(tmp / "ten")
        replicate(one, 1)
        replicate(ten, 10)
        scale = timed_builds({"one": (one, True), "ten": (ten, True)}, max(3, runs // 2))
        latencies = serve_edit_latency(project_copy(tmp / "serve"))
    return {"profile": profile, "serve_edit_s": latencies, "serve_edit_median_s": statistics.median(latencies),
            "scale_1x_s": scale["one"], "scale_10x_s": scale["ten"], "scale_ratio": scale["ten"] / scale["one"]}


# --- report ----------------------------------------------------------------------------------

def repeatability(previous: dict, current: dict) -> list[tuple[str, int, int, bool]]:
    """(page, previous score, this score, within 5 points) for the mobile performance of every
    page both runs measured: two runs on one machine should agree (issue 14)."""
    rows = []
    for page, figures in current["pages"].items():
        before = previous.get("pages", {}).get(page, {}).get("lighthouse_mobile")
        if before and "lighthouse_mobile" in figures:
            a, b = before["scores"]["performance"], figures["lighthouse_mobile"]["scores"]["performance"]
            rows.append((page, a, b, abs(a - b) <= REPEATABLE_POINTS))
    return rows


def final_verdict(failures: int, noisy: bool) -> tuple[str, int]:
    """The last line and the exit status: failed budgets first, then a noisy machine."""
    if failures:
        return f"{failures} budget(s) FAIL" + (" (and the run is NOISY)" if noisy else ""), 1
    if noisy:
        return ("every budget passes, but the run is NOISY: the machine's speed moved by more than "
                f"{NOISY_INDEX_CHANGE:.0%} during the Lighthouse runs; run again on a quiet machine"), 2
    return "all budgets pass", 0


def spread(values: list[float]) -> str:
    return f"{min(values):.0f}-{max(values):.0f}"


def listed(values: list[float]) -> str:
    return ", ".join(f"{value:.0f}" for value in values)


def kb(size: float) -> str:
    return f"{size / 1024:.0f}"


def scores(report: dict) -> str:
    """performance/accessibility/best practices/SEO, as the Lighthouse lines print them."""
    return "/".join(str(report["scores"][c]) for c in ("performance", *BUDGET["lighthouse_100"]))


def timings(report: dict) -> str:
    return f"{report['lcp_ms'] / 1000:.1f} s | {report['tbt_ms']:.0f} ms | {report['cls']:.3f}"


def results_markdown(results: dict) -> str:
    """The tables of bench/RESULTS.md, filled in from results.json."""
    floor = results["floor_weight"]
    lines = [f"- **Date**: {results['date']}; **machine**: {results['machine']}; "
             f"`make bench` took {results['elapsed_s'] / 60:.1f} min"]
    calibration = results.get("calibration")
    if calibration:
        before, after = (statistics.median(calibration[k]) for k in ("index_before", "index_after"))
        lines.append(f"- **CPU calibration**: benchmarkIndex {before:.0f} at the start (runs {listed(calibration['index_before'])}), "
                     f"{after:.0f} at the end (runs {listed(calibration['index_after'])}): {calibration['index_change']:.0%} apart, "
                     + ("**NOISY**" if calibration["noisy"] else "steady")
                     + (f" (pages that strayed: {', '.join('/' + p for p in calibration['strayed_pages'])})"
                        if calibration.get("strayed_pages") else "")
                     + f"; cpuSlowdownMultiplier {calibration['cpu_slowdown']['mobile']} mobile, "
                     f"{calibration['cpu_slowdown']['desktop']} desktop")
    lines += ["", f"Floor (Material, one-line page): {kb(floor['raw'])} KB raw, {kb(floor['transferred'])} KB "
              f"transferred, {floor['requests']} requests.", "",
              "| Page | Page raw KB | Floor raw KB | Ours KB (≤ 100) | Transferred KB (≤ 120) | Requests | Other hosts |",
              "|---|---|---|---|---|---|---|"]
    for page, figures in results["pages"].items():
        w = figures["weight"]
        lines.append(f"| /{page} | {kb(w['raw'])} | {kb(floor['raw'])} | {kb(w['raw'] - floor['raw'])} | "
                     f"{kb(w['transferred'])} | {w['requests']} | {w['third_party']} |")
    if calibration:
        floor_lh = results["floor_lighthouse_mobile"]
        lines += ["", f"- **Throttling guide**: {calibration.get('guide', '')}",
                  f"- **Floor, mobile** (median of {len(floor_lh['performance_runs'])} runs, at the start and the end): "
                  f"performance {floor_lh['scores']['performance']} (runs {listed(floor_lh['performance_runs'])}), "
                  f"TBT {floor_lh['tbt_ms']:.0f} ms (runs {listed(floor_lh['tbt_runs'])})",
                  "", f"| Page | Mobile scores | Performance runs | ≥ floor − {BUDGET['performance_below_floor']} | Index during the runs "
                  f"| LCP | TBT | CLS | TBT ≤ floor + {BUDGET['tbt_over_floor_ms']} | Desktop scores |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for page, figures in results["pages"].items():
            m, d = figures["lighthouse_mobile"], figures["lighthouse_desktop"]
            (_, _, _, score_ok), (_, _, _, tbt_ok) = performance_checks(page, m, floor_lh)
            lines.append(f"| /{page} | {scores(m)} | {listed(m['performance_runs'])} | {verdict(score_ok)} | "
                         f"{spread(m['benchmark_indexes'])} | {timings(m)} | {verdict(tbt_ok)} | {scores(d)} |")
        lines += ["", "Where the time goes (median mobile run; Lighthouse's milliseconds, observed × multiplier; "
                  "scripts under 50 ms are not listed by file):", "",
                  "| Page | Main thread ms | Script evaluation | By script file | Style and layout | HTML parse | Other | DOM elements |",
                  "|---|---|---|---|---|---|---|---|"]
        for page, report in [("floor", floor_lh["start"])] + [(f"/{p}", f["lighthouse_mobile"]) for p, f in results["pages"].items()]:
            g = report["main_thread"]
            files = ", ".join(f"{n} {v['evaluation']:.0f}" for n, v in sorted(report["scripts"].items(), key=lambda i: -i[1]["evaluation"]))
            lines.append(f"| {page} | {sum(g.values()):.0f} | {g.get('scriptEvaluation', 0):.0f} | {files} | "
                         f"{g.get('styleLayout', 0):.0f} | {g.get('parseHTML', 0):.0f} | {g.get('other', 0):.0f} | "
                         f"{report['dom_elements']:.0f} |")
    b = results.get("build")
    if b:
        p = b["profile"]
        lines += ["", "| Build figure | Value | Budget |", "|---|---|---|",
                  f"| Our code (macros, hooks, zip) in one profiled build | {p['own_s']:.2f} s of {p['build_s']:.2f} s = "
                  f"{p['share']:.0%} ({', '.join(f'{f} {t:.2f} s' for f, t in list(p['by_file'].items())[:4])}) "
                  f"| ≤ {BUDGET['own_code_share']:.0%} |",
                  f"| A sample edit visible in `mkdocs serve`, median | {b['serve_edit_median_s']:.2f} s "
                  f"(runs {', '.join(f'{t:.2f}' for t in b['serve_edit_s'])}) | ≤ {BUDGET['serve_edit_s']} s |",
                  f"| Docs and samples 10× / 1× | {b['scale_10x_s']:.2f} s / {b['scale_1x_s']:.2f} s = "
                  f"{b['scale_ratio']:.1f}× | ≤ {BUDGET['scale_10x_ratio']}× |"]
    return "\n".join(lines) + "\n"


class Verdicts:
    """Prints each figure beside its budget, and counts the budgets that fail."""

    def __init__(self):
        self.failures = 0

    def line(self, name: str, figure: str, budget: str, ok: bool) -> None:
        self.failures += not ok
        print(f"{verdict(ok)}  {name:<56} {figure:>24}   budget {budget}")


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


def calibrate(url: str, runs: int) -> tuple[list[float], float, dict[str, float]]:
    """The benchmark indexes of `runs` short runs, their median, and the mobile and desktop
    multipliers it gives (desktop keeps Lighthouse's desktop/mobile ratio)."""
    indexes = benchmark_index(url, runs)
    index = statistics.median(indexes)
    try:
        mobile = cpu_slowdown(index)
    except ValueError as error:
        raise SystemExit(str(error)) from None
    return indexes, index, {"mobile": mobile,
                            "desktop": round(mobile * DEFAULT_SLOWDOWN["desktop"] / DEFAULT_SLOWDOWN["mobile"], 2)}


def lighthouse_section(verdicts: Verdicts, pages: list[str], url: str, floor_url: str, args, results: dict) -> bool:
    """Calibrate, run every page between two measurements of the floor, measure the index
    again; judge each page against the floor; True if the machine was noisy."""
    before, index, slowdown = calibrate(floor_url, args.calibration_runs)
    print(f"\nLighthouse 12 (scores: performance / accessibility / best practices / SEO)\n"
          f"      CPU calibration: benchmarkIndex {index:.0f} (median of {listed(before)}) -> "
          f"cpuSlowdownMultiplier {slowdown['mobile']} mobile, {slowdown['desktop']} desktop "
          f"(Lighthouse's defaults: 4 and 1)\n      throttling guide: {guide_check(index, slowdown['mobile'])}")
    # What Material alone gets under the same throttling, before the pages and after them.
    TRACES.mkdir(parents=True, exist_ok=True)
    floor_runs = [lighthouse(floor_url, "mobile", args.lighthouse_runs, slowdown["mobile"], TRACES / "floor")]
    print(f"      floor (Material on a one-line page) mobile, at the start: performance "
          f"{floor_runs[0]['scores']['performance']} (runs {listed(floor_runs[0]['performance_runs'])}), "
          f"TBT {floor_runs[0]['tbt_ms']:.0f} ms; {breakdown_line(floor_runs[0])}", flush=True)
    for page in pages:
        for preset, runs in (("mobile", args.lighthouse_runs), ("desktop", args.desktop_runs)):
            trace = TRACES / (page.strip("/").replace("/", "-") or "home") if preset == "mobile" else None
            report = results["pages"][page][f"lighthouse_{preset}"] = lighthouse(url + page, preset, runs, slowdown[preset], trace)
            s = report["scores"]
            print(f"      /{page} {preset}: {scores(report)} (performance runs {spread(report['performance_runs'])}, "
                  f"index {spread(report['benchmark_indexes'])})  LCP {report['lcp_ms']:.0f} ms, "
                  f"TBT {report['tbt_ms']:.0f} ms, CLS {report['cls']:.3f}, {kb(report['bytes'])} KB transferred"
                  + (f"  (below 0.9: {', '.join(report['failing'])})" if report["failing"] else ""))
            if preset == "mobile":
                print(f"        where the time goes: {breakdown_line(report)}", flush=True)
            verdicts.line(f"/{page} {preset} a11y, best practices, SEO",
                          "/".join(str(s[c]) for c in BUDGET["lighthouse_100"]), "100 each",
                          all(s[c] == 100 for c in BUDGET["lighthouse_100"]))
    floor_runs.append(lighthouse(floor_url, "mobile", args.lighthouse_runs, slowdown["mobile"]))
    floor = results["floor_lighthouse_mobile"] = {
        **floor_figures([{"scores": {"performance": p}, "tbt_ms": t, "lcp_ms": r["lcp_ms"]}
                         for r in floor_runs for p, t in zip(r["performance_runs"], r["tbt_runs"])]),
        "start": floor_runs[0], "end": floor_runs[1]}
    print(f"      floor at the end: performance {floor_runs[1]['scores']['performance']} "
          f"(runs {listed(floor_runs[1]['performance_runs'])}); the floor of the run, median of its "
          f"{len(floor['performance_runs'])} runs: performance {floor['scores']['performance']}, TBT {floor['tbt_ms']:.0f} ms")
    for page in pages:
        report = results["pages"][page]["lighthouse_mobile"]
        for name, figure, budget, ok in performance_checks(page, report, floor):
            verdicts.line(name, figure, budget, ok)
            if not ok:
                print(f"        cause: {breakdown_line(report)}")
    after = benchmark_index(floor_url, args.calibration_runs)
    change = index_change(index, statistics.median(after))
    strayed = strayed_pages(index, {page: results["pages"][page]["lighthouse_mobile"]["benchmark_indexes"]
                                    for page in pages})
    noisy = is_noisy(index, statistics.median(after)) or bool(strayed)
    print(f"      benchmarkIndex at the end: {statistics.median(after):.0f} (median of {listed(after)}), "
          f"{change:.0%} from the start"
          + (f"; pages whose mobile runs saw an index more than 20 % away: {', '.join('/' + p for p in strayed)}"
             if strayed else "")
          + (": NOISY, the multiplier no longer fits the machine" if noisy else ": steady"))
    results["calibration"] = {"index_before": before, "index_after": after, "cpu_slowdown": slowdown,
                              "guide": guide_check(index, slowdown["mobile"]),
                              "index_change": change, "strayed_pages": strayed, "noisy": noisy}
    return noisy


def build_section(verdicts: Verdicts, runs: int, results: dict) -> None:
    print("\nBuild time: one strict build profiled (cProfile); 10x content against 1x (median of "
          f"{max(3, runs // 2)}, taken in turn); edits to a sample served by `mkdocs serve`")
    build = results["build"] = build_figures(runs)
    profile = build["profile"]
    verdicts.line("time in our own code (macros, hooks, zip) / build",
                  f"{profile['own_s']:.2f} s / {profile['build_s']:.2f} s = {profile['share']:.0%}",
                  f"<= {BUDGET['own_code_share']:.0%}", profile["share"] <= BUDGET["own_code_share"])
    print("        by file: " + ", ".join(f"{f} {t:.2f} s" for f, t in list(profile["by_file"].items())[:6]))
    verdicts.line("sample edit visible in mkdocs serve (median)",
                  f"{build['serve_edit_median_s']:.2f} s (runs {', '.join(f'{t:.2f}' for t in build['serve_edit_s'])})",
                  f"<= {BUDGET['serve_edit_s']} s", build["serve_edit_median_s"] <= BUDGET["serve_edit_s"])
    verdicts.line("10x content / 1x",
                  f"{build['scale_10x_s']:.2f} s / {build['scale_1x_s']:.2f} s = {build['scale_ratio']:.1f}x",
                  f"<= {BUDGET['scale_10x_ratio']}x", build["scale_ratio"] <= BUDGET["scale_10x_ratio"])


def main() -> int:
    started = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated pages (default: every page in the site's sitemap)")
    parser.add_argument("--runs", type=int, default=5, help="builds per build-time figure (median)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="mobile Lighthouse runs per page (median)")
    parser.add_argument("--desktop-runs", type=int, default=1, help="desktop Lighthouse runs per page (median)")
    parser.add_argument("--calibration-runs", type=int, default=3,
                        help="short Lighthouse runs for the benchmark index, at the start and at the end")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-build", action="store_true", help="leave out the build-time figures")
    args = parser.parse_args()
    results = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
               f"Python {platform.python_version()}", "pages": {}}
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
            noisy = lighthouse_section(verdicts, pages, url, floor_url, args, results)
        server.shutdown()
        floor_server.shutdown()
    if not args.skip_build:
        build_section(verdicts, args.runs, results)

    results["elapsed_s"] = time.perf_counter() - started
    OUT.mkdir(exist_ok=True)
    if (OUT / "results.json").exists():
        previous = json.loads((OUT / "results.json").read_text())
        rows = repeatability(previous, results)
        if rows:
            print(f"\nMobile performance against the previous run ({previous['date']}, kept in results-previous.json)")
            for page, a, b, ok in rows:
                print(f"{'same' if ok else 'MOVED':<6}/{page}: {a} then {b}")
        (OUT / "results.json").replace(OUT / "results-previous.json")
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    (OUT / "results.md").write_text(results_markdown(results))
    message, status = final_verdict(verdicts.failures, noisy)
    print(f"\n{message}; took {results['elapsed_s'] / 60:.1f} min; figures in {OUT / 'results.json'}, "
          f"tables for RESULTS.md in {OUT / 'results.md'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
