#!/bin/sh
# Q3 · The sample app's writable layers and its volume. Run it from the sample folder:
# sh try/q3-sample-app.sh (it ends with `docker compose down -v`, which deletes the app's data).
set -eu
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$1"; }
visit() { curl -fsS "http://localhost:${WEB_PORT:-8000}/"; echo; }

step "Start the sample app, building its images if they are missing"
docker compose up -d --wait

step "Record a visit: note the visits count, kept by Redis in the volume lab4_redis-data"
visit

step "web writes a file: docker diff lists it as A /tmp/scratch.txt in web's writable layer"
docker compose exec web sh -c 'echo scratch > /tmp/scratch.txt'
docker diff lab4-web-1

step "The worker's writable layer is its own: scratch.txt is not in it"
docker diff lab4-worker-1

step "Redis writes to /data, the volume, not to its writable layer"
docker compose exec redis ls /data
docker volume ls -q --filter name=lab4_redis-data

step "down removes the containers and their writable layers; the volume stays"
docker compose down
docker volume ls -q --filter name=lab4_redis-data

step "New containers, new writable layers: /tmp has no scratch.txt"
docker compose up -d --wait
docker compose exec web ls /tmp

step "The visit count survived in the volume: one more than before"
visit

step "down -v removes the volume too: no lab4_redis-data is left"
docker compose down -v
docker volume ls -q --filter name=lab4_redis-data
