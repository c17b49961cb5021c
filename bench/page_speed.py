"""Lighthouse, in both modes: Lighthouse's own mobile throttling (4x CPU slowdown) and the one
calibrated to this machine; every page interleaved with Material's floor, each page judged
against the floor's medians of the same mode; desktop once per page for the other categories."""

from __future__ import annotations

import statistics
from pathlib import Path

from bench import lhci
from bench.budgets import BUDGET, Verdicts, floor_figures, medians, speed_bars
from bench.calibration import benchmark_index, calibrate, guide_check, index_change, is_noisy, strayed_pages
from bench.formatting import listed, spread
from bench.lighthouse import breakdown_line, run_figures, summarize, where_the_time_goes

# Lighthouse's default mobile throttling (None: its own 4x), and the multiplier calibrated to
# the machine (set at the start of the run).
MODES = ("default", "calibrated")


def speed_checks(page: str, mode: str, url: str, floor: dict, judged: dict) -> list[tuple[str, str, str, bool]]:
    """(name, figure, budget, ok) for a page's median performance and TBT in one mode, as lhci
    judged them; an assertion lhci did not report (no run of the page) fails."""
    def result(name: str) -> dict:
        return judged.get((url, name), {"passed": False, "actual": float("nan")})

    score, tbt = result("categories:performance"), result("total-blocking-time")
    return [
        (f"/{page} {mode} performance vs the floor", f"{round(score['actual'] * 100, 1):g} (floor {floor['performance']})",
         f">= floor - {BUDGET['performance_below_floor']}", score["passed"]),
        (f"/{page} {mode} TBT vs the floor", f"{tbt['actual']:.0f} ms (floor {floor['tbt_ms']:.0f})",
         f"<= floor + {BUDGET['tbt_over_floor_ms']} ms", tbt["passed"]),
    ]


def category_check(page: str, mode: str, url: str, judged: dict) -> tuple[str, str, str, bool]:
    results = [judged.get((url, f"categories:{name}"), {"passed": False, "actual": float("nan")})
               for name in BUDGET["lighthouse_100"]]
    return (f"/{page} {mode} a11y, best practices, SEO", "/".join(f"{r['actual'] * 100:.0f}" for r in results),
            "100 each", all(r["passed"] for r in results))


def collect_both_modes(folders: dict[str, Path], urls: dict, floor_url: str, slowdown: float, args) -> list:
    """Every round of the interleaved order, in each mode (the modes take turns going first).
    The default mode's first round also audits the other categories; its reports are copied
    to folders["mobile"] to be judged for those."""
    order = lhci.interleaved(list(urls), args.lighthouse_runs, args.floor_every)
    multipliers = {"default": None, "calibrated": slowdown}
    for n, this_round in enumerate(order):
        for mode in MODES if n % 2 == 0 else MODES[::-1]:
            print(f"      round {n + 1} of {len(order)}, {mode} mode: "
                  + ", ".join("floor" if item is lhci.FLOOR else f"/{item}" for item in this_round), flush=True)
            every_category = n == 0 and mode == "default"
            settings = lhci.lighthouse_settings(multipliers[mode], all_categories=every_category)
            lhci.collect(folders[mode], [floor_url if item is lhci.FLOOR else urls[item] for item in this_round],
                         settings, additive=n > 0)
            if every_category:
                lhci.copy_reports(folders[mode], folders["mobile"])
    return order


def judge_mode(verdicts: Verdicts, mode: str, folder: Path, urls: dict, floor_url: str, results: dict) -> None:
    """Medians of one mode's runs, the floor's bars, lhci's verdicts, printed and kept."""
    runs = [run_figures(report) for report in lhci.reports(folder)]
    floor = floor_figures([run for run in runs if run["url"] == floor_url])
    median_runs = lhci.median_reports(folder)
    judged = lhci.judge(folder, lhci.assert_config(urls, speed_bars(floor), categories=False))
    results["lighthouse"][mode] = {"cpu_slowdown": runs[0]["cpu_slowdown"], "floor": floor,
                                   "floor_breakdown": where_the_time_goes(median_runs[floor_url]["audits"])}
    print(f"      {mode} mode (cpuSlowdownMultiplier {runs[0]['cpu_slowdown']}): floor performance "
          f"{floor['performance']} (runs {listed(floor['performance_runs'])}), TBT {floor['tbt_ms']:.0f} ms "
          f"(runs {listed(floor['tbt_runs'])}); {breakdown_line(results['lighthouse'][mode]['floor_breakdown'])}")
    for page, url in urls.items():
        figures = medians([run for run in runs if run["url"] == url])
        median_run = summarize(median_runs[url])
        checks = speed_checks(page, mode, url, floor, judged)
        results["pages"][page].setdefault("lighthouse", {})[mode] = {
            **figures, "breakdown": where_the_time_goes(median_runs[url]["audits"]), "failing": median_run["failing"],
            "checks": {"performance": checks[0][3], "tbt": checks[1][3]}}
        print(f"      /{page} {mode}: performance {figures['performance']:g} (runs {listed(figures['performance_runs'])}), "
              f"TBT {figures['tbt_ms']:.0f} ms (runs {listed(figures['tbt_runs'])}), LCP {figures['lcp_ms']:.0f} ms, "
              f"CLS {figures['cls']:.3f}, index {spread(figures['benchmark_indexes'])}"
              + (f"  (below 0.9 in the median run: {', '.join(median_run['failing'])})" if median_run["failing"] else ""))
        for check in checks:
            verdicts.line(*check)
        if not all(check[3] for check in checks):
            print(f"        cause: {breakdown_line(results['pages'][page]['lighthouse'][mode]['breakdown'])}")


def audits_below_100(report: dict) -> list[str]:
    """The audits that cost a category (other than performance) points in one report, with
    the first thing each found: a console error, say, names its message."""
    found = []
    for name in BUDGET["lighthouse_100"]:
        for ref in report["categories"].get(name, {}).get("auditRefs", []):
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
                items = audit.get("details", {}).get("items") or [{}]
                found.append(f"{name} {ref['id']} ({items[0].get('description', audit.get('displayValue', ''))})")
    return found


def judge_categories(verdicts: Verdicts, label: str, folder: Path, urls: dict, results: dict) -> None:
    """Accessibility, best practices and SEO at 100 in the runs of `folder` (all audited them)."""
    judged = lhci.judge(folder, lhci.assert_config(urls, None, categories=True))
    for page, url in urls.items():
        check = category_check(page, label, url, judged)
        results["pages"][page].setdefault("categories", {})[label] = {"scores": check[1], "ok": check[3]}
        verdicts.line(*check)
        if not check[3]:
            causes = [cause for report in lhci.reports(folder) if report["requestedUrl"] == url
                      for cause in audits_below_100(report)]
            print(f"        cause: {'; '.join(causes) or 'no audit below 1 (a run lacks the category?)'}")


def desktop(verdicts: Verdicts, folder: Path, urls: dict, slowdown: float, runs: int, results: dict) -> None:
    """Desktop, `runs` runs of each page with every category: accessibility, best practices and
    SEO read the layout, which differs from the phone's."""
    lhci.collect(folder, list(urls.values()), lhci.lighthouse_settings(slowdown, True, desktop=True), False, runs)
    judge_categories(verdicts, "desktop", folder, urls, results)


def lighthouse_section(verdicts: Verdicts, pages: list[str], url: str, floor_url: str, args, results: dict,
                       out: Path) -> bool:
    """Calibrate, run both modes, judge every page against the floor of its mode; measure the
    index again. True if the machine was noisy."""
    before, index, slowdown = calibrate(floor_url, args.calibration_runs)
    print(f"\nLighthouse 12 through Lighthouse CI, two modes: default (4x) and calibrated\n"
          f"      CPU calibration: benchmarkIndex {index:.0f} (median of {listed(before)}) -> "
          f"cpuSlowdownMultiplier {slowdown['mobile']} mobile, {slowdown['desktop']} desktop "
          f"(Lighthouse's defaults: 4 and 1)\n      throttling guide: {guide_check(index, slowdown['mobile'])}", flush=True)
    folders = {mode: lhci.fresh_folder(out / "lhci" / mode) for mode in (*MODES, "mobile", "desktop")}
    urls = {page: url + page for page in pages}
    results["lighthouse"] = {"order": [["floor" if item is lhci.FLOOR else item for item in r]
                                       for r in collect_both_modes(folders, urls, floor_url, slowdown["mobile"], args)]}
    for mode in MODES:
        judge_mode(verdicts, mode, folders[mode], urls, floor_url, results)
    judge_categories(verdicts, "mobile", folders["mobile"], urls, results)
    if args.desktop_runs:
        desktop(verdicts, folders["desktop"], urls, slowdown["desktop"], args.desktop_runs, results)
    after = benchmark_index(floor_url, args.calibration_runs)
    change = index_change(index, statistics.median(after))
    strayed = strayed_pages(index, {page: results["pages"][page]["lighthouse"]["calibrated"]["benchmark_indexes"]
                                    + results["pages"][page]["lighthouse"]["default"]["benchmark_indexes"]
                                    for page in pages})
    noisy = is_noisy(index, statistics.median(after)) or bool(strayed)
    print(f"      benchmarkIndex at the end: {statistics.median(after):.0f} (median of {listed(after)}), "
          f"{change:.0%} from the start"
          + (f"; pages whose runs saw an index more than 20 % away: {', '.join('/' + p for p in strayed)}"
             if strayed else "")
          + (": NOISY, the multiplier no longer fits the machine" if noisy else ": steady"))
    results["calibration"] = {"index_before": before, "index_after": after, "cpu_slowdown": slowdown,
                              "guide": guide_check(index, slowdown["mobile"]),
                              "index_change": change, "strayed_pages": strayed, "noisy": noisy}
    return noisy
