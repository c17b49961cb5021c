"""Material's icons drawn from one SVG file, not from one data: URL each.

Material's stylesheet draws its icons (admonitions, collapsible blocks, navigation, tabs) as
CSS masks whose images are data: URLs, each a custom property on :root. Chromium builds a
whole SVG document (page, frame, parser) for every distinct image the first time an element
shows it, inside the page's style pass: 1-7 ms apiece on the bench machine, seven of them on
/layers/ and /compose/ (bench/RESULTS.md, seventh session). An "SVG stack" is one file holding every
icon, each shown alone when the URL's fragment names it (`:target`): one document however many
icons a page shows. The icons are Material's own shapes, copied from its stylesheet at each
build, so they cannot drift from the theme.

Only the properties that a rule matching this site's pages can use are moved (a rule counts when
every class and attribute it names occurs in the built pages, or in the controls Material's
script adds to them at start-up); any other keeps Material's data: URL, so an icon missed here
is still drawn, the old way.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

import lxml.etree
import lxml.html
import tinycss2

SPRITE = Path("assets/images/lab-icons.svg")
# Our stylesheet, which comes after Material's: the same :root properties declared there win.
OVERRIDES_IN = Path("assets/stylesheets/lab.css")
DATA_SVG = "data:image/svg+xml;charset=utf-8,"
SVG = "http://www.w3.org/2000/svg"
# Shows only the icon the fragment names: every icon is an <svg> inside the stack's <svg>.
STACK_STYLE = "svg svg{display:none}svg svg:target{display:inline}"


def rules(css: str) -> list:
    """The stylesheet's rules that name a property holding an SVG data: URL (its declarations and
    its uses), those inside @media and @supports included, as tinycss2's nodes.

    tinycss2 reads only those rules: a whole theme stylesheet (140 KB, 900 rules) takes it 0.08 s,
    over a quarter of our share of a profiled build, for the fifty rules that matter. A scan that steps over strings, url()s and comments finds where each innermost
    block ends; tinycss2 then parses each rule that names one of the properties."""
    names = set(CANDIDATE.findall(css))
    if not names:
        return []
    named = re.compile("|".join(re.escape(name) + r"(?![\w-])" for name in sorted(names, key=len, reverse=True)))
    chosen = [piece for piece in _innermost_rules(css) if named.search(piece)]
    return list(_rules(tinycss2.parse_stylesheet("\n".join(chosen), skip_comments=True, skip_whitespace=True)))


def icon_properties(rules: list) -> dict[str, str]:
    """Custom properties whose value is one SVG data: URL, each declared with one value: {name: SVG}."""
    found: dict[str, set[str]] = {}
    for rule in rules:
        for declaration in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if declaration.type == "declaration" and declaration.name.startswith("--"):
                url = _single_url(declaration.value)
                found.setdefault(declaration.name, set()).add(url or "")
    icons = {}
    for name, urls in found.items():
        if len(urls) == 1 and (url := next(iter(urls))).startswith(DATA_SVG):
            icons[name] = unquote(url[len(DATA_SVG):])
    return icons


def used_properties(rules: list, names: set[str], pages: list[str]) -> set[str]:
    """Those of `names` that some rule uses whose selector could match an element of `pages`."""
    found = _Pages(pages)
    used = set()
    for rule in rules:
        wanted = _var_names(rule.content) & names
        if wanted and any(_could_match(s, found) for s in tinycss2.serialize(rule.prelude).split(",")):
            used |= wanted
    return used


def sprite(icons: dict[str, str]) -> str:
    """One SVG whose children are the icons, each with its property's name (without the dashes) as id."""
    stack = lxml.etree.Element(f"{{{SVG}}}svg", nsmap={None: SVG})
    lxml.etree.SubElement(stack, f"{{{SVG}}}style").text = STACK_STYLE
    for name, svg in sorted(icons.items()):
        icon = lxml.etree.fromstring(svg.encode())
        icon.set("id", fragment(name))
        stack.append(icon)
    return lxml.etree.tostring(stack, encoding="unicode")


def fragment(name: str) -> str:
    return name.lstrip("-")


def without_overrides(css: str) -> str:
    """Our stylesheet as minified, before the declarations write_sprite appends (which follow the theme)."""
    return css[:css.rindex(":root{--")] if SPRITE.name + "#" in css else css


def overrides(names: set[str], href: str) -> str:
    """:root declarations pointing each property at its icon in the sprite."""
    return ":root{" + ";".join(f'{name}:url("{href}#{fragment(name)}")' for name in sorted(names)) + "}\n"


def write_sprite(site_dir: Path) -> set[str]:
    """The sprite of the icons this site's pages use, and our stylesheet's properties pointing at
    it, written into a built site. Returns the properties moved (none if no theme stylesheet
    declares icons, so a theme without them builds as before)."""
    sheets = theme_stylesheets(site_dir)
    theme_css = "".join(p.read_text(encoding="utf-8") for p in sheets)
    theme_rules = rules(theme_css)
    icons = icon_properties(theme_rules)
    pages = [p.read_text(encoding="utf-8") for p in sorted(site_dir.rglob("*.html"))]
    moved = used_properties(theme_rules, set(icons), pages)
    if not moved or not (site_dir / OVERRIDES_IN).is_file():
        return set()
    (site_dir / SPRITE).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / SPRITE).write_text(sprite({name: icons[name] for name in moved}), encoding="utf-8")
    stylesheet, declarations = site_dir / OVERRIDES_IN, overrides(moved, sprite_href(site_dir, sheets[0]))
    if not stylesheet.read_text(encoding="utf-8").endswith(declarations):  # a rebuild that kept the file
        with stylesheet.open("a", encoding="utf-8") as appended:
            appended.write(declarations)
    return moved


def sprite_href(site_dir: Path, theme_sheet: Path) -> str:
    """The sprite as the theme's stylesheet must name it. A url() in a custom property is a mere
    token until var() puts it into a property, and is resolved there (CSS Custom Properties 1,
    section 2.1): in the theme's rules, not in lab.css, which declares it. Material keeps its
    stylesheet beside lab.css; Zensical's themes keep theirs one folder deeper."""
    return Path(os.path.relpath(site_dir.resolve() / SPRITE, theme_sheet.parent)).as_posix()


def theme_stylesheets(site_dir: Path) -> list[Path]:
    """The theme's main stylesheet as the home page links it (Material: assets/stylesheets/main.*.css;
    Zensical's themes keep theirs one folder deeper)."""
    home = site_dir / "index.html"
    if not home.is_file():
        return []
    links = lxml.html.fromstring(home.read_text(encoding="utf-8")).xpath('//head/link[@rel="stylesheet"]/@href')
    found = [(home.parent / href.split("?")[0]).resolve() for href in links if "://" not in href]
    return [path for path in found if re.fullmatch(r"main\.[0-9a-f]+\.min\.css", path.name) and path.is_file()]


def _innermost_rules(css: str):
    """The text of each rule whose block holds no other block (its selector and its block)."""
    after_edge, start, inner = 0, 0, False
    for edge in BLOCK_EDGE.finditer(css):
        if edge.group() == "{":
            start, inner = after_edge, True
        elif edge.group() == "}":
            if inner:
                yield css[start:edge.end()]
            inner = False
        else:
            continue  # a string, url() or comment: stepped over, whatever braces it holds
        after_edge = edge.end()


def _rules(nodes):
    """Every qualified rule, those inside @media and @supports included."""
    for node in nodes:
        if node.type == "qualified-rule":
            yield node
        elif node.type == "at-rule" and node.content is not None and node.lower_at_keyword in ("media", "supports"):
            yield from _rules(tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True))


def _single_url(tokens) -> str | None:
    tokens = [t for t in tokens if t.type not in ("whitespace", "comment")]
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if token.type == "url":
        return token.value
    if token.type == "function" and token.lower_name == "url":
        strings = [t for t in token.arguments if t.type == "string"]
        return strings[0].value if len(strings) == 1 else None
    return None


def _var_names(tokens) -> set[str]:
    names = set()
    for token in tokens or ():
        if token.type == "function":
            if token.lower_name == "var":
                names |= {t.value for t in token.arguments if t.type == "ident" and t.value.startswith("--")}
            names |= _var_names(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            names |= _var_names(token.content)
    return names


# A custom property given an SVG data: URL, wherever it is declared (the rules are then parsed).
CANDIDATE = re.compile(r"(--[\w-]+)\s*:\s*url\(\s*[\"']?data:image/svg\+xml")
# What can hold a brace without opening or closing a block, and the braces themselves.
BLOCK_EDGE = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|url\([^)"\']*\)|/\*.*?\*/|[{}]', re.S)
# Markup Material's script adds at start-up to markup a page has: every tab set gets a
# previous and a next button (src/templates/assets/javascripts/components/content/tabs).
ADDED_AT_START_UP = {"tabbed-set": {"tabbed-control", "tabbed-control--prev", "tabbed-control--next", "tabbed-button"}}
NEGATION = re.compile(r":not\([^()]*\)")
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
ATTRIBUTE = re.compile(r"\[\s*([\w-]+)\s*(?:[~|^$*]?=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\]\s]+)))?")


def _could_match(selector: str, pages: _Pages) -> bool:
    """No class or attribute of the selector is missing from the pages (exact values only for
    `=`); what a :not() names is not required."""
    selector = NEGATION.sub("", selector)
    if not all(c in pages.classes for c in CLASS.findall(selector)):
        return False
    for match in ATTRIBUTE.finditer(selector):
        name, value = match.group(1).lower(), next((v for v in match.groups()[1:] if v is not None), None)
        exact = "=" in match.group(0) and not re.search(r"[~|^$*]=", match.group(0))
        if not pages.have_attribute(name, value if exact else None):
            return False
    return True


class _Pages:
    """The built pages' class names (with what Material adds at start-up), and which attributes they have."""

    def __init__(self, pages: list[str]):
        self.trees = [lxml.html.fromstring(page) for page in pages]
        self.classes = {name for tree in self.trees for value in tree.xpath("//@class") for name in value.split()}
        for present, added in ADDED_AT_START_UP.items():
            if present in self.classes:
                self.classes |= added
        self.attributes: dict[tuple[str, str | None], bool] = {}

    def have_attribute(self, name: str, value: str | None) -> bool:
        if (name, value) not in self.attributes:
            path = f"//*[@{name}]" if value is None else f"//*[@{name}=$value]"
            self.attributes[name, value] = any(tree.xpath(path, value=value or "") for tree in self.trees)
        return self.attributes[name, value]
