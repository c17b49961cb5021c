"""The sample app as one download: every file, byte for byte, scripts executable, the same bytes every build."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from helpers import ROOT, mkdocs_build
from lab.samples import app_zip as sample_zip

APP = ROOT / "docs" / "samples" / "app"
SOURCES = sorted(p for p in APP.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def zip_of(site) -> bytes:
    return (site.directory / sample_zip.ZIP_PATH).read_bytes()


def test_zip_holds_every_file_as_it_is_with_its_mode(site):
    with zipfile.ZipFile(BytesIO(zip_of(site))) as archive:
        entries = {info.filename: info for info in archive.infolist()}
        site_file = f"{sample_zip.TOP_FOLDER}/{sample_zip.SITE_FILE}"
        assert sorted(entries) == sorted([f"{sample_zip.TOP_FOLDER}/{p.relative_to(APP).as_posix()}" for p in SOURCES]
                                         + [site_file])
        assert archive.read(site_file).decode() == f"{site.url}\n", "labcheck's links need the site's address"
        for source in SOURCES:
            info = entries[f"{sample_zip.TOP_FOLDER}/{source.relative_to(APP).as_posix()}"]
            assert archive.read(info) == source.read_bytes(), f"{source.name} differs in the zip"
            expected = 0o755 if source.stat().st_mode & stat.S_IXUSR else 0o644
            assert info.create_system == 3 and stat.S_IMODE(info.external_attr >> 16) == expected, source.name


def test_unzip_restores_files_and_exec_bits(site, tmp_path):
    unzip = shutil.which("unzip")
    if not unzip:  # the tool a reader uses; the test above reads the modes without it
        pytest.skip("unzip is not installed (apt-get install unzip)")
    archive = tmp_path / "app.zip"
    archive.write_bytes(zip_of(site))
    subprocess.run([unzip, "-q", str(archive), "-d", str(tmp_path)], check=True)
    folder = tmp_path / sample_zip.TOP_FOLDER
    unpacked = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    assert unpacked == sorted([p.relative_to(APP) for p in SOURCES] + [Path(sample_zip.SITE_FILE)])
    for source in SOURCES:
        copy = folder / source.relative_to(APP)
        assert copy.read_bytes() == source.read_bytes(), f"{copy.name} differs from its source"
        executable = bool(source.stat().st_mode & stat.S_IXUSR)
        assert bool(copy.stat().st_mode & stat.S_IXUSR) == executable, f"{copy.name}: the exec bit was not kept"
    assert os.access(folder / "try" / "q2-layers.sh", os.X_OK)


def test_zip_entries_are_sorted_with_one_fixed_time():
    with zipfile.ZipFile(BytesIO(sample_zip.app_zip(APP))) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {sample_zip.FIXED_TIME}
        assert archive.testzip() is None


def test_file_times_do_not_change_the_zip(tmp_path):
    copy = tmp_path / "app"
    shutil.copytree(APP, copy)
    for path in copy.rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    assert sample_zip.app_zip(copy) == sample_zip.app_zip(APP)
    (copy / "web.py").write_text("changed\n")
    assert sample_zip.app_zip(copy) != sample_zip.app_zip(APP)


def test_two_builds_give_the_same_zip_bytes(site, tmp_path):
    second = tmp_path / "site"
    result = mkdocs_build(ROOT, second, site_url=site.url)  # the address is in the zip (labcheck-site.txt)
    assert result.returncode == 0, result.stderr
    assert (second / sample_zip.ZIP_PATH).read_bytes() == zip_of(site)


def test_samples_page_offers_the_zip(site):
    # Each Try-it section offers it too: tests/test_try_it.py.
    assert site.soup("samples/").select_one('article a[href="lab4-sample-app.zip"][download]')
