"""MkDocs hook: the sample app's zip (lab.samples.app_zip) as one of the build's files.

One of MkDocs' files, not a file written after the build, so strict link validation
knows the pages' links to it.
"""

from pathlib import Path

import _project_on_path  # noqa: F401  (MkDocs loads hooks by path: this makes `lab` importable)

from lab.samples.app_zip import APP_FOLDER, ZIP_PATH, app_zip


def on_files(files, config, **kwargs):
    from mkdocs.structure.files import File

    folder = Path(config["docs_dir"]) / APP_FOLDER
    if folder.is_dir():
        files.append(File.generated(config, ZIP_PATH, content=app_zip(folder, config.get("site_url"))))
    return files
