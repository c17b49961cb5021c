"""The two in-page explorers' models: the build cache (Q2) and copy-on-write (Q3).

Everything here is computed from the real samples at build time. The build-cache
outcomes are computed in full (every image, order and change); the copy-on-write
explorer has too many states for that, so its rules are small enough to run in the
browser too (docs/assets/javascripts/explorers.js), and the static scenario below is
what a reader without JavaScript sees and what the browser tests compare against.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SampleError
from .models import Copy, Image, copy_of, is_root, one_line, shared_prefix, workdirs

# --- the build context ----------------------------------------------------------------------


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


# --- the build cache ----------------------------------------------------------------------

BASE = "base"  # the change "a new base image"; any other change names a context file


def cache_outcome(image: Image, files: list[str], changed: str | None) -> list[str]:
    """"cached" or "rebuilt" for FROM and each step after it, by BuildKit's rules.

    A step is a cache hit when its parent is a hit and its own key is unchanged: the
    instruction text for RUN, WORKDIR and config steps; for COPY/ADD also the content of
    the files it takes. So the first step whose input changed misses, and every step
    after it is built again (config-only steps are recomputed into the new config; they
    add no layer either way). https://docs.docker.com/build/cache/invalidation/
    """
    if changed == BASE:
        return ["rebuilt"] * (len(image.steps) + 1)
    outcome, missed = ["cached"], False
    for step in image.steps:
        copy = copy_of(step)
        missed = missed or bool(copy and changed in sources_in_context(copy, files))
        outcome.append("rebuilt" if missed else "cached")
    return outcome


def badly_ordered(image: Image, files: list[str]) -> Image | None:
    """The same Dockerfile with the source copied before the dependency install.

    The install is the last RUN; the source is the last COPY/ADD from the context that
    follows it. None when no COPY follows the last RUN (the file is ordered that way already).
    """
    runs = [n for n, step in enumerate(image.steps) if step.keyword == "RUN"]
    if not runs:
        return None
    copies = [n for n, step in enumerate(image.steps) if n > runs[-1] and copy_of(step)]
    if not copies:
        return None
    steps = list(image.steps)
    source = steps.pop(copies[-1])
    steps.insert(runs[-1], source)
    return dataclasses.replace(image, steps=tuple(steps))


def layer_numbers(image: Image) -> dict[int, int]:
    """Step index → its layer's number (1 for the first layer above the base image)."""
    return {n: i for i, n in enumerate(sorted(image.layer_indexes), start=1)}


def step_labels(image: Image) -> list[tuple[str, str]]:
    """(instruction on one line, "layer N" or "config") for FROM and each later step."""
    numbers = layer_numbers(image)
    labels = [(f"FROM {image.base}", "base image")]
    for n, step in enumerate(image.steps):
        kind = f"layer {numbers[n]}" if n in numbers else "build argument, no layer" if step.keyword == "ARG" else "config, no layer"
        labels.append((one_line(step), kind))
    return labels


def change_label(change: str, base: str) -> str:
    return {"": "nothing", BASE: f"the base image {base}"}.get(change, change)


def summary(image: Image, outcome: list[str], other: Image | None, change: str) -> dict[str, str]:
    """The outcome in words: steps cached and rebuilt, what the next push uploads, the other image."""
    labels = step_labels(image)
    rebuilt = [(text, kind) for (text, kind), state in zip(labels, outcome) if state == "rebuilt"]
    count = f"{outcome.count('cached')} steps cached, {len(rebuilt)} rebuilt"
    layers = [f"{text} ({kind})" for text, kind in rebuilt if not kind.endswith("no layer")]
    config = [text.split()[0] for text, kind in rebuilt if kind.endswith("no layer")]
    words = f"{change_label(change, image.base)} changed: {count}"
    if rebuilt:
        words += ": " + "; ".join(layers + (["recomputed, no layer: " + ", ".join(config)] if config else []))
    words += "."
    new_layers = [text for (text, kind), state in zip(labels[1:], outcome[1:]) if state == "rebuilt" and kind.startswith("layer")]
    if change == BASE:
        push = f"The next push uploads the new base image's layers (those the registry lacks) and all {len(new_layers)} of {image.name}'s own layers."
    elif new_layers:
        push = (f"The next push uploads {len(new_layers)} layer{'s' * (len(new_layers) > 1)} ({'; '.join(new_layers)}) "
                "and the new config and manifest; the registry already has the others.")
    else:
        push = "The next push uploads no layer: the image is the same, so the registry has everything."
    other_text = ""
    if other is not None:
        shared = shared_prefix(image, other)
        hit = sum(1 for (_, kind), state in zip(labels[1:], outcome[1:]) if kind.startswith("layer")
                  and state == "rebuilt" and int(kind.split()[1]) <= shared)
        other_text = f"{other.name} is not rebuilt: its image and its {shared} layers shared with {image.name} stay as they were."
        if change == BASE or hit:
            other_text += (f" {image.name} now has new copies of {'all' if change == BASE else hit} of them; "
                           f"until {other.name} is rebuilt (and reuses them from the cache), the two images share fewer layers.")
    return {"count": count, "say": words, "push": push, "other": other_text}


def cache_model(images: list[tuple[Image, list[str]]]) -> dict:
    """Every outcome the explorer can show: per image, per order (as written, badly ordered), per change.

    `images` pairs each image with its build context's files; the changes offered are
    nothing, the base image, and every file that some image copies.
    """
    copied = {f for image, files in images for c in map(copy_of, image.steps) if c for f in sources_in_context(c, files)}
    changes = ["", BASE] + sorted(copied)
    model = {"changes": changes, "images": {}}
    for image, files in images:
        other = next((i for i, _ in images if i is not image), None)
        entry = {}
        for order, variant in (("written", image), ("reordered", badly_ordered(image, files))):
            if variant is not None:
                entry[order] = {
                    "steps": step_labels(variant),
                    "cases": {change: {"cache": (outcome := cache_outcome(variant, files, change)),
                                       **summary(variant, outcome, other, change)} for change in changes},
                }
        model["images"][image.name] = entry
    return model


# --- copy-on-write -----------------------------------------------------------------------

ROOT_USER = "root"
# Paths every Debian- or Alpine-based image has, with their usual owner and mode. /etc/hosts,
# /etc/hostname and /etc/resolv.conf are left out on purpose: Docker bind-mounts them, so
# writes to them never reach the writable layer.
BASE_PATHS = {"/etc": ("d", ROOT_USER, 0o755), "/etc/issue": ("f", ROOT_USER, 0o644), "/tmp": ("d", ROOT_USER, 0o1777)}


@dataclass(frozen=True)
class File:
    kind: str  # "f" or "d"
    owner: str  # user name or uid as the Dockerfile writes it; "root" for uid 0
    mode: int
    origin: str  # where it comes from: "base image …" or "layer N: …"


def owner_of(user: str) -> str:
    return ROOT_USER if not user or is_root(user) else user.split(":")[0]


def image_files(image: Image, folder: Path, files: list[str]) -> dict[str, File]:
    """The paths a container of `image` sees that the explorer works with, and who owns them.

    COPY gives root ownership unless --chown, and keeps the source's mode unless --chmod;
    WORKDIR creates its folder (mode 0755) as the USER in effect (BuildKit's dispatchWorkdir).
    """
    found = {path: File(kind, owner, mode, f"base image {image.base}") for path, (kind, owner, mode) in BASE_PATHS.items()}
    numbers = layer_numbers(image)
    user = ""

    def add_parents(path: str, origin: str, owner: str) -> None:
        parent = posixpath.dirname(path)
        while parent != "/" and parent not in found:
            found[parent] = File("d", owner, 0o755, origin)
            parent = posixpath.dirname(parent)

    for n, (step, workdir) in enumerate(zip(image.steps, workdirs(image.steps))):
        origin = f"layer {numbers.get(n)}: {one_line(step)}"
        if step.keyword == "USER":
            user = step.value.strip()
        elif step.keyword == "WORKDIR":
            if n in numbers and workdir not in found:
                found[workdir] = File("d", owner_of(user), 0o755, origin)
                add_parents(workdir, origin, owner_of(user))
        elif (copy := copy_of(step)) is not None:
            dest = posixpath.join(workdir, copy.dest)
            taken = sources_in_context(copy, files)
            into_folder = copy.dest.endswith("/") or len(taken) > 1 or posixpath.basename(dest) in (".", "")
            owner = owner_of(copy.flags.get("chown", ""))
            for source in taken:
                mode = int(copy.flags["chmod"], 8) if "chmod" in copy.flags else (folder / source).stat().st_mode & 0o777
                target = posixpath.normpath(posixpath.join(dest, posixpath.basename(source)) if into_folder else dest)
                found[target] = File("f", owner, mode, origin)
                add_parents(target, origin, ROOT_USER)
    return dict(sorted(found.items()))


def runs_as(image: Image) -> str:
    return owner_of(image.user)


def may(user: str, file: File, bit: int) -> bool:
    """Whether `user` has permission `bit` (0o4 read, 0o2 write) on `file`; root may do anything."""
    if user == ROOT_USER:
        return True
    shift = 6 if file.owner == user else 0
    return bool(file.mode >> shift & bit)


@dataclass
class Container:
    """One container's writable layer: {path: kind} and the folders whose entries it changed."""
    name: str
    image_paths: dict[str, File]
    layer: dict[str, str] = dataclasses.field(default_factory=dict)
    created: dict[str, File] = dataclasses.field(default_factory=dict)
    changed_dirs: set[str] = dataclasses.field(default_factory=set)

    def sees(self, path: str) -> File | None:
        if self.layer.get(path) == "whiteout":
            return None
        return self.created.get(path) or self.image_paths.get(path)

    def read(self, path: str, user: str) -> str:
        file = self.sees(path)
        if file is None:
            return f"cat: {path}: No such file or directory"
        if not may(user, file, 0o4):
            return f"cat: {path}: Permission denied"
        where = {"copy-up": f"its own copy in {self.name}'s writable layer", "new": f"{self.name}'s writable layer"}
        return f"cat prints {path} from " + where.get(self.layer.get(path), f"the image ({file.origin})")

    def write(self, path: str, user: str) -> str:
        file, folder = self.sees(path), self.sees(posixpath.dirname(path))
        if file is not None and not may(user, file, 0o2) or file is None and not may(user, folder, 0o2):
            return f"sh: 1: cannot create {path}: Permission denied"
        if file is None:
            self.layer[path] = "new"
            self.created[path] = File("f", user, 0o644, f"{self.name}'s writable layer")
            self.changed_dirs.add(posixpath.dirname(path))
            return f"created {path} in {self.name}'s writable layer"
        if path in self.layer:
            return f"changed {self.name}'s own copy of {path} again; no new copy-up"
        self.layer[path] = "copy-up"
        return f"copy-up: {path} copied into {self.name}'s writable layer, then changed there; the image keeps the original"

    def delete(self, path: str, user: str) -> str:
        file, folder = self.sees(path), self.sees(posixpath.dirname(path))
        if file is None:
            return f"rm: cannot remove '{path}': No such file or directory"
        if not may(user, folder, 0o2):
            return f"rm: cannot remove '{path}': Permission denied"
        if folder.mode & 0o1000 and user not in (ROOT_USER, file.owner, folder.owner):
            return f"rm: cannot remove '{path}': Operation not permitted"  # the sticky bit of /tmp
        self.changed_dirs.add(posixpath.dirname(path))
        self.created.pop(path, None)
        if path in self.image_paths:
            self.layer[path] = "whiteout"
            return f"whiteout: {path} is hidden in {self.name}; the image and other containers still have it"
        del self.layer[path]
        return f"removed {path} from {self.name}'s writable layer (never in the image, so no whiteout)"

    def diff(self) -> list[str]:
        """`docker diff`, as moby's archive changes walk reports an overlay upper directory.

        A file in the upper dir is C if a lower layer has it, else A; a whiteout is D. A
        folder is C when its entries changed (a create or delete changes its mtime; moby
        also forces the parent of every A and D). A copy-up alone does not mark the parent:
        overlayfs restores the parent's timestamps after copying up (fs/overlayfs/copy_up.c).
        """
        lines = {folder: "C" for folder in self.changed_dirs if folder != "/"}
        for path, kind in self.layer.items():
            lines[path] = "D" if kind == "whiteout" else "C" if path in self.image_paths else "A"
        return [f"{kind} {path}" for path, kind in sorted(lines.items(), key=lambda item: item[0].split("/"))]


def create_targets(image_paths: dict[str, File], workdir: str) -> list[str]:
    """New files a reader can create: one in world-writable /tmp, one in the work folder."""
    return ["/tmp/scratch.txt"] + ([posixpath.join(workdir, "notes.txt")] if workdir in image_paths else [])


def cow_model(image: Image, folder: Path, files: list[str]) -> dict:
    paths = image_files(image, folder, files)
    return {
        "image": image.name, "user": runs_as(image),
        "files": {path: [f.kind, f.owner, f.mode, f.origin] for path, f in paths.items()},
        "create": create_targets(paths, image.workdir),
    }


def scenario(image: Image, folder: Path, files: list[str]) -> list[dict]:
    """A fixed walk through the explorer, for the static table: command, output, both diffs."""
    paths = image_files(image, folder, files)
    user = runs_as(image)
    copied = [p for p, f in paths.items() if f.kind == "f" and f.origin.startswith("layer")]
    if not copied:
        raise SampleError(f"{image.name} copies no file from the build context: nothing to change")
    changed, deleted = copied[-1], copied[-2] if len(copied) > 1 else copied[-1]
    new = create_targets(paths, image.workdir)[0]
    containers = {"a": Container("A", paths), "b": Container("B", paths)}
    exec_as = {user: "", ROOT_USER: "-u 0 "}
    steps = [("a", user, "write", changed), ("a", ROOT_USER, "write", changed), ("a", ROOT_USER, "delete", deleted),
             ("a", user, "write", new), ("b", user, "read", deleted), ("a", user, "read", deleted),
             ("a", None, "restart", ""), ("a", None, "rm", "")]
    rows = []
    for name, who, action, path in steps:
        box = containers[name]
        if action == "restart":
            command, output = f"docker stop {name} && docker start {name}", "the writable layer is kept"
        elif action == "rm":
            command = f"docker rm -f {name} && docker run -d --name {name} {image.name}"
            containers[name] = Container(box.name, paths)
            output = "a new container with a new, empty writable layer"
        else:
            shell = {"write": f"sh -c 'echo edit >> {path}'", "delete": f"rm {path}", "read": f"cat {path}"}[action]
            command = f"docker exec {exec_as.get(who, '')}{name} {shell}"
            output = getattr(box, action)(path, who)
        rows.append({"command": command, "output": output,
                     "diff_a": containers["a"].diff(), "diff_b": containers["b"].diff()})
    return rows
