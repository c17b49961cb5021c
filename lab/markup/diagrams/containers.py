"""Q1's and Q3's diagrams: containers on one image, each with its writable layer; copy-on-write."""

from __future__ import annotations

from lab.errors import SampleError
from lab.markup import svg
from lab.markup.diagrams.drawing import GAP, ROW, both, image_rows, margin, slug, stack_rows
from lab.model.copy_on_write import CONTAINERS
from lab.model.image import Image, is_root


def containers_on(image: Image, columns: list[tuple[str, list[str]]], title: str, desc: str, caption: str,
                  text: list[str], diagram_id: str, marked: dict[int, str] | None = None) -> str:
    """Containers, each a process over its writable layer, on one image's layers.

    Wide, the containers stand side by side; narrow, one above the other.
    """
    entries = max(len(entries) for _, entries in columns)
    writable_h = 30 + 22 * entries
    image_rows_list = image_rows(image, "read-only", lambda n: "read-only", marked)
    image_h = (ROW + GAP) * len(image_rows_list)

    def draw(width, narrow):
        m = margin(width)
        inner = width - 2 * m
        col = inner if narrow else (inner - 20) / 2
        heading = ("Each container: own writable layer" if narrow
                   else "Containers: each with its own process and writable layer")
        body = [svg.text(m, 26, svg.fit(heading, inner), "lab-d-heading")]
        y = top = 40
        for i, (name, lines) in enumerate(columns):
            x = m if narrow else m + i * (col + 20)
            y = top + i * (ROW + GAP + writable_h + 14) if narrow else top
            body.append(svg.box(x, y, col, ROW, "lab-d-process", f"container {name}", "lab-d-label", note="process"))
            y += ROW + GAP
            body.append(svg.rect(x, y, col, writable_h, "lab-d-writable"))
            body.append(svg.text(x + 10, y + 20, "its own writable layer", "lab-d-label"))
            body += [svg.text(x + 10, y + 42 + 22 * k, svg.fit(line, col - 4), "lab-d-code") for k, line in enumerate(lines)]
        image_top = y + writable_h + 44
        heading = f"Image {image.name}: read-only" + ("" if narrow else ", shared by both containers")
        body.append(svg.text(m, image_top - 10, svg.fit(heading, inner), "lab-d-heading"))
        rows, _ = stack_rows(m, image_top + image_h, inner, image_rows_list)
        body += rows
        return image_top + image_h + 16, body

    return svg.figure(diagram_id, title, desc, both(draw), caption, text)


def image_vs_container(image: Image) -> str:
    """Q1: one image's read-only layers; two containers on it, each with a thin writable layer."""
    names = [f"{image.name}-1", f"{image.name}-2"]
    n = len(image.layers)
    return containers_on(
        image, [(name, ["(starts empty)"]) for name in names],
        title=f"One image, {image.name}, and two containers created from it",
        desc=(f"Image {image.name}: {image.base} base and {n} read-only layers, stored once. "
              f"Containers {names[0]} and {names[1]} run on it, each with its own process and its own writable layer."),
        caption=(f"Both containers use the same read-only layers (the base image's and {image.name}'s own {n}); "
                 "each adds only a thin writable layer and its own process."),
        text=[f"Image {image.name}: base {image.base} and {n} layers ({'; '.join(l.text for l in image.layers)}), read-only",
              *[f"Container {name}: its own process and writable layer, on the image's layers" for name in names]],
        diagram_id=slug("image-vs-container", image.name),
    )


def check_user_may_change(image: Image, user: str, changed: str, deleted: str) -> None:
    """Refuse a drawing of changes the container's user could not make.

    COPY and ADD without --chown leave files owned by root, so another user may change
    a file only if --chown gave it to them. Deleting needs write permission on the
    file's directory, which the model does not follow: only root is drawn deleting.
    """
    if is_root(user):
        return
    owners = {path: owner for path, _, owner in image.copied_files()}
    fix = 'pass user="0" (docker exec -u 0) or pick a file that user owns'
    if owners[changed] != user.split(":")[0]:
        raise SampleError(f"changed={changed!r} belongs to {owners[changed]} in {image.name} and the container runs "
                          f"as user {user}, who cannot change it: {fix}")
    raise SampleError(f"deleted={deleted!r}: deleting needs write permission on its directory, and the diagram "
                      f"draws deletions only by root, not by user {user}: {fix}")


def copy_on_write(image: Image, changed: str, deleted: str, created: str, user: str | None = None) -> str:
    """Q3: container lab4-a changes, deletes and creates files; lab4-b and the image are unchanged.

    `user` is whom A's changes are made as (`docker exec -u`); the image's USER by default.
    """
    copied = dict(image.copied_paths())
    for what, path in (("changed", changed), ("deleted", deleted)):
        if path not in copied:
            raise SampleError(f"{what}={path!r} is not a file the Dockerfile copies into {image.name} "
                              f"(it copies: {', '.join(sorted(copied)) or 'nothing'})")
    if created in copied:
        raise SampleError(f"created={created!r} is already in the image")
    who = user or image.user
    check_user_may_change(image, who, changed, deleted)
    how = f"with docker exec -u {user}" if user else f"by its own process (user {who})"
    owners = {path: owner for path, _, owner in image.copied_files()}
    layer_numbers = {layer.line: n for n, layer in enumerate(image.layers, start=1)}
    holders = {layer_numbers[copied[changed]]: "holds the originals"}
    holders.setdefault(layer_numbers[copied[deleted]], "holds the originals")
    a, b = CONTAINERS["a"], CONTAINERS["b"]  # as the explorer and the Try-it name them
    a_lines = [f"{changed} (copied up, changed)", f"{deleted} (whiteout: deleted)", f"{created} (new file)"]
    foreign = sorted({owners[changed], owners[deleted]} - {image.user.split(":")[0]})
    why = (f" The image runs its process as user {image.user}, and {changed} and {deleted} belong to "
           f"{' and '.join(foreign)}, so the changes are made {how}." if user and foreign else "")
    return containers_on(
        image, [(a, [f"made {how}:"] + a_lines), (b, ["(empty: sees the image's files)"])],
        title=f"Copy-on-write in two containers of image {image.name}",
        desc=(f"In container {a}, {how}: {changed} was changed, so the file was copied up from the image layer into "
              f"{a}'s writable layer and changed there; {deleted} was deleted, so a whiteout in {a}'s writable layer hides "
              f"it; {created} was created in {a}'s writable layer. Container {b}'s writable layer is empty: {b} still sees "
              f"the original {changed} and {deleted}. The image layers are unchanged.{why}"),
        caption=(f"Container {a}'s changes, made{' as root' if user and is_root(user) else ''} {how}, live only in {a}'s "
                 f"writable layer; the image and container {b} see the original files."),
        text=[f"Container {a}, writable layer, made {how}: {line}" for line in a_lines]
             + [f"Container {b}, writable layer: empty; {b} reads every file from the image",
                f"Image {image.name}: unchanged; still holds {changed} and {deleted}"],
        diagram_id=slug("copy-on-write", image.name),
        marked=holders,
    )

