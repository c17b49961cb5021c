"""Reading what the Try-it scripts print: their `==> title` steps and BuildKit's plain progress.

One reader for the checks (tests/engine/try_run.py) and the transcripts (transcripts.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STEP_TITLE = re.compile(r"^==> (.*)$")
# BuildKit's plain progress: "#7 [3/6] COPY requirements.txt ." opens a step (a stage or a
# Compose service may precede the numbers: "[deps 2/4]"), "#7 CACHED" or "#7 DONE 0.1s" ends it.
VERTEX = re.compile(r"^#(\d+) (\[(?:([\w.-]+) )?(\d+)/(\d+)\] (.+))$")
STATUS = re.compile(r"^#(\d+) (CACHED|DONE|ERROR)\b")


def steps(output: str) -> list[tuple[str, list[str]]]:
    """(title, lines) for each `==> title` step, the blank lines before the next title dropped."""
    found: list[tuple[str, list[str]]] = []
    for line in output.splitlines():
        title = STEP_TITLE.match(line)
        if title:
            found.append((title.group(1), []))
        elif found:
            found[-1][1].append(line)
    for _, lines in found:
        while lines and not lines[-1].strip():
            lines.pop()
    return found


@dataclass(frozen=True)
class BuildStep:
    stage: str  # "" for a one-stage build
    number: int
    total: int
    text: str  # the instruction, as BuildKit shows it
    shown: str  # "[2/6] WORKDIR /app", as printed
    status: str | None  # CACHED, DONE, ERROR, or None when the output has no end for it


def build_steps(lines: list[str]) -> list[BuildStep]:
    """Each numbered step of the builds in `lines`, by stage name and number.

    BuildKit runs independent steps and stages side by side, so the order it prints them in
    varies from run to run; their names and numbers do not.
    """
    opened, status = {}, {}
    for line in lines:
        if vertex := VERTEX.match(line):
            vid, shown, stage, number, total, text = vertex.groups()
            opened[vid] = (stage or "", int(number), int(total), text.strip(), shown)
        elif done := STATUS.match(line):
            status[done.group(1)] = done.group(2)
    return sorted((BuildStep(*fields, status.get(vid)) for vid, fields in opened.items()),
                  key=lambda step: (step.stage, step.number))
