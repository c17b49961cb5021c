"""The tabs of sample code blocks, put back in a page's finished HTML (see lab.markup.verbatim)."""

from lab.samples.files import TAB_STAND_IN


def restore_tabs(html: str) -> str:
    return html.replace(TAB_STAND_IN, "\t")
