"""Build time: our code's share of a sampled first build, a sample edit seen by `mkdocs serve`,
and the build with the docs and samples ten times over."""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.budgets import BUDGET, Verdicts
from bench.projects import build_or_exit, load_config, project_copy, save_config


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


PROFILED_BUILDS = 3


def profile_build(project: Path, dest: Path) -> dict:
    """One strict build of `project`, sampled (bench/profiled_build.py): the seconds with our own
    code on the stack (the project's Python files: the macros, the hooks, the zip), of the build."""
    out = dest.with_suffix(".json")
    root = str(project.resolve()) + os.sep
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    result = subprocess.run([sys.executable, str(Path(__file__).with_name("profiled_build.py")), root, str(out), "--",
                             "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(dest)],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode:
        raise SystemExit(f"profiled build failed:\n{result.stderr[-2000:]}")
    profile = json.loads(out.read_text(encoding="utf-8"))
    return {**profile, "share": profile["own_s"] / profile["build_s"],
            "by_file": {Path(f).relative_to(project.resolve()).as_posix(): t for f, t in profile["by_file"].items()}}


def median_profile(tmp: Path) -> dict:
    """The profile with the median share of PROFILED_BUILDS first builds, each of a fresh copy
    (nothing compiled or remembered yet: what a clean checkout's build costs), and every share."""
    profiles = [profile_build(project_copy(tmp / f"full{n}"), tmp / f"profiled{n}") for n in range(PROFILED_BUILDS)]
    middle = sorted(profiles, key=lambda p: p["share"])[len(profiles) // 2]
    return {**middle, "shares": [p["share"] for p in profiles]}


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
        profile = median_profile(tmp)
        one, ten = project_copy(tmp / "one"), project_copy(tmp / "ten")
        replicate(one, 1)
        replicate(ten, 10)
        scale = timed_builds({"one": (one, True), "ten": (ten, True)}, max(3, runs // 2))
        latencies = serve_edit_latency(project_copy(tmp / "serve"))
    return {"profile": profile, "serve_edit_s": latencies, "serve_edit_median_s": statistics.median(latencies),
            "scale_1x_s": scale["one"], "scale_10x_s": scale["ten"], "scale_ratio": scale["ten"] / scale["one"]}


def build_section(verdicts: Verdicts, runs: int, results: dict) -> None:
    print(f"\nBuild time: our share of a strict first build, sampled (median of {PROFILED_BUILDS}); 10x content against 1x (median of "
          f"{max(3, runs // 2)}, taken in turn); edits to a sample served by `mkdocs serve`")
    build = results["build"] = build_figures(runs)
    profile = build["profile"]
    verdicts.line("time in our own code (macros, hooks, zip) / build",
                  f"{profile['own_s']:.2f} s / {profile['build_s']:.2f} s = {profile['share']:.0%} "
                  f"({', '.join(f'{share:.0%}' for share in profile['shares'])})",
                  f"<= {BUDGET['own_code_share']:.0%}", profile["share"] <= BUDGET["own_code_share"])
    print("        by file: " + ", ".join(f"{f} {t:.2f} s" for f, t in list(profile["by_file"].items())[:6]))
    verdicts.line("sample edit visible in mkdocs serve (median)",
                  f"{build['serve_edit_median_s']:.2f} s (runs {', '.join(f'{t:.2f}' for t in build['serve_edit_s'])})",
                  f"<= {BUDGET['serve_edit_s']} s", build["serve_edit_median_s"] <= BUDGET["serve_edit_s"])
    verdicts.line("10x content / 1x",
                  f"{build['scale_10x_s']:.2f} s / {build['scale_1x_s']:.2f} s = {build['scale_ratio']:.1f}x",
                  f"<= {BUDGET['scale_10x_ratio']}x", build["scale_ratio"] <= BUDGET["scale_10x_ratio"])
