#!/bin/sh
# The same stack as compose.yaml, one `docker` command at a time.
# Run it from this folder; `sh run-without-compose.sh down` removes everything.
set -eu

if [ "${1:-up}" = down ]; then
  docker rm -f lab4-web lab4-worker lab4-redis
  docker network rm lab4-backend
  docker volume rm lab4-redis-data
  exit 0
fi

# What Compose creates for you: the network and the named volume.
docker network create lab4-backend
docker volume create lab4-redis-data

# What `build:` does: one image per Dockerfile.
docker build -t lab4-web -f web.Dockerfile .
docker build -t lab4-worker -f worker.Dockerfile .

# Redis first, with its health check.
docker run -d --name lab4-redis --network lab4-backend --network-alias redis \
  -v lab4-redis-data:/data \
  --health-cmd "redis-cli ping" --health-interval 5s --health-timeout 3s --health-retries 5 \
  --restart unless-stopped \
  redis:7.4-alpine redis-server --appendonly yes

# What `depends_on: condition: service_healthy` does: wait until Redis is healthy.
until [ "$(docker inspect --format '{{.State.Health.Status}}' lab4-redis)" = healthy ]; do
  sleep 1
done

docker run -d --name lab4-web --network lab4-backend \
  -p "${WEB_PORT:-8000}:8000" -e REDIS_HOST=redis --restart unless-stopped lab4-web
docker run -d --name lab4-worker --network lab4-backend \
  -e REDIS_HOST=redis --restart unless-stopped lab4-worker

docker ps --filter name=lab4- --format 'table {{.Names}}\t{{.Status}}\t{{.Ports}}'
