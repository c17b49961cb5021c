"""The GitHub workflows: schema-valid, zizmor-clean, hardened, and using the site's own sample files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, run_tool

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def jobs(path: Path) -> dict:
    return load(path)["jobs"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(path):
    result = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_config_matches_its_schema():
    result = run_tool("check-jsonschema", "--builtin-schema", "vendor.dependabot", ".github/dependabot.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    ecosystems = {u["package-ecosystem"] for u in load(ROOT / ".github/dependabot.yml")["updates"]}
    assert ecosystems == {"pip", "github-actions"}


def test_zizmor_finds_nothing():
    result = run_tool("zizmor", "--offline", "--no-progress", ".github/workflows/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_version(path):
    uses = re.findall(r"uses:\s*(\S+)(.*)", path.read_text())
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{action} is not pinned by full SHA"
        assert re.match(r"\s*# v\d", comment), f"{action} has no version comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_timeouts(path):
    assert load(path)["permissions"] == {}
    for name, job in jobs(path).items():
        assert "timeout-minutes" in job, f"job {name} has no timeout"
        assert job.get("permissions", {}).get("contents") in ("read", None), name
        writes = {k for k, v in job.get("permissions", {}).items() if v == "write"}
        if writes:
            assert name == "deploy" and writes == {"pages", "id-token"}, f"job {name} may write {writes}"
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_deploy_publishes_with_the_official_pages_actions_after_the_tests():
    deploy = jobs(ROOT / ".github/workflows/ci.yml")["deploy"]
    used = [s.get("uses", "").split("@")[0] for s in deploy["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in used
    assert set(deploy["needs"]) == {"test", "samples"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert "refs/heads/main" in deploy["if"]
    build = next(s for s in deploy["steps"] if "SITE_URL" in s.get("env", {}))
    assert "steps.pages.outputs.base_url" in build["env"]["SITE_URL"]


def test_test_job_runs_readmes_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    runs = [s.get("run", "") for s in jobs(ROOT / ".github/workflows/ci.yml")["test"]["steps"]]
    assert "make test" in runs
    assert "make test" in (ROOT / ".ci/run").read_text()


def test_samples_job_runs_and_checks_every_try_it_script():
    job = jobs(ROOT / ".github/workflows/ci.yml")["samples"]
    runs = [s.get("run", "") for s in job["steps"]]
    checked = {m for run in runs for m in re.findall(r"^python -m tests\.engine\.try_checks ([\w-]+)$", run, re.M)}
    scripts = {p.stem for p in (ROOT / "docs/samples/app/try").glob("*.sh")}
    assert scripts and checked == scripts | {"layer-counts", "sample-app", "without-compose"}
    assert runs.index("python -m tests.engine.try_checks q2-layers") < runs.index("python -m tests.engine.try_checks layer-counts")
