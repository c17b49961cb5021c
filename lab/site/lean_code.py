"""Fewer bytes in highlighted code: Pygments' whitespace spans unwrapped, line numbers unclassed.

Pygments puts every run of spaces between two tokens in <span class="w">; neither
Material nor lab.css styles that class, so the bare spaces look and copy the same, and
a long page loses several kilobytes (about 40 bytes a run). Each inline line number is
an empty <span class="linenos" data-linenos="N ">: Material draws the number from the
data attribute alone (`.highlight [data-linenos]:before`), so the class goes too (16
bytes a line, a hundred lines on a long page). Run on each page's HTML before the handout
copies the question pages (lab/site/hooks/lean_code.py).
"""

import re

# The class is Pygments' fixed name for Token.Text.Whitespace; the content is only
# spaces, tabs or newlines, so no tag or entity can be inside the match.
WHITESPACE_SPAN = re.compile(r'<span class="w">([ \t\n]*)</span>')
# What pymdownx.highlight writes for linenums_style: pymdownx-inline (digits and spaces).
LINE_NUMBER = re.compile(r'<span class="linenos" (data-linenos="[ \d]+")></span>')


def lean(html: str) -> str:
    return LINE_NUMBER.sub(r"<span \1></span>", WHITESPACE_SPAN.sub(r"\1", html))
