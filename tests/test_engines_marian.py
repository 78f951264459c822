"""The marian engine on a tiny random-weight MarianMT model built from the seeds.

Random weights: the tests check plumbing (loading via from_pretrained, order, blanks,
determinism, signatures, errors), never translation quality. The real opus-mt-zh-en test
is opt-in (``-m real_model``).
"""

from __future__ import annotations

import importlib.util
import itertools
import shutil
from pathlib import Path

import pytest

from engine_models import requests, seed_sentences, tiny_marian_dir
from zh2en.errors import ConfigError, EngineUnavailableError, MissingDependencyError

from conftest import TOKENIZER_DIR, require_or_skip

pytestmark = pytest.mark.torch


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_or_skip("torch", "the marian engine needs the [marian] extra")
    require_or_skip("transformers", "the marian engine needs the [marian] extra")
    return tiny_marian_dir(tmp_path_factory)


@pytest.fixture(scope="module")
def engine(model_dir: Path):  # type: ignore[no-untyped-def]
    from zh2en.engines.marian import MarianEngine

    return MarianEngine(str(model_dir), beam_size=1, max_new_tokens=12)


def test_translates_seed_sentences_and_keeps_batch_order(engine) -> None:  # type: ignore[no-untyped-def]
    from zh2en.engines.base import Engine

    assert isinstance(engine, Engine) and engine.name == "marian" and engine.glossary_strategy == "inject"
    sents = seed_sentences()
    assert len(sents) == 4 and all("托卡耶夫" in s or "普京" in s or "哈萨克" in s for s in sents[:2])
    out = engine.translate_batch(requests(sents))
    assert len(out) == len(sents) and all(o.strip() for o in out)
    # Same batch in another order: each sentence gets the same translation back in its place.
    perm = [2, 0, 3, 1]
    out_perm = engine.translate_batch(requests([sents[i] for i in perm]))
    assert out_perm == [out[i] for i in perm]
    # Different sentences give different outputs (the model really reads its input).
    assert len(set(out)) > 1


def test_blank_sources_give_blank_targets(engine) -> None:  # type: ignore[no-untyped-def]
    sents = seed_sentences(n=2)
    out = engine.translate_batch(requests(["", sents[0], "   ", sents[1]]))
    assert out[0] == "" and out[2] == ""
    assert out[1] and out[3]
    assert engine.translate_batch([]) == []


def test_deterministic_and_signature_stable(model_dir: Path, engine) -> None:  # type: ignore[no-untyped-def]
    from zh2en.engines.marian import MarianEngine

    sents = seed_sentences(n=3)
    again = MarianEngine(str(model_dir), beam_size=1, max_new_tokens=12)
    assert again.translate_batch(requests(sents)) == engine.translate_batch(requests(sents))
    sig = engine.signature()
    assert sig == again.signature()
    assert sig["model"] == str(model_dir) and len(sig["model_hash"]) == 64
    assert sig["decoding"] == {
        "strategy": "greedy",
        "beam_size": 1,
        "do_sample": False,
        "max_new_tokens": 12,
        "no_repeat_ngram_size": 4,
        "repetition_penalty": 1.0,
        "seed": 0,
    }
    beam = MarianEngine(str(model_dir), beam_size=3, max_new_tokens=12)
    assert beam.signature()["decoding"]["strategy"] == "beam"
    assert beam.signature()["model_hash"] == sig["model_hash"]
    out = beam.translate_batch(requests(sents))
    assert len(out) == 3 and all(out)


def test_model_hash_follows_the_weights(model_dir: Path, tmp_path: Path) -> None:
    from zh2en.engines._hf import model_hash

    copy = tmp_path / "copy"
    shutil.copytree(model_dir, copy)
    assert model_hash(copy) == model_hash(model_dir)
    weights = copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    assert model_hash(copy) != model_hash(model_dir)


def test_repetition_guard_blocks_repeated_ngrams(model_dir: Path) -> None:
    from zh2en.engines.marian import MarianEngine

    sents = seed_sentences(n=3)
    loose = MarianEngine(str(model_dir), beam_size=1, max_new_tokens=24, no_repeat_ngram_size=0)
    guarded = MarianEngine(str(model_dir), beam_size=1, max_new_tokens=24, no_repeat_ngram_size=2)

    def repeated_bigrams(ids: list[int]) -> int:
        grams = list(itertools.pairwise(ids))
        return len(grams) - len(set(grams))

    # Random weights loop readily; the guard must remove every repeated bigram.
    assert sum(repeated_bigrams(s) for s in loose.translate_ids(sents)) > 0
    assert all(repeated_bigrams(s) == 0 for s in guarded.translate_ids(sents))


def test_missing_default_model_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from zh2en.engines.marian import MarianEngine

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EngineUnavailableError) as info:
        MarianEngine("zh2en-tests/no-such-model")
    text = str(info.value)
    assert "zh2en-tests/no-such-model" in text and "HF_HUB_OFFLINE" in text
    assert "hf download zh2en-tests/no-such-model --local-dir" in text
    assert "--model" in text and "ZH2EN_MODEL" in text
    for engine_name in ("dictionary", "identity", "file", "openai"):
        assert engine_name in text
    assert info.value.exit_code == 4


def test_bad_options_name_the_value(model_dir: Path, tmp_path: Path) -> None:
    from zh2en.engines.marian import MarianEngine

    with pytest.raises(ConfigError, match="beam_size"):
        MarianEngine(str(model_dir), beam_size=0)
    with pytest.raises(ConfigError, match="float16 needs device cuda"):
        MarianEngine(str(model_dir), dtype="float16")
    with pytest.raises(ConfigError, match="unknown device 'tpu'"):
        MarianEngine(str(model_dir), device="tpu")
    with pytest.raises(EngineUnavailableError, match="no such model folder"):
        MarianEngine(str(tmp_path / "nope"))


def test_missing_torch_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from zh2en.engines.marian import MarianEngine

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == "torch" else real(n, *a))
    with pytest.raises(MissingDependencyError) as info:
        MarianEngine()
    assert info.value.package == "torch"
    assert "pip install torch==2.13.0" in str(info.value)
    assert "pip install 'zh2en[marian]'" in str(info.value)


def test_injection_evidence_with_the_real_tokenizer() -> None:
    """Why "inject": Latin-script names survive opus-mt's source tokenizer; ⟦⟧ placeholders do not."""
    require_or_skip("transformers", "tokenizer check")
    from transformers import MarianTokenizer

    tok = MarianTokenizer.from_pretrained(str(TOKENIZER_DIR))
    for injected in ("Tokayev总统访问了Nur-Sultan。", "CSTO部队将撤离。", "Erlan Karin表示"):
        ids = tok(injected)["input_ids"]
        assert tok.unk_token_id not in ids
        assert tok.decode(ids, skip_special_tokens=True) == injected
    ids = tok("⟦T0⟧总统表示")["input_ids"]
    assert tok.unk_token_id in ids  # the placeholder brackets are unknown: lost before MT


@pytest.mark.real_model
def test_real_opus_mt_zh_en_keeps_injected_names() -> None:
    """Opt-in (-m real_model): needs Helsinki-NLP/opus-mt-zh-en in the hub cache or ZH2EN_MODEL."""
    from zh2en.engines.marian import MarianEngine

    engine = MarianEngine(beam_size=4)
    out = engine.translate_batch(requests(["Tokayev总统周一表示，CSTO部队将很快撤离。", ""]))
    assert "Tokayev" in out[0] and "CSTO" in out[0] and out[1] == ""


def test_engine_modules_import_no_torch() -> None:
    import os
    import subprocess
    import sys

    from conftest import REPO

    code = "import sys, zh2en.engines.marian, zh2en.engines.ct2; print('torch' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert res.stdout.strip() == "False"


def test_cli_engines_list(model_dir: Path) -> None:
    from conftest import run_cli

    res = run_cli("engines", "list", "--json", env={"ZH2EN_MODEL": str(model_dir), "HF_HUB_OFFLINE": "1"})
    assert res.returncode == 0, res.stderr
    import json

    rows = {r["name"]: r for r in json.loads(res.stdout)}
    assert {"marian", "ctranslate2", "llm", "openai"} <= set(rows)
    assert rows["marian"]["glossary_strategy"] == "inject" and rows["marian"]["available"] is True
    assert rows["marian"]["title"].startswith("Transformers seq2seq MT")
    assert rows["llm"]["glossary_strategy"] == rows["openai"]["glossary_strategy"] == "prompt"
    text = run_cli("engines", "list", env={"HF_HUB_OFFLINE": "1", "ZH2EN_MODEL": ""})
    marian_line = next(line for line in text.stdout.splitlines() if line.startswith("marian "))
    assert marian_line.split()[1:3] == ["inject", "no"]  # default model not downloaded here
    assert "ZH2EN_MODEL" in text.stdout


def test_cli_missing_model_exits_4_with_the_how_to() -> None:
    from conftest import run_cli

    res = run_cli("engines", "convert", "zh2en-tests/no-such-model", "out-never", env={"HF_HUB_OFFLINE": "1"})
    assert res.returncode == 4
    assert "hf download zh2en-tests/no-such-model" in res.stderr and "Traceback" not in res.stderr


def test_multilingual_model_forces_the_target_language(tmp_path_factory: pytest.TempPathFactory) -> None:
    """M2M100-style models: source language set on the tokenizer, target language forced first."""
    require_or_skip("sentencepiece", "the tiny M2M100 tokenizer")
    from engine_models import tiny_m2m100_dir
    from zh2en.engines.marian import MarianEngine

    path = tiny_m2m100_dir(tmp_path_factory)
    engine = MarianEngine(str(path), beam_size=1, max_new_tokens=8)
    assert (engine.src_lang, engine.tgt_lang) == ("zh", "en")
    sents = seed_sentences(n=2)
    en_id = engine.tokenizer.get_lang_id("en")
    zh_id = engine.tokenizer.get_lang_id("zh")
    assert engine.tokenizer(sents[0])["input_ids"][0] == zh_id  # source tagged __zh__
    for ids in engine.translate_ids(sents):
        assert ids[1] == en_id  # decoder start, then __en__ forced
    out = engine.translate_batch(requests(["", *sents]))
    assert out[0] == "" and all(out[1:]) and "__en__" not in " ".join(out)
    assert engine.signature()["tgt_lang"] == "en" and engine.signature()["model_type"] == "m2m_100"
