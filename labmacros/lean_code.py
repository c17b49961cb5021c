"""Fewer bytes in highlighted code: Pygments' whitespace spans unwrapped.

Pygments puts every run of spaces between two tokens in <span class="w">; neither
Material nor lab.css styles that class, so the bare spaces look and copy the same, and
a long page loses several kilobytes (about 40 bytes a run). Loaded by MkDocs as a hook,
before printable.py copies the question pages into the handout.
"""

import re

# The class is Pygments' fixed name for Token.Text.Whitespace; the content is only
# spaces, tabs or newlines, so no tag or entity can be inside the match.
WHITESPACE_SPAN = re.compile(r'<span class="w">([ \t\n]*)</span>')


def unwrap_whitespace(html: str) -> str:
    return WHITESPACE_SPAN.sub(r"\1", html)


def on_page_content(html: str, **kwargs) -> str:
    return unwrap_whitespace(html)
