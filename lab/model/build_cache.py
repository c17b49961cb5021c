"""The build-cache explorer's model (Q2): what `docker build` prints for each step after each change.

In BuildKit's words: it numbers FROM and the steps that commit a layer (`[1/6] FROM …` to
`[6/6] COPY …`), resolves FROM to the base's layers, reports each later step CACHED or DONE, and prints nothing for config instructions (ENV, USER, EXPOSE, CMD, …).
Computed in full at build time from the real samples: every image, order and change.
"""

from __future__ import annotations

import dataclasses
import re

from lab.model.build_context import sources_in_context
from lab.model.image import Image, copy_of, one_line, shared_prefix

CACHED, DONE = "CACHED", "DONE"  # BuildKit's words for a step taken from the cache and one it ran
# FROM is resolved to the base's layers: BuildKit prints DONE or CACHED for it, whichever the
# cache says (both measured on Engine 26.1.5), and neither tells whether later steps are cached.
RESOLVED = "resolved"

# Three ways a base image changes, which BuildKit tells apart: it keys FROM by the chain of
# the base's layers, not by its ID; the base's ENV reaches every RUN's process.
BASE_LAYERS, BASE_CONFIG, BASE_ENV = "base-layers", "base-config", "base-env"
BASES = (BASE_LAYERS, BASE_CONFIG, BASE_ENV)

# The one statement of what keys a COPY or ADD from the build context: the page's body, key
# points, explorer and handout all render it (the copy_cache_rule macro). Measured on the engine
# (tests/test_engine_build_cache.py): chmod busts the step; touch and chown do not.
COPY_KEY = ("a `COPY` or `ADD` is keyed by the copied files' content and mode bits (and their names, "
            "types and link targets), not by their modification times, and not by their owner: the "
            "client sends build-context files to BuildKit as uid and gid 0, so a `chown` busts nothing; "
            "only `COPY --from=<stage>` counts the owner of what it copies")


def key_changed(step, files: list[str], change: str) -> bool:
    """Whether `change` alters this step's own cache key (its parent's aside)."""
    if change == BASE_LAYERS:
        return True
    if step.keyword == "RUN":
        return change == BASE_ENV  # the base's ENV is in every RUN's environment
    copy = copy_of(step)
    return bool(copy and change in sources_in_context(copy, files))


def cache_outcome(image: Image, files: list[str], changed: str | None) -> list[str]:
    """RESOLVED for FROM, then CACHED or DONE for each numbered step after it, as `docker build` prints them.

    A step is CACHED when its parent is and its own key is unchanged: the text for RUN and
    WORKDIR (and, for RUN, the ENV and ARG values in effect); for COPY/ADD also the files it
    takes (COPY_KEY). So the first step whose key changed runs, and every numbered step after
    it in the stage. FROM is keyed by the base's layers: a base with a new ID but the same
    layers leaves every step CACHED. https://docs.docker.com/build/cache/invalidation/
    """
    outcome, missed = [RESOLVED], False
    for n, step in enumerate(image.steps):
        if n in image.layer_indexes:
            missed = missed or key_changed(step, files, changed)
            outcome.append(DONE if missed else CACHED)
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
    """("[k/N] instruction", what it is) for each step `docker build` numbers: FROM, then the layer steps."""
    numbered = [f"FROM {image.base}"] + [one_line(step) for n, step in enumerate(image.steps) if n in image.layer_indexes]
    total = len(numbered)
    return [(f"[{k}/{total}] {text}", "base image, resolved by its layers" if k == 1 else f"layer {k - 1}")
            for k, text in enumerate(numbered, start=1)]


def change_label(change: str, base: str) -> str:
    return {"": "nothing", BASE_LAYERS: f"{base}: new layers (a security update)",
            BASE_CONFIG: f"{base}: a new ID, the same layers (its LABEL changed)",
            BASE_ENV: f"{base}: the same layers, its ENV changed"}.get(change, change)


def what_changed(change: str, base: str) -> str:
    """The change as the start of a sentence."""
    return {"": "Nothing changed", BASE_LAYERS: f"{base} has new layers", BASE_CONFIG: f"{base} has a new ID, the same layers",
            BASE_ENV: f"{base} has the same layers, another ENV"}.get(change, f"{change} changed")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def step_range(outcome: list[str], state: str) -> str:
    """The numbered steps in `state`, as `docker build` numbers them: "[2/6]–[5/6]"."""
    numbers = [n for n, s in enumerate(outcome, start=1) if s == state]
    if not numbers:
        return "none"
    total = len(outcome)
    runs, start = [], numbers[0]
    for prev, n in zip(numbers, numbers[1:] + [None]):
        if n != prev + 1:
            runs.append(f"[{start}/{total}]" + (f"–[{prev}/{total}]" if prev != start else ""))
            start = n
    return ", ".join(runs)


def summary(image: Image, outcome: list[str], other: Image | None, change: str) -> dict[str, str]:
    """The outcome in words: steps CACHED and DONE, what the next push uploads, the other image."""
    labels = step_labels(image)
    done = [text for (text, _), state in zip(labels[1:], outcome[1:]) if state == DONE]
    count = f"after FROM, {outcome[1:].count(CACHED)} CACHED, {len(done)} DONE"
    words = f"{what_changed(change, image.base)}: {count}" + (": " + "; ".join(done) if done else "") + "."
    if change == BASE_LAYERS:
        push = (f"The next push uploads the new base layers the registry lacks and all {len(done)} of {image.name}'s own "
                "layers (run again, they have new bytes), then a new config and manifest.")
    elif done:
        # By number, as the steps are listed just above: the say sentence names them in full.
        push = (f"The next push usually uploads {plural(len(done), 'layer')} ({step_range(outcome, DONE)}: a step run again "
                "usually gives new bytes), then a new config and manifest; the registry has the other layers.")
    elif change == BASE_CONFIG:
        push = "The next push uploads no layer, only a new config (the base's changed) and manifest."
    else:
        push = "The next push uploads no layer: the image is the same, so the registry has everything."
    other_text = ""
    if other is not None:
        shared = shared_prefix(image, other)
        hit = sum(1 for state in outcome[1:shared + 1] if state == DONE)
        other_text = f"{other.name} is not rebuilt: its image and its {plural(shared, 'layer')} shared with {image.name} stay as they were."
        if hit:
            other_text += (f" {image.name} now has new copies of {'all' if hit == shared else hit} of them; until {other.name} "
                           f"is rebuilt (and takes them from the cache), the two images share fewer layers.")
    return {"count": count, "say": words, "push": push, "other": other_text}


def cache_model(images: list[tuple[Image, list[str]]]) -> dict:
    """Every outcome the explorer can show: per image, per order (as written, badly ordered), per change.

    `images` pairs each image with its build context's files; the changes offered are
    nothing, three kinds of new base image, and every file that some image copies.
    """
    copied = {f for image, files in images for c in map(copy_of, image.steps) if c for f in sources_in_context(c, files)}
    changes = ["", *BASES] + sorted(copied)
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
