"""Small SVG-writing helpers for the diagrams: deterministic strings, styled by CSS classes.

Colours are not written here: the classes are styled in lab.css from Material's
custom properties, so a diagram follows the light and dark schemes.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

CHAR_WIDTH = 8.2  # px per character of the 13.5px monospace labels, a safe upper bound


def fit(text: str, width: float) -> str:
    """Shorten `text` with an ellipsis so it fits `width` pixels of monospace label."""
    room = max(4, int((width - 16) / CHAR_WIDTH))
    return text if len(text) <= room else text[: room - 1] + "…"


def rect(x, y, w, h, cls: str, rx: int = 6) -> str:
    return f'<rect class="{cls}" x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{rx}"/>'


def text(x, y, content: str, cls: str = "lab-d-label", anchor: str = "start") -> str:
    # start is SVG's default anchor: left unwritten, as most of a diagram's text is
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text class="{cls}" x="{x:g}" y="{y:g}"{anchor_attr}>{escape(content)}</text>'


def box(x, y, w, h, cls: str, label: str, label_cls: str = "lab-d-code", note: str = "") -> str:
    """A rectangle with a one-line label fitted inside, and an optional right-aligned note."""
    parts = [rect(x, y, w, h, cls)]
    room = w - (len(note) * CHAR_WIDTH + 12 if note else 0)
    parts.append(text(x + 10, y + h / 2 + 5, fit(label, room), label_cls))
    if note:
        parts.append(text(x + w - 10, y + h / 2 + 5, note, "lab-d-note", "end"))
    return "".join(parts)


def curve(x1, y1, x2, y2, lift: float, head: str) -> str:
    """An arrow arching `lift` px above its ends, with the arrowhead marker `head`."""
    return (f'<path class="lab-d-arrow" d="M{x1:g} {y1:g}C{x1:g} {y1 - lift:g} {x2:g} {y2 - lift:g} {x2:g} {y2:g}" '
            f'marker-end="url(#{head})"/>')


def curve_right(x1, y1, x2, y2, bulge: float, head: str) -> str:
    """An arrow bowing `bulge` px to the right of its ends, with the arrowhead marker `head`."""
    return (f'<path class="lab-d-arrow" d="M{x1:g} {y1:g}C{x1 + bulge:g} {y1:g} {x2 + bulge:g} {y2:g} {x2:g} {y2:g}" '
            f'marker-end="url(#{head})"/>')


def line(x1, y1, x2, y2, cls: str) -> str:
    return f'<line class="{cls}" x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}"/>'


@dataclass(frozen=True)
class Drawing:
    """One layout of a diagram: `wide` for a column of 600 px or more, `narrow` for phones (see lab.css)."""
    variant: str
    width: int
    height: float
    body: list[str]


def marker_id(diagram_id: str, variant: str) -> str:
    """The id of the arrowhead marker each drawing defines for its arrows."""
    return f"{diagram_id}-{variant}-head"


def drawing_svg(diagram_id: str, title: str, desc: str, drawing: Drawing, first: bool = True) -> str:
    """One drawing; only the first holds the title and description, the others name them by id.

    An id that aria-labelledby points to counts even inside a hidden element (the
    accessible-name rules, step 2B), so the drawing CSS shows is named either way and the
    long description is written once.
    """
    ids = f"{diagram_id}-label"
    head = marker_id(diagram_id, drawing.variant)
    # The arrowhead only in a drawing with arrows (most have none).
    marker = (f'<defs><marker id="{head}" viewBox="0 0 10 10" refX="9" refY="5" '
              f'markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="lab-d-head" d="M0 0L10 5L0 10z"/>'
              f'</marker></defs>') if f"url(#{head})" in "".join(drawing.body) else ""
    label = f'<title id="{ids}-title">{escape(title)}</title><desc id="{ids}-desc">{escape(desc)}</desc>' if first else ""
    return (f'<svg class="lab-diagram__svg lab-diagram__svg--{drawing.variant}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {drawing.width} {drawing.height:g}" width="{drawing.width}" height="{drawing.height:g}" '
            f'role="img" aria-labelledby="{ids}-title {ids}-desc">'
            f'{label}{marker}{"".join(drawing.body)}</svg>')


def figure(diagram_id: str, title: str, desc: str, drawings: list[Drawing], caption: str,
           text_equivalent: list[str]) -> str:
    """The finished figure: a caption, the drawings (CSS shows the one that fits) and the same content as a list.

    The caption comes first: HTML allows a figcaption only as a figure's first or last child.
    One line of HTML without blank lines, so Markdown passes it through whole.
    """
    items = "".join(f"<li>{escape(item)}</li>" for item in text_equivalent)
    return (
        # Left out of the search index: the page text already says what the diagram shows.
        f'<figure class="lab-diagram" id="{diagram_id}" data-search-exclude>'
        f'<figcaption>{escape(caption)}</figcaption>'
        + "".join(drawing_svg(diagram_id, title, desc, d, first=i == 0) for i, d in enumerate(drawings))
        + f'<details class="lab-diagram__text"><summary>The diagram as text</summary><ul>{items}</ul></details>'
        f'</figure>'
    )
