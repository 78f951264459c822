"""What engines exist and whether each can run here (for ``zh2en engines list``).

Pipeline position: none — a read-only view of the engine registry
(:data:`zh2en.builtins.engines`, third-party entry points included). Availability checks
are cheap: they look for installed packages and a local model without importing torch or
loading anything.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from zh2en.builtins import engines
from zh2en.registry import doc_title


@dataclass(frozen=True, slots=True)
class EngineInfo:
    """One row of ``zh2en engines list``."""

    name: str
    glossary_strategy: str
    available: bool
    detail: str
    title: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def engine_info(name: str) -> EngineInfo:
    """Describe the engine registered as ``name``; an engine that fails to import is unavailable."""
    try:
        cls = engines.get(name)
    except Exception as exc:  # a plugin or module that cannot be imported must not break the list
        return EngineInfo(name, "?", False, f"cannot be imported: {type(exc).__name__}: {exc}", "")
    strategy = str(getattr(cls, "glossary_strategy", "none"))
    check = getattr(cls, "availability", None)
    available, detail = True, ""
    if callable(check):
        try:
            available, detail = check()
        except Exception as exc:
            available, detail = False, f"availability check failed: {type(exc).__name__}: {exc}"
    return EngineInfo(name, strategy, bool(available), str(detail), doc_title(cls))


def list_engines() -> list[EngineInfo]:
    """Every registered engine, sorted by name."""
    return [engine_info(name) for name in engines.names()]
