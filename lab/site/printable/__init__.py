"""The handout and the worksheet: the question pages' own HTML, gathered onto one page each.

A page asks for a part of the lab with a macro (lab.markup.print_slots), which leaves an
empty placeholder. Once every page is HTML, `filling.fill` fills each placeholder of a page
from the question pages (questions.py reads their parts, moving.py rewrites them for the
new page). Parts are found by the anchors the URL contract fixes (`#answer`,
`#key-points`, `#diagram`, `#check-your-understanding`), never by their wording, so the
pages' prose can change freely and the handout follows; links and ids are rewritten to
work on the new page. lab/site/hooks/printable.py calls it during a MkDocs build.
"""
