"""The parts of a compose file the Compose diagram draws: services, networks, volumes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Service:
    name: str
    source: str  # "image redis:7.4-alpine" or "build web.Dockerfile"
    ports: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    volumes: list[tuple[str, str]] = field(default_factory=list)  # (named volume, mount path)
    depends_on: list[tuple[str, str]] = field(default_factory=list)  # (service, condition)


@dataclass
class Stack:
    name: str
    services: list[Service]
    networks: list[str]
    volumes: list[str]


def stack(data: dict) -> Stack:
    """The parts of a (validated) compose file a diagram shows."""
    services = []
    declared_volumes = list(data.get("volumes") or {})
    uses_default_network = False
    for name, spec in data["services"].items():
        spec = spec or {}
        build = spec.get("build")
        if build:
            source = "build " + (build if isinstance(build, str) else build.get("dockerfile", "Dockerfile"))
        else:
            source = f"image {spec.get('image', '?')}"
        networks = spec.get("networks") or []
        networks = list(networks) if isinstance(networks, (list, dict)) else []
        if not networks and spec.get("network_mode") is None:
            networks, uses_default_network = ["default"], True
        depends = spec.get("depends_on") or []
        if isinstance(depends, dict):
            depends_on = [(d, (c or {}).get("condition", "service_started")) for d, c in depends.items()]
        else:
            depends_on = [(d, "service_started") for d in depends]
        volumes = []
        for mount in spec.get("volumes") or []:
            source_name, target = (mount.split(":")[:2] + [""])[:2] if isinstance(mount, str) else (mount.get("source"), mount.get("target"))
            if source_name in declared_volumes:
                volumes.append((source_name, target))
        ports = [str(p) if not isinstance(p, dict) else f"{p.get('published', '')}:{p.get('target')}" for p in spec.get("ports") or []]
        services.append(Service(name, source, ports, networks, volumes, depends_on))
    networks = list(data.get("networks") or {}) + (["default"] if uses_default_network else [])
    return Stack(str(data.get("name", "")), services, networks, declared_volumes)
