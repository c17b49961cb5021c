"""Samples and engine output: reading, resolving and validating the files under docs/samples/,
parsing Dockerfiles, zipping the sample app, reading what the engine printed (transcripts).

The bottom of the flow: imports nothing from the other packages of lab but lab.errors.
"""
