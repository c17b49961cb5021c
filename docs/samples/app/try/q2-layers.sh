#!/bin/sh
# Q2 · Layers and the build cache. Run it from the sample folder: sh try/q2-layers.sh
# --progress=plain prints every build step in full, several lines each, with CACHED
# where the build cache supplied the step.
set -eu
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$1"; }

step "The base image's layers and the instruction that made each one"
docker pull python:3.12-slim
docker image history python:3.12-slim

step "Build the web image"
docker build --progress=plain -t lab4-web -f web.Dockerfile .

step "Build it again: every step after FROM reports CACHED"
docker build --progress=plain -t lab4-web -f web.Dockerfile .

step "Edit web.py and rebuild: the steps before COPY store.py web.py ./ stay CACHED, it and the rest run"
# BuildKit looks at file content, not modification times, so `touch web.py` would change
# nothing: the edit appends a comment. The original web.py comes back when the script ends.
original=$(mktemp)
cp web.py "$original"
trap 'cp "$original" web.py; rm -f "$original"' EXIT
printf '\n# An edit, to see the cache at work.\n' >> web.py
docker build --progress=plain -t lab4-web -f web.Dockerfile .
cp "$original" web.py

step "Build the worker: the steps it shares with web report CACHED, then its own COPY runs"
docker build --progress=plain -t lab4-worker -f worker.Dockerfile .

step "The layers' diff IDs: both images start with the base image's, then the ones they share"
docker image inspect --format '{{json .RootFS.Layers}}' python:3.12-slim
docker image inspect --format '{{json .RootFS.Layers}}' lab4-web
docker image inspect --format '{{json .RootFS.Layers}}' lab4-worker

step "A multi-stage image: only its last stage's layers, and no /src from the first stage"
docker build --progress=plain -t lab4-web-multistage -f web-multistage.Dockerfile .
docker image history lab4-web-multistage
# Prints redis's version and False: redis came over with COPY --from, /src did not.
docker run --rm lab4-web-multistage python -c 'import os, redis; print(redis.__version__, os.path.exists("/src"))'
