#!/bin/sh
# Q1 · One image, many containers. Run it from the sample folder: sh try/q1-image-vs-container.sh
# IDs, digests and sizes differ from machine to machine: read what your terminal prints.
set -eu
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$1"; }

# Containers left by an earlier run go first, so the script can run again.
for name in lab4-c1 lab4-c2; do
  if docker container inspect "$name" >/dev/null 2>&1; then docker rm -f "$name"; fi
done

step "One image: pull it, list it, print its ID and digest"
docker pull python:3.12-slim
docker image ls python
# The ID is the digest of the image config with the classic image store, of the manifest
# or index with the containerd image store; the repo digest names what the registry serves.
docker image inspect --format '{{.Id}} {{.RepoDigests}}' python:3.12-slim

step "Two containers from it, each with its own name, process and writable layer"
docker run -d --name lab4-c1 python:3.12-slim sleep 300
docker run -d --name lab4-c2 python:3.12-slim sleep 300
docker exec lab4-c1 sh -c 'echo "only in c1" > /tmp/note.txt'
# Look: no note.txt in lab4-c2's /tmp; the file is in lab4-c1's writable layer only.
docker exec lab4-c2 ls /tmp

step "One kernel: with Docker Engine on Linux, the host and the container print the same version"
# Docker Desktop runs containers in a Linux VM, on Linux too: there the second line is the VM's kernel.
uname -r
docker exec lab4-c1 uname -r

step "stop keeps the writable layer: note.txt is still there after start"
# sleep runs as PID 1 and ignores SIGTERM, so stop would wait 10 s before SIGKILL; -t 2 waits 2 s.
docker stop -t 2 lab4-c1
docker start lab4-c1
docker exec lab4-c1 cat /tmp/note.txt

step "rm deletes both containers and their writable layers: no lab4-c container is left"
docker rm -f lab4-c1 lab4-c2
docker ps -a --filter name=lab4-c --format '{{.Names}}'
