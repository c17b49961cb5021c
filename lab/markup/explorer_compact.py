"""The build-cache model as the page carries it: the same outcomes, each text written once.

lab.model.build_cache.cache_model() is the canonical model, and stays as it is. Its sentences repeat
the steps' instructions in every case, and many cases say the same thing, so the page
carries them compacted: the steps only once, in the static lists every reader gets (the
script reads them from there); every sentence becomes a template, a list of literal strings and
references to the few facts it needs (a step's instruction, the case's step count, the
change), and each distinct template is stored once. cache-explorer.js expands it back.

The compaction knows nothing of what the sentences say, only that they quote these facts,
so it stays lossless whatever cache_outcome() and summary() come to say; the tests check
that the browser's expansion equals cache_model() for every image, order and change.
"""

from __future__ import annotations

import json
import re

from lab.model.build_cache import BASES

FIELDS = ("count", "say", "push", "other")  # a case's sentences, in the order a compact case lists them


class Templates:
    """Distinct templates, each stored once, by index."""

    def __init__(self):
        self.items: list[list] = []
        self.index: dict[str, int] = {}

    def add(self, text: str, facts: list[str]) -> int:
        parts = split(text, facts)
        key = json.dumps(parts)
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append(parts)
        return self.index[key]


def split(text: str, facts: list[str]) -> list[str | int]:
    """`text` as literal strings and fact indexes; the longest fact wins where facts overlap."""
    present = sorted({f for f in facts if f and f in text}, key=len, reverse=True)
    if not present:
        return [text] if text else []
    pieces = re.split("(" + "|".join(map(re.escape, present)) + ")", text)
    # re.split puts the matched facts at the odd positions, whatever they contain
    return [facts.index(piece) if n % 2 else piece for n, piece in enumerate(pieces) if piece]


UNQUOTED = ("", *BASES)  # changes that are no file name: "" and the base image kinds are not worth a reference


def case_facts(steps: list[str], count: str, change: str) -> list[str]:
    """What a case's sentences may quote, by index: each step, then the step count, then the
    change when it names a file."""
    return [*steps, count, change if change not in UNQUOTED else ""]


def compact_cache_model(model: dict) -> dict:
    """{"changes", "unquoted", "states", "templates", "images": {image: {order: {"cases"}}}}.

    A case is [its states as digits indexing "states", then the template of each of FIELDS].
    The views' steps are not in it: the page shows them in its static lists already, and the
    script reads them from there (explorer_html.steps_list).
    """
    states = sorted({s for orders in model["images"].values() for view in orders.values()
                     for case in view["cases"].values() for s in case["cache"]})
    if len(states) > 10:
        raise ValueError(f"more cache states than digits: {states}")
    templates = Templates()
    images = {}
    for name, orders in model["images"].items():
        images[name] = {}
        for order, view in orders.items():
            steps = [text for text, _ in view["steps"]]
            cases = []
            for change in model["changes"]:
                case = view["cases"][change]
                # the count first, which cannot quote itself
                facts = case_facts(steps, "", change)
                compact = ["".join(str(states.index(s)) for s in case["cache"]), templates.add(case["count"], facts)]
                facts = case_facts(steps, case["count"], change)
                cases.append(compact + [templates.add(case[field], facts) for field in FIELDS[1:]])
            images[name][order] = {"cases": cases}
    return {"changes": model["changes"], "unquoted": list(UNQUOTED), "states": states,
            "templates": templates.items, "images": images}
