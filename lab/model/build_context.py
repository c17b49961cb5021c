"""The build context: which files of a sample's folder a build can copy, and which a COPY takes."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from lab.model.image import Copy


def ignore_rules(text: str) -> list[tuple[bool, re.Pattern]]:
    """(re-include?, pattern) for each line of a .dockerignore, in order.

    Docker's patternmatcher: `*` and `?` stay inside one path element, `**` crosses
    them, a leading `!` re-includes, and a pattern also matches everything under a
    directory it matches. The last matching line wins.
    """
    rules = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = posixpath.normpath(line.lstrip("!").strip()).lstrip("/")
        regex = "".join(".*" if part == "**" else "[^/]*" if part == "*" else "[^/]" if part == "?" else re.escape(part)
                        for part in re.split(r"(\*\*|\*|\?)", pattern))
        rules.append((negate, re.compile(f"(?:{regex})(?:/.*)?")))
    return rules


def context_files(folder: Path, dockerfile_name: str) -> list[str]:
    """The files of the build context `folder` that a build can copy, .dockerignore applied.

    Like BuildKit, `<Dockerfile>.dockerignore` beside the Dockerfile wins over `.dockerignore`.
    """
    ignore = next((p for p in (folder / f"{dockerfile_name}.dockerignore", folder / ".dockerignore") if p.is_file()), None)
    rules = ignore_rules(ignore.read_text(encoding="utf-8")) if ignore else []
    files = []
    for path in sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()):
        excluded = False
        for negate, rule in rules:
            if rule.fullmatch(path):
                excluded = not negate
        if not excluded:
            files.append(path)
    return files


def sources_in_context(copy: Copy, files: list[str]) -> list[str]:
    """The context files a COPY takes: named files, whole folders, `.`, or glob matches."""
    taken = []
    for source in copy.sources:
        source = posixpath.normpath(source).lstrip("/")
        rule = re.compile(re.escape(source).replace(r"\*", "[^/]*").replace(r"\?", "[^/]"))
        taken += [f for f in files if source == "." or rule.fullmatch(f) or f.startswith(source + "/")]
    return sorted(set(taken))
