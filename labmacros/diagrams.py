"""The five diagrams, drawn at build time from the real sample files.

Each function takes the data of labmacros.models and returns a figure (inline SVG with
title, description and a text equivalent). Same input, same bytes.
"""

from __future__ import annotations

import re

from . import svg
from .errors import SampleError
from .models import Image, Stack, shared_prefix

ROW, GAP = 34, 6  # height of one layer box, space between boxes


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


def layer_stack(image: Image) -> str:
    """Q2: the image bottom to top, one box per RUN/COPY/ADD; config instructions apart."""
    width = 560
    config_h = 30 + 22 * len(image.config)
    bottom = 44 + (ROW + GAP) * (len(image.layers) + 1) - GAP
    height = bottom + 24 + config_h + 16
    body = [svg.text(20, 26, f"Image {image.name}: read-only layers, newest on top", "lab-d-heading")]
    rows, _ = stack_rows(20, bottom, width - 40, image_rows(image, "base image", lambda n: f"layer {n}"))
    body += rows
    top = bottom + 24
    body.append(svg.rect(20, top, width - 40, config_h, "lab-d-config"))
    body.append(svg.text(30, top + 21, "Image config (metadata, adds no layer)", "lab-d-label"))
    body += [svg.text(30, top + 44 + 22 * i, svg.fit(item, width - 60), "lab-d-code") for i, item in enumerate(image.config)]
    n = len(image.layers)
    stages = f" (the final of {image.stages} build stages)" if image.stages > 1 else ""
    title = f"Image {image.name}: {n} layers on the {image.base} base"
    desc = (f"Image {image.name}{stages}, bottom to top: {image.base} base image; "
            + "; ".join(layer.text for layer in image.layers)
            + ". Image config, not layers: " + "; ".join(image.config) + ".")
    text = ([f"Base image: {image.base}"] + [f"Layer {i}: {layer.text}" for i, layer in enumerate(image.layers, start=1)]
            + [f"Config (no layer): {item}" for item in image.config])
    caption = (f"The {n} layers of {image.name}, drawn from its Dockerfile: RUN, COPY, ADD and WORKDIR add a layer"
               + ("; earlier build stages leave nothing but what COPY --from takes" if image.stages > 1 else "") + ".")
    return svg.figure(slug("layers", image.name), width, height, title, desc, body, caption, text)


def shared_layers(a: Image, b: Image) -> str:
    """Q2: two images; their common layers drawn once, then each image's own."""
    if a.base != b.base:
        raise SampleError(f"{a.name} and {b.name} have different base images ({a.base}, {b.base}): nothing to share")
    shared = shared_prefix(a, b)
    width, col = 660, 300
    own_a, own_b = a.layers[shared:], b.layers[shared:]
    rows_total = 1 + shared + max(len(own_a), len(own_b))
    bottom = 50 + (ROW + GAP) * rows_total - GAP
    height = bottom + 40
    common = [("lab-d-base", f"FROM {a.base}", "shared")] + [("lab-d-shared", layer.text, "shared") for layer in a.layers[:shared]]
    body, top = stack_rows(20, bottom, width - 40, common)
    left, _ = stack_rows(20, top - GAP, col, [("lab-d-layer", layer.text, "") for layer in own_a])
    right, _ = stack_rows(20 + col + 20, top - GAP, col, [("lab-d-layer", layer.text, "") for layer in own_b])
    body += left + right
    body.append(svg.text(20, 26, f"Image {a.name}", "lab-d-heading"))
    body.append(svg.text(20 + col + 20, 26, f"Image {b.name}", "lab-d-heading"))
    body.append(svg.text(width / 2, bottom + 28, "Shared layers: stored once, built once, reused from the cache",
                         "lab-d-note", "middle"))
    title = f"Images {a.name} and {b.name} share the {a.base} base and {shared} layers"
    desc = (f"Stored once for both: {a.base} base; " + "; ".join(layer.text for layer in a.layers[:shared])
            + f". Only in {a.name}: " + ("; ".join(layer.text for layer in own_a) or "nothing")
            + f". Only in {b.name}: " + ("; ".join(layer.text for layer in own_b) or "nothing") + ".")
    text = ([f"Shared: base image {a.base}"] + [f"Shared: {layer.text}" for layer in a.layers[:shared]]
            + [f"Only {a.name}: {layer.text}" for layer in own_a] + [f"Only {b.name}: {layer.text}" for layer in own_b])
    caption = (f"{a.name} and {b.name} start with the same instructions, so Docker stores their first "
               f"{shared} layers (and the base image) once; they differ from the first differing instruction on.")
    return svg.figure(slug("shared", a.name, b.name), width, height, title, desc, body, caption, text)


def containers_on(image: Image, columns: list[tuple[str, list[str]]], title: str, desc: str, caption: str,
                  text: list[str], diagram_id: str, marked: dict[int, str] | None = None) -> str:
    """Containers side by side, each a process over its writable layer, on one image's layers."""
    width, col = 680, 310
    entries = max(len(entries) for _, entries in columns)
    writable_h = 30 + 22 * entries
    image_rows_list = image_rows(image, "read-only", lambda n: "read-only", marked)
    image_h = (ROW + GAP) * len(image_rows_list)
    top = 40
    body = [svg.text(20, 26, "Containers: each with its own process and writable layer", "lab-d-heading")]
    for i, (name, lines) in enumerate(columns):
        x = 20 + i * (col + 20)
        body.append(svg.box(x, top, col, ROW, "lab-d-process", f"container {name}", "lab-d-label", note="process"))
        y = top + ROW + GAP
        body.append(svg.rect(x, y, col, writable_h, "lab-d-writable"))
        body.append(svg.text(x + 10, y + 20, "its own writable layer", "lab-d-label"))
        body += [svg.text(x + 10, y + 42 + 22 * k, svg.fit(line, col), "lab-d-code") for k, line in enumerate(lines)]
    image_top = top + ROW + GAP + writable_h + 44
    body.append(svg.text(20, image_top - 10, f"Image {image.name}: read-only, shared by both containers", "lab-d-heading"))
    rows, _ = stack_rows(20, image_top + image_h, width - 40, image_rows_list)
    body += rows
    height = image_top + image_h + 16
    return svg.figure(diagram_id, width, height, title, desc, body, caption, text)


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


def copy_on_write(image: Image, changed: str, deleted: str, created: str) -> str:
    """Q3: container A changes, deletes and creates files; B and the image are unchanged."""
    copied = dict(image.copied_paths())
    for what, path in (("changed", changed), ("deleted", deleted)):
        if path not in copied:
            raise SampleError(f"{what}={path!r} is not a file the Dockerfile copies into {image.name} "
                              f"(it copies: {', '.join(sorted(copied)) or 'nothing'})")
    if created in copied:
        raise SampleError(f"created={created!r} is already in the image")
    layer_numbers = {layer.line: n for n, layer in enumerate(image.layers, start=1)}
    holders = {layer_numbers[copied[changed]]: "holds the originals"}
    holders.setdefault(layer_numbers[copied[deleted]], "holds the originals")
    a_lines = [f"{changed} (copied up, changed)", f"{deleted} (whiteout: deleted)", f"{created} (new file)"]
    return containers_on(
        image, [("A", a_lines), ("B", ["(empty: sees the image's files)"])],
        title=f"Copy-on-write in two containers of image {image.name}",
        desc=(f"Container A changed {changed}: the file was copied up from the image layer into A's writable layer "
              f"and changed there. A deleted {deleted}: a whiteout in A's writable layer hides it. A created {created} "
              f"in its writable layer. Container B's writable layer is empty: B still sees the original {changed} "
              f"and {deleted}. The image layers are unchanged."),
        caption="Container A's changes live only in A's writable layer; the image and container B see the original files.",
        text=[f"Container A, writable layer: {line}" for line in a_lines]
             + ["Container B, writable layer: empty; B reads every file from the image",
                f"Image {image.name}: unchanged; still holds {changed} and {deleted}"],
        diagram_id=slug("copy-on-write", image.name),
        marked=holders,
    )


def compose_stack(stack: Stack) -> str:
    """Q4: services, the networks they join, named volumes, published ports and depends_on edges."""
    order = layered_order(stack)
    col, gap = 250, 20
    width = max(600, len(order) * (col + gap) + gap)
    x_of = {s.name: gap + i * (col + gap) for i, s in enumerate(order)}
    arcs = [(s.name, dep, cond) for s in order for dep, cond in s.depends_on if dep in x_of]
    box_top = 46 + (70 if arcs else 0)
    box_h = 78
    head = slug("compose", stack.name or "stack") + "-head"
    project = f"Compose project {stack.name}" if stack.name else "Compose project"
    body = [svg.text(20, 26, project, "lab-d-heading")]
    for s in order:
        x = x_of[s.name]
        body.append(svg.rect(x, box_top, col, box_h, "lab-d-service"))
        body.append(svg.text(x + 10, box_top + 22, s.name, "lab-d-heading"))
        body.append(svg.text(x + 10, box_top + 44, svg.fit(s.source, col), "lab-d-code"))
        if s.ports:
            body.append(svg.text(x + 10, box_top + 66, svg.fit("port " + ", ".join(s.ports), col), "lab-d-code"))
    for i, (src, dst, cond) in enumerate(arcs):
        x1, x2 = x_of[src] + col / 2 - 12, x_of[dst] + col / 2 + 12 * (i - (len(arcs) - 1) / 2)
        body.append(svg.curve(x1, box_top, x2, box_top - 2, 50 + 8 * i, head))
    if arcs:
        conditions = sorted({cond for _, _, cond in arcs})
        body.append(svg.text(width - 20, 52, "depends_on: " + ", ".join(c.replace("service_", "") for c in conditions),
                             "lab-d-note", "end"))
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
    height = volume_y + volume_rows * (ROW + GAP) + (26 if volume_rows else 0)
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
    return svg.figure(slug("compose", stack.name or "stack"), width, height, title, " ".join(desc_parts), body, caption, text)


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
