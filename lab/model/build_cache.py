"""The build-cache explorer's model (Q2): which steps each change rebuilds, as written and badly ordered.

Computed in full at build time from the real samples: every image, order and change.
"""

from __future__ import annotations

import dataclasses
import re

from lab.model.build_context import sources_in_context
from lab.model.image import Image, copy_of, one_line, shared_prefix

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
