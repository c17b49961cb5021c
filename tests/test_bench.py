"""The arithmetic and the project copies of `make bench` (bench/run.py), without Lighthouse."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from bench import run as bench
from helpers import ROOT, mkdocs_build, serve

KB = 1024


@pytest.mark.parametrize("index, multiplier", [
    (150, 1.0), (475, 1.5), (800, 2.0), (1050, 2.5), (1300, 3.0), (1533, 4.0), (1766, 5.0), (2000, 6.0), (3212, 11.2),
])
def test_cpu_slowdown_follows_lighthouses_calculator(index, multiplier):
    assert bench.cpu_slowdown(index) == multiplier


def test_cpu_slowdown_has_no_jump_between_brackets():
    for edge in (800, 1300):
        assert bench.cpu_slowdown(edge - 0.01) == bench.cpu_slowdown(edge)


def test_a_machine_too_slow_to_emulate_the_reference_is_refused():
    with pytest.raises(ValueError, match="too slow"):
        bench.cpu_slowdown(149)


@pytest.mark.parametrize("before, after, noisy", [
    (2000, 2000, False), (2000, 2400, False), (2000, 1600, False), (2000, 2401, True), (2000, 1599, True),
])
def test_a_run_is_noisy_when_the_index_moves_more_than_20_percent(before, after, noisy):
    assert bench.is_noisy(before, after) is noisy


def test_the_verdict_names_failures_first_and_a_noisy_run_in_any_case():
    assert bench.final_verdict(0, False) == ("all budgets pass", 0)
    message, status = bench.final_verdict(0, True)
    assert status == 2 and "NOISY" in message
    message, status = bench.final_verdict(2, True)
    assert status == 1 and "2 budget(s) FAIL" in message and "NOISY" in message


def weight(raw_kb: float, transferred_kb: float, third_party: int = 0) -> dict:
    return {"requests": 10, "raw": raw_kb * KB, "transferred": transferred_kb * KB, "third_party": third_party}


def test_page_weight_budgets_count_our_bytes_over_the_floor_and_the_transfer():
    floor = weight(300, 75)
    checks = bench.weight_checks("layers/", weight(400, 120), floor)
    assert [ok for *_, ok in checks] == [True, True, True]
    over, transferred, third_party = checks
    assert "400 - 300 = 100 KB" in over[1], "the line shows page, floor and difference"
    assert [ok for *_, ok in bench.weight_checks("layers/", weight(400.5, 120.5, 1), floor)] == [False, False, False]


def test_pages_come_from_the_sitemap():
    sitemap = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://127.0.0.1:8000/</loc></url>
  <url><loc>http://127.0.0.1:8000/handout/</loc></url>
</urlset>"""
    assert bench.sitemap_pages(sitemap, "http://127.0.0.1:8000/") == ["", "handout/"]
    with pytest.raises(SystemExit, match="outside"):
        bench.sitemap_pages(sitemap, "http://127.0.0.1:9000/")


def plugin_names(config: dict) -> list[str]:
    return [bench.plugin_name(entry) for entry in config["plugins"]]


def test_without_build_work_drops_the_macros_plugin_and_every_hook_and_keeps_the_rest():
    config = bench.load_config(ROOT)
    assert "macros" in plugin_names(config) and config["hooks"], "the real mkdocs.yml has both, or this test is moot"
    baseline = bench.without_build_work(config)
    assert "hooks" not in baseline
    assert plugin_names(baseline) == [name for name in plugin_names(config) if name != "macros"]
    assert baseline["markdown_extensions"] == config["markdown_extensions"] and baseline["nav"] == config["nav"]
    assert "macros" not in bench.without_build_work({"plugins": {"search": {}, "macros": {}}})["plugins"]


def test_the_floor_keeps_materials_settings_and_leaves_out_ours():
    config = bench.load_config(ROOT)
    floor = bench.floor_config(config, "http://127.0.0.1:9/")
    assert floor["theme"]["features"] == config["theme"]["features"]
    assert floor["theme"]["palette"] == config["theme"]["palette"]
    assert floor["markdown_extensions"] == config["markdown_extensions"]
    assert not {"nav", "extra_css", "extra_javascript", "hooks"} & floor.keys()
    assert not {"custom_dir", "favicon"} & floor["theme"].keys()
    assert "minify_html" in plugin_names(floor), "the floor's HTML is minified like ours"


def test_the_floor_builds(tmp_path):
    floor = bench.floor_project(tmp_path / "floor", "http://127.0.0.1:9/")
    assert [p.name for p in (floor / "docs").iterdir()] == ["index.md"]
    result = mkdocs_build(floor, tmp_path / "floor-site", strict=False)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "floor-site" / "index.html").read_text()
    assert "one line of text" in html
    links = [e.get("href", "") + e.get("src", "") for e in BeautifulSoup(html, "lxml").find_all(["link", "script"])]
    assert not [link for link in links if "assets/stylesheets/lab.css" in link or "javascripts/lab.js" in link]
    assert any("assets/javascripts/bundle." in link for link in links), "Material's own bundle is the floor"



def lighthouse_report(performance=96, tbt=40, tbt_runs=None):
    return {"scores": {"performance": performance, "accessibility": 100, "best-practices": 100, "seo": 100},
            "lcp_ms": 2300, "tbt_ms": tbt, "cls": 0, "performance_runs": [95, performance, 97],
            "tbt_runs": tbt_runs or [tbt, tbt, tbt], "benchmark_indexes": [1900, 2100],
            "main_thread": {"scriptEvaluation": 700, "styleLayout": 500, "parseHTML": 80, "other": 300},
            "scripts": {"bundle.js": {"total": 800, "evaluation": 650, "parse": 10}, "explorers.js": {"total": 60, "evaluation": 55, "parse": 2}},
            "long_tasks": [], "dom_elements": 1650}


def test_results_tables_show_floor_page_our_bytes_the_calibration_and_where_the_time_goes():
    report = lighthouse_report()
    floor = {**bench.floor_figures([lighthouse_report(98, 20)] * 2), "start": lighthouse_report(98, 20)}
    results = {"date": "2026-11-27", "machine": "x86_64, 2 CPUs", "elapsed_s": 600,
               "floor_weight": weight(314, 76), "floor_lighthouse_mobile": floor, "pages": {"layers/": {
                   "weight": weight(411, 100), "lighthouse_mobile": report, "lighthouse_desktop": report}},
               "calibration": {"index_before": [2000, 2000, 2100], "index_after": [2500, 2600, 2500], "guide": "index 2000 ...",
                               "index_change": 0.25, "noisy": True, "cpu_slowdown": {"mobile": 6.0, "desktop": 1.5}},
               "build": {"profile": {"own_s": 0.3, "build_s": 1.0, "share": 0.3, "by_file": {"labmacros/printable.py": 0.2}},
                         "serve_edit_s": [1.1, 1.2, 1.3], "serve_edit_median_s": 1.2,
                         "scale_1x_s": 2, "scale_10x_s": 7, "scale_ratio": 3.5}}
    tables = bench.results_markdown(results)
    assert "| /layers/ | 411 | 314 | 97 | 100 | 10 | 0 |" in tables
    # 96 >= 98 - 3 passes; TBT 40 <= 20 + 100 passes
    assert "| /layers/ | 96/100/100/100 | 95, 96, 97 | PASS | 1900-2100 | 2.3 s | 40 ms | 0.000 | PASS |" in tables
    assert "| /layers/ | 1580 | 700 | bundle.js 650, explorers.js 55 | 500 | 80 | 300 | 1650 |" in tables
    assert "benchmarkIndex 2000 at the start" in tables and "**NOISY**" in tables and "6.0 mobile" in tables
    assert "0.30 s of 1.00 s = 30%" in tables and "labmacros/printable.py 0.20 s" in tables
    assert "1.20 s (runs 1.10, 1.20, 1.30)" in tables and "3.5×" in tables


@pytest.mark.parametrize("performance, tbt_runs, verdicts", [
    (95, [100, 120, 140], [True, True]),  # 3 under the floor's 98, TBT 120 = floor + 100
    (94, [100, 121, 900], [False, False]),  # 4 under; the median TBT is 121
    (99, [500, 10, 15], [True, True]),  # better than the floor; one slow run does not decide the TBT
    (99, [300] * 3, [True, False]),  # the score passes, the TBT does not: two checks, not one
    (90, [20] * 3, [False, True]),
])
def test_performance_and_tbt_are_judged_against_the_floor(performance, tbt_runs, verdicts):
    floor = bench.floor_figures([lighthouse_report(98, 20)] * 3)
    checks = bench.performance_checks("layers/", lighthouse_report(performance, tbt_runs=tbt_runs), floor)
    assert [ok for *_, ok in checks] == verdicts
    assert "floor 98" in checks[0][1] and "floor 20" in checks[1][1]


def test_the_floor_is_the_median_of_its_runs_at_both_ends():
    floor = bench.floor_figures([lighthouse_report(99, 10), lighthouse_report(90, 300), lighthouse_report(97, 40)])
    assert floor["scores"]["performance"] == 97 and floor["tbt_ms"] == 40
    assert floor["performance_runs"] == [99, 90, 97]


def test_where_the_time_goes_reads_lighthouses_trace_audits():
    audits = {
        "mainthread-work-breakdown": {"details": {"items": [{"group": "scriptEvaluation", "duration": 700.4},
                                                            {"group": "styleLayout", "duration": 500}]}},
        "bootup-time": {"details": {"items": [
            {"url": "http://127.0.0.1:9/assets/javascripts/bundle.a5.min.js?v=1", "total": 800, "scripting": 650, "scriptParseCompile": 9},
            {"url": "http://127.0.0.1:9/layers/", "total": 90, "scripting": 60, "scriptParseCompile": 1},
            {"url": "Unattributable", "total": 70, "scripting": 5, "scriptParseCompile": 0}]}},
        "long-tasks": {"details": {"items": [{"url": "http://127.0.0.1:9/a.js", "startTime": 900, "duration": 120}]}},
        "dom-size": {"numericValue": 1653},
    }
    found = bench.where_the_time_goes(audits)
    assert list(found["scripts"]) == ["bundle.a5.min.js", "page", "Unattributable"]
    assert found["long_tasks"] == [{"file": "a.js", "start_ms": 900, "ms": 120}] and found["dom_elements"] == 1653
    line = bench.breakdown_line(found)
    assert line.startswith("main thread 1200 ms (script evaluation 700, style and layout 500)")
    assert "bundle.a5.min.js 650, page 60, Unattributable 5" in line and line.endswith("DOM 1653 elements")


def test_our_code_is_what_is_called_from_outside_it_counted_once():
    # pstats: (file, line, name) -> (calls, calls, own time, cumulative time, {caller: (.., .., own, cumulative)})
    build = ("/x/mkdocs/commands/build.py", 1, "build")
    render = ("/x/jinja2/environment.py", 1, "render")
    macro = ("/p/labmacros/macros.py", 10, "dockerfile")
    helper = ("/p/labmacros/samples.py", 5, "read")  # called by our macro: inside, not counted again
    hook = ("/p/labmacros/printable.py", 3, "on_post_build")
    join = ("~", 0, "<method 'join' of 'str' objects>")  # our code joining our generator: inside
    genexpr = ("/p/labmacros/diagrams.py", 7, "<genexpr>")
    exec_ = ("~", 0, "<built-in method builtins.exec>")  # importlib running our module: an entry
    module = ("/p/labmacros/diagrams.py", 1, "<module>")
    stats = {
        join: (1, 1, 0.0, 0.2, {macro: (1, 1, 0.0, 0.2)}),
        genexpr: (9, 9, 0.2, 0.2, {join: (9, 9, 0.2, 0.2)}),
        exec_: (1, 1, 0.0, 0.05, {("/x/importlib/_bootstrap.py", 1, "_call_with_frames_removed"): (1, 1, 0.0, 0.05)}),
        module: (1, 1, 0.05, 0.05, {exec_: (1, 1, 0.05, 0.05)}),
        build: (1, 1, 0.1, 2.0, {}),
        render: (5, 5, 0.2, 1.0, {build: (5, 5, 0.2, 1.0)}),
        macro: (4, 4, 0.1, 0.5, {render: (4, 4, 0.1, 0.5)}),
        helper: (4, 4, 0.3, 0.3, {macro: (4, 4, 0.3, 0.3)}),
        hook: (1, 1, 0.2, 0.25, {build: (1, 1, 0.2, 0.25)}),
    }
    own, total, by_file = bench.own_code_time(stats, lambda f: f.startswith("/p/"))
    assert (round(own, 2), total) == (0.8, 2.0)
    assert by_file == {"/p/labmacros/macros.py": 0.5, "/p/labmacros/printable.py": 0.25, "/p/labmacros/diagrams.py": 0.05}
    with pytest.raises(SystemExit, match="has no"):
        bench.own_code_time({macro: stats[macro]}, lambda f: True)


@pytest.mark.parametrize("index, multiplier, words", [
    (1533, 4.0, "high-end desktop in the guide's table (suggested 4x, range 2-10x): the calculator's 4.0x is within it"),
    (1200, 2.8, "low-end desktop"),
    (3774, 13.6, "outside the guide's table"),
    (1900, 11.0, "OUTSIDE it"),
])
def test_the_multiplier_is_checked_against_the_throttling_guides_table(index, multiplier, words):
    assert words in bench.guide_check(index, multiplier)


def test_the_floor_weighs_materials_own_first_load_as_served(tmp_path, browser):
    """Raw is the files' size on disk; transferred is what the gzip-compressing server sent."""
    floor = bench.floor_project(tmp_path / "floor", "http://127.0.0.1:9/")
    server, url = serve(tmp_path / "site", bench.GitHubPagesLikeHandler)
    try:
        assert mkdocs_build(floor, tmp_path / "site", strict=False).returncode == 0
        weight = bench.page_weight(browser, url, url)
    finally:
        server.shutdown()
    paths = [urlsplit(u).path.lstrip("/") for u in weight["urls"]]
    assert any(p.startswith("assets/javascripts/bundle.") for p in paths)
    assert "search/search_index.json" in paths, "the search index Material fetches at start-up is in the floor"
    files = [tmp_path / "site" / (p + "index.html" if p.endswith("/") or not p else p) for p in paths]
    assert weight["raw"] == sum(f.stat().st_size for f in files)
    assert weight["transferred"] < weight["raw"] / 2 and weight["third_party"] == 0


def test_two_runs_agree_when_each_page_is_within_5_points():
    def run(**performance):
        return {"pages": {page: {"lighthouse_mobile": {"scores": {"performance": score}}}
                          for page, score in performance.items()}}

    rows = bench.repeatability(run(a=95, b=90, c=97), run(a=100, b=96, d=99))
    assert rows == [("a", 95, 100, True), ("b", 90, 96, False)]


def test_a_page_measured_on_a_machine_20_percent_away_makes_the_run_noisy():
    assert bench.strayed_pages(2000, {"": [2000, 2100, 1900], "layers/": [1500, 1550, 2600], "demo/": [2500, 2300]}) \
        == ["layers/"]


def test_a_copied_page_uses_its_own_samples_and_still_reaches_the_shared_ones():
    page = '{{ dockerfile("app/web.Dockerfile") }} {{ try_script("app/try/q2.sh") }} [zip](samples/app.zip)'
    assert bench.copied_page(page, 3) == \
        '{{ dockerfile("app3/web.Dockerfile") }} {{ try_script("app/try/q2.sh") }} [zip](../samples/app.zip)'
