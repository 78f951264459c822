"""Run signatures: every output says what produced it (after sacrebleu's signatures).

A signature is a flat dict (tool version, engine, model and its hash, glossary hash,
OpenCC config, settings) and a one-line string form ``zh2en:0.1.0|engine:marian|...``
shown in report headers and written into every output file.
"""

from __future__ import annotations

import json
from typing import Any

from zh2en import __version__


def make_signature(
    *,
    engine: str | None = None,
    engine_signature: dict[str, Any] | None = None,
    glossary_hash: str | None = None,
    opencc: str | None = None,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the signature dict for a run."""
    sig: dict[str, Any] = {"tool": "zh2en", "version": __version__}
    if engine is not None:
        sig["engine"] = engine
    if engine_signature:
        sig["engine_signature"] = dict(engine_signature)
    if glossary_hash is not None:
        sig["glossary"] = glossary_hash
    if opencc is not None:
        sig["opencc"] = opencc
    if settings:
        sig["settings"] = dict(sorted(settings.items()))
    return sig


def signature_string(sig: dict[str, Any]) -> str:
    """Compact one-line form, stable for equal signatures."""
    parts = [f"zh2en:{sig.get('version', __version__)}"]
    if "engine" in sig:
        parts.append(f"engine:{sig['engine']}")
    es = sig.get("engine_signature") or {}
    if es.get("model"):
        parts.append(f"model:{es['model']}")
    if es.get("model_hash"):
        parts.append(f"model_hash:{str(es['model_hash'])[:12]}")
    if "glossary" in sig:
        parts.append(f"glossary:{str(sig['glossary'])[:12]}")
    if "opencc" in sig:
        parts.append(f"opencc:{sig['opencc']}")
    for k, v in (sig.get("settings") or {}).items():
        parts.append(f"{k}:{json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v}")
    return "|".join(parts)
