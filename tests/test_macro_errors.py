"""Bad input to a macro stops the build with one message naming the page, the call and the cause."""

from __future__ import annotations

import os

import pytest

from helpers import ROOT, assert_build_failed_naming, build_small_site, run_build, small_site

GOOD_DOCKERFILE = (ROOT / "docs/samples/app/web.Dockerfile").read_text()
GOOD_COMPOSE = (ROOT / "docs/samples/app/compose.yaml").read_text()


CASES = {
    "missing file": ('dockerfile("app/nope.Dockerfile")', {}, "no such sample file: docs/samples/app/nope.Dockerfile"),
    "parent path": ('sample("../index.md")', {}, "'../index.md' is outside docs/samples/"),
    "deep parent path": ('sample("app/../../../mkdocs.yml")', {"app/x.txt": "x"}, "is outside docs/samples/"),
    "absolute path": ('sample("/etc/passwd")', {}, "absolute path '/etc/passwd'"),
    "wrong kind": ('compose_file("app/web.Dockerfile")', {"app/web.Dockerfile": GOOD_DOCKERFILE},
                   "is a Dockerfile, not a compose file"),
    "dockerfile macro on compose": ('dockerfile("app/compose.yaml")', {"app/compose.yaml": GOOD_COMPOSE},
                                    "is a compose file, not a Dockerfile"),
    "hadolint finding": ('dockerfile("bad.Dockerfile")', {"bad.Dockerfile": "FROM python:latest\nRUN apt-get install curl\n"},
                         "invalid sample docs/samples/bad.Dockerfile: hadolint: line 1 DL3007"),
    "no FROM": ('dockerfile("nofrom.Dockerfile")', {"nofrom.Dockerfile": "RUN echo hi\n"}, "does not start with FROM"),
    "compose schema": ('compose_file("compose.yaml")', {"compose.yaml": "services:\n  web:\n    image: 3\n    portz: []\n"},
                       "does not match the Compose Specification at services/web"),
    "compose not yaml": ('compose_file("compose.yaml")', {"compose.yaml": "services: [\n"}, "not valid YAML"),
    "compose without services": ('compose_file("compose.yaml")', {"compose.yaml": "name: x\n"}, "defines no services"),
    "unknown argument": ('dockerfile("web.Dockerfile", colour="red")', {"web.Dockerfile": GOOD_DOCKERFILE},
                         "bad arguments: got an unexpected keyword argument 'colour'"),
    "annotation out of range": ('dockerfile("web.Dockerfile", annotations={99: "note"})', {"web.Dockerfile": GOOD_DOCKERFILE},
                                "annotation 99: the file has lines 1-27"),
    "annotation not one line": ('sample("app/x.txt", annotations={1: "two\\nlines"})', {"app/x.txt": "x\n"},
                                "a note is one line of Markdown"),
    "try_script not a script": ('try_script("app/web.py")', {"app/web.py": "print()\n"},
                                "'app/web.py' is not a Try-it script"),
    "try_script not executable": ('try_script("app/try/x.sh")', {"app/try/x.sh": "#!/bin/sh\n"},
                                  "docs/samples/app/try/x.sh is not executable"),
    "line out of range": ('dockerfile("web.Dockerfile", hl_lines="99")', {"web.Dockerfile": GOOD_DOCKERFILE},
                          "hl_lines: 99 is outside lines 1-27"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_macro_input_fails_the_build_clearly(tmp_path, case):
    call, samples, cause = CASES[case]
    result = build_small_site(tmp_path, "# Page\n\nText.\n\n{{ " + call + " }}\n", samples)
    assert_build_failed_naming(result, call.replace('"', "'"), cause)


def test_symlink_out_of_samples_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    build_dir = tmp_path / "project"
    small_site(build_dir, "# Page\n\n{{ sample('link.txt') }}\n", {})
    os.symlink(outside, build_dir / "docs" / "samples" / "link.txt")
    assert_build_failed_naming(run_build(build_dir), "sample('link.txt')", "'link.txt' is outside docs/samples/")


def test_unknown_macro_fails_instead_of_leaving_a_gap(tmp_path):
    result = build_small_site(tmp_path, "# Page\n\n{{ dokerfile('x') }}\n", {})
    assert result.returncode != 0
    assert "dokerfile" in result.stderr and "undefined" in result.stderr
