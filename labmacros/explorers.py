"""The two in-page explorers' models: the build cache (Q2) and copy-on-write (Q3).

Everything here is computed from the real samples at build time. The build-cache
outcomes are computed in full (every image, order and change); the copy-on-write
explorer has too many states for that, so its rules are small enough to run in the
browser too (docs/assets/javascripts/cow-explorer.js), and the static scenario below is
what a reader without JavaScript sees and what the browser tests compare against.
"""

from __future__ import annotations

import ast
import dataclasses
import json
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


def ancestors(path: str) -> list[str]:
    parents = []
    while (path := posixpath.dirname(path)) != "/":
        parents.append(path)
    return parents


@dataclass(frozen=True)
class Startup:
    """What the container's main process loads when it starts, read from CMD and the code.

    For `CMD ["python", "web.py"]`: the script, and the modules of the image it imports
    (found with Python's ast). A start fails when one of them is gone (python exits 2 for
    the script, 1 for an import) or when a line the explorer appended to a module runs
    at import (`edit` is a NameError: exit 1). A line appended to the script runs only
    after its main() returns, and only in a process started after the change (Python
    compiles the script when it starts): that process exits 1 on `docker stop`, not 0.
    """
    script: str = ""
    imports: tuple[str, ...] = ()


def startup(image: Image, folder: Path, paths: dict[str, File]) -> Startup:
    cmd = next((step.value.strip() for step in reversed(image.steps) if step.keyword == "CMD"), "")
    try:
        argv = json.loads(cmd) if cmd.startswith("[") else cmd.split()
    except json.JSONDecodeError:
        return Startup()
    if len(argv) < 2 or not posixpath.basename(argv[0]).startswith("python") or not argv[1].endswith(".py"):
        return Startup()
    script = posixpath.normpath(posixpath.join(image.workdir, argv[1]))
    source = folder / posixpath.basename(script)
    if script not in paths or not source.is_file():
        return Startup()
    imports, todo = [], [source]
    while todo:
        tree = ast.parse(todo.pop().read_text(encoding="utf-8"))
        names = [a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names]
        names += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module and not node.level]
        for name in names:
            module = posixpath.join(posixpath.dirname(script), name.split(".")[0] + ".py")
            if module in paths and module not in imports and (folder / posixpath.basename(module)).is_file():
                imports.append(module)
                todo.append(folder / posixpath.basename(module))
    return Startup(script, tuple(imports))


# Each outcome's kind: what a reader, and the engine test, tells apart.
DONE, DENIED, NOT_PERMITTED, NO_FILE, NOT_RUNNING, NO_CONTAINER, NAME_TAKEN = (
    "done", "denied", "not-permitted", "no-file", "not-running", "no-container", "name-taken")


@dataclass
class Container:
    """One container: its writable layer ({path: "copy-up" | "new" | "whiteout"}) and its state."""
    name: str  # as docker commands name it: lab4-a
    label: str  # as the page shows it: A
    image_paths: dict[str, File]
    start: Startup = Startup()
    layer: dict[str, str] = dataclasses.field(default_factory=dict)
    created: dict[str, File] = dataclasses.field(default_factory=dict)
    state: str = "running"  # running, exited (stopped, or its process ended), removed
    exit_code: int = 0
    script_changed: bool = False  # whether the running process was started from a changed script

    def sees(self, path: str) -> File | None:
        if self.layer.get(path) == "whiteout":
            return None
        return self.created.get(path) or self.image_paths.get(path)

    def read(self, path: str, user: str) -> tuple[str, str]:
        file = self.sees(path)
        if file is None:
            return NO_FILE, f"cat: {path}: No such file or directory"
        if not may(user, file, 0o4):
            return DENIED, f"cat: {path}: Permission denied"
        where = {"copy-up": f"its own copy in {self.label}'s writable layer", "new": f"{self.label}'s writable layer"}
        return DONE, f"cat prints {path} from " + where.get(self.layer.get(path), f"the image ({file.origin})")

    def write(self, path: str, user: str) -> tuple[str, str]:
        file, folder = self.sees(path), self.sees(posixpath.dirname(path))
        if file is not None and not may(user, file, 0o2) or file is None and not may(user, folder, 0o2):
            return DENIED, f"sh: 1: cannot create {path}: Permission denied"
        if file is None:
            self.layer[path] = "new"
            self.created[path] = File("f", user, 0o644, f"{self.label}'s writable layer")
            return DONE, f"created {path} in {self.label}'s writable layer"
        if path in self.layer:
            return DONE, f"changed {self.label}'s own copy of {path} again; no new copy-up"
        self.layer[path] = "copy-up"
        return DONE, f"copy-up: {path} copied into {self.label}'s writable layer, then changed there; the image keeps the original"

    def delete(self, path: str, user: str) -> tuple[str, str]:
        file, folder = self.sees(path), self.sees(posixpath.dirname(path))
        if file is None:
            return NO_FILE, f"rm: cannot remove '{path}': No such file or directory"
        if not may(user, folder, 0o2):
            return DENIED, f"rm: cannot remove '{path}': Permission denied"
        if folder.mode & 0o1000 and user not in (ROOT_USER, file.owner, folder.owner):
            return NOT_PERMITTED, f"rm: cannot remove '{path}': Operation not permitted"  # the sticky bit of /tmp
        self.created.pop(path, None)
        if path in self.image_paths:
            self.layer[path] = "whiteout"
            return DONE, f"whiteout: {path} is hidden in {self.label}; the image and other containers still have it"
        del self.layer[path]
        return DONE, f"removed {path} from {self.label}'s writable layer (never in the image, so no whiteout)"

    def stop(self) -> tuple[str, str]:
        if self.state != "running":
            return DONE, f"{self.name} is not running: nothing to stop"
        self.state = "exited"
        self.exit_code = 1 if self.script_changed else 0  # the appended line runs after main() returns
        return DONE, f"{self.name} stopped (exit code {self.exit_code}); its writable layer is kept"

    def begin(self) -> tuple[str, str]:
        if self.state == "running":
            return DONE, f"{self.name} is already running"
        failure = self.start_failure()
        if failure:
            self.state, self.exit_code = "exited", failure[0]
            return DONE, f"{self.name} started, and its process exited at once (exit code {failure[0]}): {failure[1]}"
        self.state = "running"
        # Python compiles the whole script when it starts: a line appended later never runs.
        self.script_changed = self.layer.get(self.start.script) == "copy-up"
        return DONE, f"{self.name} running again; its writable layer is kept"

    def start_failure(self) -> tuple[int, str] | None:
        script = self.start.script
        if script and self.sees(script) is None:
            return 2, f"python cannot open {script}, deleted in {self.label}'s writable layer"
        if self.layer.get(script) == "new":  # deleted, then written again: it holds just the line `edit`
            return 1, f"{script} now holds only the line the explorer wrote, which is not Python (NameError)"
        for module in self.start.imports:
            name = posixpath.basename(module)[:-3]
            if self.sees(module) is None:
                return 1, f"{posixpath.basename(script)} imports {name}, and {module} is deleted"
            if module in self.layer:
                return 1, f"{posixpath.basename(script)} imports {name}, and the line written to {module} is not Python (NameError)"
        return None

    def diff(self) -> list[str]:
        """`docker diff`: each path of the writable layer, and every folder above one.

        A file is C when a lower layer has it, else A; a whiteout is D. Every folder above
        a listed path is C, also for a change in place; a folder whose entries changed and
        changed back is not listed (moby's changes walk, pkg/archive/changes.go; measured
        on Engine 26.1.5 and 28.5.2).
        """
        lines = {}
        for path, kind in self.layer.items():
            lines[path] = "D" if kind == "whiteout" else "C" if path in self.image_paths else "A"
            lines.update({folder: "C" for folder in ancestors(path)})
        return [f"{kind} {path}" for path, kind in sorted(lines.items(), key=lambda item: item[0].split("/"))]


CONTAINERS = {"a": "lab4-a", "b": "lab4-b"}  # Docker wants names of two characters at least


class Explorer:
    """Two containers of one image, and every action the explorer offers, with the command it prints."""

    def __init__(self, image: Image, folder: Path, files: list[str]):
        self.image = image
        self.paths = image_files(image, folder, files)
        self.start = startup(image, folder, self.paths)
        self.user = runs_as(image)
        self.containers = {key: self.fresh(key) for key in CONTAINERS}

    def fresh(self, key: str) -> Container:
        return Container(CONTAINERS[key], key.upper(), self.paths, self.start)

    @staticmethod
    def command(image: str, key: str, action: str, path: str = "", root: bool = False) -> str:
        name = CONTAINERS[key]
        if action in ("read", "write", "delete"):
            shell = {"write": f"sh -c 'echo edit >> {path}'", "delete": f"rm {path}", "read": f"cat {path}"}[action]
            return f"docker exec {'-u 0 ' if root else ''}{name} {shell}"
        return {"run": f"docker run -d --name {name} {image}", "rm": f"docker rm -f {name}"}.get(action, f"docker {action} {name}")

    def act(self, key: str, action: str, path: str = "", root: bool = False) -> tuple[str, str, str]:
        """(command, kind, what it shows) for one action; the containers change as Docker's would."""
        box, command = self.containers[key], self.command(self.image.name, key, action, path, root)
        if action == "run":
            if box.state != "removed":
                return command, NAME_TAKEN, f"the name {box.name} is taken: remove that container first"
            self.containers[key] = self.fresh(key)
            return command, DONE, f"a new container {box.name} with a new, empty writable layer"
        if box.state == "removed":
            return command, NO_CONTAINER, f"Error response from daemon: No such container: {box.name}"
        if action == "rm":
            box.state = "removed"
            return command, DONE, f"removed {box.name} and its writable layer"
        if action in ("stop", "start"):
            return (command, *(box.stop() if action == "stop" else box.begin()))
        if box.state != "running":
            return command, NOT_RUNNING, f"{box.name} is not running: docker exec needs a running container"
        return (command, *getattr(box, action)(path, ROOT_USER if root else self.user))

    def diff(self, key: str) -> list[str] | None:
        """docker diff's lines, or None when the container does not exist."""
        box = self.containers[key]
        return None if box.state == "removed" else box.diff()


def create_targets(image_paths: dict[str, File], workdir: str) -> list[str]:
    """New files a reader can create: one in world-writable /tmp, one in the work folder."""
    return ["/tmp/scratch.txt"] + ([posixpath.join(workdir, "notes.txt")] if workdir in image_paths else [])


def offered_files(model: dict) -> list[str]:
    """The files the explorer's File menu offers, in its order."""
    return [p for p, (kind, *_) in model["files"].items() if kind == "f"] + model["create"]


def cow_model(image: Image, folder: Path, files: list[str]) -> dict:
    explorer = Explorer(image, folder, files)
    return {
        "image": image.name, "user": explorer.user, "names": CONTAINERS,
        "files": {path: [f.kind, f.owner, f.mode, f.origin] for path, f in explorer.paths.items()},
        "create": create_targets(explorer.paths, image.workdir),
        "start": {"script": explorer.start.script, "imports": list(explorer.start.imports)},
    }


def scenario(image: Image, folder: Path, files: list[str]) -> list[dict]:
    """A fixed walk through the explorer, for the static table: command, output, both diffs."""
    explorer = Explorer(image, folder, files)
    copied = [p for p, f in explorer.paths.items() if f.kind == "f" and f.origin.startswith("layer")]
    if not copied:
        raise SampleError(f"{image.name} copies no file from the build context: nothing to change")
    changed, deleted = copied[-1], copied[-2] if len(copied) > 1 else copied[-1]
    new = create_targets(explorer.paths, image.workdir)[0]
    steps = [("a", "write", changed, False), ("a", "write", changed, True), ("a", "delete", deleted, True),
             ("a", "write", new, False), ("b", "read", deleted, False), ("a", "read", deleted, False),
             ("a", "stop", "", False), ("a", "start", "", False), ("a", "rm", "", False), ("a", "run", "", False)]
    rows = []
    for key, action, path, root in steps:
        command, _, output = explorer.act(key, action, path, root)
        rows.append({"command": command, "output": output, "diff_a": explorer.diff("a"), "diff_b": explorer.diff("b")})
    return rows


def dockerfile_text(image: Image) -> str:
    """A Dockerfile for `image` (its final stage), so a variant such as badly_ordered can be built."""
    lines = [f"FROM {image.base}"]
    for step in image.steps:
        first, *body = step.value.split("\n")
        lines.append(f"{step.keyword} {first}")
        if body:
            terminator = re.search(r"<<-?\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)", first).group(1)
            lines += [*body, terminator]
    return "\n".join(lines) + "\n"
