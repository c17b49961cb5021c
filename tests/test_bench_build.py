"""The build figures of `make bench` (bench/build_time.py, bench/profiled_build.py): our share of
a build, and the copies of the pages the 10x build uses."""

from __future__ import annotations

import sys

import pytest

from bench import build_time, profiled_build

HOOK = """
import subprocess, time

import helper  # its top level runs for 0.2 s, inside this module's own import

def busy(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass

def on_page_content(html, **kwargs):
    busy(0.3)
    subprocess.run(["sleep", "0.2"], check=True)  # waiting on a tool our code runs is our time too
    return html
"""


def test_our_share_is_the_time_our_code_is_on_the_stack_each_import_counted_once(tmp_path):
    """A hook that costs 0.2 s to import (a module it imports does the work), 0.3 s of Python and
    a 0.2 s tool: 0.7 s of ours. Counting the nested import once per level, as cProfile's table
    did, makes it 0.9; leaving out the wait, 0.5."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# One page\n")
    (project / "helper.py").write_text("import time\nend = time.perf_counter() + 0.2\nwhile time.perf_counter() < end:\n    pass\n")
    (project / "hooks.py").write_text(HOOK)
    (project / "mkdocs.yml").write_text("site_name: t\nhooks: [hooks.py]\n")
    profile = build_time.profile_build(project, tmp_path / "profiled")
    assert 0.65 <= profile["own_s"] <= 0.8, profile
    assert list(profile["by_file"]) == ["hooks.py"] and profile["build_s"] > profile["own_s"]
    assert profile["share"] == profile["own_s"] / profile["build_s"] and profile["samples"] > 500


def test_a_sample_counts_for_the_file_of_our_outermost_frame_and_the_build_adds_ours_outside_it():
    samples = [(0.5, None, True), (0.2, "/p/lab/pages/__init__.py", True), (0.1, "/p/lab/hooks/tabs.py", False),
               (0.3, None, False), (0.05, "/p/lab/pages/__init__.py", True)]
    assert profiled_build.summarize(samples) == {
        "own_s": pytest.approx(0.35), "build_s": pytest.approx(0.85), "samples": 5,
        "by_file": {"/p/lab/pages/__init__.py": pytest.approx(0.25), "/p/lab/hooks/tabs.py": 0.1}}


def test_the_outermost_frame_of_ours_is_found_below_others():
    def inner():
        return profiled_build.entry_file(sys._getframe(), lambda f: f == __file__)
    assert inner() == (__file__, False)
    assert profiled_build.entry_file(sys._getframe(), lambda f: False) == (None, False)


def test_a_copied_page_uses_its_own_samples_and_still_reaches_the_shared_ones():
    page = '{{ dockerfile("app/web.Dockerfile") }} {{ try_script("app/try/q2.sh") }} [zip](samples/app.zip)'
    assert build_time.copied_page(page, 3) == \
        '{{ dockerfile("app3/web.Dockerfile") }} {{ try_script("app/try/q2.sh") }} [zip](../samples/app.zip)'

