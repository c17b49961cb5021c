"""Thin MkDocs adapters, one file per feature, named in mkdocs.yml `hooks:` in the order they run.

Each calls a plain function of the site layer (or of the markup, for the Markdown extension);
only what truly needs MkDocs' objects (the zip as one of the build's files, the handout's
reading of every rendered page, the template cache) is written against MkDocs here.
"""
