"""The figures the diagrams print, for CI to compare with a real Docker engine.

`python -m lab.model.facts docs/samples/app` prints, as JSON, each sample image's layer
count (the layers its own Dockerfile adds on top of the base image) and how many of
those the web and worker images share, computed by the same model the diagrams use.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lab.model import image as image_model
from lab.samples import files as samples


def app_facts(folder: Path) -> dict:
    page = samples.Page(folder.parent.parent, "facts")  # only resolves paths under docs/samples/
    images = {}
    for name in ("web", "worker"):
        path = f"{folder.name}/{name}.Dockerfile"
        _, text = samples.read(page, path, expected_kind="dockerfile")
        images[name] = image_model.image(name, text)
    web, worker = images["web"], images["worker"]
    return {
        "base": web.base,
        "layers": {name: len(image.layers) for name, image in images.items()},
        "shared": image_model.shared_prefix(web, worker),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m lab.model.facts docs/samples/app", file=sys.stderr)
        return 2
    print(json.dumps(app_facts(Path(argv[0]).resolve()), indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
