"""The llm engine on a tiny random Llama-style causal LM with a chat template built offline.

Plumbing only (random weights): the prompt goes through the model's chat template and
carries the glossary hints; one output per input, in order; blanks stay blank.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine_models import seed_sentences, tiny_causal_dir
from zh2en.engines.base import EngineRequest, GlossaryHint
from zh2en.errors import EngineUnavailableError

from conftest import require_or_skip

pytestmark = pytest.mark.torch


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_or_skip("torch", "the llm engine needs the [llm] extra")
    require_or_skip("transformers", "the llm engine needs the [llm] extra")
    return tiny_causal_dir(tmp_path_factory)


@pytest.fixture(scope="module")
def engine(model_dir: Path):  # type: ignore[no-untyped-def]
    from zh2en.engines.llm import LLMEngine

    return LLMEngine(str(model_dir), max_new_tokens=8, batch_size=2)


def test_prompt_uses_the_chat_template_and_lists_the_hints(engine) -> None:  # type: ignore[no-untyped-def]
    sent = seed_sentences(n=1)[0]
    hints = [GlossaryHint("托卡耶夫", "Tokayev"), GlossaryHint("集体安全条约组织", "CSTO")]
    prompt = engine.render_prompt(EngineRequest(sent, hints=hints))
    assert prompt.startswith("<|system|>\n") and prompt.endswith("<|assistant|>\n")  # the template's markers
    assert "- 托卡耶夫 = Tokayev\n- 集体安全条约组织 = CSTO" in prompt
    assert prompt.index("Tokayev") < prompt.index(sent)  # glossary before the text
    assert "Glossary" not in engine.render_prompt(EngineRequest(sent))


def test_one_output_per_input_in_order(engine) -> None:  # type: ignore[no-untyped-def]
    from zh2en.engines.base import Engine

    assert isinstance(engine, Engine) and engine.glossary_strategy == "prompt"
    sents = seed_sentences(n=3)
    reqs = [
        EngineRequest(sents[0], hints=[GlossaryHint("托卡耶夫", "Tokayev")]),
        EngineRequest(""),
        EngineRequest(sents[1]),
        EngineRequest(sents[2]),
    ]
    out = engine.translate_batch(reqs)
    assert len(out) == 4 and out[1] == ""
    assert all(isinstance(o, str) and "<|" not in o and "\n" not in o for o in out)
    # batch_size=2 splits the batch differently from one-by-one; greedy results still agree.
    singles = [engine.translate_batch([r])[0] for r in reqs]
    assert singles[1] == "" and singles[0] == out[0]
    sig = engine.signature()
    assert sig["glossary_strategy"] == "prompt" and sig["decoding"]["do_sample"] is False
    assert len(sig["model_hash"]) == 64 and len(sig["prompt_hash"]) == 16


def test_a_model_without_chat_template_is_refused(model_dir: Path, tmp_path: Path) -> None:
    import shutil

    from zh2en.engines.llm import LLMEngine

    plain = tmp_path / "plain"
    shutil.copytree(model_dir, plain)
    for name in ("chat_template.jinja",):
        (plain / name).unlink(missing_ok=True)
    cfg = plain / "tokenizer_config.json"
    import json

    data = json.loads(cfg.read_text("utf-8"))
    data.pop("chat_template", None)
    cfg.write_text(json.dumps(data), "utf-8")
    with pytest.raises(EngineUnavailableError, match="no chat template"):
        LLMEngine(str(plain))
