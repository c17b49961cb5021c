#!/bin/sh
# The same stack as compose.yaml, one `docker` command at a time, under the names
# Compose gives it, so both ways use the same network and the same Redis data, one
# way at a time: `docker compose up` fails on these container names while they exist,
# so run `sh run-without-compose.sh down` before switching to Compose.
#   sh run-without-compose.sh          start, or replace, the stack (like `docker compose up -d --wait`)
#   sh run-without-compose.sh down     remove containers and network, keep the volume (`docker compose down`)
#   sh run-without-compose.sh down -v  remove the volume too (`docker compose down -v`)
set -eu
cd "$(dirname "$0")"

NETWORK=lab4_backend     # Compose: <project>_<network>
VOLUME=lab4_redis-data   # Compose: <project>_<volume>
CONTAINERS="lab4-web-1 lab4-worker-1 lab4-redis-1"   # Compose: <project>-<service>-<number>
WAIT_SECONDS=60

# Each create and remove below first checks what exists, so the script can run again.
exists() { docker "$1" inspect "$2" >/dev/null 2>&1; }

remove_containers() {
  for container in $CONTAINERS; do
    if exists container "$container"; then docker rm -f "$container"; fi
  done
}

if [ "${1:-up}" = down ]; then
  remove_containers
  if exists network "$NETWORK"; then docker network rm "$NETWORK"; fi
  if [ "${2:-}" = -v ] && exists volume "$VOLUME"; then docker volume rm "$VOLUME"; fi
  exit 0
fi

# Wait until a container's health check reports healthy, as `depends_on: condition:
# service_healthy` and `--wait` do; give up after WAIT_SECONDS.
wait_healthy() {
  waited=0
  until [ "$(docker inspect --format '{{.State.Health.Status}}' "$1")" = healthy ]; do
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
      echo "run-without-compose.sh: $1 is not healthy after ${WAIT_SECONDS}s; see: docker logs $1" >&2
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# What Compose creates for you: the network and the named volume. The labels are the
# ones Compose puts on them, so `docker compose up` accepts and reuses them.
if ! exists network "$NETWORK"; then
  docker network create \
    --label com.docker.compose.project=lab4 --label com.docker.compose.network=backend "$NETWORK"
fi
if ! exists volume "$VOLUME"; then
  docker volume create \
    --label com.docker.compose.project=lab4 --label com.docker.compose.volume=redis-data "$VOLUME"
fi

# What `build:` does: one image per Dockerfile.
docker build -t lab4-web -f web.Dockerfile .
docker build -t lab4-worker -f worker.Dockerfile .

# A second run replaces the containers, as `up` recreates changed ones.
remove_containers

# Redis first, with its health check; the alias is the service name other containers use.
docker run -d --name lab4-redis-1 --network "$NETWORK" --network-alias redis \
  -v "$VOLUME":/data \
  --health-cmd "redis-cli ping" --health-interval 5s --health-timeout 3s --health-retries 5 \
  --health-start-period 10s --health-start-interval 1s \
  --restart unless-stopped \
  redis:7.4-alpine redis-server --appendonly yes

# What `depends_on: condition: service_healthy` does: wait until Redis is healthy.
wait_healthy lab4-redis-1

docker run -d --name lab4-web-1 --network "$NETWORK" --network-alias web \
  -p "${WEB_PORT:-8000}:8000" -e REDIS_HOST=redis --restart unless-stopped lab4-web
docker run -d --name lab4-worker-1 --network "$NETWORK" --network-alias worker \
  -e REDIS_HOST=redis --restart unless-stopped lab4-worker

# What `--wait` adds: return only once web's own health check (in web.Dockerfile) passes.
wait_healthy lab4-web-1

docker ps --filter name=lab4- --format 'table {{.Names}}\t{{.Status}}\t{{.Ports}}'
