"""Q2's build cache against a real engine (the private one of tests/engine), in BuildKit's words.

The explorer: for every change it offers (three kinds of new base image among them), a real
`docker build --progress=plain` in a scratch copy of the samples, as written and badly ordered,
web and worker; its numbered steps and their CACHED / DONE compared with cache_model. Then the
facts Q2's prose states: what keys a COPY, where sharing between two Dockerfiles ends, RUN's
layer, `--no-cache` and what a push uploads.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.request
import uuid

import pytest

from helpers import ROOT
from lab.model import build_cache, build_context, image as image_model
from lab.samples import progress
from tests.engine import try_run
from tests.engine.builds import build, sh

APP = ROOT / "docs" / "samples" / "app"
IMAGES = [(image_model.image(name, (APP / f"{name}.Dockerfile").read_text(encoding="utf-8")),
           build_context.context_files(APP, f"{name}.Dockerfile")) for name in ("web", "worker")]
MODEL = build_cache.cache_model(IMAGES)
CASES = [(image, files, order, change) for image, files in IMAGES for order in MODEL["images"][image.name]
         for change in MODEL["changes"]]
# How each kind of new base image is made from the stand-in: a layer more, a label, an ENV.
NEW_BASE = {build_cache.BASE_LAYERS: "RUN echo {token} > /new-base", build_cache.BASE_CONFIG: "LABEL lab4.token={token}",
            build_cache.BASE_ENV: "ENV LAB4_TOKEN={token}"}
KEEP = "lab4-stand-in-kept"


def numbered(output: str) -> list[tuple[int, int, str, str]]:
    """(number, total, instruction's keyword, CACHED or DONE) per numbered step of one build."""
    try_run.build_steps(output.splitlines())  # checks: one build, no number missing, each step CACHED or DONE
    return [(s.number, s.total, s.text.split()[0], s.status) for s in progress.build_steps(output.splitlines())]


def layers(env, image) -> list[str]:
    return json.loads(sh(env, "docker", "image", "inspect", "--format", "{{json .RootFS.Layers}}", image).stdout)


def base_layers(env) -> int:
    """How many layers the stand-in base has (a build does not put the base in the image store: pull it)."""
    sh(env, "docker", "pull", "-q", "python:3.12-slim")
    return len(layers(env, "python:3.12-slim"))


@pytest.fixture
def app(tmp_path):
    folder = tmp_path / "app"
    shutil.copytree(APP, folder)
    return folder


@pytest.mark.parametrize("image, files, order, change", CASES, ids=[f"{i.name}-{o}-{c or 'nothing'}" for i, _, o, c in CASES])
def test_the_cache_explorer_says_what_docker_build_prints(engine, app, image, files, order, change):
    env = engine.client_env()
    built = image if order == "written" else build_cache.badly_ordered(image, files)
    (app / "explored.Dockerfile").write_text(build_cache.dockerfile_text(built), encoding="utf-8")
    tag = f"lab4-explored-{image.name}"
    # Each change is new to the build cache (keyed by content): a token no earlier case used.
    token = uuid.uuid4().hex
    sh(env, "docker", "pull", "-q", image.base)
    sh(env, "docker", "tag", image.base, KEEP)  # the stand-in kept under a second tag while the base changes
    try:
        build(env, app, "explored.Dockerfile", tag)  # the last build, which the change is measured against
        if change in NEW_BASE:
            # also under a tag of its own, kept while the engine runs: on the containerd store an
            # untagged image's snapshots go, and a later build whose cache used them failed
            sh(env, "docker", "build", "-q", "-t", image.base, "-t", f"lab4-new-base-{token}", "-",
               input=f"FROM {image.base}\n{NEW_BASE[change].format(token=token)}\n")
        elif change:
            with (app / change).open("a", encoding="utf-8") as edited:
                edited.write(f"\n# changed: {token}\n")
        engine_says = numbered(build(env, app, "explored.Dockerfile", tag))
    finally:
        sh(env, "docker", "image", "rm", tag, check=False)
        if change in NEW_BASE:  # the stand-in back under its tag (not removed and pulled: on the
            # containerd store later builds failed with "parent snapshot … does not exist")
            sh(env, "docker", "tag", KEEP, image.base)
        sh(env, "docker", "image", "rm", KEEP, check=False)
    view = MODEL["images"][image.name][order]
    labels, states = [text for text, _ in view["steps"]], view["cases"][change]["cache"]
    model_says = [(int(n), int(total), text.split()[0], state) for (n, total, text), state
                  in zip((re.match(r"\[(\d+)/(\d+)\] (.*)", label).groups() for label in labels), states)]
    where = f"{image.name} {order}, {change or 'nothing'} changed"
    # FROM: BuildKit prints DONE or CACHED for it (both seen); the explorer says "resolved"
    assert engine_says[0][:3] == model_says[0][:3] == (1, len(labels), "FROM") and model_says[0][3] == build_cache.RESOLVED
    assert engine_says[0][3] in (build_cache.CACHED, build_cache.DONE)
    assert engine_says[1:] == model_says[1:], f"{where}: docker build printed {engine_says}, the explorer says {model_says}"


# --- what keys a COPY ------------------------------------------------------------------------

def rebuild(env, folder, edit, dockerfile="web.Dockerfile", *flags) -> list[str]:
    """CACHED or DONE per numbered step after FROM when `dockerfile` is built again after `edit(folder)`."""
    build(env, folder, dockerfile, "lab4-keyed")
    edit(folder)
    steps = numbered(build(env, folder, dockerfile, "lab4-keyed", *flags))
    sh(env, "docker", "image", "rm", "lab4-keyed", check=False)
    return [status for *_, status in steps[1:]]


def test_the_owner_of_a_context_file_keys_no_copy(engine, app):
    """chown store.py: the client sends context files as uid/gid 0, so COPY stays CACHED (COPY_KEY says so)."""
    assert rebuild(engine.client_env(), app, lambda f: shutil.chown(f / "store.py", 4242, 4242)) == ["CACHED"] * 5
    assert "not by their owner" in build_cache.COPY_KEY and "mode bits" in build_cache.COPY_KEY


def test_the_owner_keys_a_copy_from_a_stage(engine, app):
    """COPY --from=<stage>: a file whose owner changed busts the copy; the same file rebuilt with the same owner does not."""
    env = engine.client_env()
    (app / "from.Dockerfile").write_text(
        "FROM python:3.12-slim AS made\nARG OWNER=1\nARG NOISE=a\n"
        "RUN echo made > /f && touch -d @0 /f && chown $OWNER:$OWNER /f && echo $NOISE\n"
        "FROM python:3.12-slim\nCOPY --from=made /f /f\n")
    run = lambda *args: [s.status for s in progress.build_steps(build(env, app, "from.Dockerfile", "lab4-from", *args).splitlines())
                         if s.text.startswith("COPY --from")]
    run()
    assert run("--build-arg", "NOISE=b") == ["CACHED"]  # the stage ran again; its file is the same, owner included
    assert run("--build-arg", "NOISE=b", "--build-arg", "OWNER=2") == ["DONE"]
    assert "only `COPY --from=<stage>` counts the owner" in build_cache.COPY_KEY


# --- where sharing ends ------------------------------------------------------------------------

PAIRS = {  # two Dockerfiles that differ before their layer steps: how many layers the second takes from the first's cache
    "label and expose": ("LABEL a=1\nEXPOSE 80\n", "LABEL a=2\nEXPOSE 81\n", "WORKDIR /x\nCOPY f .\nRUN cat f\n"),
    "env": ("ENV A=1\n", "ENV A=2\n", "WORKDIR /x\nCOPY f .\nRUN cat f\nCOPY f g\n"),
    "user": ("USER 1000\n", "USER 1001\n", "COPY f .\nRUN cat f\nWORKDIR /x\n"),
}


@pytest.mark.parametrize("pair", PAIRS)
def test_sharing_ends_at_the_first_layer_step_whose_key_differs(engine, tmp_path, pair):
    env = engine.client_env()
    first, second, rest = PAIRS[pair]
    (tmp_path / "f").write_text("hi\n")
    texts = [f"FROM python:3.12-slim\n{head}{rest}" for head in (first, second)]
    for n, text in enumerate(texts):
        (tmp_path / f"{n}.Dockerfile").write_text(text)
    build(env, tmp_path, "0.Dockerfile", "lab4-pair-0")
    second_build = numbered(build(env, tmp_path, "1.Dockerfile", "lab4-pair-1"))
    images = [image_model.image(f"p{n}", text) for n, text in enumerate(texts)]
    shared = image_model.shared_prefix(*images)
    statuses = [status for *_, status in second_build[1:]]
    assert statuses == ["CACHED"] * shared + ["DONE"] * (len(statuses) - shared), f"{pair}: the model shares {shared}"
    a, b = layers(env, "lab4-pair-0"), layers(env, "lab4-pair-1")
    base = base_layers(env)
    assert a[:base + shared] == b[:base + shared]  # the cached layers: the very same diff IDs
    if pair == "label and expose":
        assert a == b and shared == len(images[0].layers)
    sh(env, "docker", "image", "rm", "lab4-pair-0", "lab4-pair-1", check=False)


def test_a_run_that_changes_nothing_still_adds_a_layer(engine, tmp_path):
    env = engine.client_env()
    (tmp_path / "f").write_text("hi\n")
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\nCOPY f .\nRUN cat f\n")
    build(env, tmp_path, "Dockerfile", "lab4-cat")
    image = image_model.image("cat", (tmp_path / "Dockerfile").read_text())
    base = base_layers(env)
    assert len(layers(env, "lab4-cat")) == base + 2 == base + len(image.layers)
    sh(env, "docker", "image", "rm", "lab4-cat", check=False)


# --- --no-cache and push --------------------------------------------------------------------------

def test_after_web_no_cache_the_worker_takes_the_older_cache_and_shares_one_own_layer(engine, app):
    env = engine.client_env()
    build(env, app, "web.Dockerfile", "lab4-web")
    build(env, app, "worker.Dockerfile", "lab4-worker")
    base = base_layers(env)
    own = lambda: sum(x == y for x, y in zip(layers(env, "lab4-web")[base:], layers(env, "lab4-worker")[base:]))
    assert own() == image_model.shared_prefix(IMAGES[0][0], IMAGES[1][0]) == 4
    web = numbered(build(env, app, "web.Dockerfile", "lab4-web", "--no-cache"))
    assert [s for *_, s in web[2:]] == ["DONE"] * 4  # every RUN and COPY runs again (WORKDIR may say CACHED)
    worker = numbered(build(env, app, "worker.Dockerfile", "lab4-worker"))
    assert [s for *_, s in worker[1:]] == ["CACHED"] * 5  # the older results, still in the cache
    assert own() == 1  # WORKDIR /app only
    registry = mirror(env)
    # Repositories of their own: the registry's data outlives a run and the other store's. An older
    # tag of the same name, pushed by the classic store, sends the containerd store's first request
    # (HEAD of the tag, accepting an index) down the registry's schema 1 rewrite instead of a plain
    # 404; a failed rewrite is the one way such a HEAD gets a 400, which CI met once (2026-12-04).
    space = f"lab4-{uuid.uuid4().hex[:8]}"
    pushed = {}
    for name in ("web", "worker"):
        sh(env, "docker", "tag", f"lab4-{name}", f"{registry}/{space}/{name}:1")
        pushed[name] = push(engine, env, f"{registry}/{space}/{name}:1")
    # web first: the worker's four older layers are not in the registry yet, so they are uploaded
    assert layer_lines(pushed["worker"], registry, f"{space}/worker", "Pushed", env) == 4
    again = push(engine, env, f"{registry}/{space}/web:1")
    assert layer_lines(again, registry, f"{space}/web", "Layer already exists", env) == base + 5  # the same repository: every layer
    sh(env, "docker", "tag", "lab4-web", f"{registry}/{space}/copy:1")
    elsewhere = push(engine, env, f"{registry}/{space}/copy:1")
    # another repository: no layer is sent again; most are mounted from a repository that has them
    # (this registry answered one "Layer already exists" there on the containerd store, and on the classic one)
    assert layer_lines(elsewhere, registry, f"{space}/copy", "Pushed", env) == 0
    assert layer_lines(elsewhere, registry, f"{space}/copy", f"Mounted from {space}/", env) >= base + 4
    sh(env, "docker", "image", "rm", "lab4-web", "lab4-worker",
       *(f"{registry}/{space}/{name}:1" for name in ("web", "worker", "copy")), check=False)


def push(engine, env, reference: str) -> str:
    """`docker push`'s output; if it fails, the registry's own log says why."""
    result = sh(env, "docker", "push", reference, check=False)
    assert result.returncode == 0, \
        f"docker push {reference}: {result.stderr[-2000:]}\nthe registry's log: {engine.registry_log()[-3000:]}"
    return result.stdout


def layer_lines(output: str, registry: str, repository: str, status: str, env) -> int:
    """How many of the image's layers `docker push` printed with `status`.

    The classic store names a layer by its diff ID, the containerd store by its blob digest, and
    pushes an index, an attestation, manifests and configs too, each with a line of its own:
    only the layers' lines count."""
    ids = layer_digests(registry, repository, "1") + layers(env, f"{registry}/{repository}:1")
    short = {digest.split(":")[1][:12] for digest in ids}
    return sum(1 for line in output.splitlines() if line.split(":")[0] in short and status in line)


def layer_digests(registry: str, repository: str, reference: str) -> list[str]:
    """The layer blob digests of the image's linux manifest, asked of the registry (through an index if there is one)."""
    accept = ", ".join(["application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
                        "application/vnd.docker.distribution.manifest.v2+json",
                        "application/vnd.docker.distribution.manifest.list.v2+json"])
    request = urllib.request.Request(f"http://{registry}/v2/{repository}/manifests/{reference}", headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as answer:
        manifest = json.load(answer)
    if "manifests" in manifest:
        linux = next(m for m in manifest["manifests"] if m.get("platform", {}).get("os") == "linux")
        return layer_digests(registry, repository, linux["digest"])
    return [layer["digest"] for layer in manifest["layers"]]


def mirror(env) -> str:
    """The private registry (the engine's mirror), as host:port."""
    mirrors = sh(env, "docker", "info", "--format", "{{json .RegistryConfig.Mirrors}}").stdout
    return json.loads(mirrors)[0].split("://", 1)[1].rstrip("/")
