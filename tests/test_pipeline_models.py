"""A tiny real MarianMT model, and its CTranslate2 conversion, through the whole pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine_models import tiny_marian_dir
from zh2en.formats.jsonl import read_article_jsonl
from zh2en.formats.tmx import read_tmx

from conftest import require_or_skip, run_cli, seed

pytestmark = [pytest.mark.torch, pytest.mark.slow]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_or_skip("torch", "the marian engine needs the [marian] extra")
    require_or_skip("transformers", "the marian engine needs the [marian] extra")
    return tiny_marian_dir(tmp_path_factory)


@pytest.mark.parametrize("engine", ["marian", "ctranslate2"])
def test_tiny_model_runs_through_the_pipeline(engine: str, tiny_model: Path, tmp_path: Path) -> None:
    if engine == "ctranslate2":
        require_or_skip("ctranslate2", "the ctranslate2 engine needs the [ct2] extra")
    out = tmp_path / "out"
    # Random weights rarely emit </s>: cap the output length so the test stays quick.
    env = {"ZH2EN_CACHE_DIR": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    res = run_cli(
        "translate",
        str(seed("003")),
        "-o",
        str(out),
        "--engine",
        engine,
        "--model",
        str(tiny_model),
        "--beam",
        "2",
        "--batch-size",
        "8",
        "--max-new-tokens",
        "24",
        "--json",
        env=env,
    )
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    (entry,) = summary["articles"]
    article = read_article_jsonl(out / entry["files"]["jsonl"])
    # Random weights give nonsense, but every segment gets exactly one target, no glossary
    # token leaks, the ledger covers every term, and the outputs carry the model's hash.
    for seg in article.segments:
        assert seg.target is not None and "⟦" not in seg.target
        assert len(seg.ledger) >= len(seg.terms)
    assert len(read_tmx(out / entry["files"]["tmx"])) == len(article.segments)
    sig = article.signature
    assert sig["engine"] == engine
    assert sig["engine_signature"]["model_hash"]
    assert sig["settings"]["beam_size"] == 2 and sig["settings"]["glossary_strategy"] == "inject"
    assert sig["settings"]["max_new_tokens"] == 24
    # A second run is served by the translation memory: the engine is not asked again.
    again = run_cli(
        "translate",
        str(seed("003")),
        "-o",
        str(out),
        "--engine",
        engine,
        "--model",
        str(tiny_model),
        "--beam",
        "2",
        "--batch-size",
        "8",
        "--max-new-tokens",
        "24",
        "--json",
        env=env,
    )
    assert again.returncode == 0, again.stderr
    stats = json.loads(again.stdout)["stats"]
    assert stats["tm_hits"] == stats["segments"] - sum(1 for s in article.segments if not s.text.strip())
    assert stats["engine_segments"] == 0
