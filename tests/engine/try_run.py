"""Running a Try-it script as a reader would, reading what it printed, and cleaning up after it.

What the checks of try_checks.py are made of: a failed promise is a CheckFailed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lab.model import facts
from lab.samples import progress

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "docs" / "samples" / "app"

class CheckFailed(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def section(output: str, start: str) -> list[str]:
    """The lines the one step whose title starts with `start` printed."""
    matches = [lines for title, lines in progress.steps(output) if title.startswith(start)]
    check(len(matches) == 1, f"expected one step titled {start!r}…, found {len(matches)}")
    return matches[0]


def build_steps(lines: list[str]) -> list[tuple[int, str, bool]]:
    """(step number, instruction, came from the cache) for each step of one build, in order."""
    found = progress.build_steps(lines)
    check(bool(found), "no build steps in the output (was --progress=plain given?)")
    totals = {step.total for step in found}
    check(len(totals) == 1, f"steps of more than one build in one section: {sorted(totals)}")
    check([step.number for step in found] == list(range(1, totals.pop() + 1)), f"steps missing from the output: {found}")
    for step in found:
        check(step.status in ("CACHED", "DONE"), f"step {step.number} ({step.text}) ended with {step.status or 'no status'}")
    return [(step.number, step.text, step.status == "CACHED") for step in found]


def after_from(steps):
    # FROM reports DONE even when nothing was pulled, so only later steps tell about the cache.
    check(steps[0][1].startswith("FROM "), f"the first step is not FROM: {steps[0]}")
    return steps[1:]


def app_facts() -> dict:
    return facts.app_facts(APP)


def run(script: Path, *args: str) -> str:
    """Run a script from the sample folder as a reader would, echoing and keeping its output."""
    process = subprocess.Popen(["sh", str(script), *args], cwd=APP, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = []
    for line in process.stdout:
        sys.stdout.write(line)
        output.append(line)
    check(process.wait() == 0, f"{script.name} {' '.join(args)} exited with {process.returncode}")
    return "".join(output)


def docker(*args: str) -> str:
    return subprocess.run(["docker", *args], check=True, capture_output=True, text=True, cwd=APP).stdout


def web_url(path: str = "/") -> str:
    return f"http://127.0.0.1:{os.environ.get('WEB_PORT', '8000')}{path}"


def get(path: str) -> tuple[int, dict]:
    """web's status and JSON reply, retried while the port is not yet open."""
    reply = subprocess.run(["curl", "-sS", "--retry", "5", "--retry-connrefused", "-o", "-", "-w", "\n%{http_code}",
                            web_url(path)], capture_output=True, text=True)
    check(reply.returncode == 0, f"web did not answer on {web_url(path)}: {reply.stderr.strip()}")
    body, status = reply.stdout.rsplit("\n", 1)
    return int(status), json.loads(body)


def clean_up() -> None:
    """Remove every lab4 container, network and volume the scripts make (also after a failure)."""
    subprocess.run(["docker", "compose", "down", "-v", "--remove-orphans"], cwd=APP, capture_output=True)
    names = docker("ps", "-aq", "--filter", "name=^lab4").split()
    if names:
        subprocess.run(["docker", "rm", "-f", *names], capture_output=True)
    for kind in ("network", "volume"):
        found = docker(kind, "ls", "-q", "--filter", "name=^lab4").split()
        if found:
            subprocess.run(["docker", kind, "rm", *found], capture_output=True)


def left_behind() -> list[str]:
    """What a run left: lab4 containers, networks and volumes, as `kind name` lines."""
    return [f"{kind} {name}" for kind in ("container", "network", "volume")
            for name in docker(*(["ps", "-a"] if kind == "container" else [kind, "ls"]), "--format", "{{.Name}}"
                               if kind != "container" else "{{.Names}}", "--filter", "name=^lab4").split()]
