"""The five diagrams, drawn at build time from the real sample files.

Each function takes the data of labmacros.models and returns a figure (inline SVG with
title, description and a text equivalent). It draws the same model twice: WIDE for a
column of 600 px or more, NARROW (columns stacked) for a phone's 343-px column, where
it keeps the text at its own size instead of shrinking it; lab.css shows the one that
fits. Same input, same bytes.
"""

from __future__ import annotations

import re

from . import svg
from .errors import SampleError
from .models import Image, Stack, is_root, shared_prefix

ROW, GAP = 34, 6  # height of one layer box, space between boxes
WIDE, NARROW = 680, 340  # the widest wide drawing, and the narrow width (lab.css switches at 600 px)


def slug(*names: str) -> str:
    return "diagram-" + "-".join(re.sub(r"[^a-z0-9]+", "-", n.lower()).strip("-") for n in names)


def stack_rows(x, bottom, width, rows: list[tuple[str, str, str]]) -> tuple[list[str], float]:
    """Boxes stacked upwards from `bottom`: rows are (class, label, note), first at the bottom."""
    body, y = [], bottom
    for cls, label, note in rows:
        y -= ROW
        body.append(svg.box(x, y, width, ROW, cls, label, note=note))
        y -= GAP
    return body, y + GAP


def image_rows(image: Image, base_note: str, layer_note, marked: dict[int, str] | None = None) -> list[tuple[str, str, str]]:
    """(class, label, note) for the base and each layer, bottom up; `marked` layers stand out with their own note."""
    marked = marked or {}
    rows = [("lab-d-base", f"FROM {image.base}", base_note)]
    for n, layer in enumerate(image.layers, start=1):
        rows.append(("lab-d-shared" if n in marked else "lab-d-layer", layer.text, marked.get(n, layer_note(n))))
    return rows


def both(draw) -> list[svg.Drawing]:
    """The wide and the narrow drawing of one diagram: `draw(width, narrow)` returns (height, body)."""
    return [svg.Drawing(variant, width, *draw(width, variant == "narrow"))
            for variant, width in (("wide", WIDE), ("narrow", NARROW))]


def margin(width: int) -> int:
    return 10 if width <= NARROW else 20


def layer_stack(image: Image) -> str:
    """Q2: the image bottom to top, one box per layer BuildKit commits; config-only instructions apart."""

    def draw(width, narrow):
        m = margin(width)
        inner = width - 2 * m
        config_h = 30 + 22 * len(image.config)
        bottom = 44 + (ROW + GAP) * (len(image.layers) + 1) - GAP
        heading = f"Image {image.name}: " + ("layers, newest on top" if narrow else "read-only layers, newest on top")
        body = [svg.text(m, 26, svg.fit(heading, inner), "lab-d-heading")]
        rows, _ = stack_rows(m, bottom, inner, image_rows(image, "base" if narrow else "base image", lambda n: f"layer {n}"))
        body += rows
        top = bottom + 24
        body.append(svg.rect(m, top, inner, config_h, "lab-d-config"))
        body.append(svg.text(m + 10, top + 21, "Image config only (adds no layer)", "lab-d-label"))
        body += [svg.text(m + 10, top + 44 + 22 * i, svg.fit(item, inner - 20), "lab-d-code")
                 for i, item in enumerate(image.config)]
        return top + config_h + 16, body

    n = len(image.layers)
    stages = f" (the final of {image.stages} build stages)" if image.stages > 1 else ""
    title = f"Image {image.name}: {n} layers on the {image.base} base"
    desc = (f"Image {image.name}{stages}, bottom to top: {image.base} base image; "
            + "; ".join(layer.text for layer in image.layers)
            + ". Image config, not layers: " + "; ".join(image.config) + ".")
    text = ([f"Base image: {image.base}"] + [f"Layer {i}: {layer.text}" for i, layer in enumerate(image.layers, start=1)]
            + [f"Config (no layer): {item}" for item in image.config])
    caption = (f"The {n} layers of {image.name}, drawn from its Dockerfile: RUN, COPY and ADD add a layer, and so does "
               "WORKDIR unless its directory is /; the other instructions only change the image config"
               + ("; earlier build stages leave nothing but what COPY --from takes" if image.stages > 1 else "") + ".")
    return svg.figure(slug("layers", image.name), title, desc, both(draw), caption, text)


def shared_layers(a: Image, b: Image) -> str:
    """Q2: two images; their common layers drawn once, then each image's own."""
    if a.base != b.base:
        raise SampleError(f"{a.name} and {b.name} have different base images ({a.base}, {b.base}): nothing to share")
    shared = shared_prefix(a, b)
    own_a, own_b = a.layers[shared:], b.layers[shared:]
    common = [("lab-d-base", f"FROM {a.base}", "shared")] + [("lab-d-shared", layer.text, "shared") for layer in a.layers[:shared]]
    note = "Shared: the same cached layers, stored once"
    narrow_note = "The same cached layers, stored once"

    def draw(width, narrow):
        m = margin(width)
        inner = width - 2 * m
        if narrow:  # each image's own layers in a band of its own, above the shared ones
            y, body = 0, []
            for image, own in ((b, own_b), (a, own_a)):
                body.append(svg.text(m, y + 26, svg.fit(f"Only in image {image.name}", inner), "lab-d-heading"))
                rows, _ = stack_rows(m, y + 40 + (ROW + GAP) * len(own), inner,
                                     [("lab-d-layer", layer.text, "") for layer in reversed(own)])
                body += rows
                y += 40 + (ROW + GAP) * len(own) + 6
            body.append(svg.text(m, y + 26, svg.fit(f"Shared by {a.name} and {b.name}", inner), "lab-d-heading"))
            bottom = y + 40 + (ROW + GAP) * len(common) - GAP
            rows, _ = stack_rows(m, bottom, inner, common)
            body += rows
            body.append(svg.text(m, bottom + 28, narrow_note, "lab-d-note"))
            return bottom + 40, body
        col = (inner - 20) / 2
        bottom = 50 + (ROW + GAP) * (1 + shared + max(len(own_a), len(own_b))) - GAP
        body, top = stack_rows(m, bottom, inner, common)
        left, _ = stack_rows(m, top - GAP, col, [("lab-d-layer", layer.text, "") for layer in own_a])
        right, _ = stack_rows(m + col + 20, top - GAP, col, [("lab-d-layer", layer.text, "") for layer in own_b])
        body += left + right
        body.append(svg.text(m, 26, f"Image {a.name}", "lab-d-heading"))
        body.append(svg.text(m + col + 20, 26, f"Image {b.name}", "lab-d-heading"))
        body.append(svg.text(width / 2, bottom + 28, note, "lab-d-note", "middle"))
        return bottom + 40, body

    title = f"Images {a.name} and {b.name} share the {a.base} base and {shared} layers"
    desc = (f"Stored once for both: {a.base} base; " + "; ".join(layer.text for layer in a.layers[:shared])
            + f". Only in {a.name}: " + ("; ".join(layer.text for layer in own_a) or "nothing")
            + f". Only in {b.name}: " + ("; ".join(layer.text for layer in own_b) or "nothing") + ".")
    text = ([f"Shared: base image {a.base}"] + [f"Shared: {layer.text}" for layer in a.layers[:shared]]
            + [f"Only {a.name}: {layer.text}" for layer in own_a] + [f"Only {b.name}: {layer.text}" for layer in own_b])
    caption = (f"{a.name} and {b.name} build from the same {a.base} base and start with the same instructions, so "
               f"the second build takes its first {shared} layers from the build cache: both images use the very same "
               f"layers, stored once. Running the same steps again without the cache would give new layers with "
               f"other bytes (timestamps); sharing ends at the first instruction that differs.")
    return svg.figure(slug("shared", a.name, b.name), title, desc, both(draw), caption, text)


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
    """Q3: container A changes, deletes and creates files; B and the image are unchanged.

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
    a_lines = [f"{changed} (copied up, changed)", f"{deleted} (whiteout: deleted)", f"{created} (new file)"]
    foreign = sorted({owners[changed], owners[deleted]} - {image.user.split(":")[0]})
    why = (f" The image runs its process as user {image.user}, and {changed} and {deleted} belong to "
           f"{' and '.join(foreign)}, so the changes are made {how}." if user and foreign else "")
    return containers_on(
        image, [("A", [f"made {how}:"] + a_lines), ("B", ["(empty: sees the image's files)"])],
        title=f"Copy-on-write in two containers of image {image.name}",
        desc=(f"In container A, {how}: {changed} was changed, so the file was copied up from the image layer into "
              f"A's writable layer and changed there; {deleted} was deleted, so a whiteout in A's writable layer hides "
              f"it; {created} was created in A's writable layer. Container B's writable layer is empty: B still sees "
              f"the original {changed} and {deleted}. The image layers are unchanged.{why}"),
        caption=(f"Container A's changes, made{' as root' if user and is_root(user) else ''} {how}, live only in A's writable "
                 "layer; the image and container B see the original files."),
        text=[f"Container A, writable layer, made {how}: {line}" for line in a_lines]
             + ["Container B, writable layer: empty; B reads every file from the image",
                f"Image {image.name}: unchanged; still holds {changed} and {deleted}"],
        diagram_id=slug("copy-on-write", image.name),
        marked=holders,
    )


def compose_stack(stack: Stack) -> str:
    """Q4: services, the networks they join, named volumes, published ports and depends_on edges.

    Wide, the services stand in a row (dependencies to the right) with the networks
    and volumes below; narrow, they stand in a column (dependencies below), the
    networks run down the left side and the depends_on arrows down the right.
    """
    order = layered_order(stack)
    arcs = [(s.name, dep, cond) for s in order for dep, cond in s.depends_on if dep in {o.name for o in order}]
    project = f"Compose project {stack.name}" if stack.name else "Compose project"
    diagram_id = slug("compose", stack.name or "stack")
    conditions = sorted({cond.replace("service_", "") for _, _, cond in arcs})
    start_order = "depends_on: " + ", ".join(conditions)
    box_h = 78

    def service_box(body, s, x, y, col):
        body.append(svg.rect(x, y, col, box_h, "lab-d-service"))
        body.append(svg.text(x + 10, y + 22, svg.fit(s.name, col), "lab-d-heading"))
        body.append(svg.text(x + 10, y + 44, svg.fit(s.source, col), "lab-d-code"))
        if s.ports:
            ports = ", ".join(s.ports)
            label = "port " + ports if svg.fit("port " + ports, col).endswith(ports) else ports
            body.append(svg.text(x + 10, y + 66, svg.fit(label, col), "lab-d-code"))

    def draw_wide(width):
        gap = 14
        col = (width - gap) / max(len(order), 2) - gap
        x_of = {s.name: gap + i * (col + gap) for i, s in enumerate(order)}
        box_top = 46 + (70 if arcs else 0)
        body = [svg.text(gap, 26, project, "lab-d-heading")]
        for s in order:
            service_box(body, s, x_of[s.name], box_top, col)
        for i, (src, dst, _) in enumerate(arcs):
            x1, x2 = x_of[src] + col / 2 - 12, x_of[dst] + col / 2 + 12 * (i - (len(arcs) - 1) / 2)
            body.append(svg.curve(x1, box_top, x2, box_top - 2, 50 + 8 * i, svg.marker_id(diagram_id, "wide")))
        if arcs:
            body.append(svg.text(width - gap, 52, start_order, "lab-d-note", "end"))
        y = box_top + box_h + 30
        for network in stack.networks:
            members = [s for s in order if network in s.networks]
            if not members:
                continue
            xs = [x_of[s.name] + col / 2 for s in members]
            body.append(svg.line(min(xs) - 30, y, max(xs) + 30, y, "lab-d-network"))
            body += [svg.line(x, box_top + box_h, x, y, "lab-d-link") for x in xs]
            body.append(svg.text(min(xs) - 30, y + 20, f"network {network}: reach each other by service name", "lab-d-note"))
            y += 44
        volume_y = y + 6
        for s in order:
            for k, (volume, target) in enumerate(s.volumes):
                x = x_of[s.name] + 10
                vy = volume_y + k * (ROW + GAP)
                body.append(svg.line(x_of[s.name] + col - 20, box_top + box_h, x_of[s.name] + col - 20, vy, "lab-d-link"))
                body.append(svg.box(x, vy, col - 20, ROW, "lab-d-volume", f"volume {volume}"))
                body.append(svg.text(x, vy + ROW + 16, svg.fit(f"at {target}", col), "lab-d-note"))
        volume_rows = max([len(s.volumes) for s in order] + [0])
        return volume_y + volume_rows * (ROW + GAP) + (26 if volume_rows else 0), body

    def draw_narrow(width):
        networks = [n for n in stack.networks if any(n in s.networks for s in order)]
        lane = 14  # one vertical line per network on the left
        x = 10 + lane * len(networks) + 6
        col = width - x - (30 + 8 * len(arcs) if arcs else 10)
        body = [svg.text(10, 26, svg.fit(project, width - 20), "lab-d-heading")]
        y, top_of = 44, {}
        for s in order:
            top_of[s.name] = y
            service_box(body, s, x, y, col)
            y += box_h
            for volume, target in s.volumes:
                body.append(svg.line(x + 30, y, x + 30, y + 10, "lab-d-link"))
                body.append(svg.box(x + 20, y + 10, col - 20, ROW, "lab-d-volume", f"volume {volume}"))
                body.append(svg.text(x + 20, y + 10 + ROW + 16, svg.fit(f"at {target}", col - 20), "lab-d-note"))
                y += 10 + ROW + 24
            y += 22
        for i, network in enumerate(networks):
            nx = 10 + lane * i + 4
            ys = [top_of[s.name] + box_h / 2 for s in order if network in s.networks]
            body.append(svg.line(nx, min(ys) - 12, nx, max(ys) + 12, "lab-d-network"))
            body += [svg.line(nx, cy, x, cy, "lab-d-link") for cy in ys]
        for i, (src, dst, _) in enumerate(arcs):
            y1, y2 = top_of[src] + box_h / 2 - 8, top_of[dst] + box_h / 2 + 8 * (i - (len(arcs) - 1) / 2)
            body.append(svg.curve_right(x + col, y1, x + col + 2, y2, 18 + 8 * i, svg.marker_id(diagram_id, "narrow")))
        for network in networks:
            body.append(svg.text(10, y, svg.fit(f"network {network}:", width - 20), "lab-d-note"))
            body.append(svg.text(10, y + 18, "reach each other by service name", "lab-d-note"))
            y += 44
        if arcs:
            body.append(svg.text(10, y, svg.fit(f"arrows: {start_order}", width - 20), "lab-d-note"))
            y += 22
        return y, body

    def draw(width, narrow):
        return draw_narrow(width) if narrow else draw_wide(width)

    desc_parts = [f"{project}: {len(order)} services ({', '.join(s.name for s in order)})."]
    text = []
    for s in order:
        facts = [s.source] + [f"publishes {p}" for p in s.ports] + [f"network {n}" for n in s.networks]
        facts += [f"volume {v} at {t}" for v, t in s.volumes]
        facts += [f"starts after {d} is {c.replace('service_', '')}" for d, c in s.depends_on]
        text.append(f"{s.name}: " + "; ".join(facts))
        desc_parts.append(text[-1] + ".")
    caption = "The services, network, volumes, ports and start order, drawn from the sample compose.yaml."
    title = f"{project}: " + ", ".join(s.name for s in order)
    return svg.figure(diagram_id, title, " ".join(desc_parts), both(draw), caption, text)


def layered_order(stack: Stack):
    """Services ordered so each one's dependencies stand to its right (a topological order, reversed)."""
    by_name = {s.name: s for s in stack.services}
    placed, order = set(), []

    def visit(service, seen=()):
        if service.name in placed:
            return
        if service.name in seen:
            raise SampleError(f"depends_on forms a cycle through {service.name}")
        for dep, _ in service.depends_on:
            if dep in by_name:
                visit(by_name[dep], seen + (service.name,))
        placed.add(service.name)
        order.append(service)

    for s in stack.services:
        visit(s)
    return list(reversed(order))
