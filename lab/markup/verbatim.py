"""Keeping tab characters in sample code blocks.

Python-Markdown turns every tab of a page into spaces before any extension sees the
text, so a sample's tabs (Makefiles, `<<-` heredocs) would change. The code blocks hide
each tab behind a private-use character; the site layer puts the tabs back in the
finished HTML (lab.site.tabs).
"""

from lab.samples.files import TAB_STAND_IN


def hide_tabs(text: str) -> str:
    return text.replace("\t", TAB_STAND_IN)
