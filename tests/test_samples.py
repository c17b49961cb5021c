"""Every sample under docs/samples/: checked by the real tools, and downloadable as it is."""

from __future__ import annotations

import subprocess
import urllib.request

import pytest
import yaml

from helpers import ROOT, compose_binary, run_tool
from lab.samples.files import kind_of

SAMPLES = ROOT / "docs" / "samples"
ALL_FILES = sorted(p for p in SAMPLES.rglob("*") if p.is_file())
DOCKERFILES = [p for p in ALL_FILES if kind_of(p) == "dockerfile"]
COMPOSE_FILES = [p for p in ALL_FILES if kind_of(p) == "compose"]


def ids(paths):
    return [p.relative_to(SAMPLES).as_posix() for p in paths]


def test_there_are_samples_of_each_kind():
    assert len(DOCKERFILES) >= 2 and COMPOSE_FILES


@pytest.mark.parametrize("path", DOCKERFILES, ids=ids(DOCKERFILES))
def test_dockerfile_passes_hadolint(path):
    result = run_tool("hadolint", "--no-color", "--failure-threshold", "warning", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=ids(COMPOSE_FILES))
def test_compose_file_matches_the_compose_specification(path):
    result = run_tool("check-jsonschema", "--builtin-schema", "vendor.compose-spec", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=ids(COMPOSE_FILES))
def test_docker_compose_v2_accepts_the_compose_file(path):
    result = subprocess.run([compose_binary(), "-f", str(path), "config", "--quiet"],
                            capture_output=True, text=True, cwd=path.parent)
    assert result.returncode == 0, result.stderr
    assert "obsolete" not in result.stderr


def test_built_services_take_composes_default_image_name():
    # No `image:` beside `build:`: Compose names the image <project>-<service> and never
    # pulls it, so the scripts' lab4-web and lab4-worker are Compose's own names.
    app = SAMPLES / "app"
    services = yaml.safe_load((app / "compose.yaml").read_text())["services"]
    built = {name: spec for name, spec in services.items() if "build" in spec}
    assert set(built) == {"web", "worker"}
    assert not [name for name, spec in built.items() if {"image", "pull_policy"} & set(spec)]
    result = subprocess.run([compose_binary(), "config", "--images"], capture_output=True, text=True, cwd=app)
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == ["lab4-web", "lab4-worker", "redis:7.4-alpine"]


def test_compose_binary_rejects_a_broken_file(tmp_path):
    # The check above must be able to fail.
    broken = tmp_path / "compose.yaml"
    broken.write_text("services:\n  web:\n    depends_on: [nowhere]\n    image: x\n")
    result = subprocess.run([compose_binary(), "-f", str(broken), "config", "--quiet"], capture_output=True, text=True)
    assert result.returncode != 0 and "nowhere" in result.stderr


def test_samples_page_offers_every_sample_for_download(site):
    soup = site.soup("samples/")
    links = {a["href"]: a for a in soup.select("article a[download]")}
    for path in ALL_FILES:
        href = path.relative_to(SAMPLES).as_posix()
        assert href in links, f"/samples/ does not offer {href}"
        with urllib.request.urlopen(site.url + "samples/" + href) as response:
            assert response.read() == path.read_bytes(), f"{href} is not served as it is"


def test_samples_page_says_where_each_sample_is_used(site):
    rows = {row.select_one("a[download]")["href"]: row for row in site.soup("samples/").select("article tbody tr")}
    used_on = rows["app/web.Dockerfile"].find_all("td")[2]
    assert used_on.find("a", href="../layers/")
    assert rows["app/compose.yaml"].find_all("td")[2].find("a", href="../compose/")
