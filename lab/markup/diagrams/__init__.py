"""The five diagrams (layers.py, containers.py, compose.py), drawn at build time from the real sample files.

Each function takes the data of lab.model and returns a figure (inline SVG with
title, description and a text equivalent). It draws the same model twice: WIDE for a
column of 600 px or more, NARROW (columns stacked) for a phone's 343-px column, where
it keeps the text at its own size instead of shrinking it; lab.css shows the one that
fits. Same input, same bytes.
"""
