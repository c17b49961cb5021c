"""Sample files shown as highlighted Markdown code blocks, Try-it scripts with their transcripts, links to samples."""

from __future__ import annotations

import re
from pathlib import Path

from lab.errors import SampleError
from lab.markup.verbatim import hide_tabs
from lab.samples import transcripts
from lab.samples.files import (APP_ZIP, SAMPLES, TRY_FOLDER, Page, download_url, kind_of, pages_stamp, read, resolve,
                               sample_users)

LANGUAGES = {".py": "python", ".sh": "bash", ".yaml": "yaml", ".yml": "yaml", ".txt": "text", ".json": "json"}


def fence_for(text: str) -> str:
    """A Markdown fence longer than any backtick run that starts a line of `text`."""
    return "`" * max(3, 1 + max((len(run) for run in re.findall(r"^\s*(`{3,})", text, re.M)), default=0))


def language(path: Path) -> str:
    kind = kind_of(path)
    if kind == "dockerfile":
        return "dockerfile"
    return LANGUAGES.get(path.suffix, "text")


def parse_line_spec(spec, last_line: int, what: str) -> list[int]:
    """'3 5-7' or [3, 5] → [3, 5, 6, 7], every number within 1..last_line."""
    if spec is None:
        return []
    parts = spec.split() if isinstance(spec, str) else [str(p) for p in spec]
    numbers: list[int] = []
    for part in parts:
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not match:
            raise SampleError(f"{what}: {part!r} is not a line number or a range like 3-7")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if not 1 <= first <= last <= last_line:
            raise SampleError(f"{what}: {part} is outside lines 1-{last_line}")
        numbers.extend(range(first, last + 1))
    return numbers


def code_block(page: Page, path: str, *, expected_kind: str | None = None, title: str | None = None,
               hl_lines=None, lines: str | None = None, annotations: dict | None = None,
               indent: int = 0) -> str:
    """A Markdown fenced block showing the sample, with a title, line numbers and a download link.

    `lines` ("5-12") shows part of the file with its own line numbers; `hl_lines` and the keys
    of `annotations` are line numbers in the file. `indent` is the column the macro call
    stands in, for calls inside admonitions and content tabs.
    """
    target, text = read(page, path, expected_kind)
    all_lines = text.splitlines(keepends=True)
    shown = range(1, len(all_lines) + 1)
    if lines is not None:
        picked = parse_line_spec(lines, len(all_lines), "lines")
        shown = range(picked[0], picked[-1] + 1)
    notes = annotation_notes(annotations, len(all_lines))
    # An annotated line is highlighted, so its note below the block is easy to match to it.
    highlighted = sorted(set(parse_line_spec(hl_lines, len(all_lines), "hl_lines")) | set(notes))
    outside = [n for n in highlighted + list(notes) if n not in shown]
    if outside:
        raise SampleError(f"line {outside[0]} is not among the lines shown ({shown.start}-{shown.stop - 1})")
    if title is not None and ('"' in title or "\n" in title):
        raise SampleError("title may not contain a double quote or a line break")

    # The block holds the file's lines and nothing else, so what a reader sees and copies is
    # the file: notes go in a list after it, not into the code as Material's "# (1)!" markers.
    code = hide_tabs("".join(all_lines[shown.start - 1:shown.stop - 1]))
    if not code.endswith("\n"):
        code += "\n"

    fence = fence_for(code)
    options = [f'title="{title or path}"', f'linenums="{shown.start}"']
    if highlighted:
        options.append('hl_lines="' + " ".join(str(n - shown.start + 1) for n in highlighted) + '"')
    parts = [f"{fence}{language(target)} {' '.join(options)}\n{code}{fence}\n"]
    if notes:
        parts.append("\n" + "".join(f"- **Line {number}:** {note}\n" for number, note in notes.items()))
    name = target.name
    # data-lines names the part shown, so a test can compare a copied block with the file.
    part = f' data-lines="{shown.start}-{shown.stop - 1}"' if lines is not None else ""
    parts.append(f'\n[:material-download: Download {name}]({download_url(page, path)})'
                 f'{{ download="{name}" .lab-download{part} }}\n')
    return indent_markdown("".join(parts), indent)


def try_script(page: Page, path: str, title: str | None = None) -> str:
    """A Try-it script: how to run it from the unzipped sample app, then the script itself."""
    if not (isinstance(path, str) and path.startswith(TRY_FOLDER) and path.endswith(".sh")):
        raise SampleError(f"{path!r} is not a Try-it script: give docs/{SAMPLES}/{TRY_FOLDER}<name>.sh")
    target = resolve(page, path)
    if not target.stat().st_mode & 0o100:
        raise SampleError(f"docs/{SAMPLES}/{path} is not executable: chmod 755 it, as the zip keeps the mode")
    run = path.removeprefix("app/")
    intro = (f"In the folder of the unzipped [sample app]({page.link_to(APP_ZIP)})"
             f'{{ download="{APP_ZIP.rsplit("/", 1)[1]}" }}, run `sh {run}`. '
             "Each step prints its title after `==>`; the comments say what to look for.\n\n")
    return intro + code_block(page, path, title=title or run) + transcript_block(page, target)


def transcript_block(page: Page, script: Path) -> str:
    """What the engine printed for each step of `script`, folded under it, the lines that matter marked.

    Output, not commands: the blocks have no copy button (Material's .no-copy).
    """
    label, steps = recorded_transcript(page, script)
    parts = [f'\n??? example lab-transcript "What Docker printed, step by step ({label})"\n\n'
             f"    Recorded when the site was tested, with stand-ins for the base images "
             f"([why]({page.link_to('samples.md')}#{TRANSCRIPTS_NOTE})), IDs, sizes and times as `<…>` and a `…` where "
             f"lines were left out; the marked lines are the ones each step is about. "
             f"[The whole transcript]({download_url(page, f'{transcripts.FOLDER}/{script.stem}.txt')}).\n\n"]
    for title, lines in steps:
        parts.append(f"    **{escape_markdown(title)}**\n\n" + transcript_fence(script.stem, title, lines, indent=4) + "\n")
    return "".join(parts)


def recorded_transcript(page: Page, script: Path) -> tuple[str, list[tuple[str, list[str]]]]:
    """Which engine recorded `script`'s transcript ("Docker Engine …, Compose …"), and its steps."""
    source = page.docs_dir / SAMPLES / transcripts.FOLDER / f"{script.stem}.txt"
    if not source.is_file():
        raise SampleError(f"no transcript for {script.name}: docs/{SAMPLES}/{transcripts.FOLDER}/{script.stem}.txt "
                          "is missing (`make transcripts` records it on the engine)")
    text = source.read_text(encoding="utf-8")
    label = transcripts.recorded_on(text)
    if label is None:
        raise SampleError(f"docs/{SAMPLES}/{transcripts.FOLDER}/{script.stem}.txt does not say which engine printed it: "
                          "record it with `make transcripts`")
    return label, transcripts.read(text)


TRANSCRIPTS_NOTE = "transcripts"  # the samples page's section on how the transcripts were recorded


def transcript_fence(script_stem: str, title: str, lines: list[str], indent: int = 0) -> str:
    """One step's recorded output as a fenced text block (no copy button), its marked lines highlighted."""
    marked = transcripts.highlighted(script_stem, title, lines)
    options = ".text .no-copy" + (f' hl_lines="{" ".join(map(str, marked))}"' if marked else "")
    body = hide_tabs("".join(line + "\n" for line in lines) or "(nothing)\n")
    fence = fence_for(body)
    pad = " " * indent
    return (f"{pad}{fence} {{ {options} }}\n" + "".join(f"{pad}{line}\n" for line in body.splitlines())
            + f"{pad}{fence}\n")


def escape_markdown(text: str) -> str:
    # Python-Markdown has no backslash escape for "<" (a "\<" shows its backslash): an entity instead
    return re.sub(r"([\\`*_\[\]>#])", r"\\\1", text).replace("<", "&lt;")


def annotation_notes(annotations, last_line: int) -> dict[int, str]:
    """{line: Markdown note}, in line order, each a line of the file with a one-line note."""
    if not annotations:
        return {}
    if not isinstance(annotations, dict):
        raise SampleError("annotations must be a mapping of line numbers to notes")
    notes = {}
    for number, note in annotations.items():
        if not str(number).isdigit() or not isinstance(note, str) or not note.strip():
            raise SampleError(f"annotation {number!r}: {note!r} is not a line number with a note")
        if "\n" in note.strip():
            raise SampleError(f"annotation {number}: a note is one line of Markdown")
        if not 1 <= int(number) <= last_line:
            raise SampleError(f"annotation {number}: the file has lines 1-{last_line}")
        notes[int(number)] = note.strip()
    return dict(sorted(notes.items()))


def indent_markdown(markdown: str, indent: int) -> str:
    """Indent every line but the first (which stands where the call is), blank lines included."""
    if not isinstance(indent, int) or indent < 0:
        raise SampleError("indent must be a whole number of spaces, 0 or more")
    if not indent:
        return markdown
    first, _, rest = markdown.partition("\n")
    return first + "\n" + "".join(" " * indent + line for line in rest.splitlines(keepends=True))


def download_link(page: Page, path: str, label: str | None = None) -> str:
    target = resolve(page, path)
    return f'[{label or path}]({download_url(page, path)}){{ download="{target.name}" }}'


def pages_using(page: Page, path: str) -> str:
    """Links to the other pages whose Markdown names this sample in a macro call, by their titles."""
    resolve(page, path)
    users = sample_users(page.docs_dir, pages_stamp(page.docs_dir)).get(path, [])
    links = [f"[{title}]({page.link_to(src)})" for src, title in users if src != page.src_uri]
    return ", ".join(links) or "this page"
