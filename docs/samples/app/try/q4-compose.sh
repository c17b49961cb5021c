#!/bin/sh
# Q4 · Docker Compose. Run it from the sample folder: sh try/q4-compose.sh
# (it ends with `docker compose down -v`, which deletes the app's data).
set -eu
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$1"; }

step "The fully resolved configuration, or an error naming what is wrong"
docker compose config

step "Build, create the network and the volume, start, and wait until healthy"
# --build rebuilds the images, so an edit to the code is picked up: without it, `up`
# builds only images that are missing (unchanged steps come from the cache either way).
docker compose up -d --wait --build

step "Every service, its state and its ports"
docker compose ps

step "web's logs so far"
# With -f, logs keeps following and the lines after it would not run: Ctrl-C ends it.
docker compose logs web

step "A command inside a running service: web's environment has REDIS_HOST=redis"
docker compose exec web env

step "web reaches Redis by its service name: the name resolves, and Redis answers PING with True"
docker compose exec web python -c 'import socket; print(socket.gethostbyname("redis"))'
docker compose exec web python -c 'import store; print(store.connect().ping())'

step "Two workers: --scale starts lab4-worker-2, and the service name worker resolves to both"
# Docker's DNS answers a service name with the address of every container of the service.
docker compose up -d --wait --scale worker=2
docker compose exec web python -c 'import socket; print(len(socket.gethostbyname_ex("worker")[2]))'

step "Compose's labels on each container: its service and number in the project lab4"
# There is no Compose server or state file: labels like these are how Compose finds its containers again.
docker ps --filter label=com.docker.compose.project=lab4 --format '{{.Label "com.docker.compose.service"}} {{.Names}} {{.Label "com.docker.compose.container-number"}}' | sort

step "The network Compose created, named <project>_<network>: lab4_backend"
docker network ls --filter name=lab4_

step "down removes the containers and the network; the named volume stays"
docker compose down
docker volume ls -q --filter name=lab4_redis-data

step "down -v removes the named volume too: nothing is listed"
docker compose down -v
docker volume ls -q --filter name=lab4_redis-data
