#!/bin/sh
# Q3 · The writable layer. Run it from the sample folder: sh try/q3-writable-layer.sh
set -eu
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$1"; }

# Containers and the volume left by an earlier run go first, so the script can run again.
for name in lab4-a lab4-b; do
  if docker container inspect "$name" >/dev/null 2>&1; then docker rm -f "$name"; fi
done
if docker volume inspect lab4-data >/dev/null 2>&1; then docker volume rm lab4-data; fi

step "Two containers from one image"
docker run -d --name lab4-a python:3.12-slim sleep 600
docker run -d --name lab4-b python:3.12-slim sleep 600

step "In lab4-a: create a file, change one, delete one"
docker exec lab4-a sh -c 'echo hello > /tmp/new.txt'
docker exec lab4-a sh -c 'echo changed >> /etc/issue'
docker exec lab4-a rm /etc/debian_version

step "What lab4-a changed, in its own writable layer"
# Look for: A /tmp/new.txt (added), C /etc/issue (changed), D /etc/debian_version (deleted),
# and C for the folders holding them.
docker diff lab4-a

step "lab4-b changed nothing: its diff is empty, and the file lab4-a deleted is still there"
docker diff lab4-b
docker exec lab4-b cat /etc/debian_version

step "How big each writable layer is: the SIZE column"
docker ps --size --filter name=lab4-

step "stop and start keep the writable layer: new.txt is still there"
# sleep runs as PID 1 and ignores SIGTERM, so stop would wait 10 s before SIGKILL; -t 2 waits 2 s.
docker stop -t 2 lab4-a
docker start lab4-a
docker exec lab4-a cat /tmp/new.txt

step "rm deletes the containers and their writable layers: no lab4-a or lab4-b is left"
docker rm -f lab4-a lab4-b
docker ps -a --filter name=lab4-a --filter name=lab4-b --format '{{.Names}}'

step "A volume outlives the container that wrote to it: the second container reads kept"
docker volume create lab4-data
docker run --rm -v lab4-data:/data python:3.12-slim sh -c 'echo kept > /data/file.txt'
docker run --rm -v lab4-data:/data python:3.12-slim cat /data/file.txt
docker volume rm lab4-data
