"""One container in the copy-on-write explorer: its writable layer, its state, and what each action does."""

from __future__ import annotations

import dataclasses
import posixpath
from dataclasses import dataclass

from lab.model.container_files import ROOT_USER, File, Startup, ancestors, may

# Each outcome's kind: what a reader, and the engine test, tells apart.
DONE, DENIED, NOT_PERMITTED, NO_FILE, NOT_RUNNING, NO_CONTAINER, NAME_TAKEN = (
    "done", "denied", "not-permitted", "no-file", "not-running", "no-container", "name-taken")


@dataclass
class Container:
    """One container: its writable layer and its state.

    `layer` is {path: kind}: "copy-up" (copied up and changed), "unchanged copy" (copied up by a
    change that changed nothing, such as chmod to the mode it has), "new" or "whiteout".
    `folders` are the folders copied up above them: overlayfs keeps them in the upper dir even
    after the file in them is gone.
    """
    name: str  # as docker commands name it: lab4-a
    label: str  # as the page shows it: A
    image_paths: dict[str, File]
    start: Startup = Startup()
    layer: dict[str, str] = dataclasses.field(default_factory=dict)
    created: dict[str, File] = dataclasses.field(default_factory=dict)
    folders: set[str] = dataclasses.field(default_factory=set)
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
        self.folders.update(ancestors(path))
        if file is None:
            self.layer[path] = "new"
            self.created[path] = File("f", user, 0o644, f"{self.label}'s writable layer")
            return DONE, f"created {path} in {self.label}'s writable layer"
        if path in self.layer:
            if self.layer[path] == "unchanged copy":
                self.layer[path] = "copy-up"
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
        self.folders.update(ancestors(path))
        if path in self.image_paths:
            self.layer[path] = "whiteout"
            return DONE, f"whiteout: {path} is hidden in {self.label}; the image and other containers still have it"
        del self.layer[path]
        return DONE, f"removed {path} from {self.label}'s writable layer (never in the image, so no whiteout)"

    def chmod(self, path: str, user: str) -> tuple[str, str]:
        """chmod to the mode the file has: a copy-up that changes nothing docker diff compares."""
        file = self.sees(path)
        if file is None:
            return NO_FILE, f"chmod: cannot access '{path}': No such file or directory"
        if user not in (ROOT_USER, file.owner):
            return NOT_PERMITTED, f"chmod: changing permissions of '{path}': Operation not permitted"
        self.folders.update(ancestors(path))
        if path in self.layer:
            return DONE, f"{path} is in {self.label}'s writable layer already; its mode stays {file.mode:o}"
        self.layer[path] = "unchanged copy"
        return DONE, (f"copy-up: {path} copied into {self.label}'s writable layer with nothing changed; "
                      "docker diff compares with the image and lists nothing, docker ps --size counts the copy")

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
        self.script_changed = self.layer.get(self.start.script) == "copy-up"  # not an unchanged copy
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
            if self.layer.get(module) in ("copy-up", "new"):
                return 1, f"{posixpath.basename(script)} imports {name}, and the line written to {module} is not Python (NameError)"
        return None

    def upper(self) -> list[str]:
        """What the upper dir holds: every path of the writable layer and the folders copied up."""
        return sorted(self.folders | set(self.layer))

    def diff(self) -> list[str]:
        """`docker diff`: each path of the writable layer that differs from the image, and every
        folder above one.

        A file is C when a lower layer has it, else A; a whiteout is D. Every folder above
        a listed path is C, also for a change in place; a folder whose entries changed and
        changed back is not listed, nor is a copy-up that changed nothing the comparison
        looks at (moby's changes walk, pkg/archive/changes.go; measured on Engine 26.1.5
        and 28.5.2, the unchanged copy-up on 26.1.5 with both image stores).
        """
        lines = {}
        for path, kind in self.layer.items():
            if kind == "unchanged copy":
                continue
            lines[path] = "D" if kind == "whiteout" else "C" if path in self.image_paths else "A"
            lines.update({folder: "C" for folder in ancestors(path)})
        return [f"{kind} {path}" for path, kind in sorted(lines.items(), key=lambda item: item[0].split("/"))]
