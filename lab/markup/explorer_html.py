"""The explorers' markup: static tables for every reader, and the controls the script brings to life.

The controls sit in a `hidden` block; explorers.js and the kind's script (cache-explorer.js,
cow-explorer.js) show them and hide the tables. A
reader without JavaScript (or on paper) gets the tables, which hold the same outcomes.
One raw HTML block without blank lines, so Markdown leaves it alone. The outer element is a
<section>, the one tag used nowhere inside: Material's search parser matches elements by tag
name, so data-search-exclude on a <div> would stop at the first inner </div>.
"""

from __future__ import annotations

import json
from html import escape

from lab.markup import page_assets
from lab.markup.explorer_compact import compact_cache_model
from lab.model.build_cache import CACHED, DONE, change_label, step_range
from lab.model.copy_on_write import offered_files

# The shared set-up, then each kind's own script; the same for the styles.
SCRIPTS = "assets/javascripts/explorers.js", "assets/javascripts/{kind}-explorer.js"
STYLES = "assets/stylesheets/explorers.css", "assets/stylesheets/{kind}-explorer.css"


def attr(value) -> str:
    return escape(value, quote=True)


def data_model(model: dict) -> str:
    """The model as a data-model attribute in single quotes, so JSON's many double quotes stay unescaped."""
    text = json.dumps(model, separators=(",", ":"), ensure_ascii=False)
    return "data-model='" + text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;") + "'"


def script_tags(html_base: str, kind: str) -> str:
    return page_assets.script_tags(html_base, *(path.format(kind=kind) for path in SCRIPTS))


def stylesheet_tags(html_base: str, kind: str) -> str:
    return "".join(page_assets.stylesheet_tag(html_base, path.format(kind=kind)) for path in STYLES)


def order_title(image: str, order: str) -> str:
    return f"{image}.Dockerfile as written" if order == "written" else f"{image}.Dockerfile badly ordered (source copied before the install)"


def steps_list(image: str, order: str, steps) -> str:
    """A view's steps, for every reader; cache-explorer.js reads the live view's steps from here too."""
    items = [f'<li><code>{escape(text)}</code> <span class="lab-cache__kind">{escape(kind)}</span></li>' for text, kind in steps]
    return f'<ol class="lab-cache__steps" data-view-image="{attr(image)}" data-view-order="{attr(order)}">{"".join(items)}</ol>'


def outcome_rows(view: dict, changes: list[str], base: str) -> list[list[str]]:
    """The static table's rows: changes with the same outcome share one ("store.py or web.py")."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for c in changes:
        case = view["cases"][c]
        outcome = step_range(case["cache"], CACHED), step_range(case["cache"], DONE), case["push"]
        groups.setdefault(outcome, []).append(change_label(c, base))
    return [[escape(" or ".join(labels)), cached, done, escape(push)] for (cached, done, push), labels in groups.items()]


def cache_explorer(model: dict, bases: dict[str, str], html_base: str) -> str:
    """bases: image name → its base image, for the labels of the "what changed" choices."""
    first = next(iter(model["images"]))
    changes = model["changes"]
    live, static = [], []
    radios = "".join(f'<label><input type="radio" name="lab-cache-image" value="{attr(name)}"{" checked" * (name == first)}> {escape(name)}</label>'
                     for name in model["images"])
    options = "".join(f'<option value="{attr(c)}">{escape(change_label(c, bases[first]))}</option>'
                      for c in changes)
    live.append(f'<fieldset class="lab-explorer__choice"><legend>Image</legend>{radios}</fieldset>'
                f'<p class="lab-explorer__choice"><label for="lab-cache-change">What changed since the last build</label> '
                f'<select id="lab-cache-change">{options}</select></p>'
                '<p class="lab-explorer__status" aria-live="polite"></p>')
    for name, orders in model["images"].items():
        views = []
        for order, view in orders.items():
            title = escape(order_title(name, order))
            # The script copies in the steps (the static list), then fills in their states and the sentences.
            views.append(f'<div class="lab-cache__order" data-order="{order}"><p class="lab-explorer__title">{title}</p>'
                         '<p class="lab-cache__push"></p></div>')
            rows = outcome_rows(view, changes, bases[name])
            static.append(f'<p class="lab-explorer__title">{title}: the steps <code>docker build</code> numbers</p>'
                          f'{steps_list(name, order, view["steps"])}'
                          + table(f"{title}: what each change rebuilds",
                                  ["Changed", "CACHED", "DONE (run again)", "Next push uploads"], rows, row_headers=True))
        live.append(f'<div class="lab-cache__image" data-image="{attr(name)}"{" hidden" * (name != first)}>'
                    f'<div class="lab-cache__orders">{"".join(views)}</div>'
                    '<p class="lab-cache__other"></p></div>')
    return ('<section class="lab-explorer lab-cache" data-lab-explorer="cache" data-search-exclude '
            + data_model(compact_cache_model(model)) + '>' + stylesheet_tags(html_base, "cache") +
            '<div class="lab-explorer__live" hidden>' + "".join(live) + "</div>"
            '<div class="lab-explorer__static">' + "".join(static) + "</div></section>\n" + script_tags(html_base, "cache") + "\n")


def cow_explorer(model: dict, rows: list[dict], html_base: str) -> str:
    image, user, names = model["image"], model["user"], model["names"]
    options = "".join(f'<option value="{attr(p)}">{escape(p)}{" (not in the image)" * (p in model["create"])}</option>'
                      for p in offered_files(model))
    radios = "".join(f'<label><input type="radio" name="lab-cow-container" value="{c}"{" checked" * (c == "a")}> {c.upper()}</label>' for c in "ab")
    buttons = [("read", "Read", "cat"), ("write", "Modify or create", "echo … >>"), ("delete", "Delete", "rm"),
               ("chmod", "Copy up, change nothing", "chmod u+r")]
    life = [("stop", "docker stop"), ("start", "docker start"), ("rm", "docker rm -f"), ("run", "docker run")]
    controls = (f'<fieldset class="lab-explorer__choice"><legend>Container</legend>{radios}</fieldset>'
                f'<p class="lab-explorer__choice"><label for="lab-cow-file">File</label> <select id="lab-cow-file">{options}</select></p>'
                f'<p class="lab-explorer__choice"><label><input type="checkbox" id="lab-cow-root"> act as root (<code>docker exec -u 0</code>); '
                f'otherwise as the image\'s user {escape(user)}</label></p>'
                '<p class="lab-explorer__buttons">' + "".join(f'<button type="button" data-do="{d}">{label} <code>{escape(cmd)}</code></button>'
                                                          for d, label, cmd in buttons) + '</p>'
                '<p class="lab-explorer__buttons">' + "".join(f'<button type="button" data-do="{d}"><code>{cmd}</code></button>' for d, cmd in life) + '</p>'
                '<p class="lab-explorer__status" aria-live="polite"></p>')
    boxes = "".join(
        f'<div class="lab-cow__box" data-container="{c}"><p class="lab-explorer__title">Container {c.upper()}: <span class="lab-cow__state">running</span></p>'
        f'<p>Its writable layer</p><ul class="lab-cow__layer"></ul>'
        f'<p><code>docker diff {names[c]}</code></p><pre class="lab-cow__diff"></pre>'
        f'<p>What {c.upper()} sees</p><ul class="lab-cow__sees"></ul></div>' for c in "ab")
    image_list = "".join(f'<li><code>{escape(p)}</code> {escape(owner)} {mode:o}: {escape(origin)}</li>'
                         for p, (kind, owner, mode, origin) in model["files"].items())
    image_box = (f'<div class="lab-cow__box lab-cow__image"><p class="lab-explorer__title">Image {escape(image)}: read-only, never changed</p>'
                 f'<ul>{image_list}</ul></div>')
    static = table(f"Containers {names['a']} and {names['b']} from image {escape(image)}, running as user {escape(user)}: "
                   "one walk through, and what <code>docker diff</code> prints after each step",
                   ["Step", "Command", "Result", f"docker diff {names['a']}", f"docker diff {names['b']}"],
                   [[str(n), f'<code>{escape(r["command"])}</code>', escape(r["output"]), diff_cell(r["diff_a"]), diff_cell(r["diff_b"])]
                    for n, r in enumerate(rows, start=1)])
    return ('<section class="lab-explorer lab-cow" data-lab-explorer="cow" data-search-exclude ' + data_model(model) + '>'
            + stylesheet_tags(html_base, "cow") +
            f'<div class="lab-explorer__live" hidden>{controls}<div class="lab-cow__panels">{boxes}{image_box}</div></div>'
            f'<div class="lab-explorer__static">{static}</div></section>\n' + script_tags(html_base, "cow") + "\n")


def diff_cell(lines: list[str] | None) -> str:
    if lines is None:
        return "(no such container)"
    return "<br>".join(f"<code>{escape(line)}</code>" for line in lines) or "(nothing)"


def table(caption: str, headers: list[str], rows: list[list[str]], row_headers: bool = False) -> str:
    """A table (cells given as HTML) that a narrow screen shows row by row, each cell named by its column."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = ""
    for row in rows:
        cells = [f'<th scope="row">{row[0]}</th>' if row_headers else f'<td data-label="{attr(headers[0])}">{row[0]}</td>']
        cells += [f'<td data-label="{attr(h)}">{cell}</td>' for h, cell in zip(headers[1:], row[1:])]
        body += f'<tr>{"".join(cells)}</tr>'
    return (f'<table class="lab-explorer__table"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{body}</tbody></table>')
