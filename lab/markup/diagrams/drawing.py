"""What the diagrams share: box rows, the wide and the narrow drawing, ids."""

from __future__ import annotations

import re

from lab.markup import svg
from lab.model.image import Image

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

