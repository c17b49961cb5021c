"""Copies of the project for the bench: Material's floor (one line, none of our code) and the
build-time baseline (no macros, no hooks)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from helpers import ROOT, copy_of_project, mkdocs_build

FLOOR_PAGE = "Material for MkDocs with this site's settings, and one line of text.\n"


def load_config(project: Path) -> dict:
    """mkdocs.yml as MkDocs reads it (!ENV resolved, !!python/name loaded)."""
    with open(project / "mkdocs.yml", encoding="utf-8") as f:
        return yaml_load(f)


def save_config(project: Path, config: dict) -> None:
    # PyYAML's full dumper writes the loaded functions back as !!python/name tags.
    (project / "mkdocs.yml").write_text(yaml.dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def plugin_name(entry: str | dict) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def without_build_work(config: dict) -> dict:
    """The same site without what we add at build time: the macros plugin and every hook.

    Not strict: a page may link to a file only a hook makes (a zip, say); the baseline
    measures the time of the rest of the build, not its links.
    """
    plugins = config.get("plugins", [])
    if isinstance(plugins, dict):
        plugins = {name: options for name, options in plugins.items() if name != "macros"}
    else:
        plugins = [entry for entry in plugins if plugin_name(entry) != "macros"]
    return {**{k: v for k, v in config.items() if k != "hooks"}, "plugins": plugins, "strict": False}


def floor_config(config: dict, site_url: str) -> dict:
    """Material's floor: the theme and its settings, features, extensions and third-party
    plugins of mkdocs.yml, without anything the project supplies (templates, CSS, scripts,
    favicon, macros, hooks) and with one page."""
    floor = {k: v for k, v in without_build_work(config).items()
             if k not in ("nav", "extra_css", "extra_javascript")}
    floor["theme"] = {k: v for k, v in config["theme"].items() if k not in ("custom_dir", "favicon")}
    return {**floor, "site_url": site_url}


def project_copy(target: Path) -> Path:
    """What a build reads: the tests' copy of the project, and any hook (file or folder) outside it."""
    copy_of_project(target)
    for part in sorted({Path(hook).parts[0] for hook in load_config(ROOT).get("hooks", [])}):
        if (target / part).exists():
            continue
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / part, target / part)
    return target


def floor_project(target: Path, site_url: str) -> Path:
    project = project_copy(target)
    shutil.rmtree(project / "docs")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text(FLOOR_PAGE, encoding="utf-8")
    save_config(project, floor_config(load_config(project), site_url))
    return project


def build_or_exit(project: Path, dest: Path, **options) -> None:
    result = mkdocs_build(project, dest, **options)
    if result.returncode:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-2000:]}")
