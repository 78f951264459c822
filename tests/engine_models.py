"""Tiny random-weight models for the engine tests, built once per test session.

Not a test module: ``test_engines_*.py`` call these from their own fixtures, so the
SentencePiece training and model building (a few seconds) happen once however many
engine test files run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zh2en.engines.base import EngineRequest

from conftest import SEEDS, seed

_BUILT: dict[str, Path] = {}


def tiny_marian_dir(factory: pytest.TempPathFactory) -> Path:
    """A saved tiny MarianMT model (d_model 32, 1 layer) with SentencePiece trained on the seeds."""
    if "marian" not in _BUILT:
        from zh2en.engines import tiny

        _BUILT["marian"] = tiny.build_tiny_marian(factory.mktemp("tiny-marian"), tiny.seed_texts(SEEDS))
    return _BUILT["marian"]


def tiny_causal_dir(factory: pytest.TempPathFactory) -> Path:
    """A saved tiny Llama-style causal LM with a chat template."""
    if "causal" not in _BUILT:
        from zh2en.engines import tiny

        _BUILT["causal"] = tiny.build_tiny_causal_lm(factory.mktemp("tiny-causal"), tiny.seed_texts(SEEDS))
    return _BUILT["causal"]


def seed_sentences(prefix: str = "003", n: int = 4) -> list[str]:
    """The first ``n`` Chinese sentences of a seed's body paragraphs."""
    from zh2en.engines.tiny import seed_texts

    text = seed(prefix).read_text("utf-8")
    paragraphs = [p for p in seed_texts(seed(prefix).parent) if p in text and "。" in p]
    sentences = [s + "。" for p in paragraphs for s in p.split("。") if s.strip()]
    return sentences[:n]


def requests(texts: list[str]) -> list[EngineRequest]:
    return [EngineRequest(t) for t in texts]


def tiny_m2m100_dir(factory: pytest.TempPathFactory) -> Path:
    """A saved tiny M2M100 model (multilingual path: src_lang + forced target-language BOS)."""
    if "m2m100" not in _BUILT:
        from zh2en.engines import tiny

        _BUILT["m2m100"] = tiny.build_tiny_m2m100(factory.mktemp("tiny-m2m100"), tiny.seed_texts(SEEDS))
    return _BUILT["m2m100"]
