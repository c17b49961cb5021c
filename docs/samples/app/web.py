"""The web service: counts visits in Redis and queues one job per visit."""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis

import store


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
    print(f"web: listening on port {port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
