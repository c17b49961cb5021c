"""The hands-on tasks, read from the sample app's own table (docs/samples/app/labcheck_tasks.py).

labcheck imports that file in the student's folder; the site reads the same file here, so
a page shows exactly the tasks labcheck checks. It is loaded by path, not imported as a
package: it is a sample file, shipped in the zip, not part of `lab`.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from lab.errors import SampleError

TABLE = "samples/app/labcheck_tasks.py"  # under docs/
FIELDS = {"id", "question", "section", "title", "do", "done", "hints"}


@functools.cache
def _load(path: Path, stamp: int) -> tuple[dict[str, str], tuple[dict, ...]]:
    spec = importlib.util.spec_from_file_location("labcheck_tasks_for_site", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for task in module.TASKS:
        missing = FIELDS - set(task)
        if missing:
            raise SampleError(f"docs/{TABLE}: task {task.get('id', '?')!r} has no {', '.join(sorted(missing))}")
        if task["question"] not in module.PAGES:
            raise SampleError(f"docs/{TABLE}: task {task['id']!r} names no question of PAGES: {task['question']!r}")
    return dict(module.PAGES), tuple(module.TASKS)


def table(docs_dir: Path) -> tuple[dict[str, str], tuple[dict, ...]]:
    """(PAGES, TASKS): each question's page path and every task, in order."""
    path = docs_dir / TABLE
    if not path.is_file():
        raise SampleError(f"no task table at docs/{TABLE}")
    return _load(path, path.stat().st_mtime_ns)


def of_question(docs_dir: Path, question: str) -> tuple[str, list[dict]]:
    """The page (its Markdown file) and the tasks of one question; an error for an unknown one."""
    pages, tasks = table(docs_dir)
    if question not in pages:
        raise SampleError(f"no question {question!r} in the task table (there are {', '.join(pages)})")
    return f"{pages[question]}.md", [t for t in tasks if t["question"] == question]
