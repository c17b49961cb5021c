"""Lighthouse CI (`lhci`, bench/package.json) runs Lighthouse for the bench and keeps every report
(collect), takes the medians and judges them against the budgets (assert), and stores the
reports with each URL's median run marked (upload to the filesystem).

What it lacks, the bench supplies here: the order of the runs (`collect` runs each URL
`numberOfRuns` times in a row, so the bench gives it one run per URL and a list in which
Material's floor comes back between the pages), and the bars (an assertion's threshold is a
fixed number; the bench sets it from the floor's medians of the same run).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from bench.budgets import BUDGET
from browser import CHROMIUM_ARGS, find_chromium
from helpers import ROOT

LHCI = ROOT / "bench" / "node_modules" / ".bin" / "lhci"
FLOOR = None  # the floor's place in a round (a page is a path, "" for the home page)
# One Lighthouse run takes 15 to 60 s on a busy 2-CPU machine.
SECONDS_PER_RUN = 300


def interleaved(pages: list[str], rounds: int, floor_every: int) -> list[list[str | None]]:
    """The order of the runs, one list per round: the floor, then `floor_every` pages, the floor
    again, and so on; every other round takes the pages backwards, so that no page is always
    the one right after the floor; the last round ends with the floor, so that the floor's runs
    bracket every page's."""
    order = []
    for n in range(rounds):
        ahead = pages if n % 2 == 0 else pages[::-1]
        this_round: list[str | None] = []
        for start in range(0, len(ahead), floor_every):
            this_round += [FLOOR, *ahead[start:start + floor_every]]
        order.append(this_round + ([FLOOR] if n == rounds - 1 else []))
    return order


def lighthouse_settings(cpu_slowdown: float | None, all_categories: bool, desktop: bool = False) -> dict:
    """Lighthouse's settings for one `collect`: the CPU multiplier (None keeps Lighthouse's own,
    4x on mobile), and every category or performance alone (the other categories read the
    page's DOM and headers, which do not change from run to run, so one run of each suffices)."""
    settings: dict = {"chromeFlags": " ".join(CHROMIUM_ARGS)}  # lhci adds --headless=new
    if desktop:
        settings["preset"] = "desktop"
    if cpu_slowdown is not None:
        settings["throttling"] = {"cpuSlowdownMultiplier": cpu_slowdown}
    if not all_categories:
        settings["onlyCategories"] = ["performance"]
    return settings


def collect_config(urls: list[str], settings: dict, additive: bool, runs: int = 1) -> dict:
    """lighthouserc for one `lhci collect`: each URL of the list `runs` times, in the list's
    order (a URL may come back: collect does not merge repeats); `additive` keeps the reports
    of the collects before it."""
    return {"ci": {"collect": {"url": urls, "numberOfRuns": runs, "additive": additive,
                               "chromePath": find_chromium(), "settings": settings}}}


def url_pattern(url: str) -> str:
    """lhci matches a report's final URL with a JavaScript regular expression: this URL, whole."""
    return "^" + re.escape(url) + "$"


def assert_config(page_urls: dict[str, str], bars: dict | None, categories: bool) -> dict:
    """lighthouserc for one `lhci assert` over one mode's reports: each page's median
    performance and median TBT against the bars set from the floor (`bars`, None for no
    speed budget), and, with `categories`, accessibility, best practices and SEO at 100 in
    the runs that audited them."""
    def median(option: str, value: float) -> list:
        return ["error", {option: value, "aggregationMethod": "median"}]

    assertions = {}
    if bars:
        assertions["categories:performance"] = median("minScore", bars["performance"] / 100)
        assertions["total-blocking-time"] = median("maxNumericValue", bars["tbt_ms"])
    if categories:
        assertions |= {f"categories:{name}": median("minScore", 1) for name in BUDGET["lighthouse_100"]}
    return {"ci": {"assert": {"includePassedAssertions": True, "assertMatrix": [
        {"matchingUrlPattern": url_pattern(url), "assertions": assertions} for url in page_urls.values()]}}}


def run_lhci(folder: Path, command: str, config: dict, timeout: float) -> tuple[int, str]:
    """`lhci COMMAND --config=…` in `folder`, where lhci keeps its reports (.lighthouseci/);
    collect's progress lines go to the bench's output. The exit status and the output."""
    config_file = folder / f"{command}-{len(list(folder.glob(f'{command}-*.json')))}.json"
    config_file.write_text(json.dumps(config, indent=2))
    extra = ["--target=filesystem", "--outputDir=reports"] if command == "upload" else []
    env = dict(os.environ, **({"CHROME_PATH": config["ci"]["collect"]["chromePath"]} if command == "collect" else {}))
    result = subprocess.run([str(LHCI), command, f"--config={config_file}", *extra], cwd=folder, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
    if command == "collect":
        print(f"        lhci collect: {result.stdout.count('...done.')} run(s) done", flush=True)
    return result.returncode, result.stdout


def fresh_folder(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def collect(folder: Path, urls: list[str], settings: dict, additive: bool, runs: int = 1) -> None:
    status, output = run_lhci(folder, "collect", collect_config(urls, settings, additive, runs),
                              SECONDS_PER_RUN * runs * len(urls))
    if status:
        raise SystemExit(f"lhci collect failed in {folder}:\n{output[-3000:]}")


def copy_reports(source: Path, target: Path) -> None:
    """The reports collected so far in `source`, to be judged alone in `target`: lhci asserts
    a category only over runs that all audited it (a run without it fails "auditRan")."""
    (target / ".lighthouseci").mkdir(parents=True, exist_ok=True)
    for path in (source / ".lighthouseci").glob("lhr-*.json"):
        shutil.copy(path, target / ".lighthouseci" / path.name)


def reports(folder: Path) -> list[dict]:
    """Every Lighthouse report (LHR) lhci collected in `folder`, in the order they were taken."""
    found = [json.loads(path.read_text()) for path in (folder / ".lighthouseci").glob("lhr-*.json")]
    return sorted(found, key=lambda report: report["fetchTime"])


def median_reports(folder: Path) -> dict[str, dict]:
    """Each URL's median run as lhci chooses it (its "representative run"), by requested URL:
    the reports are stored in `folder`/reports/ with a manifest that marks it."""
    status, output = run_lhci(folder, "upload", {"ci": {"upload": {}}}, 600)
    if status:
        raise SystemExit(f"lhci upload failed in {folder}:\n{output[-3000:]}")
    manifest = json.loads((folder / "reports" / "manifest.json").read_text())
    return {entry["url"]: json.loads(Path(entry["jsonPath"]).read_text())
            for entry in manifest if entry["isRepresentativeRun"]}


def judge(folder: Path, config: dict) -> dict[tuple[str, str], dict]:
    """lhci's verdict on every assertion of `config` over the reports in `folder`, by (URL,
    assertion): passed, the median it judged (actual) and the runs' values."""
    results_file = folder / ".lighthouseci" / "assertion-results.json"
    results_file.unlink(missing_ok=True)
    status, output = run_lhci(folder, "assert", config, 600)  # status 1 when an assertion fails
    if not results_file.exists():
        raise SystemExit(f"lhci assert gave no results in {folder} (status {status}):\n{output[-3000:]}")
    results = json.loads(results_file.read_text())
    return {(result["url"], assertion_name(result)): result for result in results}


def assertion_name(result: dict) -> str:
    """An assertion's key as the config writes it ("categories:performance", "total-blocking-time")."""
    return result["auditId"] + (":" + result["auditProperty"] if result.get("auditProperty") else "")
