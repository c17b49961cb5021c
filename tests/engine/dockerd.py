"""Start and stop the private engine: a registry on 127.0.0.1 and a dockerd of our own.

    with PrivateEngine(cache_dir, log=print) as engine:
        subprocess.run(["docker", "info"], env=engine.env)

Everything it starts is stopped by pid when the block ends, also after a failure, and
everything it made is removed but the cache (stand-in tarballs and the registry's data,
reused by the next run while the stand-ins' recipes are unchanged).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from . import standins
from .errors import EngineError, last_lines

DOCKERD = "/usr/sbin/dockerd"
REGISTRY = "docker-registry"
BRIDGE = "lab4test0"  # our own bridge, so a reader's engine keeps docker0
BRIDGE_ADDRESS = "10.213.0.1/24"
ADDRESS_POOL = {"base": "10.214.0.0/16", "size": 24}  # the networks Compose creates
START_SECONDS = 60
# The image stores a reader's engine may use, and their daemon.json: the graph driver overlay2 (the default
# up to Engine 28), the containerd store with its default snapshotter, overlayfs (new installs of Engine 29).
STORES = {"overlay2": {"storage-driver": "overlay2", "features": {"containerd-snapshotter": False}},
          "containerd": {"features": {"containerd-snapshotter": True}}}


def unavailable() -> str | None:
    """Why a private engine cannot run on this machine, or None when it can."""
    if os.geteuid() != 0:
        return "the engine tests start their own dockerd, which needs root"
    for tool in (DOCKERD, "docker", REGISTRY, "mmdebstrap"):
        if not shutil.which(tool):
            return f"no {tool} on this machine (.ci/install-engine installs the engine)"
    return None


def docker_client() -> str:
    """The client beside the installed dockerd, so client, Compose and buildx are one release."""
    return "/usr/bin/docker" if Path("/usr/bin/docker").exists() else shutil.which("docker")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def command_line(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace").replace("\0", " ")
    except OSError:  # it ended meanwhile
        return ""


def interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


class Timer:
    def __init__(self, log):
        self.log, self.started = log, time.monotonic()

    def done(self, what: str) -> None:
        now = time.monotonic()
        self.log(f"{what}: {now - self.started:.1f} s")
        self.started = now


class PrivateEngine:
    def __init__(self, cache: Path, log=print, registry_port: int | None = None, store: str = "overlay2"):
        if store not in STORES:
            raise EngineError(f"unknown image store {store!r}: one of {', '.join(STORES)}")
        self.store = store
        self.cache = cache
        self.log = log
        self.registry_port = registry_port or int(os.environ.get("LAB4_REGISTRY_PORT", 0)) or free_port()
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.stack = contextlib.ExitStack()
        self.env: dict[str, str] = {}
        self.versions: dict[str, str] = {}

    # --- setup ---------------------------------------------------------------------------

    def __enter__(self) -> "PrivateEngine":
        # A SIGTERM (a CI timeout, a kill) unwinds like Ctrl-C, so the engine is still stopped.
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, interrupt)
            self.stack.callback(signal.signal, signal.SIGTERM, previous)
        self.cache.mkdir(parents=True, exist_ok=True)
        lock = self.stack.enter_context((self.cache / "lock").open("w"))
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.stack.close()
            raise EngineError(f"another private engine is running (it holds {self.cache / 'lock'}): "
                              "one at a time, as they share a bridge and the registry's data") from None
        try:
            self.remove_stale_roots()
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def remove_stale_roots(self) -> None:
        """Data roots a run killed with SIGKILL left behind, unless a dockerd still uses them."""
        running = " ".join(command_line(pid) for pid in os.listdir("/proc") if pid.isdigit())
        for stale in self.cache.glob("data-*"):
            if str(stale) not in running:
                self.log(f"removing {stale.name}, left by an earlier run that was killed")
                self.unmount_under(str(stale))
                shutil.rmtree(stale, ignore_errors=True)

    def start(self) -> None:
        timer = Timer(self.log)
        tarballs = {s: standins.tarball(s, self.cache / "standins", self.log) for s in standins.ALL}
        timer.done("stand-in tarballs")
        self.start_registry()
        timer.done("registry")
        self.start_dockerd()
        timer.done("dockerd")
        self.publish_standins(tarballs)
        timer.done("stand-ins in the registry")
        self.versions = self.read_versions()
        self.log("engine: " + ", ".join(f"{k} {v}" for k, v in self.versions.items()))
        for standin in standins.ALL:
            self.log(f"STAND-IN: {standin.name} is built from Debian {standins.SUITE} packages "
                     f"({', '.join(standin.packages)}), not Docker Hub's image")

    def spawn(self, name: str, command: list[str], log_file: Path) -> subprocess.Popen:
        output = log_file.open("wb")
        self.stack.callback(output.close)
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append((name, process))
        return process

    def wait_for(self, name: str, process: subprocess.Popen, log_file: Path, ready) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise EngineError(f"{name} exited with {process.returncode} while starting; its last log lines:\n"
                                  + last_lines(log_file.read_text(errors="replace")))
            if ready():
                return
            time.sleep(0.2)
        raise EngineError(f"{name} did not start within {START_SECONDS} s; its last log lines:\n"
                          + last_lines(log_file.read_text(errors="replace")))

    def start_registry(self) -> None:
        if port_taken(self.registry_port):
            raise EngineError(f"the registry's port 127.0.0.1:{self.registry_port} is taken by another program; "
                              "free it or set LAB4_REGISTRY_PORT to a free port")
        storage = self.cache / "registry"
        storage.mkdir(parents=True, exist_ok=True)
        self.run_dir = Path(tempfile.mkdtemp(prefix="lab4-engine-"))  # short: the socket path has a length limit
        self.stack.callback(shutil.rmtree, self.run_dir, True)
        config = self.run_dir / "registry.yml"
        config.write_text(json.dumps({
            "version": 0.1, "log": {"level": "warn"},
            "storage": {"filesystem": {"rootdirectory": str(storage)}, "delete": {"enabled": True}},
            "http": {"addr": f"127.0.0.1:{self.registry_port}"},
        }))
        log = self.run_dir / "registry.log"
        process = self.spawn("the registry", [REGISTRY, "serve", str(config)], log)
        self.wait_for("the registry", process, log, lambda: self.registry_answers())

    def registry_log(self) -> str:
        """What the registry logged (warnings and errors, each failed request's code and detail)."""
        return (self.run_dir / "registry.log").read_text(encoding="utf-8", errors="replace")

    def registry_answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.registry_port}/v2/", timeout=1):
                return True
        except OSError:
            return False

    def start_dockerd(self) -> None:
        self.make_bridge()
        data_root = Path(tempfile.mkdtemp(prefix="data-", dir=self.cache))  # on disk: overlay2 needs a real filesystem
        self.stack.callback(shutil.rmtree, data_root, True)
        socket_path = self.run_dir / "docker.sock"
        config = self.run_dir / "daemon.json"
        config.write_text(json.dumps({
            "registry-mirrors": [f"http://127.0.0.1:{self.registry_port}"],
            "bridge": BRIDGE, "default-address-pools": [ADDRESS_POOL],
            **STORES[self.store],
        }))
        log = self.run_dir / "dockerd.log"
        self.client = self.run_dir / "client"
        (self.client / "cli-plugins").mkdir(parents=True)
        (self.client / "bin").mkdir()
        (self.client / "bin" / "docker").symlink_to(docker_client())
        self.env = {**os.environ, "DOCKER_HOST": f"unix://{socket_path}", "DOCKER_CONFIG": str(self.client)}
        self.env.pop("DOCKER_CONTEXT", None)
        command = [DOCKERD, "--config-file", str(config), "--data-root", str(data_root),
                   "--exec-root", str(self.run_dir / "exec"), "--pidfile", str(self.run_dir / "dockerd.pid"),
                   "-H", f"unix://{socket_path}", "--containerd-namespace", "lab4test", "--containerd-plugins-namespace", "lab4test-plugins"]
        process = self.spawn("dockerd", command, log)
        self.wait_for("dockerd", process, log, lambda: self.docker("info", check=False).returncode == 0)

    def make_bridge(self) -> None:
        if subprocess.run(["ip", "link", "show", BRIDGE], capture_output=True).returncode != 0:
            for command in (["ip", "link", "add", BRIDGE, "type", "bridge"],
                            ["ip", "addr", "add", BRIDGE_ADDRESS, "dev", BRIDGE], ["ip", "link", "set", BRIDGE, "up"]):
                result = subprocess.run(command, capture_output=True, text=True)
                if result.returncode != 0:
                    raise EngineError(f"could not make the bridge {BRIDGE} ({' '.join(command)}): {result.stderr.strip()}")
            self.stack.callback(subprocess.run, ["ip", "link", "delete", BRIDGE], capture_output=True)

    def client_env(self, compose: str | None = None) -> dict[str, str]:
        """The environment a command needs to use this engine: its socket, the client beside it first on
        PATH and, when `compose` names a binary, that Docker Compose as the `docker compose` plugin."""
        plugin = self.client / "cli-plugins" / "docker-compose"
        plugin.unlink(missing_ok=True)
        if compose:
            plugin.symlink_to(compose)
        return {**self.env, "PATH": f"{self.client / 'bin'}:{self.env.get('PATH', '')}"}

    def docker(self, *args: str, check: bool = True, **options) -> subprocess.CompletedProcess:
        result = subprocess.run([docker_client(), *args], env=self.env, capture_output=True, text=True, **options)
        if check and result.returncode != 0:
            raise EngineError(f"docker {' '.join(args)} failed: {result.stderr.strip()}")
        return result

    def publish_standins(self, tarballs: dict) -> None:
        """Import each stand-in and push it to the mirror, unless the mirror has this recipe already."""
        registry = f"127.0.0.1:{self.registry_port}"
        stamps = self.cache / "registry-stamps.json"
        held = json.loads(stamps.read_text()) if stamps.exists() else {}
        for standin, tarball in tarballs.items():
            if held.get(standin.name) == standin.key and self.registry_has(standin):
                self.log(f"stand-in {standin.name}: the mirror has it already")
                continue
            local = f"{registry}/{standin.repository}:{standin.tag}"
            self.docker("import", *[a for c in standin.changes for a in ("--change", c)], str(tarball), local)
            self.docker("push", local)
            self.docker("image", "rm", local)  # the tests pull it by its Docker Hub name, through the mirror
            held[standin.name] = standin.key
            stamps.write_text(json.dumps(held, indent=1))

    def registry_has(self, standin: standins.StandIn) -> bool:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.registry_port}/v2/{standin.repository}/manifests/{standin.tag}", method="HEAD",
            headers={"Accept": "application/vnd.docker.distribution.manifest.v2+json"})
        try:
            with urllib.request.urlopen(request, timeout=5):
                return True
        except OSError:
            return False

    def read_versions(self) -> dict[str, str]:
        engine = self.docker("version", "--format", "{{.Server.Version}}").stdout.strip()
        compose = self.docker("compose", "version", "--short").stdout.strip()
        buildx = self.docker("buildx", "version").stdout.split()[1]
        info = json.loads(self.docker("info", "--format", "{{json .}}").stdout)
        return {"Engine": engine, "Compose": compose, "buildx": buildx, "storage": info.get("Driver", "?"),
                "store": self.store}

    # --- teardown ------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop what we started, by pid, newest first (dockerd before the registry), then clean up."""
        for name, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        self.processes.clear()
        self.unmount_leftovers()
        self.stack.close()

    def unmount_leftovers(self) -> None:
        for root in [getattr(self, "run_dir", None), self.cache]:
            if root:
                self.unmount_under(str(root))

    @staticmethod
    def unmount_under(root: str) -> None:
        # A dockerd killed hard can leave overlay and netns mounts under its roots.
        mounts = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
        for mount in sorted((m for m in mounts if m.startswith(root)), reverse=True):
            subprocess.run(["umount", "-l", mount], capture_output=True)
