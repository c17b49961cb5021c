"""Small SVG-writing helpers for the diagrams: deterministic strings, styled by CSS classes.

Colours are not written here: the classes are styled in lab.css from Material's
custom properties, so a diagram follows the light and dark schemes.
"""

from __future__ import annotations

from html import escape

CHAR_WIDTH = 8.2  # px per character of the 13.5px monospace labels, a safe upper bound


def fit(text: str, width: float) -> str:
    """Shorten `text` with an ellipsis so it fits `width` pixels of monospace label."""
    room = max(4, int((width - 16) / CHAR_WIDTH))
    return text if len(text) <= room else text[: room - 1] + "…"


def rect(x, y, w, h, cls: str, rx: int = 6) -> str:
    return f'<rect class="{cls}" x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{rx}"/>'


def text(x, y, content: str, cls: str = "lab-d-label", anchor: str = "start") -> str:
    return f'<text class="{cls}" x="{x:g}" y="{y:g}" text-anchor="{anchor}">{escape(content)}</text>'


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


def arrow(x1, y1, x2, y2, head: str) -> str:
    return f'<line class="lab-d-arrow" x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" marker-end="url(#{head})"/>'


def line(x1, y1, x2, y2, cls: str) -> str:
    return f'<line class="{cls}" x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}"/>'


def figure(diagram_id: str, width: int, height: int, title: str, desc: str, body: list[str],
           caption: str, text_equivalent: list[str]) -> str:
    """The finished figure: accessible SVG, a caption and the same content as a list.

    Arrows inside use the marker `<diagram_id>-head`.

    One line of HTML without blank lines, so Markdown passes it through whole.
    """
    items = "".join(f"<li>{escape(item)}</li>" for item in text_equivalent)
    marker = (f'<defs><marker id="{diagram_id}-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
              f'markerHeight="7" orient="auto-start-reverse"><path class="lab-d-head" d="M0 0L10 5L0 10z"/></marker></defs>')
    return (
        # Left out of the search index: the page text already says what the diagram shows.
        f'<figure class="lab-diagram" id="{diagram_id}" data-search-exclude>'
        # Below 80 % of its size the figure scrolls sideways instead of shrinking its text further.
        f'<div class="lab-diagram__canvas" tabindex="0" role="group" aria-label="{escape(title)}">'
        f'<svg style="min-width: {round(width * 0.8)}px" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{diagram_id}-title {diagram_id}-desc">'
        f'<title id="{diagram_id}-title">{escape(title)}</title><desc id="{diagram_id}-desc">{escape(desc)}</desc>'
        f'{marker}{"".join(body)}</svg></div>'
        f'<figcaption>{escape(caption)}</figcaption>'
        f'<details class="lab-diagram__text"><summary>The diagram as text</summary><ul>{items}</ul></details>'
        f'</figure>'
    )
