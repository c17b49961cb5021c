"""Makes the `lab` package importable from the hooks in this folder.

MkDocs loads each file of `hooks:` by its path, with only that file's own folder on
sys.path (mkdocs/config/config_options.py, Hooks._load_hook), so `import lab` would fail
when mkdocs runs from .venv/bin. Every hook here imports this module first; it puts the
project folder (three levels up) on sys.path, once. MkDocs restores sys.path after loading
a hook, but `lab` is imported by then, and its subpackages are found through it.
"""

import sys
from pathlib import Path

PROJECT = str(Path(__file__).resolve().parents[3])
if PROJECT not in sys.path:
    sys.path.insert(0, PROJECT)
