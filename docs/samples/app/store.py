"""The sample app's state, kept in Redis and shared by the web service and the worker."""

import os

import redis

VISITS = "lab4:visits"  # how many pages the web service has served
QUEUE = "lab4:jobs"  # work the web service hands to the worker
PROCESSED = "lab4:processed"  # how many jobs the worker has finished


def connect() -> redis.Redis:
    # In Compose, REDIS_HOST is the service name; Docker's DNS resolves it.
    return redis.Redis(
        host=os.environ.get("REDIS_HOST", "localhost"),
        port=int(os.environ.get("REDIS_PORT", "6379")),
        decode_responses=True,
    )


def record_visit(db: redis.Redis, path: str) -> int:
    count = db.incr(VISITS)
    db.rpush(QUEUE, path)
    return count


def stats(db: redis.Redis) -> dict:
    return {
        "visits": int(db.get(VISITS) or 0),
        "processed": int(db.get(PROCESSED) or 0),
        "pending": db.llen(QUEUE),
    }


def process_one(db: redis.Redis, timeout: int = 5) -> str | None:
    """Take one job off the queue, waiting up to `timeout` seconds for it."""
    item = db.blpop([QUEUE], timeout=timeout)
    if item is None:
        return None
    db.incr(PROCESSED)
    return item[1]
