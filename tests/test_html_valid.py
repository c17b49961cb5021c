"""Every built page is valid HTML by html-validate's recommended rules.

html-validate comes from npm (package.json at the project root; `.ci/run` runs `npm ci`).
`.htmlvalidate.json` turns off or relaxes only the rules that Material's own templates
(and the Markdown extensions whose markup Material styles) break, or that the minifier's
valid shorthand trips; MATERIAL_FINDINGS says why for each, and a test keeps the two in step. Everything our macros, overrides and
pages write is checked with the full recommended rule set.
"""

from __future__ import annotations

import json
import subprocess

from helpers import ROOT, missing_tool

HTML_VALIDATE = ROOT / "node_modules/.bin/html-validate"
CONFIG = ROOT / ".htmlvalidate.json"

MATERIAL_FINDINGS = {
    "doctype-style": "Material's base.html writes `<!doctype html>` in lower case.",
    "no-trailing-whitespace": "Material's Jinja templates leave lines of indentation only.",
    "valid-id": "relaxed, not off: Material names its own elements `__drawer`, `__search`, `__palette_0`, "
                "`__toc`, `__config`, and pymdownx.tabbed its tabs `__tabbed_1_1`; ids must still be "
                "non-empty and without spaces.",
    "unique-landmark": "Material draws the table of contents twice (in the drawer for small screens and "
                       "in the sidebar), each a <nav> labelled \"Table of contents\", with the same nested "
                       "section <nav>s.",
    "valid-autocomplete": "Material's drawer and search toggles are checkboxes with autocomplete=\"off\", "
                          "so a browser does not restore them opened.",
    "wcag/h32": "Material's search and colour-palette forms have no submit button: its JavaScript "
                "handles them as the reader types or clicks.",
    "void-style": "Python-Markdown and pymdownx.tabbed write void elements self-closed (`<input … />`) "
                  "where Material's templates do not; both are valid HTML.",
    "attribute-boolean-style": "pymdownx.tabbed (Material's content tabs) writes `checked=\"checked\"`.",
    "attr-quotes": "relaxed, not off: the site is minified (minify-html in mkdocs.yml), which leaves out "
                   "the quotes of values that HTML allows unquoted; a quoted value may use either quote.",
    "no-raw-characters": "relaxed, not off: minify-html writes `&` bare where HTML reads it as an "
                         "ampersand (`a && b`); an ambiguous one (`&amp;` followed by a name and `;`) "
                         "is still an error.",
}


def html_validate(*args: str) -> subprocess.CompletedProcess:
    if not HTML_VALIDATE.exists():
        missing_tool("html-validate is not installed: run `npm ci` in the project folder")
    return subprocess.run([str(HTML_VALIDATE), "--config", str(CONFIG), "--formatter", "text",
                           "--max-warnings", "0", *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_every_built_page_is_valid_html(site):
    pages = sorted(str(path) for path in site.directory.rglob("*.html"))
    assert len(pages) >= 12  # the seven pages, the four /q/N/ redirects and 404.html
    result = html_validate(*pages)
    assert result.returncode == 0, (result.stdout + result.stderr).replace(str(site.directory), "site")


def test_only_materials_findings_are_configured_away():
    config = json.loads(CONFIG.read_text())
    assert config["extends"] == ["html-validate:recommended"]
    assert set(config["rules"]) == set(MATERIAL_FINDINGS)
    assert config["rules"]["valid-id"] == ["error", {"relaxed": True}]


def test_the_check_catches_what_our_diagrams_once_wrote(tmp_path):
    # A figcaption between a figure's drawing and its text equivalent: what every diagram had.
    page = tmp_path / "figure.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><figure>'
                    '<p>drawing</p><figcaption>caption</figcaption><details><summary>text</summary></details>'
                    '</figure></main></body></html>\n')
    result = html_validate(str(page))
    assert result.returncode != 0 and "element-permitted-order" in result.stdout
