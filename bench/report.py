"""bench/out/results.md: the tables of bench/RESULTS.md, filled in from results.json."""

from __future__ import annotations

import statistics

from bench.budgets import BUDGET
from bench.formatting import kb, listed, spread, verdict
from bench.page_speed import MODES


def calibration_line(calibration: dict) -> str:
    before, after = (statistics.median(calibration[k]) for k in ("index_before", "index_after"))
    return (f"- **CPU calibration**: benchmarkIndex {before:.0f} at the start (runs {listed(calibration['index_before'])}), "
            f"{after:.0f} at the end (runs {listed(calibration['index_after'])}): {calibration['index_change']:.0%} apart, "
            + ("**NOISY**" if calibration["noisy"] else "steady")
            + (f" (pages that strayed: {', '.join('/' + p for p in calibration['strayed_pages'])})"
               if calibration.get("strayed_pages") else "")
            + f"; cpuSlowdownMultiplier {calibration['cpu_slowdown']['mobile']} mobile, "
            f"{calibration['cpu_slowdown']['desktop']} desktop")


def weight_table(results: dict) -> list[str]:
    floor = results["floor_weight"]
    lines = ["", f"Floor (Material, one-line page): {kb(floor['raw'])} KB raw, {kb(floor['transferred'])} KB "
             f"transferred, {floor['requests']} requests.", "",
             "| Page | Page raw KB | Floor raw KB | Ours KB (≤ 100) | Transferred KB (≤ 120) | Requests | Other hosts |",
             "|---|---|---|---|---|---|---|"]
    for page, figures in results["pages"].items():
        w = figures["weight"]
        lines.append(f"| /{page} | {kb(w['raw'])} | {kb(floor['raw'])} | {kb(w['raw'] - floor['raw'])} | "
                     f"{kb(w['transferred'])} | {w['requests']} | {w['third_party']} |")
    return lines


def speed_cells(figures: dict, checks: dict | None) -> str:
    """performance (runs) | TBT (runs) | verdicts: one mode's cells of a row."""
    verdicts = "—" if checks is None else f"{verdict(checks['performance'])} / {verdict(checks['tbt'])}"
    return (f"{figures['performance']:g} ({listed(figures['performance_runs'])}) | "
            f"{figures['tbt_ms']:.0f} ({listed(figures['tbt_runs'])}) | {verdicts}")


def speed_table(results: dict) -> list[str]:
    """Both modes side by side, the floor's row first."""
    modes = results["lighthouse"]
    head = " | ".join(f"{mode} ({modes[mode]['cpu_slowdown']}×): performance (runs) | TBT ms (runs) | "
                      f"≥ floor − {BUDGET['performance_below_floor']} / ≤ floor + {BUDGET['tbt_over_floor_ms']} ms"
                      for mode in MODES)
    lines = ["", f"Medians of every run, each mode's pages interleaved with its floor (order: "
             f"{len(modes['order'])} round(s) like {' '.join('F' if i == 'floor' else 'p' for i in modes['order'][0])}, "
             "F the floor, p a page).", "",
             f"| Page | {head} | Index during the runs | A11y/BP/SEO mobile | Desktop |",
             "|---|" + "---|---|---|" * len(MODES) + "---|---|---|",
             "| floor | " + " | ".join(speed_cells(modes[mode]["floor"], None) for mode in MODES) + " | "
             f"{spread(modes['calibrated']['floor']['benchmark_indexes'])} | — | — |"]
    for page, figures in results["pages"].items():
        by_mode = figures["lighthouse"]
        indexes = [i for mode in MODES for i in by_mode[mode]["benchmark_indexes"]]
        categories = figures.get("categories", {})
        lines.append(f"| /{page} | " + " | ".join(speed_cells(by_mode[mode], by_mode[mode]["checks"]) for mode in MODES)
                     + f" | {spread(indexes)} | "
                     + " | ".join(categories.get(kind, {}).get("scores", "—") for kind in ("mobile", "desktop")) + " |")
    return lines


def breakdown_table(results: dict) -> list[str]:
    lines = ["", "Where the time goes (each mode's median run as Lighthouse CI picks it; Lighthouse's milliseconds, "
             "observed × multiplier; scripts under 50 ms are not listed by file):", "",
             "| Page | Mode | Main thread ms | Script evaluation | By script file | Style and layout | HTML parse | Other | DOM elements |",
             "|---|---|---|---|---|---|---|---|---|"]
    rows = [("floor", mode, results["lighthouse"][mode]["floor_breakdown"]) for mode in MODES]
    rows += [(f"/{page}", mode, figures["lighthouse"][mode]["breakdown"])
             for page, figures in results["pages"].items() for mode in MODES]
    for page, mode, report in rows:
        g = report["main_thread"]
        files = ", ".join(f"{n} {v['evaluation']:.0f}" for n, v in sorted(report["scripts"].items(), key=lambda i: -i[1]["evaluation"]))
        lines.append(f"| {page} | {mode} | {sum(g.values()):.0f} | {g.get('scriptEvaluation', 0):.0f} | {files} | "
                     f"{g.get('styleLayout', 0):.0f} | {g.get('parseHTML', 0):.0f} | {g.get('other', 0):.0f} | "
                     f"{report['dom_elements']:.0f} |")
    return lines


def build_table(build: dict) -> list[str]:
    p = build["profile"]
    return ["", "| Build figure | Value | Budget |", "|---|---|---|",
            f"| Our code (macros, hooks, zip) in a sampled first build, median of {len(p.get('shares', [1]))} | {p['own_s']:.2f} s of {p['build_s']:.2f} s = "
            f"{p['share']:.0%} ({', '.join(f'{f} {t:.2f} s' for f, t in list(p['by_file'].items())[:4])}) "
            f"| ≤ {BUDGET['own_code_share']:.0%} |",
            f"| A sample edit visible in `mkdocs serve`, median | {build['serve_edit_median_s']:.2f} s "
            f"(runs {', '.join(f'{t:.2f}' for t in build['serve_edit_s'])}) | ≤ {BUDGET['serve_edit_s']} s |",
            f"| Docs and samples 10× / 1× | {build['scale_10x_s']:.2f} s / {build['scale_1x_s']:.2f} s = "
            f"{build['scale_ratio']:.1f}× | ≤ {BUDGET['scale_10x_ratio']}× |"]


def results_markdown(results: dict) -> str:
    """The tables of bench/RESULTS.md, filled in from results.json."""
    lines = [f"- **Date**: {results['date']}; **machine**: {results['machine']}; "
             f"`make bench` took {results['elapsed_s'] / 60:.1f} min"]
    if results.get("reduced"):
        lines.append(f"- **Reduced run** ({results['reduced']}): a check that the bench works, not figures to record")
    if results.get("calibration"):
        lines.append(calibration_line(results["calibration"]))
        lines.append(f"- **Throttling guide**: {results['calibration'].get('guide', '')}")
    lines += weight_table(results)
    if results.get("lighthouse"):
        lines += speed_table(results) + breakdown_table(results)
    if results.get("build"):
        lines += build_table(results["build"])
    return "\n".join(lines) + "\n"
