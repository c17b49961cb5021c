"""The model of Docker, in pure Python and without HTML: the image a Dockerfile builds, the
build context and the build cache, copy-on-write in containers, a compose stack.

Read from the samples (lab.samples); drawn and explained by lab.markup; tested against a
real engine (tests/test_engine_explorers.py, tests/engine/try_checks.py).
"""
