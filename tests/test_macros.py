"""The macro functions, called directly, and sample text shown byte for byte on a built page."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from helpers import ROOT, build_small_site
from lab.errors import SampleError
from lab.markup import code_blocks, page_assets
from lab.pages import calling_page
from lab.samples import files as samples, instructions

PAGE = samples.Page(ROOT / "docs", "layers.md")

TRICKY_SHELL = """#!/bin/sh
# Jinja must not touch any of this.
docker ps --format 'table {{ .Names }}\\t{{.Status}}'
echo "{# not a comment #}" "{% raw %}" '{%- endraw %}'
echo "${VAR:-default}" "$${X}" `date`
printf '<script>alert(1)</script> &amp; \\n'
\tindented with a tab   
```
a line of backticks, as in Markdown
```
"""

HEREDOC_DOCKERFILE = """# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN <<EOF
set -eu
echo "{{ .Names }} ${HOME:-/root} $${X}" > /etc/motd
EOF

RUN <<"CONF"
printf 'key={{ value }}\\n' > /etc/app.conf
CONF

USER 1000
CMD ["cat", "/etc/motd"]
"""

TRICKY_COMPOSE = """services:
  app:
    image: "alpine:${TAG:-3.20}"
    command: ["sh", "-c", "echo $${HOME} {{ .Names }} {# x #}"]
"""


def code_texts(html: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    return [code.get_text() for code in soup.select(".highlight pre > code")]


def test_sample_text_is_shown_byte_for_byte(tmp_path):
    page = """# Verbatim

{{ sample("tricky.sh") }}

!!! note "Inside an admonition"

    {{ dockerfile("heredoc.Dockerfile", indent=4) }}

=== "In a tab"

    {{ compose_file("compose.yaml", indent=4) }}
"""
    files = {"tricky.sh": TRICKY_SHELL, "heredoc.Dockerfile": HEREDOC_DOCKERFILE, "compose.yaml": TRICKY_COMPOSE}
    result = build_small_site(tmp_path, page, files)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert code_texts(html) == [TRICKY_SHELL, HEREDOC_DOCKERFILE, TRICKY_COMPOSE]
    soup = BeautifulSoup(html, "lxml")
    assert soup.select_one(".admonition .highlight"), "the Dockerfile is not inside the admonition"
    assert soup.select_one(".tabbed-block .highlight"), "the compose file is not inside the tab"
    # and each can be downloaded as the very same bytes
    for name, content in files.items():
        assert (tmp_path / "site" / "samples" / name).read_text() == content
        assert soup.select_one(f'a[download="{name}"][href="samples/{name}"]')


def test_code_block_has_title_line_numbers_highlights_and_download():
    block = code_blocks.code_block(PAGE, "app/web.Dockerfile", title="The web image", hl_lines="18 19")
    first = block.splitlines()[0]
    assert first == '```dockerfile title="The web image" linenums="1" hl_lines="18 19"'
    assert '[:material-download: Download web.Dockerfile](samples/app/web.Dockerfile){ download="web.Dockerfile" .lab-download }' in block


def test_line_range_keeps_file_line_numbers():
    block = code_blocks.code_block(PAGE, "app/compose.yaml", lines="36-47", hl_lines="39 40")
    lines = block.splitlines()
    assert lines[0] == '```yaml title="app/compose.yaml" linenums="36" hl_lines="4 5"'
    assert lines[1] == "  redis:"
    assert lines[13] == "```"


def test_annotations_are_notes_keyed_to_highlighted_lines_and_leave_the_code_alone():
    text = (ROOT / "docs/samples/app/web.Dockerfile").read_text()
    block = code_blocks.code_block(PAGE, "app/web.Dockerfile", hl_lines="22", annotations={19: "second", 4: "first"})
    fence_end = block.index("\n```\n")
    assert block[block.index("\n") + 1:fence_end + 1] == text  # the code is the file, no markers
    assert 'hl_lines="4 19 22"' in block.splitlines()[0]
    assert "\n- **Line 4:** first\n- **Line 19:** second\n" in block


@pytest.mark.parametrize("annotations, message", [
    ({"x": "note"}, "is not a line number with a note"),
    ({4: ""}, "is not a line number with a note"),
    (["note"], "must be a mapping"),
    ({99: "note"}, "annotation 99: the file has lines 1-27"),
    ({4: "two\nlines"}, "a note is one line of Markdown"),
])
def test_bad_annotations_are_refused(annotations, message):
    with pytest.raises(SampleError, match=message):
        code_blocks.code_block(PAGE, "app/web.Dockerfile", annotations=annotations)


def test_annotations_work_for_files_without_comments():
    block = code_blocks.code_block(PAGE, "app/requirements.txt", annotations={1: "pinned"})
    assert "redis==5.2.1\n```" in block and "- **Line 1:** pinned" in block


def test_indent_pads_every_line_after_the_first():
    assert code_blocks.indent_markdown("a\nb\n\nc\n", 4) == "a\n    b\n    \n    c\n"
    with pytest.raises(SampleError):
        code_blocks.indent_markdown("a", -1)


def test_lines_outside_the_shown_range_are_refused():
    with pytest.raises(SampleError, match="line 3 is not among the lines shown"):
        code_blocks.code_block(PAGE, "app/compose.yaml", lines="38-49", hl_lines="3")


def test_download_url_is_relative_to_the_page():
    assert samples.download_url(samples.Page(ROOT / "docs", "q/deep.md"), "app/x") == "../samples/app/x"


def test_kinds_are_told_by_name():
    assert [samples.kind_of(Path(n)) for n in ("Dockerfile", "web.Dockerfile", "compose.yaml",
                                                "docker-compose.yml", "compose.prod.yaml", "web.py")] == \
        ["dockerfile", "dockerfile", "compose", "compose", "compose", "file"]


def test_dockerfile_parser_keeps_heredocs_whole():
    parsed = instructions.parse(HEREDOC_DOCKERFILE)
    assert [(i.keyword, i.line) for i in parsed] == [("FROM", 2), ("RUN", 3), ("RUN", 8), ("USER", 12), ("CMD", 13)]
    assert parsed[1].value.splitlines()[1:] == ["set -eu", 'echo "{{ .Names }} ${HOME:-/root} $${X}" > /etc/motd']


def test_unclosed_heredoc_is_an_error():
    with pytest.raises(SampleError, match="heredoc <<EOF is never closed"):
        instructions.parse("FROM alpine:3.20\nRUN <<EOF\necho hi\n")


def test_used_by_names_the_pages_that_insert_a_sample():
    samples_page = samples.Page(ROOT / "docs", "samples.md")
    assert "[Q2 · How does Docker's layered architecture improve efficiency?](layers.md)" in \
        code_blocks.pages_using(samples_page, "app/web.Dockerfile")


@pytest.mark.parametrize("page, docs_dir, html_base, written", [
    # MkDocs leaves raw HTML as written: its links start at the page's URL
    (SimpleNamespace(file=SimpleNamespace(src_uri="q/layers.md"), url="q/layers/"), str(ROOT / "docs"), "q/layers/",
     "../../assets/x.js"),
    # Zensical: no .file, docs_dir relative; it rewrites raw HTML's links from the source's folder
    # (to ../../assets/x.js for the page at q/layers/), as it does Markdown's
    (SimpleNamespace(path="q/layers.md", url="q/layers/"), "docs", "q", "../assets/x.js"),
])
def test_the_calling_page_is_read_from_either_generators_page(page, docs_dir, html_base, written):
    env = SimpleNamespace(page=page, conf={"docs_dir": docs_dir}, project_dir=str(ROOT))
    where = calling_page(env)
    assert (where.docs_dir, where.src_uri, where.url) == (ROOT / "docs", "q/layers.md", "q/layers/")
    assert where.html_base == html_base
    assert page_assets.linked("assets/x.js", where.html_base) == written
