"""The arithmetic, the run order, the Lighthouse CI configs and the project copies of `make bench`
(bench/run.py and its modules), without running Lighthouse."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from bench import budgets, calibration, lhci, lighthouse, page_speed, projects, report, serving
from bench.weight import page_weight
from helpers import ROOT, missing_tool, mkdocs_build, serve

KB = 1024


@pytest.mark.parametrize("index, multiplier", [
    (150, 1.0), (475, 1.5), (800, 2.0), (1050, 2.5), (1300, 3.0), (1533, 4.0), (1766, 5.0), (2000, 6.0), (3212, 11.2),
])
def test_cpu_slowdown_follows_lighthouses_calculator(index, multiplier):
    assert calibration.cpu_slowdown(index) == multiplier


def test_cpu_slowdown_has_no_jump_between_brackets():
    for edge in (800, 1300):
        assert calibration.cpu_slowdown(edge - 0.01) == calibration.cpu_slowdown(edge)


def test_a_machine_too_slow_to_emulate_the_reference_is_refused():
    with pytest.raises(ValueError, match="too slow"):
        calibration.cpu_slowdown(149)


@pytest.mark.parametrize("before, after, noisy", [
    (2000, 2000, False), (2000, 2400, False), (2000, 1600, False), (2000, 2401, True), (2000, 1599, True),
])
def test_a_run_is_noisy_when_the_index_moves_more_than_20_percent(before, after, noisy):
    assert calibration.is_noisy(before, after) is noisy


def test_the_verdict_names_failures_first_and_a_noisy_run_in_any_case():
    assert budgets.final_verdict(0, False) == ("all budgets pass", 0)
    message, status = budgets.final_verdict(0, True)
    assert status == 2 and "NOISY" in message
    message, status = budgets.final_verdict(2, True)
    assert status == 1 and "2 budget(s) FAIL" in message and "NOISY" in message


def weight(raw_kb: float, transferred_kb: float, third_party: int = 0) -> dict:
    return {"requests": 10, "raw": raw_kb * KB, "transferred": transferred_kb * KB, "third_party": third_party}


def test_page_weight_budgets_count_our_bytes_over_the_floor_and_the_transfer():
    floor = weight(300, 75)
    checks = budgets.weight_checks("layers/", weight(400, 120), floor)
    assert [ok for *_, ok in checks] == [True, True, True]
    over, transferred, third_party = checks
    assert "400 - 300 = 100 KB" in over[1], "the line shows page, floor and difference"
    assert [ok for *_, ok in budgets.weight_checks("layers/", weight(400.5, 120.5, 1), floor)] == [False, False, False]


def test_pages_come_from_the_sitemap():
    sitemap = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://127.0.0.1:8000/</loc></url>
  <url><loc>http://127.0.0.1:8000/handout/</loc></url>
</urlset>"""
    assert serving.sitemap_pages(sitemap, "http://127.0.0.1:8000/") == ["", "handout/"]
    with pytest.raises(SystemExit, match="outside"):
        serving.sitemap_pages(sitemap, "http://127.0.0.1:9000/")


def plugin_names(config: dict) -> list[str]:
    return [projects.plugin_name(entry) for entry in config["plugins"]]


def test_without_build_work_drops_the_macros_plugin_and_every_hook_and_keeps_the_rest():
    config = projects.load_config(ROOT)
    assert "macros" in plugin_names(config) and config["hooks"], "the real mkdocs.yml has both, or this test is moot"
    baseline = projects.without_build_work(config)
    assert "hooks" not in baseline
    assert plugin_names(baseline) == [name for name in plugin_names(config) if name != "macros"]
    assert baseline["markdown_extensions"] == config["markdown_extensions"] and baseline["nav"] == config["nav"]
    assert "macros" not in projects.without_build_work({"plugins": {"search": {}, "macros": {}}})["plugins"]


def test_the_floor_keeps_materials_settings_and_leaves_out_ours():
    config = projects.load_config(ROOT)
    floor = projects.floor_config(config, "http://127.0.0.1:9/")
    assert floor["theme"]["features"] == config["theme"]["features"]
    assert floor["theme"]["palette"] == config["theme"]["palette"]
    assert floor["markdown_extensions"] == config["markdown_extensions"]
    assert not {"nav", "extra_css", "extra_javascript", "hooks"} & floor.keys()
    assert not {"custom_dir", "favicon"} & floor["theme"].keys()
    assert "minify_html" in plugin_names(floor), "the floor's HTML is minified like ours"


def test_the_floor_builds(tmp_path):
    floor = projects.floor_project(tmp_path / "floor", "http://127.0.0.1:9/")
    assert [p.name for p in (floor / "docs").iterdir()] == ["index.md"]
    result = mkdocs_build(floor, tmp_path / "floor-site", strict=False)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "floor-site" / "index.html").read_text()
    assert "one line of text" in html
    links = [e.get("href", "") + e.get("src", "") for e in BeautifulSoup(html, "lxml").find_all(["link", "script"])]
    assert not [link for link in links if "assets/stylesheets/lab.css" in link or "javascripts/lab.js" in link]
    assert any("assets/javascripts/bundle." in link for link in links), "Material's own bundle is the floor"



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
    found = lighthouse.where_the_time_goes(audits)
    assert list(found["scripts"]) == ["bundle.a5.min.js", "page", "Unattributable"]
    assert found["long_tasks"] == [{"file": "a.js", "start_ms": 900, "ms": 120}] and found["dom_elements"] == 1653
    line = lighthouse.breakdown_line(found)
    assert line.startswith("main thread 1200 ms (script evaluation 700, style and layout 500)")
    assert "bundle.a5.min.js 650, page 60, Unattributable 5" in line and line.endswith("DOM 1653 elements")


@pytest.mark.parametrize("index, multiplier, words", [
    (1533, 4.0, "high-end desktop in the guide's table (suggested 4x, range 2-10x): the calculator's 4.0x is within it"),
    (1200, 2.8, "low-end desktop"),
    (3774, 13.6, "outside the guide's table"),
    (1900, 11.0, "OUTSIDE it"),
])
def test_the_multiplier_is_checked_against_the_throttling_guides_table(index, multiplier, words):
    assert words in calibration.guide_check(index, multiplier)


def test_the_floor_weighs_materials_own_first_load_as_served(tmp_path, browser):
    """Raw is the files' size on disk; transferred is what the gzip-compressing server sent."""
    floor = projects.floor_project(tmp_path / "floor", "http://127.0.0.1:9/")
    server, url = serve(tmp_path / "site", serving.GitHubPagesLikeHandler)
    try:
        assert mkdocs_build(floor, tmp_path / "site", strict=False).returncode == 0
        loaded = page_weight(browser, url, url)
    finally:
        server.shutdown()
    paths = [urlsplit(u).path.lstrip("/") for u in loaded["urls"]]
    assert any(p.startswith("assets/javascripts/bundle.") for p in paths)
    assert "search/search_index.json" in paths, "the search index Material fetches at start-up is in the floor"
    files = [tmp_path / "site" / (p + "index.html" if p.endswith("/") or not p else p) for p in paths]
    assert loaded["raw"] == sum(f.stat().st_size for f in files)
    assert loaded["transferred"] < loaded["raw"] / 2 and loaded["third_party"] == 0


def test_a_page_measured_on_a_machine_20_percent_away_makes_the_run_noisy():
    assert calibration.strayed_pages(2000, {"": [2000, 2100, 1900], "layers/": [1500, 1550, 2600], "demo/": [2500, 2300]}) \
        == ["layers/"]


# --- Lighthouse in two modes, through Lighthouse CI -------------------------------------------

F = lhci.FLOOR


def test_each_round_interleaves_the_floor_and_the_last_one_ends_with_it():
    assert lhci.interleaved(["a", "b", "c"], 2, 1) == [[F, "a", F, "b", F, "c"], [F, "c", F, "b", F, "a", F]]
    assert lhci.interleaved(["a", "b", "c"], 3, 2) == [[F, "a", "b", F, "c"], [F, "c", "b", F, "a"], [F, "a", "b", F, "c", F]]
    # per-round interleaving: the floor once per round
    assert lhci.interleaved(["a", "b"], 2, 9) == [[F, "a", "b"], [F, "b", "a", F]]


def test_every_page_runs_once_a_round_and_the_floor_brackets_every_run():
    pages = ["", "layers/", "compose/", "demo/", "samples/"]
    order = lhci.interleaved(pages, 3, 2)
    for this_round in order:
        assert sorted(p for p in this_round if p is not F) == sorted(pages)
    flat = [item for this_round in order for item in this_round]
    assert flat[0] is F and flat[-1] is F
    # never more than two pages between two floor runs
    gaps = [len(list(group)) for is_floor, group in __import__("itertools").groupby(flat, lambda i: i is F) if not is_floor]
    assert max(gaps) == 2


def test_the_two_modes_differ_only_in_the_cpu_multiplier():
    default = lhci.lighthouse_settings(None, all_categories=False)
    calibrated = lhci.lighthouse_settings(7.5, all_categories=False)
    assert "throttling" not in default, "the default mode keeps Lighthouse's own 4x"
    assert calibrated == {**default, "throttling": {"cpuSlowdownMultiplier": 7.5}}
    assert default["onlyCategories"] == ["performance"] and "--no-sandbox" in default["chromeFlags"]
    assert "onlyCategories" not in lhci.lighthouse_settings(None, all_categories=True)
    assert lhci.lighthouse_settings(1.9, True, desktop=True)["preset"] == "desktop"


def test_one_collect_runs_its_urls_once_each_in_the_given_order_repeats_included():
    urls = ["http://f/", "http://s/a/", "http://f/", "http://s/b/"]
    config = lhci.collect_config(urls, {"x": 1}, additive=True)["ci"]["collect"]
    assert config["url"] == urls and config["numberOfRuns"] == 1 and config["additive"] is True
    assert config["settings"] == {"x": 1}


def test_the_assertions_hold_each_page_to_the_floor_of_its_mode_by_medians():
    urls = {"": "http://127.0.0.1:8000/", "layers/": "http://127.0.0.1:8000/layers/"}
    bars = budgets.speed_bars({"performance": 98, "tbt_ms": 20})
    assert bars == {"performance": 95, "tbt_ms": 120}
    config = lhci.assert_config(urls, bars, categories=True)["ci"]["assert"]
    assert config["includePassedAssertions"] is True
    matrix = config["assertMatrix"]
    assert [entry["matchingUrlPattern"] for entry in matrix] == [lhci.url_pattern(u) for u in urls.values()]
    assertions = matrix[1]["assertions"]
    assert assertions["categories:performance"] == ["error", {"minScore": 0.95, "aggregationMethod": "median"}]
    assert assertions["total-blocking-time"] == ["error", {"maxNumericValue": 120, "aggregationMethod": "median"}]
    assert assertions["categories:accessibility"][1]["minScore"] == 1
    assert "categories:seo" not in lhci.assert_config(urls, bars, categories=False)["ci"]["assert"]["assertMatrix"][0]["assertions"]
    assert list(lhci.assert_config(urls, None, categories=True)["ci"]["assert"]["assertMatrix"][0]["assertions"]) == \
        [f"categories:{c}" for c in budgets.BUDGET["lighthouse_100"]]


def test_a_page_pattern_matches_that_url_only():
    pattern = __import__("re").compile(lhci.url_pattern("http://127.0.0.1:8000/"))
    assert pattern.match("http://127.0.0.1:8000/")
    assert not pattern.match("http://127.0.0.1:8000/layers/") and not pattern.match("http://127.0.0.1:80000/")
    assert not pattern.match("http://127a0.0.1:8000/")


def run(performance, tbt, index=2000, url="http://s/"):
    return {"url": url, "performance": performance, "tbt_ms": tbt, "lcp_ms": 2000, "cls": 0, "benchmark_index": index}


def test_medians_take_the_middle_run_or_the_mean_of_the_middle_two_and_keep_the_runs_in_order():
    odd = budgets.medians([run(99, 10), run(90, 300), run(97, 40)])
    assert (odd["performance"], odd["tbt_ms"]) == (97, 40)
    assert odd["performance_runs"] == [99, 90, 97] and odd["tbt_runs"] == [10, 300, 40]
    even = budgets.medians([run(94, 100), run(95, 121)])
    assert (even["performance"], even["tbt_ms"]) == (94.5, 110.5)


def test_the_floor_is_the_median_of_its_runs_in_whole_points():
    floor = budgets.floor_figures([run(99, 10), run(98, 300), run(97, 40), run(96, 41)])
    assert floor["performance"] == 98 and floor["tbt_ms"] == 40.5  # 97.5 rounds to even


def judged(url, passed_score, passed_tbt, score=0.95, tbt=120.0):
    return {(url, "categories:performance"): {"passed": passed_score, "actual": score},
            (url, "total-blocking-time"): {"passed": passed_tbt, "actual": tbt}}


def test_the_verdict_lines_are_lighthouse_cis_and_a_missing_result_fails():
    floor = {"performance": 98, "tbt_ms": 20}
    checks = page_speed.speed_checks("layers/", "calibrated", "http://s/layers/", floor, judged("http://s/layers/", True, False, 0.955, 121))
    assert [ok for *_, ok in checks] == [True, False]
    assert checks[0][:2] == ("/layers/ calibrated performance vs the floor", "95.5 (floor 98)")
    assert checks[1][1] == "121 ms (floor 20)"
    assert [ok for *_, ok in page_speed.speed_checks("", "default", "http://s/", floor, {})] == [False, False]


@pytest.fixture
def lighthouse_ci():
    """Real `lhci assert` judges made-up reports; without it a skip, a failure under CI=true."""
    if not lhci.LHCI.exists():
        missing_tool("Lighthouse CI is not installed (npm ci --prefix bench; .ci/run and make bench do it)")


def lhr(url, performance, tbt, n, others=None):
    """The parts of a Lighthouse report that `lhci assert` reads; `others`: the other categories' score."""
    return {"requestedUrl": url, "finalUrl": url, "fetchTime": f"2026-12-03T08:00:{n:02d}.000Z",
            "categories": {"performance": {"score": performance / 100},
                           **({name: {"score": others} for name in budgets.BUDGET["lighthouse_100"]} if others else {})},
            "audits": {"total-blocking-time": {"numericValue": tbt, "score": 1},
                       "first-contentful-paint": {"numericValue": 900}, "interactive": {"numericValue": 2000}}}


@pytest.mark.usefixtures("lighthouse_ci")
@pytest.mark.parametrize("mode, floor_runs, verdicts", [
    # floor 98 / 20 ms: the page's median 95 passes, its median TBT 121 does not
    ("calibrated", [(98, 20), (97, 30), (99, 10)], [True, False]),
    # the same page against a slower floor (95 / 200 ms): 95 >= 92 and 121 <= 300 pass
    ("default", [(95, 200), (94, 250), (96, 150)], [True, True]),
])
def test_lighthouse_ci_judges_each_mode_against_its_own_floor(tmp_path, mode, floor_runs, verdicts):
    floor_url, page_url = "http://127.0.0.1:9001/", "http://127.0.0.1:9000/layers/"
    reports = tmp_path / mode / ".lighthouseci"
    reports.mkdir(parents=True)
    page_runs = [(95, 100), (94, 121), (96, 900)]
    for n, (url, (performance, tbt)) in enumerate(
            (url, figures) for pair in zip(floor_runs, page_runs) for url, figures in zip((floor_url, page_url), pair)):
        (reports / f"lhr-{1000 + n}.json").write_text(__import__("json").dumps(lhr(url, performance, tbt, n)))
    runs = [{"url": r["requestedUrl"], "performance": round(r["categories"]["performance"]["score"] * 100),
             "tbt_ms": r["audits"]["total-blocking-time"]["numericValue"], "lcp_ms": 0, "cls": 0, "benchmark_index": 0}
            for r in lhci.reports(tmp_path / mode)]
    assert [r["url"] for r in runs] == [floor_url, page_url] * 3, "the runs in the order they were taken"
    floor = budgets.floor_figures([r for r in runs if r["url"] == floor_url])
    result = lhci.judge(tmp_path / mode, lhci.assert_config({"layers/": page_url}, budgets.speed_bars(floor), False))
    checks = page_speed.speed_checks("layers/", mode, page_url, floor, result)
    assert [ok for *_, ok in checks] == verdicts
    assert result[(page_url, "total-blocking-time")]["actual"] == 121, "lhci's median, not the median run's"
    assert sorted(result[(page_url, "total-blocking-time")]["values"]) == [100, 121, 900]


def mode_figures(performance, tbt, checks=True):
    return {**budgets.medians([run(performance, tbt, 1900), run(performance, tbt, 2100), run(performance, tbt, 2000)]),
            "checks": {"performance": checks, "tbt": checks},
            "breakdown": {"main_thread": {"scriptEvaluation": 700, "styleLayout": 500, "parseHTML": 80, "other": 300},
                          "scripts": {"bundle.js": {"total": 800, "evaluation": 650, "parse": 10},
                                      "explorers.js": {"total": 60, "evaluation": 55, "parse": 2}},
                          "long_tasks": [], "dom_elements": 1650}}


def test_results_tables_show_both_modes_side_by_side_with_the_floor():
    floor = mode_figures(100, 12)
    results = {"date": "2026-12-03", "machine": "x86_64, 2 CPUs", "elapsed_s": 600, "reduced": "",
               "floor_weight": weight(314, 76), "pages": {"layers/": {
                   "weight": weight(411, 100), "categories": {"mobile": {"scores": "100/100/100", "ok": True},
                                                              "desktop": {"scores": "100/98/100", "ok": False}},
                   "lighthouse": {"default": mode_figures(96, 171), "calibrated": mode_figures(90, 400, False)}}},
               "lighthouse": {"order": [["floor", "layers/"], ["floor", "layers/", "floor"]],
                              "default": {"cpu_slowdown": 4, "floor": floor, "floor_breakdown": floor["breakdown"]},
                              "calibrated": {"cpu_slowdown": 7.2, "floor": floor, "floor_breakdown": floor["breakdown"]}},
               "calibration": {"index_before": [2000, 2000, 2100], "index_after": [2500, 2600, 2500], "guide": "index 2000 ...",
                               "index_change": 0.25, "noisy": True, "cpu_slowdown": {"mobile": 7.2, "desktop": 1.8}},
               "build": {"profile": {"own_s": 0.3, "build_s": 1.0, "share": 0.3, "by_file": {"labmacros/printable.py": 0.2}},
                         "serve_edit_s": [1.1, 1.2, 1.3], "serve_edit_median_s": 1.2,
                         "scale_1x_s": 2, "scale_10x_s": 7, "scale_ratio": 3.5}}
    tables = report.results_markdown(results)
    assert "| /layers/ | 411 | 314 | 97 | 100 | 10 | 0 |" in tables
    assert "| Page | default (4×): performance (runs)" in tables and "calibrated (7.2×): performance (runs)" in tables
    assert "| floor | 100 (100, 100, 100) | 12 (12, 12, 12) | — | 100 (100, 100, 100) | 12 (12, 12, 12) | — | 1900-2100 |" in tables
    assert ("| /layers/ | 96 (96, 96, 96) | 171 (171, 171, 171) | PASS / PASS | 90 (90, 90, 90) | 400 (400, 400, 400) "
            "| FAIL / FAIL | 1900-2100 | 100/100/100 | 100/98/100 |") in tables
    assert "| /layers/ | calibrated | 1580 | 700 | bundle.js 650, explorers.js 55 | 500 | 80 | 300 | 1650 |" in tables
    assert "| floor | default | 1580 |" in tables
    assert "benchmarkIndex 2000 at the start" in tables and "**NOISY**" in tables and "7.2 mobile" in tables
    assert "0.30 s of 1.00 s = 30%" in tables and "labmacros/printable.py 0.20 s" in tables
    assert "1.20 s (runs 1.10, 1.20, 1.30)" in tables and "3.5×" in tables
    assert "Reduced run" not in tables
    assert "**Reduced run** (--pages)" in report.results_markdown({**results, "reduced": "--pages"})


def test_two_runs_agree_when_each_page_is_within_5_points_in_each_mode():
    def bench_run(**performance):
        return {"pages": {page: {"lighthouse": {"default": {"performance": score}, "calibrated": {"performance": score - 10}}}
                          for page, score in performance.items()}}

    rows = budgets.repeatability(bench_run(a=95, b=90, c=97), bench_run(a=100, b=96, d=99))
    assert rows == [("a", "default", 95, 100, True), ("a", "calibrated", 85, 90, True),
                    ("b", "default", 90, 96, False), ("b", "calibrated", 80, 86, False)]
    assert budgets.repeatability({"pages": {"a": {"lighthouse_mobile": {}}}}, bench_run(a=1)) == [], \
        "a results.json of the old shape is not compared"


@pytest.mark.usefixtures("lighthouse_ci")
def test_the_other_categories_are_judged_on_the_runs_that_audited_them_alone(tmp_path):
    url = "http://127.0.0.1:9000/layers/"
    reports = tmp_path / "default" / ".lighthouseci"
    reports.mkdir(parents=True)
    (reports / "lhr-1.json").write_text(__import__("json").dumps(lhr(url, 90, 100, 1, others=1)))
    lhci.copy_reports(tmp_path / "default", tmp_path / "mobile")
    (reports / "lhr-2.json").write_text(__import__("json").dumps(lhr(url, 90, 100, 2)))  # performance only
    config = lhci.assert_config({"layers/": url}, None, categories=True)
    mixed = lhci.judge(tmp_path / "default", config)
    assert not page_speed.category_check("layers/", "mobile", url, mixed)[3], \
        "lhci fails a category that some runs did not audit: why the first round is copied"
    check = page_speed.category_check("layers/", "mobile", url, lhci.judge(tmp_path / "mobile", config))
    assert check == ("/layers/ mobile a11y, best practices, SEO", "100/100/100", "100 each", True)


def test_a_failing_category_names_the_audits_that_cost_it_points():
    report = {"categories": {"best-practices": {"auditRefs": [{"id": "errors-in-console", "weight": 1},
                                                              {"id": "deprecations", "weight": 0}]},
                             "seo": {"auditRefs": [{"id": "meta-description", "weight": 1}]}},
              "audits": {"errors-in-console": {"score": 0, "details": {"items": [{"description": "net::ERR_X"}]}},
                         "deprecations": {"score": 0}, "meta-description": {"score": 1}}}
    assert page_speed.audits_below_100(report) == ["best-practices errors-in-console (net::ERR_X)"]
