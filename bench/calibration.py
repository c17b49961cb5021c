"""CPU calibration: the cpuSlowdownMultiplier that makes this machine stand for Lighthouse's
reference phone, and whether the machine's speed stayed put while the bench ran."""

from __future__ import annotations

import statistics

from bench.lighthouse import run_lighthouse

# Beyond this relative change of the benchmark index from the start (at the end of the
# Lighthouse runs, or in a page's runs), the multiplier chosen at the start no longer
# describes the machine.
NOISY_INDEX_CHANGE = 0.20
# Lighthouse's defaults: mobile emulates its reference phone with 4x, desktop with 1x, on the
# same host; a calibrated desktop run keeps that ratio.
DEFAULT_SLOWDOWN = {"mobile": 4, "desktop": 1}


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


def benchmark_index(url: str, runs: int = 3) -> list[float]:
    """Lighthouse's benchmarkIndex, from short runs (one cheap audit) of a trivial page.

    Lighthouse measures it before loading the page, so the page and audits hardly matter;
    several runs because one reading alone moves by 20 % on a busy machine.
    """
    return [run_lighthouse(url, "--only-audits=viewport")["environment"]["benchmarkIndex"] for _ in range(runs)]


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
