"""The handout's and the worksheet's parts, and a page's placeholders filled with them."""

from __future__ import annotations

import html
import re

import lxml.html

from lab.errors import PrintableError
from lab.markup.print_slots import SLOT, describe_slot, slot_call
from lab.site.printable.moving import full_page_link, heading, slug_of, transplant
from lab.site.printable.questions import Question, Source, heading_text, read_question


# --- the handout ------------------------------------------------------------------------------

def handout_question(question: Question, target_url: str) -> str:
    source, slug = question.source, slug_of(question.source)
    return (
        f'<section class="lab-handout__question" aria-labelledby="{slug}">'
        + heading(2, slug, source.title)
        + f'<p>Full page: {full_page_link(source, target_url)}</p>'
        + transplant([question.short_answer], source, target_url, slug)
        + '<div class="lab-handout__body"><div class="lab-handout__points">'
        + heading(3, f"{slug}-key-points", question.key_points_heading)
        + transplant([question.key_points], source, target_url, slug)
        + '</div><div class="lab-handout__figures">'
        + heading(3, f"{slug}-diagram", question.diagram_heading)
        + transplant(question.diagrams, source, target_url, slug)
        + "</div></div></section>"
    )


def video_link(source: Source) -> str:
    """The address of the video a page embeds, as a link whose text is the address."""
    link = next((a for a in source.tree().find_class("lab-video__link")
                 if a.tag == "a" and a.get("href") and any("lab-video" in e.classes for e in a.iterancestors())),
                None)
    if link is None:
        raise PrintableError(f"{source.src_uri} embeds no video (no video() macro call)")
    address = html.escape(link.get("href"))
    return f'<p class="lab-print-address"><a href="{address}">{address}</a></p>'


# --- the worksheet ----------------------------------------------------------------------------

WRITING_LINES = 4


def worksheet(questions: list[Question], target_url: str) -> str:
    """Every self-check question, numbered, with room to write; then the answers, in a key."""
    asked, answered, number = [], [], 1
    for question in questions:
        source, slug = question.source, slug_of(question.source)
        asked.append(heading(2, slug, source.title) + f'<ol class="lab-worksheet__questions" start="{number}">')
        answered.append(heading(3, f"answers-{slug}", source.title)
                        + f'<p>Full page: {full_page_link(source, target_url, "check-your-understanding")}</p>'
                        + f'<ol class="lab-worksheet__answers" start="{number}">')
        for details in question.self_check:
            summary = details.find("summary")
            lines = '<span class="lab-worksheet__line"></span>' * WRITING_LINES
            asked.append(f'<li id="question-{number}"><p class="lab-worksheet__question">'
                         f'{transplant(list(summary), source, target_url, f"{slug}-q{number}", summary.text or "", tails=True)}</p>'
                         f'<div class="lab-worksheet__space" aria-hidden="true">{lines}</div></li>')
            answered.append(f'<li id="answer-{number}">'
                            f'{transplant(list(summary.itersiblings()), source, target_url, f"{slug}-a{number}", summary.tail or "", tails=True)}</li>')
            number += 1
        asked.append("</ol>")
        answered.append("</ol>")
    return ("".join(asked)
            + '<section class="lab-worksheet__key" aria-labelledby="answer-key">'
            + heading(2, "answer-key", "Answer key") + "".join(answered) + "</section>")


# --- filling a page's placeholders ------------------------------------------------------------

def fill(page: Source, sources: dict[str, Source]) -> tuple[str, list[tuple[str, str]]]:
    """`page`'s HTML with every placeholder filled, and its sections ((id, title) of each h2).

    The contents list is filled last, from the page's own headings once the parts are in.
    """
    def part(match: re.Match) -> str:
        kind, names = slot_call(match.group(0))
        if kind == "contents":
            return match.group(0)
        try:
            return render(kind, [sources[name] for name in html.unescape(names).split()], page)
        except (PrintableError, KeyError) as error:
            cause = f"no such page: {error.args[0]}" if isinstance(error, KeyError) else error.args[0]
            raise PrintableError(f"{page.src_uri}: {describe_slot(kind, names)}: {cause}") from None

    content = SLOT.sub(part, page.content)
    sections = [(h.get("id"), heading_text(h)) for h in lxml.html.document_fromstring(content).iter("h2") if h.get("id")]
    return SLOT.sub(lambda match: contents(sections), content), sections


def render(kind: str, parts: list[Source], page: Source) -> str:
    if kind == "handout_questions":
        return "".join(handout_question(read_question(p), page.url) for p in parts)
    if kind == "worksheet":
        return worksheet([read_question(p) for p in parts], page.url)
    if kind == "video_link":
        return "".join(video_link(p) for p in parts)
    raise PrintableError(f"unknown part {kind!r}")


def contents(sections: list[tuple[str, str]]) -> str:
    """A list of the page's sections, to print where the sidebar would be."""
    items = "".join(f'<li><a href="#{anchor}">{html.escape(title)}</a></li>' for anchor, title in sections)
    return f'<nav class="lab-print-contents" aria-label="Contents"><ol>{items}</ol></nav>'
