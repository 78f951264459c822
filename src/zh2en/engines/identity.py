"""The ``identity`` engine: returns its input unchanged, for dry runs and tests.

Pipeline position: the "translate" stage. With the ``inject`` glossary strategy the glossary
English is written into the source before the engine sees it, so a dry run shows every term
resolved (and the ledger says "applied") while the rest stays Chinese.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from zh2en.engines.base import EngineRequest


class IdentityEngine:
    """Pass-through engine (dry runs): the target is the source, glossary terms injected."""

    name: ClassVar[str] = "identity"
    glossary_strategy: ClassVar[str] = "inject"

    def __init__(self, model: str | None = None) -> None:
        # ``model`` is accepted (and ignored) so ``--model`` never breaks a dry run.
        self.model = model

    def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
        return [req.text for req in batch]

    def signature(self) -> dict[str, Any]:
        return {"name": self.name, "model": None, "glossary_strategy": self.glossary_strategy}
