"""One Lighthouse run, and what its report says: scores, metrics and where the main thread's
time goes (the trace audits), by activity and by script file."""

from __future__ import annotations

import json
import os
import subprocess

from browser import CHROMIUM_ARGS, find_chromium
from helpers import ROOT

LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"


def run_lighthouse(url: str, *flags: str) -> dict:
    """One Lighthouse run in the system Chromium (the calibration's short runs, bench/ab.py);
    its report (LHR) as a dict."""
    chrome = find_chromium()
    env = dict(os.environ, **({"CHROME_PATH": chrome} if chrome else {}))
    chrome_flags = "--headless=new " + " ".join(CHROMIUM_ARGS)
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
               f"--chrome-flags={chrome_flags}", *flags]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode:
        raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


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


def run_figures(report: dict) -> dict:
    """The figures of one run that the budgets and the tables use, small enough to keep for every run."""
    audits = report["audits"]
    return {"url": report["finalUrl"], "fetch_time": report["fetchTime"],
            "performance": round(report["categories"]["performance"]["score"] * 100),
            "tbt_ms": audits["total-blocking-time"]["numericValue"],
            "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "benchmark_index": report["environment"]["benchmarkIndex"],
            "cpu_slowdown": report["configSettings"]["throttling"]["cpuSlowdownMultiplier"]}
