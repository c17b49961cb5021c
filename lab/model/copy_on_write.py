"""The copy-on-write explorer's model (Q3): two containers of one image, and every action it offers.

It has too many states to compute them all at build time, so its rules are small enough
to run in the browser too (docs/assets/javascripts/cow-explorer.js); the static scenario
below is what a reader without JavaScript sees and what the browser tests compare against.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from lab.errors import SampleError
from lab.model.container import DONE, NAME_TAKEN, NO_CONTAINER, NOT_RUNNING, Container
from lab.model.container_files import ROOT_USER, File, image_files, runs_as, startup
from lab.model.image import Image

BASE_FILE = "/etc/issue"  # a file every base image has (container_files.BASE_PATHS)
CONTAINERS = {"a": "lab4-a", "b": "lab4-b"}  # Docker wants names of two characters at least
# chmod u+r: every file offered is readable by its owner already, so the mode stays as it is
EXEC_ACTIONS = ("read", "write", "delete", "chmod")


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
        if action in EXEC_ACTIONS:
            shell = {"write": f"sh -c 'echo edit >> {path}'", "delete": f"rm {path}", "read": f"cat {path}",
                     "chmod": f"chmod u+r {path}"}[action]
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
        if box.state == "removed" and action == "rm":
            # -f makes a missing container no failure: the CLI prints the error, exits 0 (without -f, 1)
            return command, DONE, (f"Error response from daemon: No such container: {box.name} "
                                   "(printed, but exit status 0: with -f, nothing to remove is no failure)")
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

    def upper(self, key: str) -> list[str] | None:
        """The paths in the container's upper dir, or None when the container does not exist."""
        box = self.containers[key]
        return None if box.state == "removed" else box.upper()


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
             ("a", "chmod", BASE_FILE, True),  # a copy-up that docker diff does not list
             ("a", "stop", "", False), ("a", "start", "", False), ("a", "rm", "", False), ("a", "run", "", False)]
    rows = []
    for key, action, path, root in steps:
        command, _, output = explorer.act(key, action, path, root)
        rows.append({"command": command, "output": output, "diff_a": explorer.diff("a"), "diff_b": explorer.diff("b")})
    return rows
