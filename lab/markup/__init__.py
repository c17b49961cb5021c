"""Drawing and markup: sample code blocks, the SVG diagrams, the explorers' markup, the video
facade, the handout's placeholders; and the Markdown extension for glossary terms in links.

Built from lab.model and lab.samples; called by the macros (lab.pages).
"""
