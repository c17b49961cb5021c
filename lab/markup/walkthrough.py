"""The demo page's written walk-through: a Try-it script step by step, each step's commands
(lines of the script, byte for byte) and what the engine printed for it (its transcript).

It serves readers who cannot play the video (a school that blocks YouTube) and readers who need
text instead of video. Nothing here is typed by hand: the steps come from the script, the output
from the transcript `make transcripts` recorded, so both change when the script does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lab.errors import SampleError
from lab.markup import code_blocks
from lab.markup.verbatim import hide_tabs
from lab.samples import files as samples

STEP_CALL = re.compile(r'^step "(.*)"$')  # how the scripts open a step: step "title"


@dataclass(frozen=True)
class ScriptStep:
    title: str
    first_line: int  # the line number, in the script, of the step's first command
    commands: str  # the script's lines from there to the next step, as in the file


def script_steps(text: str) -> list[ScriptStep]:
    """Each `step "…"` of a Try-it script with the lines that follow it, up to the next step."""
    lines = text.splitlines(keepends=True)
    found: list[tuple[str, int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        opened = STEP_CALL.match(line.rstrip("\n"))
        if opened:
            found.append((opened.group(1), number + 1, []))
        elif found:
            found[-1][2].append(line)
    steps = []
    for title, first, body in found:
        while body and not body[-1].strip():
            body.pop()
        steps.append(ScriptStep(title, first, "".join(body)))
    return steps


def walkthrough(page: samples.Page, path: str, question: str) -> str:
    """The steps of the Try-it script `path` as a numbered list: title, commands, recorded output.

    `question` is the page (e.g. "image-vs-container.md") whose Try it runs the script.
    """
    if not (isinstance(path, str) and path.startswith(samples.TRY_FOLDER) and path.endswith(".sh")):
        raise SampleError(f"{path!r} is not a Try-it script: give docs/{samples.SAMPLES}/{samples.TRY_FOLDER}<name>.sh")
    target, text = samples.read(page, path)
    if not (page.docs_dir / question).is_file():
        raise SampleError(f"no page {question!r} in docs/ to link the script's Try it to")
    label, recorded = code_blocks.recorded_transcript(page, target)
    printed = dict(recorded)
    steps = script_steps(text)
    if not steps:
        raise SampleError(f"docs/{samples.SAMPLES}/{path} has no step \"…\" lines to walk through")
    run = path.removeprefix("app/")
    parts = [f"`sh {run}` ({code_blocks.download_link(page, path, label='the script')}, "
             f"[its Try it]({page.link_to(question)}#try-it)); the output is what {label} printed "
             f"when the site was tested ([about these transcripts]({page.link_to('samples.md')}"
             f"#{code_blocks.TRANSCRIPTS_NOTE})).\n\n"]
    for n, step in enumerate(steps, start=1):
        if step.title not in printed:
            raise SampleError(f"the transcript of {target.name} has no step {step.title!r}: "
                              "run `make transcripts` after changing the script")
        last = step.first_line + step.commands.count("\n") - 1
        code = hide_tabs(step.commands)
        fence = code_blocks.fence_for(code)
        parts.append(
            f"{n}.  **{code_blocks.escape_markdown(step.title)}**\n\n"
            f'    {fence}bash title="{run}, lines {step.first_line}–{last}" linenums="{step.first_line}"\n'
            + "".join(f"    {line}" if line.strip() else line for line in code.splitlines(keepends=True))
            + f"    {fence}\n\n    Docker printed:\n\n"
            + code_blocks.transcript_fence(target.stem, step.title, printed[step.title], indent=4) + "\n")
    return "".join(parts)
