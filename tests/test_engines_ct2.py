"""The ctranslate2 engine: conversion of the tiny MarianMT model, caching, agreement with transformers."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine_models import requests, seed_sentences, tiny_marian_dir
from zh2en.errors import ConfigError

from conftest import require_or_skip

pytestmark = pytest.mark.torch


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_or_skip("torch", "building the tiny model needs the [marian] extra")
    require_or_skip("transformers", "the ctranslate2 engine tokenizes with transformers")
    require_or_skip("ctranslate2", "the ctranslate2 engine needs the [ct2] extra")
    return tiny_marian_dir(tmp_path_factory)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ct2-cache")


def test_converts_once_then_uses_the_cache(model_dir: Path, cache_dir: Path) -> None:
    from zh2en.engines.ct2 import CTranslate2Engine

    first = CTranslate2Engine(str(model_dir), cache_dir=str(cache_dir), beam_size=1, max_decoding_length=12)
    assert first.converted and first.compute_type == "int8"  # auto on CPU
    assert first.ct2_dir.parent == cache_dir and first.ct2_dir.name.endswith("-int8")
    assert (first.ct2_dir / "model.bin").is_file()
    mtime = (first.ct2_dir / "model.bin").stat().st_mtime_ns
    second = CTranslate2Engine(str(model_dir), cache_dir=str(cache_dir), beam_size=1, max_decoding_length=12)
    assert not second.converted and second.ct2_dir == first.ct2_dir
    assert (first.ct2_dir / "model.bin").stat().st_mtime_ns == mtime
    assert not [p for p in cache_dir.iterdir() if p.name.endswith(".tmp")]  # no leftovers

    from zh2en.engines.base import Engine

    assert isinstance(first, Engine) and first.glossary_strategy == "inject"
    sents = seed_sentences(n=3)
    out = first.translate_batch(requests(["", *sents]))
    assert out[0] == "" and len(out) == 4 and all(out[1:])
    assert second.translate_batch(requests(sents)) == out[1:]
    sig = first.signature()
    assert sig == second.signature() and sig["compute_type"] == "int8" and len(sig["model_hash"]) == 64
    # Another quantization is another cache entry.
    f32 = CTranslate2Engine(str(model_dir), cache_dir=str(cache_dir), compute_type="float32")
    assert f32.converted and f32.ct2_dir != first.ct2_dir
    assert (
        CTranslate2Engine(str(model_dir), cache_dir=str(cache_dir), max_new_tokens=7).max_decoding_length == 7
    )


def test_same_greedy_tokens_as_transformers(model_dir: Path, cache_dir: Path) -> None:
    """Same model, float32, greedy, no guard: both decoders take the same path token by token."""
    from zh2en.engines.ct2 import CTranslate2Engine
    from zh2en.engines.marian import MarianEngine

    sents = seed_sentences(n=4)
    hf = MarianEngine(str(model_dir), beam_size=1, max_new_tokens=10, no_repeat_ngram_size=0)
    ct = CTranslate2Engine(
        str(model_dir),
        cache_dir=str(cache_dir),
        compute_type="float32",
        beam_size=1,
        max_decoding_length=10,
        no_repeat_ngram_size=0,
    )
    tok = hf.tokenizer
    specials = {tok.pad_token_id, tok.eos_token_id}
    for hf_ids, ct_tokens in zip(hf.translate_ids(sents), ct.translate_tokens(sents), strict=True):
        hf_tokens = tok.convert_ids_to_tokens([i for i in hf_ids if i not in specials])
        assert len(hf_tokens) >= 5
        # transformers forces </s> at the length limit; CTranslate2 does not: compare the common part.
        assert ct_tokens[: len(hf_tokens)] == hf_tokens


def test_a_converted_folder_is_used_as_is(model_dir: Path, tmp_path: Path) -> None:
    from zh2en.engines.ct2 import CTranslate2Engine, convert_model

    out = convert_model(model_dir, tmp_path / "ct2-model", quantization="int8")
    assert (out / "model.bin").is_file() and (out / "source.spm").is_file()  # tokenizer travels along
    assert convert_model(model_dir, out) == out  # existing conversion kept
    engine = CTranslate2Engine(str(out), beam_size=2, max_decoding_length=8)
    assert not engine.converted and engine.ct2_dir == out.resolve()
    assert len(engine.translate_batch(requests(seed_sentences(n=2)))) == 2

    (tmp_path / "occupied").mkdir()
    (tmp_path / "occupied" / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(ConfigError, match="not a CTranslate2 model"):
        convert_model(model_dir, tmp_path / "occupied")
    assert (tmp_path / "occupied" / "notes.txt").read_text("utf-8") == "mine"


def test_bad_compute_type_lists_the_valid_ones(model_dir: Path, cache_dir: Path) -> None:
    from zh2en.engines.ct2 import CTranslate2Engine

    with pytest.raises(ConfigError, match="int4") as info:
        CTranslate2Engine(str(model_dir), cache_dir=str(cache_dir), compute_type="int4")
    assert "int8" in str(info.value)


@pytest.mark.slow
def test_cli_convert(model_dir: Path, tmp_path: Path) -> None:
    from conftest import run_cli

    res = run_cli("engines", "convert", str(model_dir), str(tmp_path / "ct2"), "--quantization", "int8")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == str(tmp_path / "ct2") and (tmp_path / "ct2" / "model.bin").is_file()
    again = run_cli("engines", "convert", str(model_dir), str(tmp_path / "ct2"), "--quantization", "bogus")
    assert again.returncode == 1 and "unknown quantization 'bogus'" in again.stderr


@pytest.mark.real_model
def test_real_opus_mt_zh_en_through_ctranslate2(tmp_path: Path) -> None:
    """Opt-in (-m real_model): needs Helsinki-NLP/opus-mt-zh-en in the hub cache or ZH2EN_MODEL."""
    from zh2en.engines.ct2 import CTranslate2Engine

    engine = CTranslate2Engine(cache_dir=str(tmp_path))
    out = engine.translate_batch(requests(["Tokayev总统周一表示，CSTO部队将很快撤离。", ""]))
    assert "Tokayev" in out[0] and "CSTO" in out[0] and out[1] == ""
