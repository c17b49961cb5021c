"""The sample app as one download: docs/samples/app zipped at build time.

The site layer adds the zip to the site's files (lab/site/hooks/app_zip.py), so strict
link validation knows it. For the same files it is the same bytes: entries sorted, one
fixed timestamp, and each file's mode from its executable bit only (755 or 644), which
unzip restores. Python's __pycache__ folders, left by running the app locally, stay out.
The site's address goes in as SITE_FILE, so labcheck links each hint to the published page.
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

APP_FOLDER = "samples/app"  # under docs/
ZIP_PATH = "samples/lab4-sample-app.zip"  # under the site, where pages link to it
TOP_FOLDER = "lab4-sample-app"  # the folder unzip creates
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can record
SITE_FILE = "labcheck-site.txt"  # read by labcheck.py, beside it


def app_zip(folder: Path, site_url: str | None = None) -> bytes:
    entries = {path.relative_to(folder).as_posix(): (path.read_bytes(), bool(path.stat().st_mode & stat.S_IXUSR))
               for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    if site_url:
        entries[SITE_FILE] = (f"{site_url}\n".encode(), False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for relative, (content, executable) in sorted(entries.items()):
            info = zipfile.ZipInfo(f"{TOP_FOLDER}/{relative}", date_time=FIXED_TIME)
            info.create_system = 3  # Unix, so external_attr carries the file mode
            info.external_attr = (stat.S_IFREG | (0o755 if executable else 0o644)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()
