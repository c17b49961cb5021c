"""labcheck: checks the lab's hands-on tasks on the student's own Docker, without changing it.

    labcheck            every task
    labcheck q3         one question's tasks (q1 to q4)
    labcheck q2-build   one task, by its id
    labcheck --list     the tasks, without asking Docker

Exit codes: 0 every task checked is done; 1 a task is still open; 2 bad usage;
3 no docker command; 4 Docker not running; 5 Docker not reachable; 6 Docker too old.
Python's standard library only, so it runs wherever python3 does (or in python:3.12-slim).
"""

import datetime
import os
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ in the student's folder

import labcheck_checks  # noqa: E402  (after the line above)
import labcheck_engine  # noqa: E402
import labcheck_tasks  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SITE_FILE = os.path.join(HERE, "labcheck-site.txt")  # the site's address, written into the zip at build time
DONE, OPEN, USAGE = 0, 1, 2
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")

USAGE_TEXT = ("usage: labcheck [q1|q2|q3|q4|TASK-ID ...] [--list]\n"
              "  checks the lab's hands-on tasks on your Docker; with no argument, all of them")


def site_address():
    """The published site's address, or '' when the kit was built for a local preview."""
    try:
        with open(SITE_FILE, encoding="utf-8") as file:
            address = file.read().strip()
    except OSError:
        return ""
    host = address.split("//", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    return "" if host in LOOPBACK else address.rstrip("/")


def section_link(task, site=None):
    site = site_address() if site is None else site
    return f"{site}/{labcheck_tasks.PAGES[task['question']]}/#{task['section'][0]}"


def select(arguments):
    """The tasks the arguments name, in the table's order; a UsageError for anything else."""
    if not arguments:
        return list(labcheck_tasks.TASKS)
    ids = {task["id"] for task in labcheck_tasks.TASKS}
    for argument in arguments:
        if argument not in labcheck_tasks.PAGES and argument not in ids:
            raise UsageError(f"labcheck: no question or task {argument!r} (questions: "
                             f"{', '.join(labcheck_tasks.PAGES)}; tasks: labcheck --list)")
    return [t for t in labcheck_tasks.TASKS if t["question"] in arguments or t["id"] in arguments]


class UsageError(Exception):
    pass


def listing(tasks):
    return "\n".join(f"{t['id']:<14} {t['title']}  ({section_link(t)})" for t in tasks)


def report(task, result, site):
    """The lines printed for one task: done, or not yet with what was seen, a hint and a link."""
    if result is None:
        return [f"[done]     {task['id']:<14} {task['title']}"]
    return [f"[not yet]  {task['id']:<14} {task['title']}",
            f"           saw:  {result.saw}",
            f"           hint: {task['hints'][result.hint]}",
            f"           read: {section_link(task, site)}"]


def summary(done, total, engine, compose, today):
    docker = f"Docker Engine {engine}" + (f", Compose {compose}" if compose else "")
    return f"labcheck: {done} of {total} tasks done · {docker} · {today.isoformat()}"


def main(arguments, out=sys.stdout, err=sys.stderr, today=None):
    if "-h" in arguments or "--help" in arguments:
        print(USAGE_TEXT, file=out)
        return DONE
    words = [a for a in arguments if a != "--list"]
    try:
        if any(a.startswith("-") for a in words):
            raise UsageError(f"labcheck: unknown option {next(a for a in words if a.startswith('-'))}")
        tasks = select(words)
    except UsageError as error:
        print(f"{error}\n{USAGE_TEXT}", file=err)
        return USAGE
    if "--list" in arguments:
        print(listing(tasks), file=out)
        return DONE
    docker = labcheck_engine.Docker(cwd=HERE)
    try:
        engine = docker.engine_version()
        compose = docker.compose_version() if any(t["question"] == "q4" for t in tasks) else None
        site = site_address()
        done = 0
        for task in tasks:
            result = labcheck_checks.CHECKS[task["id"]](docker)
            done += result is None
            print("\n".join(report(task, result, site)), file=out)
    except labcheck_engine.DockerProblem as problem:
        print(str(problem), file=err)
        return problem.code
    print(summary(done, len(tasks), engine, compose, today or datetime.date.today()), file=out)
    return DONE if done == len(tasks) else OPEN


if __name__ == "__main__":
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="replace")  # a Windows code page without "·" must not stop the report
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # `labcheck | head`: the reader has seen enough
        sys.exit(0)
