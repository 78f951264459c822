"""The engine protocol: tiny by design.

Pipeline position: the "translate" stage. An engine turns a batch of source strings into
target strings, one for one, and describes itself in :meth:`Engine.signature`. Caching,
batching, length-splitting and glossary protection are wrappers around any engine
(``zh2en.stages``), not engine code.

Each engine declares ``glossary_strategy``: how the glossary is enforced before MT —
``"inject"`` (canonical English written into the source), ``"placeholder"`` (terms replaced
by protected tokens the engine copies through), ``"prompt"`` (terms listed in the prompt), or
``"none"`` (post-MT repair only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable


@dataclass(slots=True)
class GlossaryHint:
    """A glossary term occurring in a source segment, for engines that take hints (LLMs)."""

    source: str  # the Chinese as written in the segment
    target: str  # the canonical English to use


@dataclass(slots=True)
class EngineRequest:
    """One segment to translate, with optional glossary hints."""

    text: str
    hints: list[GlossaryHint] = field(default_factory=list)
    key: str | None = None  # stable id (article id + segment index) for engines that look up


@runtime_checkable
class Engine(Protocol):
    """What every engine provides."""

    name: ClassVar[str]
    glossary_strategy: ClassVar[str]

    def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
        """Translate each request; the result has exactly ``len(batch)`` strings."""
        ...

    def signature(self) -> dict[str, Any]:
        """Engine name, model id or path, model hash, and decoding settings."""
        ...
