"""Keeping tab characters in sample code blocks.

Python-Markdown turns every tab of a page into spaces before any extension sees the
text, so a sample's tabs (Makefiles, `<<-` heredocs) would change. The macros hide
each tab behind a private-use character; this file, loaded by MkDocs as a hook,
puts the tabs back in the finished HTML. It stays free of imports from the
package because MkDocs loads hooks by file path.
"""

TAB_STAND_IN = "\ue000"  # Unicode private use: no sample has a reason to contain it


def hide_tabs(text: str) -> str:
    return text.replace("\t", TAB_STAND_IN)


def on_page_content(html: str, **kwargs) -> str:
    return html.replace(TAB_STAND_IN, "\t")
