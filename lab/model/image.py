"""The image a Dockerfile builds, read from the real sample: its base, steps and layers."""

from __future__ import annotations

import functools
import json
import posixpath
import re
import shlex
from dataclasses import dataclass

from lab.errors import SampleError
from lab.samples import instructions

FILESYSTEM_KEYWORDS = ("RUN", "COPY", "ADD")  # the instructions that change the filesystem


def workdirs(steps: tuple[instructions.Instruction, ...]) -> list[str]:
    """The working directory in effect after each step: a relative WORKDIR resolves against the one before."""
    workdir, result = "/", []
    for step in steps:
        if step.keyword == "WORKDIR":
            workdir = posixpath.normpath(posixpath.join(workdir, step.value.strip()))
        result.append(workdir)
    return result


def layer_steps(steps: tuple[instructions.Instruction, ...]) -> set[int]:
    """The indexes of the steps BuildKit commits a layer for.

    RUN, COPY and ADD always do. WORKDIR does too whenever the directory it resolves to
    is not `/`: BuildKit's dispatchWorkdir (frontend/dockerfile/dockerfile2llb/convert.go)
    runs llb.Mkdir for it and records the step with a layer. Every other instruction
    changes only the image config (ARG changes neither).
    """
    return {index for index, (step, workdir) in enumerate(zip(steps, workdirs(steps)))
            if step.keyword in FILESYSTEM_KEYWORDS or (step.keyword == "WORKDIR" and workdir != "/")}


@dataclass(frozen=True)
class Copy:
    """A COPY or ADD from the build context: its flags, sources and destination."""
    flags: dict[str, str]
    sources: list[str]
    dest: str


def copy_of(step: instructions.Instruction) -> Copy | None:
    """The COPY/ADD `step` as flags, sources, destination; None when it does not read the build context."""
    if step.keyword not in ("COPY", "ADD") or "<<" in step.value:
        return None
    flag_text, rest = re.fullmatch(r"((?:\s*--\S+)*)\s*(.*)", step.value, re.S).groups()
    flags = dict((w[2:].split("=", 1) + [""])[:2] for w in flag_text.split())
    args = json.loads(rest) if rest.startswith("[") else shlex.split(rest)  # exec form: COPY ["a", "dest/"]
    if "from" in flags or len(args) < 2 or any(re.match(r"^[a-z]+://", a) for a in args[:-1]):
        return None
    return Copy(flags, args[:-1], args[-1])


@dataclass(frozen=True)
class Layer:
    keyword: str
    text: str  # the instruction as written, on one line ("RUN pip install …")
    line: int


@dataclass(frozen=True)
class Image:
    name: str
    base: str  # the final stage's FROM image
    steps: tuple[instructions.Instruction, ...]  # the final stage's instructions after FROM
    stages: int  # how many FROM stages the file has

    @functools.cached_property
    def layer_indexes(self) -> set[int]:
        return layer_steps(self.steps)

    @functools.cached_property
    def layers(self) -> list[Layer]:
        return [Layer(i.keyword, one_line(i), i.line) for n, i in enumerate(self.steps) if n in self.layer_indexes]

    @functools.cached_property
    def config(self) -> list[str]:
        """Instructions that only change the image config (ENV, USER, CMD, …)."""
        return [one_line(i) for n, i in enumerate(self.steps) if n not in self.layer_indexes and i.keyword != "ARG"]

    @functools.cached_property
    def workdir(self) -> str:
        """The working directory the container starts in."""
        return workdirs(self.steps)[-1] if self.steps else "/"

    @functools.cached_property
    def user(self) -> str:
        """The user the container's processes run as: the last USER, root without one."""
        users = [step.value.strip() for step in self.steps if step.keyword == "USER"]
        return users[-1] if users else "root"

    def copied_paths(self) -> list[tuple[str, int]]:
        """(absolute path, line of the instruction) for each file COPY/ADD takes from the build context."""
        return [(path, line) for path, line, _ in self.copied_files()]

    def copied_files(self) -> list[tuple[str, int, str]]:
        """(absolute path, line, owner) for each file COPY/ADD takes from the build context.

        The owner is the --chown user; without it COPY and ADD write files owned by root.
        """
        paths = []
        for step, workdir in zip(self.steps, workdirs(self.steps)):
            copy = copy_of(step)
            if copy is None:
                continue
            owner = copy.flags.get("chown", "").split(":")[0] or "root"
            dest = posixpath.join(workdir, copy.dest)
            into_folder = copy.dest.endswith("/") or len(copy.sources) > 1 or posixpath.basename(dest) in (".", "")
            for source in copy.sources:
                target = posixpath.join(dest, posixpath.basename(source)) if into_folder else dest
                paths.append((posixpath.normpath(target), step.line, owner))
        return paths


def is_root(user: str) -> bool:
    """Whether USER / `docker exec -u` names root (by name or uid, with or without a group)."""
    return user.split(":")[0] in ("root", "0")


def one_line(step: instructions.Instruction) -> str:
    """The instruction on one line; a heredoc's script follows its opening line, joined by "; "."""
    first, *script = step.value.split("\n")
    value = " ".join(first.split())
    if script:
        value += " " + "; ".join(line.strip() for line in script if line.strip())
    return f"{step.keyword} {value}"


@functools.lru_cache(maxsize=64)
def image(name: str, text: str) -> Image:
    """The image a Dockerfile builds: its final stage (earlier stages leave only what is copied).

    Cached by name and text: several macros on several pages show the same sample, and an
    Image is frozen, so they can share one (and its cached properties)."""
    steps = instructions.parse(text)
    instructions.check_has_from(steps)
    starts = [index for index, step in enumerate(steps) if step.keyword == "FROM"]
    final = steps[starts[-1]]
    base = final.value.split()[0] if final.value.split() else ""
    if not base:
        raise SampleError(f"line {final.line}: FROM names no image")
    return Image(name, base, tuple(steps[starts[-1] + 1:]), len(starts))


def expand(text: str, values: dict[str, str]) -> str:
    """$NAME and ${NAME} replaced by the build arguments and ENV values in effect (unknown names by "")."""
    return re.sub(r"\$(?:\{(\w+)\}|(\w+))", lambda m: values.get(m.group(1) or m.group(2), ""), text)


def layer_keys(image: Image) -> list[tuple]:
    """What BuildKit keys each layer step of the final stage by, apart from its parent.

    RUN: its text and what reaches its process: the ENV and ARG values in effect, the USER and
    the working directory. WORKDIR: the expanded path and the USER (the folder is made as that
    user). COPY/ADD: the expanded text and the working directory (the files' content counts too,
    the same for two images built from one context). LABEL, EXPOSE, CMD and the like key nothing:
    they only change the config. https://docs.docker.com/build/cache/invalidation/
    """
    values: dict[str, str] = {}
    user, keys = "root", []
    for n, (step, workdir) in enumerate(zip(image.steps, workdirs(image.steps))):
        if step.keyword in ("ENV", "ARG"):
            values.update(settings(step.value))
        elif step.keyword == "USER":
            user = expand(step.value.strip(), values)
        if n not in image.layer_indexes:
            continue
        if step.keyword == "RUN":
            keys.append(("RUN", step.value, tuple(sorted(values.items())), user, workdir))
        elif step.keyword == "WORKDIR":
            keys.append(("WORKDIR", workdir, user))
        else:
            keys.append((step.keyword, expand(step.value, values), workdir))
    return keys


def settings(value: str) -> dict[str, str]:
    """NAME=value pairs of an ENV or ARG (an ARG without a default sets nothing; `ENV NAME value`, the old form, too)."""
    words = shlex.split(value.replace("\\\n", " "))
    if len(words) >= 2 and "=" not in words[0]:
        return {words[0]: " ".join(words[1:])}
    return dict(w.split("=", 1) for w in words if "=" in w)


def shared_prefix(a: Image, b: Image) -> int:
    """How many of a's layers b has too: same base, and the same cache key for each layer step up to there.

    Sharing ends at the first layer step whose key differs, not at the first differing
    instruction: a LABEL or EXPOSE changes no key, an ENV or ARG only those of later RUN
    steps (and of steps whose text expands it), a USER only those of RUN and WORKDIR.
    """
    if a.base != b.base:
        return 0
    same = 0
    for x, y in zip(layer_keys(a), layer_keys(b)):
        if x != y:
            break
        same += 1
    return same
