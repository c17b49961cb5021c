#!/bin/sh
# labcheck for a Linux machine without Python: runs it in the lab's python:3.12-slim image.
# The container gets the engine's socket and this machine's docker command (and its Compose
# plugin, when installed system-wide), so labcheck asks the same engine as your own docker.
# Usage, in the sample app's folder: sh labcheck-in-docker.sh [q1|q2|q3|q4|TASK-ID ...]
set -eu
socket=${DOCKER_HOST:-unix:///var/run/docker.sock}
socket=${socket#unix://}
plugins=/usr/libexec/docker/cli-plugins
set -- python labcheck.py "$@"
if [ -d "$plugins" ]; then
  set -- -v "$plugins:$plugins:ro" python:3.12-slim "$@"
else
  set -- python:3.12-slim "$@"
fi
exec docker run --rm -v "$socket:/var/run/docker.sock" -e DOCKER_HOST=unix:///var/run/docker.sock \
  -v "$(command -v docker):/usr/local/bin/docker:ro" -v "$PWD:/lab:ro" -w /lab "$@"
