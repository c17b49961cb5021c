"""What a container of an image starts with: the files the copy-on-write explorer works with,
their owners and modes, and what its main process loads when it starts."""

from __future__ import annotations

import ast
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path

from lab.model.build_cache import layer_numbers
from lab.model.build_context import sources_in_context
from lab.model.image import Image, copy_of, is_root, one_line, workdirs

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
