"""How the bench writes its figures, in its printed lines and in results.md alike."""

from __future__ import annotations


def kb(size: float) -> str:
    return f"{size / 1024:.0f}"


def listed(values: list[float]) -> str:
    return ", ".join(f"{value:.0f}" for value in values)


def spread(values: list[float]) -> str:
    return f"{min(values):.0f}-{max(values):.0f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"
