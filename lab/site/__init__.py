"""The site layer: plain functions over a page's HTML or over the built site folder (tabs
restored, lean code, the handout and the worksheet filled, our assets minified).

lab/site/hooks/ holds the thin MkDocs adapters that mkdocs.yml `hooks:` names.
"""
