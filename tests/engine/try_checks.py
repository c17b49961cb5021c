"""Run a page's "Try it" script on a real Docker engine and check what the page says it shows.

    python -m tests.engine.try_checks q2-layers        # runs docs/samples/app/try/q2-layers.sh, then checks
    python -m tests.engine.try_checks layer-counts     # the diagrams' figures against docker image inspect
    python -m tests.engine.try_checks sample-app       # the app in containers: healthy, counting, stopping fast
    python -m tests.engine.try_checks without-compose  # run-without-compose.sh against Compose

(from the project folder). The scripts print "==> title" before each step; the checks read
the output of the step whose title starts with the words given, and ask the engine for the
state the page describes (docker image inspect, docker ps, what a container returns) rather
than for wording one Compose version prints. Checks run in the order of CHECKS (q2-layers
expects the worker image not to exist yet); `make test` runs them on a private engine
(tests/test_engine_try.py), the GitHub `samples` job on Docker Hub's images. A check that
fails says which promise of the page did not hold, and leaves no lab4 container, network or
volume behind, so the next run starts clean. The q2 check empties the engine's build cache
first (`docker builder prune --all`): run these on a CI or test engine, not your own.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

from .try_run import (APP, CheckFailed, after_from, app_facts, build_steps, check, clean_up, docker, get, run,
                      section)

# --- the checks, one per script -----------------------------------------------------

def check_q1(output: str) -> None:
    check("note.txt" not in section(output, "Two containers"), "lab4-c2 lists lab4-c1's note.txt")
    kernels = [line for line in section(output, "One kernel") if line.strip()]
    check(len(kernels) == 2 and kernels[0] == kernels[1], f"the kernel versions differ: {kernels}")
    check(section(output, "stop keeps")[-1] == "only in c1", "note.txt did not survive stop and start")
    # docker rm prints the two names it removed; docker ps -a then prints nothing.
    check(section(output, "rm deletes") == ["lab4-c1", "lab4-c2"], "a lab4-c container is left after rm")


def check_q2(output: str) -> None:
    model = app_facts()
    layers, shared = model["layers"], model["shared"]
    second = after_from(build_steps(section(output, "Build it again")))
    check(len(second) == layers["web"], f"web's build has {len(second)} steps after FROM, the model {layers['web']} layers")
    check(all(cached for _, _, cached in second), f"not every step was CACHED on the second build: {second}")

    edited = after_from(build_steps(section(output, "Edit web.py")))
    first_run = next(i for i, (_, text, _) in enumerate(edited) if text == "COPY store.py web.py ./")
    check(all(cached for _, _, cached in edited[:first_run]), f"a step before COPY store.py web.py ./ ran: {edited}")
    check(not any(cached for _, _, cached in edited[first_run:]), f"a step from COPY store.py web.py ./ on was CACHED: {edited}")

    pinned = re.search(r"^redis==(\S+)$", (APP / "requirements.txt").read_text(), re.M).group(1)
    answer = section(output, "A multi-stage image")[-1]
    check(answer == f"{pinned} False", f"the multi-stage image printed {answer!r}, not redis {pinned} and no /src (False)")

    worker = after_from(build_steps(section(output, "Build the worker")))
    check(len(worker) == layers["worker"], f"worker's build has {len(worker)} steps, the model {layers['worker']} layers")
    check([cached for _, _, cached in worker] == [True] * shared + [False] * (len(worker) - shared),
          f"expected the first {shared} steps CACHED (shared with web) and the rest run: {worker}")


def check_layer_counts(_: str = "") -> None:
    model = app_facts()
    base = json.loads(docker("image", "inspect", "--format", "{{json .RootFS.Layers}}", model["base"]))
    images = {name: json.loads(docker("image", "inspect", "--format", "{{json .RootFS.Layers}}", f"lab4-{name}"))
              for name in ("web", "worker")}
    for name, layers in images.items():
        check(layers[:len(base)] == base, f"lab4-{name} does not start with {model['base']}'s layers")
        own = len(layers) - len(base)
        print(f"lab4-{name}: {own} layers over the base (model: {model['layers'][name]})")
        check(own == model["layers"][name], f"lab4-{name} has {own} layers of its own; the diagrams say {model['layers'][name]}")
    common = 0
    for a, b in zip(images["web"], images["worker"]):
        if a != b:
            break
        common += 1
    print(f"shared: {common} layers = {len(base)} base + {common - len(base)} (model: {model['shared']})")
    check(common == len(base) + model["shared"], f"web and worker share {common - len(base)} layers over the base; "
                                                 f"the diagrams say {model['shared']}")


def check_q3(output: str) -> None:
    diff = section(output, "What lab4-a changed")
    for line in ("A /tmp/new.txt", "C /etc/issue", "D /etc/debian_version"):
        check(line in diff, f"docker diff lab4-a lacks {line!r}: {diff}")
    check(all(re.match(r"^[ACD] /", line) for line in diff if line), f"unexpected docker diff lines: {diff}")
    untouched = section(output, "lab4-b changed nothing")
    check(len(untouched) == 1 and re.fullmatch(r"[\w./-]+", untouched[0]) and not re.match(r"^[ACD] /", untouched[0]),
          f"expected an empty diff for lab4-b, then its /etc/debian_version: {untouched}")
    check(section(output, "stop and start")[-1] == "hello", "new.txt did not survive stop and start")
    check(section(output, "rm deletes") == ["lab4-a", "lab4-b"], "a container is left after rm")
    check("kept" in section(output, "A volume outlives"), "the second container did not read the file from the volume")


def visits(lines: list[str]) -> int:
    bodies = [json.loads(line) for line in lines if line.startswith("{")]
    check(len(bodies) == 1, f"expected one reply from web: {lines}")
    return bodies[0]["visits"]


APP_IMAGES = ("lab4-web", "lab4-worker")  # the names Compose gives the images it builds


def image_exists(name: str) -> bool:
    return subprocess.run(["docker", "image", "inspect", name], capture_output=True).returncode == 0


def without_app_images() -> None:
    """The page says `up` builds missing images: remove them, so the first `up` has to."""
    present = [name for name in APP_IMAGES if image_exists(name)]
    if present:
        docker("image", "rm", *present)


def fresh_builds() -> None:
    """q2's page shows a first build and the worker reusing web's steps: no app image, no build cache."""
    without_app_images()
    docker("builder", "prune", "--all", "--force")


def images_built() -> None:
    for name in APP_IMAGES:
        check(image_exists(name), f"up did not build the missing image {name}")


def check_q3_sample_app(output: str) -> None:
    before = visits(section(output, "Record a visit"))
    check("A /tmp/scratch.txt" in section(output, "web writes a file"), "docker diff lab4-web-1 lacks A /tmp/scratch.txt")
    check(not any("scratch.txt" in line for line in section(output, "The worker's writable layer")), "scratch.txt in the worker")
    check("lab4_redis-data" in section(output, "Redis writes"), "no volume lab4_redis-data while the app runs")
    check("lab4_redis-data" in section(output, "down removes"), "the volume did not survive docker compose down")
    check(not any("scratch.txt" in line for line in section(output, "New containers")), "scratch.txt survived down and up")
    after = visits(section(output, "The visit count survived"))
    check(after == before + 1, f"visits went from {before} to {after}: the count did not survive in the volume")
    check("lab4_redis-data" not in section(output, "down -v removes"), "the volume survived docker compose down -v")


def check_q4(output: str) -> None:
    check("REDIS_HOST=redis" in section(output, "A command inside"), "web's environment lacks REDIS_HOST=redis")
    reach = section(output, "web reaches Redis")
    check(len(reach) >= 2 and re.fullmatch(r"\d+\.\d+\.\d+\.\d+", reach[-2]) and reach[-1] == "True",
          f"web did not reach redis by name: {reach}")
    replicas = section(output, "Two workers")
    check(replicas[-1:] == ["2"], f"the name worker did not resolve to two containers after --scale worker=2: {replicas}")
    labelled = section(output, "Compose's labels")
    expected = ["redis lab4-redis-1 1", "web lab4-web-1 1", "worker lab4-worker-1 1", "worker lab4-worker-2 2"]
    check(labelled == expected, f"the containers' Compose labels are not project, service and number: {labelled}")
    networks = "\n".join(section(output, "The network Compose created"))
    check("lab4_backend" in networks and "lab4_default" not in networks, f"expected lab4_backend only: {networks}")
    check("lab4_redis-data" in section(output, "down removes"), "the volume did not survive docker compose down")
    check("lab4_redis-data" not in section(output, "down -v removes"), "the volume survived docker compose down -v")


def check_without_compose(_: str = "") -> None:
    script = APP / "run-without-compose.sh"
    containers = ["lab4-web-1", "lab4-worker-1", "lab4-redis-1"]

    def count() -> int:
        return get("/")[1]["visits"]

    def volume_left() -> bool:
        return docker("volume", "ls", "-q", "--filter", "name=lab4_redis-data").split() == ["lab4_redis-data"]

    run(script)
    run(script)  # a second run in a row works too, and replaces the containers
    first = count()
    run(script, "down")
    check(volume_left(), "run-without-compose.sh down removed the volume; docker compose down keeps it")
    check(not docker("ps", "-aq", "--filter", "name=lab4-"), "containers are left after run-without-compose.sh down")
    check(not docker("network", "ls", "-q", "--filter", "name=lab4_backend"), "the network is left after down")
    run(script)
    check(count() == first + 1, "the visit count did not survive run-without-compose.sh down")

    # Compose takes over the network and the volume the script made, with no warning.
    docker("rm", "-f", *containers)
    up = subprocess.run(["docker", "compose", "up", "-d", "--wait"], cwd=APP, capture_output=True, text=True)
    print(up.stdout + up.stderr)
    check(up.returncode == 0, "docker compose up failed on the network and volume the script made")
    check("not created by" not in up.stderr and "incorrect label" not in up.stderr,
          "Compose did not take the script's network and volume as its own")
    check(count() == first + 2, "Compose did not see the visits counted under run-without-compose.sh")
    subprocess.run(["docker", "compose", "down"], cwd=APP, check=True)

    run(script)
    check(count() == first + 3, "run-without-compose.sh did not see the visits counted under Compose")
    run(script, "down", "-v")
    check(not volume_left(), "run-without-compose.sh down -v left the volume")


def check_sample_app(_: str = "") -> None:
    """The app in containers does what its page and its code say: healthy, counting, stopping at once."""
    up = subprocess.run(["docker", "compose", "up", "-d", "--wait"], cwd=APP, capture_output=True, text=True)
    check(up.returncode == 0, f"docker compose up --wait failed: {up.stderr[-2000:]}")
    for service in ("web", "redis"):
        health = docker("inspect", "--format", "{{.State.Health.Status}}", f"lab4-{service}-1").strip()
        check(health == "healthy", f"lab4-{service}-1 is {health}, not healthy")
    status, first = get("/")
    check(status == 200 and first["visits"] == 1, f"the first visit was not counted as 1: {status} {first}")
    status, _ = get("/favicon.ico")
    check(status == 404, f"/favicon.ico answered {status}, not 404")
    status, second = get("/about")
    check(second["visits"] == 2, f"/favicon.ico was counted as a visit: {second}")
    for _ in range(50):  # the worker takes the queued jobs
        if get_stats()["pending"] == 0:
            break
        time.sleep(0.2)
    check(get_stats()["processed"] >= 2, f"the worker did not process the queued visits: {get_stats()}")
    # Given 2 s before SIGKILL, a service without a working SIGTERM handler exits 137 (killed):
    # the exit code, not a stopwatch on a busy machine, tells whether it stopped by itself.
    for service in ("web", "worker"):
        started = time.monotonic()
        docker("stop", "-t", "2", f"lab4-{service}-1")
        code = docker("inspect", "--format", "{{.State.ExitCode}}", f"lab4-{service}-1").strip()
        print(f"docker stop -t 2 lab4-{service}-1: {time.monotonic() - started:.1f} s, exit code {code}")
        check(code == "0", f"lab4-{service}-1 exited with {code} on docker stop -t 2, not 0: "
                           "it did not stop by itself on SIGTERM within 2 s")
    docker("compose", "down", "-v")


def get_stats() -> dict:
    """The counts without recording a visit: Redis asked directly, inside its container."""
    values = docker("compose", "exec", "-T", "redis", "redis-cli", "--raw", "MGET", "lab4:visits", "lab4:processed").split()
    pending = docker("compose", "exec", "-T", "redis", "redis-cli", "--raw", "LLEN", "lab4:jobs").strip()
    return {"visits": int(values[0] or 0), "processed": int(values[1] or 0) if len(values) > 1 else 0, "pending": int(pending)}


# Every check, in the order CI runs them: each script's own, then the figures and the app.
CHECKS = {
    "q1-image-vs-container": check_q1,
    "q2-layers": check_q2,
    "layer-counts": check_layer_counts,
    "q3-sample-app": check_q3_sample_app,
    "q3-writable-layer": check_q3,
    "q4-compose": check_q4,
    "sample-app": check_sample_app,
    "without-compose": check_without_compose,
}
SCRIPTS = {name for name in CHECKS if (APP / "try" / f"{name}.sh").exists()}  # checks of a Try-it script
# What the engine must hold before a script runs, and what it must hold after.
PREPARE = {"q2-layers": fresh_builds, "q3-sample-app": without_app_images}
AFTER = {"q3-sample-app": images_built}


def run_check(name: str) -> str:
    """Run one check; raise CheckFailed (or CalledProcessError) when a promise does not hold.

    Returns what the check's script printed ("" for a check without one). Whatever
    happens, no lab4 container, network or volume is left behind.
    """
    try:
        PREPARE.get(name, lambda: None)()
        output = run(APP / "try" / f"{name}.sh") if name in SCRIPTS else ""
        CHECKS[name](output)
        AFTER.get(name, lambda: None)()
        return output
    finally:
        clean_up()


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in CHECKS:
        print(f"usage: python -m tests.engine.try_checks {{{','.join(CHECKS)}}}", file=sys.stderr)
        return 2
    name = argv[0]
    try:
        run_check(name)
    except (CheckFailed, subprocess.CalledProcessError) as failure:
        print(f"try_checks {name}: FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"try_checks {name}: every promise of the page held")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
