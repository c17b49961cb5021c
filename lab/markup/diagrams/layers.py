"""Q2's diagrams: an image's layer stack, and two images sharing their first layers."""

from __future__ import annotations

from lab.errors import SampleError
from lab.markup import svg
from lab.markup.diagrams.drawing import GAP, ROW, both, image_rows, margin, slug, stack_rows
from lab.model.image import Image, shared_prefix


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
               f"other bytes (timestamps). Sharing ends at the first layer step whose cache key differs: a LABEL or "
               f"EXPOSE between them changes no key, an ENV or ARG only the later RUN steps' keys.")
    return svg.figure(slug("shared", a.name, b.name), title, desc, both(draw), caption, text)

