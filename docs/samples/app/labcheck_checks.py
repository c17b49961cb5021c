"""One check per task of labcheck_tasks.py: what the engine holds when the task is done.

A check returns None when the task is done, or Open(hint, saw): which of the task's hints
fits, and what labcheck saw, in a few words, so a student can tell what to change.
"""

import re
from collections import namedtuple

Open = namedtuple("Open", "hint saw")


def image_id(docker, name):
    found = docker.inspect("image", name)
    return found["Id"] if found else None


def layers(docker, name):
    found = docker.inspect("image", name)
    return found.get("RootFS", {}).get("Layers") or [] if found else None


def both_layers(docker, *names):
    """The layers of each image named, or an Open naming those that are missing."""
    found = [layers(docker, name) for name in names]
    missing = [name for name, found_layers in zip(names, found) if found_layers is None]
    return Open("missing", f"no image {' and '.join(missing)}") if missing else found


def shared_prefix(first, second):
    count = 0
    for a, b in zip(first, second):
        if a != b:
            break
        count += 1
    return count


def wrong_tag(docker, repository, tag):
    """An Open for a missing repository:tag, telling apart a missing image and another tag."""
    tags = docker.image_tags(repository)
    if tags:
        return Open("wrong-tag", f"{repository} is tagged {', '.join(tags)}, not {tag}")
    return Open("missing", f"no image {repository}:{tag}")


def q1_tag(docker):
    tagged = image_id(docker, "lab4-base:v1")
    if tagged is None:
        return wrong_tag(docker, "lab4-base", "v1")
    pulled = image_id(docker, "python:3.12-slim")
    if tagged != pulled:
        return Open("other-image", f"lab4-base:v1 is {tagged[:19]}, python:3.12-slim is "
                                   f"{pulled[:19] if pulled else 'not there'}")
    return None


def containers(docker, *names):
    """{name: inspect dict}, or an Open naming the first one missing."""
    found = {}
    for name in names:
        found[name] = docker.inspect("container", name)
        if found[name] is None:
            return Open("missing", f"no container named {name}")
    return found


def same_image(found):
    images = {c["Image"] for c in found.values()}
    if len(images) > 1:
        return Open("other-image", ", ".join(f"{n} from {c['Config']['Image']}" for n, c in found.items()))
    return None


def q1_lifecycle(docker):
    found = containers(docker, "lab4-one", "lab4-two")
    if isinstance(found, Open):
        return found
    state = {name: c["State"]["Status"] for name, c in found.items()}
    if state["lab4-one"] != "running":
        return Open("not-running", f"lab4-one is {state['lab4-one']}")
    if state["lab4-two"] != "exited":
        return Open("still-running", f"lab4-two is {state['lab4-two']}")
    base = image_id(docker, "lab4-base:v1")
    if base and any(c["Image"] != base for c in found.values()):
        return Open("other-image", ", ".join(f"{n} from {c['Config']['Image']}" for n, c in found.items()))
    return same_image(found)


def q2_build(docker):
    built = docker.inspect("image", "lab4-web:v1")
    if built is None:
        return wrong_tag(docker, "lab4-web", "v1")
    command = (built.get("Config") or {}).get("Cmd") or []
    if command != ["python", "web.py"]:
        return Open("wrong-dockerfile", f"lab4-web:v1 runs {' '.join(command) or 'no command'}")
    return None


def q2_rebuild(docker):
    found = both_layers(docker, "lab4-web:v1", "lab4-web:v2")
    if isinstance(found, Open):
        return found
    first, second = found
    if first == second:
        return Open("same-image", "lab4-web:v1 and lab4-web:v2 have the same layers")
    shared = shared_prefix(first, second)
    if len(first) != len(second) or shared != len(first) - 1:
        return Open("too-much-rebuilt", f"v2 shares {shared} of v1's {len(first)} layers")
    return None


def q2_shared(docker):
    found = both_layers(docker, "lab4-web:v1", "lab4-worker:v1")
    if isinstance(found, Open):
        return found
    web, worker = found
    shared = shared_prefix(web, worker)
    if shared < len(web) - 1:
        return Open("not-shared", f"lab4-worker:v1 shares {shared} of lab4-web:v1's {len(web)} layers")
    return None


def q3_own_layer(docker):
    found = containers(docker, "lab4-left", "lab4-right")
    if isinstance(found, Open):
        return found
    other = same_image(found)
    if other:
        return other
    left, right = (set(docker.diff(name) or []) for name in ("lab4-left", "lab4-right"))
    if ("A", "/hello.txt") in right:
        return Open("in-both", "lab4-right's changes list A /hello.txt")
    if ("A", "/hello.txt") not in left:
        listed = sorted(path for kind, path in left if path.endswith("hello.txt"))
        return Open("no-file", f"lab4-left's changes list {', '.join(listed) if listed else 'no hello.txt'}")
    return None


def q3_volume(docker):
    if not docker.volume_exists("lab4-notes"):
        return Open("no-volume", "no volume named lab4-notes")
    if docker.inspect("container", "lab4-writer") is not None:
        return Open("writer-left", "a container named lab4-writer")
    reader = docker.inspect("container", "lab4-reader")
    if reader is None:
        return Open("no-reader", "no container named lab4-reader")
    mounts = {(m.get("Type"), m.get("Name"), m.get("Destination")) for m in reader.get("Mounts") or []}
    if ("volume", "lab4-notes", "/data") not in mounts:
        seen = ", ".join(f"{m.get('Name') or m.get('Source')} at {m.get('Destination')}"
                         for m in reader.get("Mounts") or []) or "nothing"
        return Open("not-mounted", f"lab4-reader mounts {seen}")
    size = docker.volume_size("lab4-notes")
    if size is None or re.fullmatch(r"0(\.0+)?\s*B", size):
        return Open("not-in-volume", f"the volume lab4-notes holds {size or 'nothing'}")
    return None


def stack(docker):
    """The Compose project that runs the sample app (the services web, worker and redis), found by
    its labels, so a student's own project name works too; 'lab4' first, then the busiest."""
    wanted = {"web", "worker", "redis"}
    projects = [p for p, services in docker.compose_projects().items() if wanted <= services]
    listed = {p: docker.compose_ps(p) for p in projects}
    running = {p: sum(c.get("State") == "running" for c in found) for p, found in listed.items()}
    if not any(running.values()):
        return Open("down", "no running project with web, worker and redis"
                    + (f" (stopped: {', '.join(sorted(projects))})" if projects else ""))
    best = max(running, key=lambda p: (p == "lab4", running[p]))
    return best, listed[best]


def by_service(found):
    services = {}
    for c in found:
        services.setdefault(c.get("Service"), []).append(c)
    return services


def q4_up(docker):
    found = stack(docker)
    if isinstance(found, Open):
        return found
    project, listed = found
    services = by_service(listed)
    for name in ("web", "worker", "redis"):
        if not any(c.get("State") == "running" for c in services.get(name, [])):
            states = ", ".join(c.get("State", "?") for c in services.get(name, [])) or "no container"
            return Open("not-running", f"{project}'s {name}: {states}")
    for name in ("web", "redis"):
        health = [c.get("Health") or "no health check" for c in services[name] if c.get("State") == "running"]
        if "healthy" not in health:
            return Open("not-healthy", f"{project}'s {name}: {', '.join(health)}")
    return None


def q4_scale(docker):
    found = stack(docker)
    if isinstance(found, Open):
        return found
    project, listed = found
    running = {name: sum(c.get("State") == "running" for c in found)
               for name, found in by_service(listed).items()}
    if running.get("worker", 0) != 2:
        return Open("not-scaled", f"{project} runs {running.get('worker', 0)} worker container(s)")
    if running.get("web", 0) != 1 or running.get("redis", 0) != 1:
        return Open("too-many", f"{project} runs {running.get('web', 0)} web and {running.get('redis', 0)} redis")
    return None


CHECKS = {
    "q1-tag": q1_tag,
    "q1-lifecycle": q1_lifecycle,
    "q2-build": q2_build,
    "q2-rebuild": q2_rebuild,
    "q2-shared": q2_shared,
    "q3-own-layer": q3_own_layer,
    "q3-volume": q3_volume,
    "q4-up": q4_up,
    "q4-scale": q4_scale,
}
