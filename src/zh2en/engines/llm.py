"""The ``llm`` engine: a local transformers chat model (Qwen2.5-Instruct style).

Pipeline position: the "translate" stage (see :mod:`zh2en.engines.base`). Each segment
becomes a chat (system prompt + user turn listing the segment's glossary terms, see
:mod:`zh2en.engines._prompt`) rendered with the tokenizer's own chat template; generation
is greedy (no sampling, ``torch.manual_seed(seed)``), batched with left padding, and the
reply goes through the output contract (:func:`zh2en.engines._prompt.clean_output`): the
translation only, chatter stripped.

Glossary strategy — ``"prompt"``: instruction-tuned models follow "use exactly this English
for these names" far better than they copy injected Latin text or placeholders; the
post-MT enforcement stage still checks every term.

Loop guard: ``max_new_tokens`` is capped per batch at ``3 × source tokens + 32`` (a
translation is never that much longer than its source) and ``repetition_penalty`` is
available; both are recorded in :meth:`LLMEngine.signature`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from zh2en.engines import _hf, _prompt
from zh2en.engines.base import EngineRequest
from zh2en.engines.marian import check_positive, length_sorted_chunks
from zh2en.errors import ConfigError, EngineUnavailableError

DEFAULT_LLM = "Qwen/Qwen2.5-7B-Instruct"
_PURPOSE = "the llm engine (transformers chat model)"


class LLMEngine:
    """Local transformers chat model (e.g. Qwen2.5-Instruct); glossary terms in the prompt.

    Options: ``model`` (hub id or local folder; default ``ZH2EN_MODEL`` or
    Qwen/Qwen2.5-7B-Instruct), ``device``, ``dtype``, ``max_new_tokens``, ``batch_size``,
    ``num_threads``, ``local_files_only``, ``repetition_penalty``, ``seed``, ``system_prompt``.
    """

    name: ClassVar[str] = "llm"
    glossary_strategy: ClassVar[str] = "prompt"
    requires: ClassVar[tuple[str, ...]] = ("torch", "transformers")

    def __init__(
        self,
        model: str | None = None,
        *,
        device: str = "cpu",
        dtype: str = "float32",
        max_new_tokens: int = 512,
        batch_size: int = 4,
        num_threads: int | None = None,
        local_files_only: bool | None = None,
        repetition_penalty: float = 1.0,
        seed: int = 0,
        system_prompt: str | None = None,
        revision: str | None = None,
    ) -> None:
        _hf.require(self.requires, "llm", _PURPOSE)
        self.model = model or os.environ.get("ZH2EN_MODEL") or DEFAULT_LLM
        self.max_new_tokens = check_positive("max_new_tokens", max_new_tokens)
        self.batch_size = check_positive("batch_size", batch_size)
        if repetition_penalty < 1.0:
            raise ConfigError(f"repetition_penalty must be ≥ 1.0 (1.0 = off), got {repetition_penalty!r}")
        self.repetition_penalty = float(repetition_penalty)
        self.seed = int(seed)
        self.system_prompt = system_prompt or _prompt.SYSTEM_PROMPT
        self.device = _hf.check_device(device)
        self.dtype = dtype
        torch = _hf.import_module("torch", "llm", _PURPOSE)
        transformers = _hf.import_module("transformers", "llm", _PURPOSE)
        self._torch = torch
        torch_dtype = _hf.torch_dtype(torch, dtype, self.device)
        if num_threads is not None:
            torch.set_num_threads(check_positive("num_threads", num_threads))

        self.model_dir: Path = _hf.resolve_model_dir(
            self.model, local_files_only=local_files_only, revision=revision
        )
        self.model_hash = _hf.model_hash(self.model_dir)
        self.tokenizer = _hf.load_tokenizer(self.model_dir)
        if not getattr(self.tokenizer, "chat_template", None):
            raise EngineUnavailableError(
                f"the tokenizer of {self.model!r} has no chat template",
                hint="the llm engine needs an instruction-tuned chat model (e.g. Qwen/Qwen2.5-7B-Instruct); "
                "use the marian engine for seq2seq MT models",
            )
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        try:
            net = transformers.AutoModelForCausalLM.from_pretrained(
                str(self.model_dir), dtype=torch_dtype, local_files_only=True
            )
        except Exception as exc:
            raise EngineUnavailableError(
                f"cannot load a causal LM from {str(self.model_dir)!r}: {type(exc).__name__}: {exc}",
                hint="the folder needs config.json and the weights of a transformers causal LM",
            ) from exc
        net.eval()
        self.net = net.to(self.device)

    def render_prompt(self, request: EngineRequest) -> str:
        """The full prompt text for one segment (the model's chat template applied)."""
        msgs = _prompt.messages(request, self.system_prompt)
        try:
            text = self.tokenizer.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)
        except Exception:
            # Some templates (Gemma, Mistral v1) refuse a system turn: fold it into the user turn.
            merged = [{"role": "user", "content": f"{msgs[0]['content']}\n\n{msgs[1]['content']}"}]
            text = self.tokenizer.apply_chat_template(merged, tokenize=False, add_generation_prompt=True)
        return str(text)

    def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
        """Translate each request; blank sources give blank targets without a model call."""
        torch = self._torch
        texts = [r.text for r in batch]
        out = ["" for _ in batch]
        for idx in length_sorted_chunks(texts, self.batch_size):
            prompts = [self.render_prompt(batch[i]) for i in idx]
            enc = self.tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False).to(
                self.device
            )
            source_len = max(
                len(self.tokenizer(texts[i], add_special_tokens=False)["input_ids"]) for i in idx
            )
            torch.manual_seed(self.seed)
            with torch.inference_mode():
                generated = self.net.generate(
                    **enc,
                    do_sample=False,
                    num_beams=1,
                    max_new_tokens=min(self.max_new_tokens, 3 * source_len + 32),
                    repetition_penalty=self.repetition_penalty,
                    pad_token_id=self.tokenizer.pad_token_id,
                )
            new_tokens = generated[:, enc["input_ids"].shape[1] :]
            for row, i in enumerate(idx):
                reply = self.tokenizer.decode(new_tokens[row], skip_special_tokens=True)
                out[i] = _prompt.clean_output(reply, texts[i])
        return out

    def signature(self) -> dict[str, Any]:
        """Engine, model id/path and hash, prompt hash and decoding settings."""
        return {
            "engine": self.name,
            "model": self.model,
            "model_hash": self.model_hash,
            "device": self.device.split(":")[0],
            "dtype": self.dtype,
            "prompt_hash": _prompt.prompt_hash(self.system_prompt),
            "decoding": {
                "strategy": "greedy",
                "do_sample": False,
                "max_new_tokens": self.max_new_tokens,
                "max_new_tokens_cap": "3*source+32",
                "repetition_penalty": self.repetition_penalty,
                "seed": self.seed,
            },
            "glossary_strategy": self.glossary_strategy,
            "libraries": _hf.library_versions("transformers", "torch"),
        }

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        """Cheap check: dependencies installed (the model is named per run)."""
        missing = _hf.missing_modules(cls.requires)
        if missing:
            return False, f"missing {', '.join(missing)} (pip install 'zh2en[llm]')"
        return True, f"default model {DEFAULT_LLM} (pass --model)"
