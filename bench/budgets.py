"""The budgets, the checks that compare a figure with its budget, and the run's verdict."""

from __future__ import annotations

import statistics

from bench.calibration import NOISY_INDEX_CHANGE
from bench.formatting import kb, verdict

BUDGET = {
    "lighthouse_100": ("accessibility", "best-practices", "seo"),
    # In each Lighthouse mode, against Material's floor measured in the same runs under the same
    # throttling: what a page adds to what Material alone costs, which is what this project controls.
    "performance_below_floor": 3,
    "tbt_over_floor_ms": 100,
    "over_floor_raw_kb": 100,
    "transferred_kb": 120,
    "third_party_requests": 0,
    "own_code_share": 0.40,  # of a first build, sampled: macros, hooks, the zip (bench/profiled_build.py)
    "serve_edit_s": 1.5,  # a sample edited to the page served by `mkdocs serve` showing it
    "scale_10x_ratio": 12,
}
# Two runs on the same machine should give each page's performance within this, in each mode.
REPEATABLE_POINTS = 5


class Verdicts:
    """Prints each figure beside its budget, and counts the budgets that fail."""

    def __init__(self):
        self.failures = 0

    def line(self, name: str, figure: str, budget: str, ok: bool) -> None:
        self.failures += not ok
        print(f"{verdict(ok)}  {name:<56} {figure:>24}   budget {budget}", flush=True)


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


def medians(runs: list[dict]) -> dict:
    """One page's (or the floor's) figures in one mode from all its runs: the median of each
    (the mean of the middle two for an even count, as Lighthouse CI's "median" takes it), and
    the runs themselves, in the order they were taken."""
    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    return {"performance": median("performance"), "tbt_ms": median("tbt_ms"), "lcp_ms": median("lcp_ms"),
            "cls": median("cls"), "performance_runs": [run["performance"] for run in runs],
            "tbt_runs": [run["tbt_ms"] for run in runs], "benchmark_indexes": [run["benchmark_index"] for run in runs]}


def floor_figures(runs: list[dict]) -> dict:
    """Material's floor in one mode from all its runs, spread among the pages' runs: the median
    performance (whole points, as Lighthouse shows a score) and TBT, so a busy spell at any
    point of the run does not set the bar alone."""
    figures = medians(runs)
    return {**figures, "performance": round(figures["performance"])}


def speed_bars(floor: dict) -> dict:
    """What a page must reach in the mode the floor was measured in."""
    return {"performance": floor["performance"] - BUDGET["performance_below_floor"],
            "tbt_ms": floor["tbt_ms"] + BUDGET["tbt_over_floor_ms"]}


def repeatability(previous: dict, current: dict) -> list[tuple[str, str, float, float, bool]]:
    """(page, mode, previous score, this score, within 5 points) for the median performance of
    every page and mode both runs measured: two runs on one machine should agree (issue 14)."""
    rows = []
    for page, figures in current["pages"].items():
        before = previous.get("pages", {}).get(page, {}).get("lighthouse", {})
        for mode, now in figures.get("lighthouse", {}).items():
            if isinstance(before.get(mode), dict) and "performance" in before[mode]:
                a, b = before[mode]["performance"], now["performance"]
                rows.append((page, mode, a, b, abs(a - b) <= REPEATABLE_POINTS))
    return rows


def final_verdict(failures: int, noisy: bool) -> tuple[str, int]:
    """The last line and the exit status: failed budgets first, then a noisy machine."""
    if failures:
        return f"{failures} budget(s) FAIL" + (" (and the run is NOISY)" if noisy else ""), 1
    if noisy:
        return ("every budget passes, but the run is NOISY: the machine's speed moved by more than "
                f"{NOISY_INDEX_CHANGE:.0%} during the Lighthouse runs; run again on a quiet machine"), 2
    return "all budgets pass", 0
