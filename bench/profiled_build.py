"""`mkdocs build` in this process, sampled: how much of it runs with the project's code on the stack.

Run as a script by bench/build_time.py: `python profiled_build.py ROOT OUT.json -- mkdocs args`.
A thread looks at the main thread's stack every half millisecond. A sample whose stack holds a
frame of the project (a Python file under ROOT) is our time, whatever it is doing below that
frame (lxml, a hadolint subprocess, importing a module): our code is what it is for. Each
sample stands for the time since the one before it, so a long call that holds the GIL (a
regex, an lxml parse) still counts in full, for the code that made it.

A sampler, not cProfile: cProfile adds a cost to every Python call, and Material, Jinja and
Markdown make many more small calls than our code does, so it shrank our share; and its table
of callers cannot tell which import ran inside another (every module's top level is called
by importlib), so it counted nested imports once per level.
"""

from __future__ import annotations

import json
import sys
import threading
import time

INTERVAL_S = 0.0005
BUILD_FUNCTION = ("mkdocs/commands/build.py", "build")  # the build, as MkDocs' CLI runs it


def entry_file(frame, ours) -> tuple[str | None, bool]:
    """(the outermost frame of ours on the stack, or None; whether MkDocs' build function is on it)."""
    outermost, building = None, False
    while frame is not None:
        code = frame.f_code
        if ours(code.co_filename):
            outermost = code.co_filename
        if code.co_name == BUILD_FUNCTION[1] and code.co_filename.endswith(BUILD_FUNCTION[0]):
            building = True
        frame = frame.f_back
    return outermost, building


def summarize(samples: list[tuple[float, str | None, bool]]) -> dict:
    """Seconds in our code, of the build, and ours by file, from (seconds, our file, building)
    samples. The build is its function's time plus any of ours outside it (loading the hooks)."""
    by_file: dict[str, float] = {}
    build_s = 0.0
    for seconds, ours, building in samples:
        if ours:
            by_file[ours] = by_file.get(ours, 0.0) + seconds
        if ours or building:
            build_s += seconds
    return {"own_s": sum(by_file.values()), "build_s": build_s, "samples": len(samples),
            "by_file": dict(sorted(by_file.items(), key=lambda item: -item[1]))}


def sampled(run, ours, interval: float = INTERVAL_S) -> list[tuple[float, str | None, bool]]:
    """Run `run()` in this thread while another samples its stack; the samples."""
    main, done, samples = threading.get_ident(), threading.Event(), []

    def sample() -> None:
        last = time.perf_counter()
        while not done.wait(interval):
            frame = sys._current_frames().get(main)
            now = time.perf_counter()
            samples.append((now - last, *entry_file(frame, ours)))
            last = now

    switch = sys.getswitchinterval()
    sys.setswitchinterval(interval)  # the main thread lets the sampler in at least this often
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        run()
    finally:
        done.set()
        sampler.join()
        sys.setswitchinterval(switch)
    return samples


def main(root: str, out: str, mkdocs_args: list[str]) -> int:
    from mkdocs.__main__ import cli

    def ours(filename: str) -> bool:
        return filename.startswith(root) and filename.endswith(".py")

    samples = sampled(lambda: cli.main(args=mkdocs_args, prog_name="mkdocs", standalone_mode=False), ours)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(summarize(samples), f, indent=1)
    return 0


if __name__ == "__main__":
    root, out, separator, *rest = sys.argv[1:]
    assert separator == "--", "usage: profiled_build.py ROOT OUT.json -- MKDOCS_ARGS"
    sys.exit(main(root, out, rest))
