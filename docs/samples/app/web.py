"""The web service: counts visits in Redis and queues one job per visit."""

import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis

import store

NOT_VISITS = {"/favicon.ico"}  # what a browser asks for by itself, beside the page


def make_handler(db: redis.Redis) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/health":
                try:
                    db.ping()
                except redis.RedisError:
                    self.reply(503, {"status": "redis unreachable"})
                else:
                    self.reply(200, {"status": "ok"})
                return
            if self.path in NOT_VISITS:
                self.reply(404, {"status": "not found"})
                return
            store.record_visit(db, self.path)
            self.reply(200, {"hostname": os.uname().nodename, **store.stats(db)})

        def reply(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def main() -> None:
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("0.0.0.0", port), make_handler(store.connect()))
    # `docker stop` sends SIGTERM to PID 1, which has no default handler in a container:
    # stop serving so the process exits at once instead of being killed 10 s later.
    # shutdown() waits for serve_forever() to return, so it runs in another thread.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"web: listening on port {port}", flush=True)
    server.serve_forever()
    server.server_close()
    print("web: stopped", flush=True)


if __name__ == "__main__":
    main()
