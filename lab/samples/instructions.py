"""Dockerfile instructions, parsed with dockerfile-parse, with heredocs kept whole."""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass

from dockerfile_parse import DockerfileParser

from lab.errors import SampleError

HEREDOC = re.compile(r"<<-?\s*([\"']?)([A-Za-z_][A-Za-z0-9_]*)\1")


@dataclass(frozen=True)
class Instruction:
    keyword: str  # FROM, RUN, COPY, …
    value: str  # the arguments, with a heredoc's body after a newline
    line: int  # 1-based line where the instruction starts


@functools.lru_cache(maxsize=256)
def parse(text: str) -> tuple[Instruction, ...]:
    """The instructions of a Dockerfile, in order, without comments (parsed once per content).

    dockerfile-parse does not know heredocs (`RUN <<EOF` … `EOF`): it reads each body
    line as an instruction of its own. Those lines are folded back into the
    instruction that opened the heredoc.
    """
    # An in-memory file: given only `content`, the parser would write ./Dockerfile.
    parser = DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")))
    lines = text.splitlines()
    result: list[Instruction] = []
    skip_until = -1
    for item in parser.structure:
        if item["startline"] <= skip_until or item["instruction"] == "COMMENT":
            continue
        value = item["value"]
        delimiters = [m.group(2) for m in HEREDOC.finditer(value)] if item["instruction"] in ("RUN", "COPY", "ADD") else []
        end = item["endline"]
        for delimiter in delimiters:
            body_start = end + 1
            for index in range(body_start, len(lines)):
                if lines[index].strip() == delimiter:
                    value += "\n" + "\n".join(lines[body_start:index])
                    end = index
                    break
            else:
                raise SampleError(f"line {item['startline'] + 1}: heredoc <<{delimiter} is never closed")
        skip_until = end
        result.append(Instruction(item["instruction"], value, item["startline"] + 1))
    return tuple(result)


def check_has_from(instructions: tuple[Instruction, ...]) -> None:
    keywords = [i.keyword for i in instructions if i.keyword != "ARG"]
    if not keywords or keywords[0] != "FROM":
        raise SampleError("not a Dockerfile: it does not start with FROM")
