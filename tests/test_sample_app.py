"""The sample app's own tests: the code in docs/samples/app works, not just parses."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

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


def test_favicon_and_health_are_not_visits(server, db):
    for path in ("/favicon.ico", "/health"):
        try:
            get(server + path)
        except urllib.error.HTTPError as error:
            assert error.code == 404 and path == "/favicon.ico"
    assert store.stats(db)["visits"] == 0 and db.llen(store.QUEUE) == 0


# --- the services as processes, against a real Redis server -------------------------

APP = ROOT / "docs" / "samples" / "app"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, seconds: float = 10, what: str = "condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, redis.RedisError):
            pass
        time.sleep(0.05)
    raise AssertionError(f"{what} not reached within {seconds}s")


class RedisServer:
    """Debian's redis-server on a free port, its files in a temporary folder."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(directory),
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.client = redis.Redis(host="127.0.0.1", port=self.port, decode_responses=True)
        wait_until(self.client.ping, what="redis-server answering PING")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def real_redis(tmp_path):
    if not Path(REDIS_SERVER).exists():
        message = "redis-server is not installed (apt-get install redis-server; .ci/run does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = RedisServer(tmp_path)
    yield server
    server.stop()


def start_service(script: str, redis_port: int, **env) -> subprocess.Popen:
    environment = dict(os.environ, REDIS_HOST="127.0.0.1", REDIS_PORT=str(redis_port), PYTHONUNBUFFERED="1",
                       PYTHONDONTWRITEBYTECODE="1", **env)
    return subprocess.Popen([sys.executable, script], cwd=APP, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def stop_within(process: subprocess.Popen, seconds: float) -> float:
    """Send SIGTERM as `docker stop` does; return how long the process took to exit (it must exit 0)."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError(f"{process.args[-1]} still running {seconds}s after SIGTERM") from None
    output = process.stdout.read()
    assert code == 0, f"{process.args[-1]} exited with {code}:\n{output}"
    return time.monotonic() - started


def test_web_and_worker_against_a_real_redis(real_redis):
    port = free_port()
    web_process = start_service("web.py", real_redis.port, PORT=str(port))
    worker_process = start_service("worker.py", real_redis.port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: get(url + "/health")[0] == 200, what="web answering /health")
        assert get(url + "/")[1]["visits"] == 1
        with pytest.raises(urllib.error.HTTPError) as missing:
            get(url + "/favicon.ico")
        assert missing.value.code == 404
        assert get(url + "/about")[1]["visits"] == 2
        assert real_redis.client.get(store.VISITS) == "2"
        wait_until(lambda: real_redis.client.get(store.PROCESSED) == "2", what="the worker processing both jobs")
        assert real_redis.client.llen(store.QUEUE) == 0
        # The worker waits for jobs in BLPOP; SIGTERM must still end it at once, cleanly.
        assert stop_within(worker_process, 2) < 2

        real_redis.stop()
        with pytest.raises(urllib.error.HTTPError) as unhealthy:
            get(url + "/health")
        assert unhealthy.value.code == 503
        assert stop_within(web_process, 2) < 2
    finally:
        for process in (web_process, worker_process):
            if process.poll() is None:
                process.kill()
                process.wait()
