"""labcheck's only way to Docker: the `docker` command, asked read-only questions.

The CLI, not the engine's socket, because it works wherever the student's `docker` works
(Linux, macOS, Windows, remote contexts) and picks the same engine the student uses.
Every call goes through Docker.run, which refuses any subcommand that is not a query:
labcheck must never change what it checks.
"""

import json
import re
import shutil
import subprocess

MIN_ENGINE = (24, 0)
MIN_COMPOSE = (2, 20)
TIMEOUT = 60  # seconds; a remote engine that does not answer must not hang the check

# The only subcommands labcheck may run.
READ_ONLY = {
    ("version",), ("compose", "version"), ("image", "inspect"), ("container", "inspect"),
    ("container", "diff"), ("container", "ls"), ("image", "ls"), ("image", "history"),
    ("volume", "ls"), ("compose", "ps"), ("system", "df"),
}


class DockerProblem(Exception):
    """Docker cannot answer at all: labcheck stops with this message and exit code."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


NOT_FOUND, NOT_RUNNING, NOT_REACHABLE, TOO_OLD = 3, 4, 5, 6

NOT_RUNNING_SIGNS = ("is the docker daemon running", "cannot connect to the docker daemon",
                     "connect: no such file or directory", "connection refused",
                     "the system cannot find the file specified", "docker_engine")


def version_tuple(text):
    """(major, minor) of '26.1.5', 'v2.26.1', '2.40.3-desktop.1'; None if it has no numbers."""
    found = re.match(r"v?(\d+)\.(\d+)", text.strip())
    return (int(found.group(1)), int(found.group(2))) if found else None


class Docker:
    def __init__(self, cwd=None):
        self.cwd = cwd
        self.binary = shutil.which("docker")

    def run(self, *args, allow_failure=True):
        """(exit code, stdout, stderr) of `docker ARGS`; only the READ_ONLY subcommands."""
        words = list(args)
        if words[:2] == ["compose", "--project-name"]:
            words = ["compose", *words[3:]]  # the project's name is an option of compose itself
        if tuple(words[:2]) not in READ_ONLY and tuple(words[:1]) not in READ_ONLY:
            raise ValueError(f"labcheck only reads: `docker {' '.join(args[:2])}` is not allowed")
        if self.binary is None:
            raise DockerProblem(NOT_FOUND, "labcheck: no `docker` command on this machine's PATH. "
                                           "Install Docker (Docker Desktop or Docker Engine) and try again.")
        try:
            done = subprocess.run([self.binary, *args], capture_output=True, text=True, cwd=self.cwd,
                                  timeout=TIMEOUT, encoding="utf-8", errors="replace")
        except subprocess.TimeoutExpired:
            raise DockerProblem(NOT_REACHABLE, f"labcheck: Docker did not answer within {TIMEOUT} s "
                                               f"(`docker {' '.join(args)}`). Is the engine reachable?") from None
        except OSError as error:
            raise DockerProblem(NOT_FOUND, f"labcheck: the `docker` command could not run: {error}") from None
        return done.returncode, done.stdout, done.stderr

    # --- the engine and its versions -----------------------------------------------------

    def engine_version(self):
        """The engine's version, or a DockerProblem saying why there is none to check."""
        code, out, err = self.run("version", "--format", "{{.Server.Version}}")
        message = (err.strip().splitlines() or ["(no message)"])[-1]
        if code != 0 or not out.strip():
            lowered = err.lower()
            if "permission denied" in lowered:
                raise DockerProblem(NOT_REACHABLE, "labcheck: Docker is running but this user may not use it "
                                                   f"(permission denied). Docker said: {message}")
            if any(sign in lowered for sign in NOT_RUNNING_SIGNS):
                raise DockerProblem(NOT_RUNNING, "labcheck: Docker is not running. Start Docker Desktop or "
                                                 f"the Docker service, then try again. Docker said: {message}")
            raise DockerProblem(NOT_REACHABLE, f"labcheck: Docker's engine could not be reached. Docker said: {message}")
        version = out.strip()
        if (version_tuple(version) or (0, 0)) < MIN_ENGINE:
            raise DockerProblem(TOO_OLD, f"labcheck: Docker Engine {version} is too old: the lab needs "
                                         f"{MIN_ENGINE[0]} or later. Update Docker, then try again.")
        return version

    def compose_version(self):
        code, out, err = self.run("compose", "version", "--short")
        version = out.strip().lstrip("v")
        if code != 0 or not version:
            raise DockerProblem(TOO_OLD, "labcheck: `docker compose` is not installed (Compose v2 is a part "
                                         "of Docker Desktop and of the docker-compose-plugin package).")
        if (version_tuple(version) or (0, 0)) < MIN_COMPOSE:
            raise DockerProblem(TOO_OLD, f"labcheck: Docker Compose {version} is too old: the lab needs "
                                         f"{MIN_COMPOSE[0]}.{MIN_COMPOSE[1]} or later.")
        return version

    # --- queries ----------------------------------------------------------------------------

    def inspect(self, kind, name):
        """`docker KIND inspect NAME` as a dict, or None when there is no such object."""
        code, out, _ = self.run(kind, "inspect", "--format", "{{json .}}", name)
        if code != 0 or not out.strip():
            return None
        return json.loads(out.strip().splitlines()[0])

    def image_tags(self, repository):
        """The tags under which images of `repository` exist (both image stores list them alike)."""
        _, out, _ = self.run("image", "ls", "--format", "{{.Tag}}", repository)
        return sorted(tag for tag in out.split() if tag and tag != "<none>")

    def diff(self, container):
        """`docker diff` as [(A|C|D, path)], or None when the container does not exist."""
        code, out, _ = self.run("container", "diff", container)
        if code != 0:
            return None
        return [tuple(line.split(" ", 1)) for line in out.splitlines() if " " in line]

    def volume_exists(self, name):
        _, out, _ = self.run("volume", "ls", "--quiet", "--filter", f"name={name}")
        return name in out.split()

    def volume_size(self, name):
        """The volume's size as `docker system df -v` prints it ('0B' when empty), or None if unlisted.
        Not `docker cp` out of a container: that mounts the container's volumes to read them (the
        engine reports a volume mount and unmount), and labcheck must leave no trace."""
        _, out, _ = self.run("system", "df", "--verbose")
        lines = out.splitlines()
        start = next((i for i, line in enumerate(lines) if line.startswith("Local Volumes space usage")), None)
        for line in lines[start + 1:] if start is not None else []:
            if not line.strip():
                continue
            if "usage" in line.lower():  # the next part: "Build cache usage: …"
                break
            words = line.split()
            if words[0] == name:
                return words[-1]
        return None

    def compose_projects(self):
        """{project: {service, …}} of every container that Compose labelled, running or not."""
        _, out, _ = self.run("container", "ls", "--all", "--filter", "label=com.docker.compose.project", "--format",
                             '{{.Label "com.docker.compose.project"}}\t{{.Label "com.docker.compose.service"}}')
        projects = {}
        for line in out.splitlines():
            project, _, service = line.partition("\t")
            if project:
                projects.setdefault(project, set()).add(service)
        return projects

    def compose_ps(self, project):
        """The project's containers as Compose lists them: [{Service, State, Health, Name}, …]."""
        code, out, _ = self.run("compose", "--project-name", project, "ps", "--all", "--format", "json")
        if code != 0:
            return []
        return parse_compose_ps(out)


def parse_compose_ps(text):
    """`docker compose ps --format json`: one JSON array before Compose 2.21, one object per line since."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]
