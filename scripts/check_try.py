"""Run a page's "Try it" script on a real Docker engine and check what the page says it shows.

    python scripts/check_try.py q2-layers         # runs docs/samples/app/try/q2-layers.sh, then checks
    python scripts/check_try.py layer-counts      # the diagrams' figures against docker image inspect
    python scripts/check_try.py without-compose   # run-without-compose.sh against Compose

The scripts print "==> title" before each step; the checks read the output of the
step whose title starts with the words given. CI runs this on a fresh runner, in the
order of .github/workflows/ci.yml (q2-layers expects the worker image not to exist yet).
Each check fails with a message saying which promise of the page did not hold.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "docs" / "samples" / "app"
sys.path.insert(0, str(ROOT))

from labmacros import facts  # noqa: E402

STEP_TITLE = re.compile(r"^==> (.*)$")
# BuildKit's plain progress: "#7 [3/6] COPY requirements.txt ." opens a step (a stage
# name may precede the numbers), "#7 CACHED" or "#7 DONE 0.1s" ends it.
VERTEX = re.compile(r"^#(\d+) \[(?:[\w.-]+ )?(\d+)/(\d+)\] (.+)$")
STATUS = re.compile(r"^#(\d+) (CACHED|DONE|ERROR)\b")


class CheckFailed(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def sections(output: str) -> dict[str, list[str]]:
    """{step title: the lines printed under it}."""
    found: dict[str, list[str]] = {}
    lines: list[str] = found.setdefault("", [])
    for line in output.splitlines():
        title = STEP_TITLE.match(line)
        if title:
            lines = found.setdefault(title.group(1), [])
        else:
            lines.append(line)
    return found


def section(output: str, start: str) -> list[str]:
    matches = [lines for title, lines in sections(output).items() if title.startswith(start)]
    check(len(matches) == 1, f"expected one step titled {start!r}…, found {len(matches)}")
    lines = list(matches[0])
    while lines and not lines[-1].strip():  # the blank line each step title starts with
        lines.pop()
    return lines


def build_steps(lines: list[str]) -> list[tuple[int, str, bool]]:
    """(step number, instruction, came from the cache) for each step of one build, in order."""
    names: dict[str, tuple[int, int, str]] = {}
    status: dict[str, str] = {}
    for line in lines:
        if vertex := VERTEX.match(line):
            names[vertex.group(1)] = (int(vertex.group(2)), int(vertex.group(3)), vertex.group(4).strip())
        elif done := STATUS.match(line):
            status[done.group(1)] = done.group(2)
    check(bool(names), "no build steps in the output (was --progress=plain given?)")
    totals = {total for _, total, _ in names.values()}
    check(len(totals) == 1, f"steps of more than one build in one section: {sorted(totals)}")
    steps = sorted((number, text, status.get(vid)) for vid, (number, _, text) in names.items())
    check([n for n, _, _ in steps] == list(range(1, totals.pop() + 1)), f"steps missing from the output: {steps}")
    for number, text, state in steps:
        check(state in ("CACHED", "DONE"), f"step {number} ({text}) ended with {state or 'no status'}")
    return [(number, text, state == "CACHED") for number, text, state in steps]


def after_from(steps):
    # FROM reports DONE even when nothing was pulled, so only later steps tell about the cache.
    check(steps[0][1].startswith("FROM "), f"the first step is not FROM: {steps[0]}")
    return steps[1:]


def app_facts() -> dict:
    return facts.app_facts(APP)


def run(script: Path, *args: str) -> str:
    """Run a script from the sample folder as a reader would, echoing and keeping its output."""
    process = subprocess.Popen(["sh", str(script), *args], cwd=APP, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = []
    for line in process.stdout:
        sys.stdout.write(line)
        output.append(line)
    check(process.wait() == 0, f"{script.name} {' '.join(args)} exited with {process.returncode}")
    return "".join(output)


def docker(*args: str) -> str:
    return subprocess.run(["docker", *args], check=True, capture_output=True, text=True, cwd=APP).stdout


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


def check_q3_sample_app(output: str) -> None:
    # CI removes lab4-web and lab4-worker first: under pull_policy: never, up builds them.
    check(any("Built" in line for line in section(output, "Start the sample app")), "up did not build the missing images")
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
    networks = "\n".join(section(output, "The network Compose created"))
    check("lab4_backend" in networks and "lab4_default" not in networks, f"expected lab4_backend only: {networks}")
    check("lab4_redis-data" in section(output, "down removes"), "the volume did not survive docker compose down")
    check("lab4_redis-data" not in section(output, "down -v removes"), "the volume survived docker compose down -v")


def check_without_compose(_: str = "") -> None:
    script = APP / "run-without-compose.sh"
    containers = ["lab4-web-1", "lab4-worker-1", "lab4-redis-1"]

    def count() -> int:
        reply = subprocess.run(["curl", "-fsS", "--retry", "5", "--retry-connrefused", "http://127.0.0.1:8000/"],
                               check=True, capture_output=True, text=True).stdout
        return json.loads(reply)["visits"]

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


TRY_CHECKS = {
    "q1-image-vs-container": check_q1,
    "q2-layers": check_q2,
    "q3-writable-layer": check_q3,
    "q3-sample-app": check_q3_sample_app,
    "q4-compose": check_q4,
}
OTHER_CHECKS = {"layer-counts": check_layer_counts, "without-compose": check_without_compose}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in {**TRY_CHECKS, **OTHER_CHECKS}:
        print(f"usage: python scripts/check_try.py {{{','.join([*TRY_CHECKS, *OTHER_CHECKS])}}}", file=sys.stderr)
        return 2
    name = argv[0]
    try:
        if name in TRY_CHECKS:
            TRY_CHECKS[name](run(APP / "try" / f"{name}.sh"))
        else:
            OTHER_CHECKS[name]()
    except CheckFailed as failure:
        print(f"check_try.py {name}: FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"check_try.py {name}: every promise of the page held")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
