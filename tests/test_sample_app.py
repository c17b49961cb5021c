"""The sample app's own tests: the code in docs/samples/app works, not just parses."""

from __future__ import annotations

import json
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

import fakeredis
import pytest
import redis

from helpers import ROOT

sys.path.insert(0, str(ROOT / "docs" / "samples" / "app"))
import store  # noqa: E402
import web  # noqa: E402
import worker  # noqa: E402


@pytest.fixture
def db():
    return fakeredis.FakeRedis(decode_responses=True)


def serve_app(db):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), web.make_handler(db))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture
def server(db):
    httpd, url = serve_app(db)
    yield url
    httpd.shutdown()


def get(url):
    with urllib.request.urlopen(url) as response:
        return response.status, json.loads(response.read())


def test_each_visit_is_counted_and_queued(server, db):
    assert get(server + "/")[1]["visits"] == 1
    status, body = get(server + "/about")
    assert status == 200 and body["visits"] == 2 and body["pending"] == 2
    assert db.lrange(store.QUEUE, 0, -1) == ["/", "/about"]


def test_health_reports_ok_when_redis_answers(server):
    assert get(server + "/health") == (200, {"status": "ok"})


def test_health_fails_when_redis_is_unreachable():
    # A real client pointed at a port where nothing listens.
    httpd, url = serve_app(redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=1))
    try:
        with pytest.raises(urllib.error.HTTPError) as error:
            get(url + "/health")
        assert error.value.code == 503
    finally:
        httpd.shutdown()


def test_worker_processes_queued_jobs_then_stops(db):
    for path in ("/", "/a", "/b"):
        store.record_visit(db, path)
    stop = threading.Event()
    done = []
    runner = threading.Thread(target=lambda: done.append(worker.run(db, stop, timeout=1)))
    runner.start()
    for _ in range(50):
        if store.stats(db)["pending"] == 0:
            break
        time.sleep(0.1)
    stop.set()
    runner.join(timeout=5)
    assert done == [3]
    assert store.stats(db) == {"visits": 3, "processed": 3, "pending": 0}


def test_process_one_returns_none_when_idle(db):
    assert store.process_one(db, timeout=1) is None


def test_connect_reads_redis_address_from_environment(monkeypatch):
    monkeypatch.setenv("REDIS_HOST", "redis")
    monkeypatch.setenv("REDIS_PORT", "6380")
    kwargs = store.connect().connection_pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"]) == ("redis", 6380)
