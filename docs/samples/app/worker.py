"""The worker: takes the jobs the web service queued and marks them processed."""

import signal
import threading

import store

stopping = threading.Event()


def run(db, stop: threading.Event, timeout: int = 1) -> int:
    # A short wait for each job, so a stop request is seen within a second.
    done = 0
    while not stop.is_set():
        if store.process_one(db, timeout=timeout) is not None:
            done += 1
    return done


def main() -> None:
    # `docker stop` sends SIGTERM: finish the current job, then exit cleanly.
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    print("worker: waiting for jobs", flush=True)
    run(store.connect(), stopping)
    print("worker: stopped", flush=True)


if __name__ == "__main__":
    main()
