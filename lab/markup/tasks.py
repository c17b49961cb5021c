"""The hands-on tasks as Markdown: a question page's "Do it yourself" list and the worksheet's.

The text is the task table's own (lab.samples.tasks); links to the sections are relative
Markdown links, so the strict build checks every anchor a task names.
"""

from __future__ import annotations

from lab.samples.files import Page


def task_list(page: Page, page_md: str, tasks: list[dict]) -> str:
    """An ordered list: each task's title and labcheck id, what to do, what done looks like, where it is explained."""
    items = []
    for task in tasks:
        anchor, title = task["section"]
        link = f"#{anchor}" if page.src_uri == page_md else f"{page.link_to(page_md)}#{anchor}"
        items.append(
            f"1. **{task['title']}** (`{task['id']}`)\n\n"
            f"    {task['do']}\n\n"
            f"    **Done when:** {task['done']}\n\n"
            f"    **Explained in:** [{title}]({link})\n")
    return "\n".join(items)


def labcheck_line(question: str) -> str:
    return (f"When you are done, run `./labcheck {question}` in the sample app's folder: it looks at "
            "your Docker without changing anything, says which tasks are done, and for each one "
            "not yet done what it saw, a hint and the section to read.")


def page_title(page: Page, page_md: str) -> str:
    """A question page's title, its first level-1 heading (e.g. "Q2 · How does …?")."""
    for line in (page.docs_dir / page_md).read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return page_md


def task_table(page: Page, rows: list[tuple[str, dict]]) -> str:
    """A compact table for print: each task's title and id, what done looks like, and its section."""
    lines = ["| Task | Done when | Explained in |", "|---|---|---|"]
    for page_md, task in rows:
        anchor, title = task["section"]
        lines.append(f"| {task['title']} (`{task['id']}`) | {task['done']} | "
                     f"[{title}]({page.link_to(page_md)}#{anchor}) |")
    return "\n".join(lines)
