"""Material's page templates compiled once, not on every build.

MkDocs makes a new Jinja environment for each build, so every build, and every rebuild
of `mkdocs serve`, parses and compiles the theme's templates again: about a quarter of a
rebuild. Jinja's own bytecode cache keeps the compiled templates on disk, keyed by each
template's name and a checksum of its source, so an edited template (ours in overrides/,
or a new Material) is compiled afresh. A MkDocs hook and nothing more: the cache belongs
to MkDocs' own Jinja environment.
"""

from jinja2 import FileSystemBytecodeCache


def on_env(env, config, files, **kwargs):
    # Jinja's default folder: the user's own (_jinja2-cache-UID in the temp folder, mode
    # 0700, its owner checked), outside the project, so nothing to clean or commit, and no
    # other user can put code in it. Entries are keyed by the template's path too.
    env.bytecode_cache = FileSystemBytecodeCache()
    return env
