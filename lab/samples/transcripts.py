"""What a real engine printed for each Try-it step: recorded, normalised, and shown on the page.

`make transcripts` runs the Try-it scripts on the tests' private engine and writes, per
script, docs/samples/transcripts/<script>.txt: each step's title after `==>` and what the
reader sees, made stable from run to run and machine to machine (IDs, digests, sizes,
times, ports and addresses become placeholders in angle brackets; the lines of a build
or of Compose's progress that do not matter are left out, and `…` says so). `make test`
records them again on the engine and fails with a diff when one differs from the file.
The page shows each step's transcript under the script, the lines its sentence is about
marked (HIGHLIGHTS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lab.samples import progress

FOLDER = "transcripts"  # under docs/samples/
LEFT_OUT = "…"

# Steps whose output comes from the base image itself: on the test engine that is a stand-in
# built from Debian packages, so what it printed is no line a reader should copy.
STAND_IN_STEPS = {
    ("q1-image-vs-container", "One image"): "python:3.12-slim",
    ("q2-layers", "The base image's layers"): "python:3.12-slim",
    ("q2-layers", "The layers' diff IDs"): "python:3.12-slim",
}
STAND_IN_NOTE = ("(Not recorded: this step prints what {image} itself is made of, and the test engine "
                 "uses a stand-in for it. Yours shows Docker Hub's image.)")

# Of a step's lines, those that matter (the others are left out): environment variables
# that depend on the base image, for example.
KEEP = {("q4-compose", "A command inside"): r"^REDIS_HOST=",
        ("q4-compose", "web's logs"): r"web: listening",  # how many health checks were logged depends on timing
        # the history lists the base image's layers too, the stand-in's here; the run's answer matters
        ("q2-layers", "A multi-stage image"): r"^\d+(\.\d+)+ (True|False)$"}

# Steps whose build's lines are left out whole, as they vary from run to run and are not what
# the step is about: Compose building two images at once prints a step they share under either
# service's name, whichever asked first; the multi-stage build's CACHED steps depend on what
# the builds before it left in the cache (its point is the run's answer).
BUILD_LEFT_OUT = {("q3-sample-app", "Start the sample app"), ("q4-compose", "Build, create"),
                  ("q2-layers", "A multi-stage image")}

# The lines each step's sentence on the page is about: marked where the transcript is shown.
HIGHLIGHTS = {
    "q1-image-vs-container": {"One kernel": r"<kernel version>", "stop keeps": r"^only in c1$",
                              "rm deletes": r"^lab4-c\d$"},
    "q2-layers": {"Build it again": r"^CACHED$", "Edit web.py": r"COPY store\.py web\.py|^CACHED$",
                  "Build the worker": r"^CACHED$", "A multi-stage image": r"(True|False)$"},
    "q3-writable-layer": {"What lab4-a changed": r"^[ACD] /", "stop and start": r"^hello$", "A volume outlives": r"^kept$"},
    "q3-sample-app": {"Record a visit": r'"visits"', "web writes a file": r"^A /tmp/scratch\.txt$",
                      "down removes": r"^lab4_redis-data$", "The visit count survived": r'"visits"'},
    "q4-compose": {"A command inside": r"^REDIS_HOST=redis$", "web reaches Redis": r"^True$", "Two workers": r"^2$",
                   "Compose's labels": r"^worker ",
                   "The network Compose created": r"lab4_backend", "down removes": r"^lab4_redis-data$"},
}

COMPOSE_PROGRESS = re.compile(r"^\s*(\[\+\]|Container |Network |Volume |Image |[\w-]+\s+(Built|Pulled|Pulling|Waiting"
                              r"|Downloading|Extracting|Verifying Checksum|Download complete|Pull complete|Pulling fs layer)\b)")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
PLACEHOLDERS = [
    # a published port's IPv6 twin: listed only where the host has IPv6, as ":::" by Engine 26
    # and "[::]:" by later ones
    (re.compile(r", (?::::|\[::\]:)\d+->\d+/(?:tcp|udp)"), ""),
    (re.compile(r"sha256:[0-9a-f]{64}"), "sha256:<digest>"),
    # the containerd image store names the base by digest too: [1/6] FROM docker.io/library/python:3.12-slim@sha256:…
    (re.compile(r"(\bFROM \S+?)@sha256:<digest>"), r"\1"),
    (re.compile(r"\b[0-9a-f]{64}\b"), "<ID>"),
    (re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{12}\b"), "<ID>"),
    (re.compile(r"\b(?!0\.0\.0\.0\b|127\.0\.0\.1\b)\d+(\.\d+){3}\b"), "<IP address>"),
    # the worker takes jobs as they come: how many it has done when web replies is a race
    (re.compile(r'"processed": \d+, "pending": \d+'), '"processed": <n>, "pending": <n>'),
    (re.compile(r"\b\d+(\.\d+)?\s?[kKMG]?B\b"), "<size>"),
    # before the next: "a second" is part of it
    (re.compile(r"\bLess than a second( ago)?\b"), "<time>"),
    (re.compile(r"\b(About )?(an?|\d+) (second|minute|hour)s?( ago)?\b"), "<time>"),
    (re.compile(r"\[\d\d/\w{3}/\d{4} [\d:]{8}\]"), "[<date>]"),
    (re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+Z?"), "<date>"),
]


@dataclass
class Context:
    """What a run on one machine prints that another's does not."""
    kernel: str = ""  # uname -r
    web_port: str = "8000"
    app_folder: str = ""  # where the scripts ran; a reader's unzipped lab4-sample-app
    debian_version: str = ""  # the stand-in's /etc/debian_version


def normalise_line(line: str, context: Context) -> str:
    line = ANSI.sub("", line)
    if context.kernel:
        line = line.replace(context.kernel, "<kernel version>")
    if context.app_folder:
        line = line.replace(context.app_folder, "/path/to/lab4-sample-app")
    if context.web_port != "8000":
        line = re.sub(rf"(?<![\d.]){context.web_port}(?=->|:8000|\b)", "8000", line)
    if context.debian_version and line.strip() == context.debian_version:
        line = "<Debian version>"
    for pattern, placeholder in PLACEHOLDERS:
        line = pattern.sub(placeholder, line)
    line = re.sub(r"(DONE|CACHED) [\d.]+s$", r"\1", line)
    return re.sub(r"(\S)  +", r"\1   ", line.rstrip())  # table columns padded by the widths of the values


def build_lines(lines: list[str]) -> list[str]:
    """Of BuildKit's plain progress, each step and how it ended."""
    return [part for step in progress.build_steps(lines) for part in (step.shown, step.status or "?")]


def blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """The step's lines as runs: "build" (BuildKit's progress, the blank lines inside it too),
    "diff" (docker diff's lines), or "plain"."""
    runs: list[tuple[str, list[str]]] = []
    for n, line in enumerate(lines):
        blank_in_build = not line.strip() and runs and runs[-1][0] == "build" and any(
            later.startswith("#") for later in lines[n + 1:n + 2])
        kind = "build" if line.startswith("#") or blank_in_build else "diff" if re.match(r"^[ACD] /", line) else "plain"
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(line)
        else:
            runs.append((kind, [line]))
    return runs


def transcript_of_step(script: str, title: str, lines: list[str], context: Context) -> list[str]:
    short = next((start for (name, start) in STAND_IN_STEPS if name == script and title.startswith(start)), None)
    if short is not None:
        return [STAND_IN_NOTE.format(image=STAND_IN_STEPS[(script, short)])]
    keep = next((pattern for (name, start), pattern in KEEP.items() if name == script and title.startswith(start)), None)
    shown: list[str] = []
    cut_build = any(name == script and title.startswith(start) for name, start in BUILD_LEFT_OUT)
    for kind, run in blocks(lines):
        if kind == "build" and cut_build:
            shown.append(f"{LEFT_OUT} (the build's lines left out: Q2's Try it shows what they say)")
        elif kind == "build":
            shown += [*build_lines(run), f"{LEFT_OUT} (BuildKit's other lines and timings left out)"]
        elif kind == "diff":  # the changes walk has no fixed order: sorted by path, as the explorer lists them
            shown += sorted(run, key=lambda line: line[2:].split("/"))
        else:
            for line in run:
                progress = COMPOSE_PROGRESS.match(line)
                if progress or (keep and not re.search(keep, line)):
                    note = f"{LEFT_OUT} ({'Compose progress' if progress else 'other'} lines left out)"
                    shown.append(note)  # merge_notes joins a run of them
                else:
                    shown.append(line)
    return [normalise_line(line, context) for line in merge_notes(shown)]


def merge_notes(lines: list[str]) -> list[str]:
    """One note for lines left out in a row: whether Compose pulled an image first depends on
    what the engine held already, so the notes must not count the runs."""
    merged: list[str] = []
    for line in lines:
        if line.startswith(LEFT_OUT) and merged and merged[-1].startswith(LEFT_OUT):
            if merged[-1] != line:
                merged[-1] = f"{LEFT_OUT} (lines left out)"
            continue
        merged.append(line)
    return merged


def transcript(script: str, output: str, versions: dict[str, str], context: Context) -> str:
    head = (f"# What try/{script}.sh printed on Docker Engine {versions['Engine']} with Compose {versions['Compose']},\n"
            f"# the base images stand-ins, storage driver {versions.get('storage', '?')} (the site's Samples page, #transcripts, says more).\n"
            "# Recorded by `make transcripts`; placeholders in <…>.\n")
    body = "".join(f"\n==> {title}\n" + "".join(line + "\n" for line in transcript_of_step(script, title, lines, context))
                   for title, lines in progress.steps(output))
    return head + body


HEADER = re.compile(r"^# What try/[\w-]+\.sh printed on (Docker Engine \S+) with (Compose \S+),$", re.M)


def read(text: str) -> list[tuple[str, list[str]]]:
    """A transcript file's steps, as progress.steps gives them (after the header's comment lines)."""
    lines = text.splitlines()
    while lines and lines[0].startswith("# "):
        lines.pop(0)
    return progress.steps("\n".join(lines))


def recorded_on(text: str) -> str | None:
    """"Docker Engine …, Compose …" as the header names them; None for a file without the header."""
    found = HEADER.search(text)
    return f"{found.group(1)}, {found.group(2)}" if found else None


def highlighted(script: str, title: str, lines: list[str]) -> list[int]:
    """1-based numbers of the lines a step's sentence is about."""
    pattern = next((p for start, p in HIGHLIGHTS.get(script, {}).items() if title.startswith(start)), None)
    return [n for n, line in enumerate(lines, start=1) if pattern and re.search(pattern, line)]
