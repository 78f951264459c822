"""The ``marian`` engine: Hugging Face transformers seq2seq models (MarianMT, NLLB, M2M100).

Pipeline position: the "translate" stage (see :mod:`zh2en.engines.base`). The default model
is ``Helsinki-NLP/opus-mt-zh-en``; any transformers seq2seq model id or local folder works,
including multilingual ones that need a source language and a forced target-language BOS
token (NLLB: ``zho_Hans`` → ``eng_Latn``; M2M100: ``zh`` → ``en``).

Glossary strategy — ``"inject"``. The pipeline writes the canonical English of each matched
term into the Chinese source (托卡耶夫 → ``Tokayev``) before MT, then checks the output.
Evidence (opus-mt-zh-en's real tokenizer; ``tests/test_engines_marian.py`` checks it):
its SentencePiece vocabulary is shared with the English side, so an injected name becomes
ordinary target-language pieces (``Tokayev`` → ``▁To ka y ev``, ``CSTO`` → ``▁C S TO``,
``Nur-Sultan`` → ``N ur - S ult an``) with no ``<unk>`` and a lossless round trip — pieces the
decoder emits itself, which is why Marian models copy Latin-script names through (as they
do with the English names news articles quote in parentheses). Placeholders fare worse:
``⟦T0⟧`` loses its brackets to ``<unk>`` before the model even sees it, and ``__T0__`` or
``<x0>`` become 4–5 loose pieces the decoder is free to drop, reorder, re-case or
translate. Injection keeps the sentence natural; the post-MT repair
(``zh2en.stages.enforce``) catches what the model still changes.

Determinism: decoding is greedy (``beam_size=1``) or beam search, never sampled;
``torch.manual_seed(seed)`` runs before each batch. The repetition-loop guard
(``no_repeat_ngram_size``, ``repetition_penalty``) and every other decoding setting are
recorded in :meth:`MarianEngine.signature`, with the model id/path and a hash of its files.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from zh2en.engines import _hf
from zh2en.engines.base import EngineRequest
from zh2en.errors import ConfigError, EngineUnavailableError

_PURPOSE = "the marian engine (transformers seq2seq)"


def length_sorted_chunks(texts: Sequence[str], batch_size: int) -> Iterator[list[int]]:
    """Indices of non-blank ``texts``, longest first, in chunks of ``batch_size``.

    Sorting by length keeps padding small; callers put results back by index, so the
    output order is always the input order.
    """
    order = sorted((i for i, t in enumerate(texts) if t.strip()), key=lambda i: -len(texts[i]))
    for start in range(0, len(order), batch_size):
        yield order[start : start + batch_size]


def check_positive(name: str, value: int, *, minimum: int = 1) -> int:
    if not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{name} must be an integer ≥ {minimum}, got {value!r}")
    return value


class MarianEngine:
    """Transformers seq2seq MT (MarianMT opus-mt-zh-en by default; NLLB/M2M100 by id or path).

    Options: ``model`` (hub id or local folder; default ``ZH2EN_MODEL`` or
    Helsinki-NLP/opus-mt-zh-en), ``device`` (cpu, cuda, cuda:N), ``dtype`` (float32, bfloat16,
    float16 on GPU), ``beam_size`` (1 = greedy), ``max_new_tokens``, ``batch_size``,
    ``num_threads`` (torch CPU threads), ``local_files_only`` (None = auto: offline when
    HF_HUB_OFFLINE is set, else local cache first), ``no_repeat_ngram_size`` and
    ``repetition_penalty`` (loop guard), ``seed``, ``src_lang``/``tgt_lang`` (multilingual
    models), ``revision`` (hub revision).
    """

    name: ClassVar[str] = "marian"
    glossary_strategy: ClassVar[str] = "inject"
    requires: ClassVar[tuple[str, ...]] = ("torch", "transformers", "sentencepiece")

    def __init__(
        self,
        model: str | None = None,
        *,
        device: str = "cpu",
        dtype: str = "float32",
        beam_size: int = 4,
        max_new_tokens: int = 256,
        batch_size: int = 16,
        num_threads: int | None = None,
        local_files_only: bool | None = None,
        no_repeat_ngram_size: int = 4,
        repetition_penalty: float = 1.0,
        seed: int = 0,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        revision: str | None = None,
    ) -> None:
        _hf.require(self.requires, "marian", _PURPOSE)
        self.model = _hf.resolve_model(model)
        self.beam_size = check_positive("beam_size", beam_size)
        self.max_new_tokens = check_positive("max_new_tokens", max_new_tokens)
        self.batch_size = check_positive("batch_size", batch_size)
        self.no_repeat_ngram_size = check_positive("no_repeat_ngram_size", no_repeat_ngram_size, minimum=0)
        if repetition_penalty < 1.0:
            raise ConfigError(f"repetition_penalty must be ≥ 1.0 (1.0 = off), got {repetition_penalty!r}")
        self.repetition_penalty = float(repetition_penalty)
        self.seed = int(seed)
        self.device = _hf.check_device(device)
        self.dtype = dtype

        torch = _hf.import_module("torch", "marian", _PURPOSE)
        transformers = _hf.import_module("transformers", "marian", _PURPOSE)
        self._torch = torch
        torch_dtype = _hf.torch_dtype(torch, dtype, self.device)
        if num_threads is not None:
            torch.set_num_threads(check_positive("num_threads", num_threads))
        self.num_threads = num_threads

        self.model_dir: Path = _hf.resolve_model_dir(
            self.model, local_files_only=local_files_only, revision=revision
        )
        self.model_hash = _hf.model_hash(self.model_dir)
        self.tokenizer = _hf.load_tokenizer(self.model_dir)
        self.src_lang, self.tgt_lang = _hf.lang_settings(self.tokenizer, src_lang, tgt_lang)
        if self.src_lang is not None:
            self.tokenizer.src_lang = self.src_lang
        self._forced_bos: int | None = (
            _hf.target_lang_token_id(self.tokenizer, self.tgt_lang) if self.tgt_lang is not None else None
        )
        try:
            net = transformers.AutoModelForSeq2SeqLM.from_pretrained(
                str(self.model_dir), dtype=torch_dtype, local_files_only=True
            )
        except Exception as exc:
            raise EngineUnavailableError(
                f"cannot load a seq2seq model from {str(self.model_dir)!r}: {type(exc).__name__}: {exc}",
                hint="the folder needs config.json and model.safetensors (or pytorch_model.bin) of a "
                "transformers seq2seq model; for a causal chat model use the llm engine",
            ) from exc
        net.eval()
        self.net = net.to(self.device)
        self.model_type = str(getattr(net.config, "model_type", "unknown"))
        self.model_max_length = int(getattr(net.config, "max_position_embeddings", 512) or 512)
        # Decoding past the position table fails (Marian): never ask for more than it holds.
        self.max_new_tokens = min(self.max_new_tokens, self.model_max_length - 1)

    # -- Engine protocol ------------------------------------------------------------------
    def generate_kwargs(self) -> dict[str, Any]:
        """The decoding settings passed to ``generate`` (deterministic: no sampling)."""
        kwargs: dict[str, Any] = {
            "do_sample": False,
            "num_beams": self.beam_size,
            "max_new_tokens": self.max_new_tokens,
            "no_repeat_ngram_size": self.no_repeat_ngram_size,
            "repetition_penalty": self.repetition_penalty,
        }
        if self.beam_size > 1:
            kwargs["early_stopping"] = True
        if self._forced_bos is not None:
            kwargs["forced_bos_token_id"] = self._forced_bos
        return kwargs

    def translate_ids(self, texts: Sequence[str], **overrides: Any) -> list[list[int]]:
        """Generated token ids per text (special tokens included), input order kept."""
        torch = self._torch
        out: list[list[int]] = [[] for _ in texts]
        kwargs = self.generate_kwargs() | overrides
        for idx in length_sorted_chunks(texts, self.batch_size):
            enc = self.tokenizer(
                [texts[i] for i in idx],
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=self.model_max_length,
            ).to(self.device)
            torch.manual_seed(self.seed)
            with torch.inference_mode():
                generated = self.net.generate(**enc, **kwargs)
            for row, i in enumerate(idx):
                out[i] = [int(t) for t in generated[row].tolist()]
        return out

    def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
        """Translate each request; blank sources give blank targets without a model call."""
        texts = [r.text for r in batch]
        ids = self.translate_ids(texts)
        return [
            # The forced language token is not always "special" to the tokenizer (M2M100): drop it.
            self.tokenizer.decode([i for i in seq if i != self._forced_bos], skip_special_tokens=True).strip()
            if t.strip()
            else ""
            for seq, t in zip(ids, texts, strict=True)
        ]

    def signature(self) -> dict[str, Any]:
        """Engine, model id/path and hash, device, dtype and every decoding setting."""
        return {
            "engine": self.name,
            "model": self.model,
            "model_hash": self.model_hash,
            "model_type": self.model_type,
            "device": self.device.split(":")[0],
            "dtype": self.dtype,
            "decoding": {
                "strategy": "greedy" if self.beam_size == 1 else "beam",
                "beam_size": self.beam_size,
                "do_sample": False,
                "max_new_tokens": self.max_new_tokens,
                "no_repeat_ngram_size": self.no_repeat_ngram_size,
                "repetition_penalty": self.repetition_penalty,
                "seed": self.seed,
            },
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "glossary_strategy": self.glossary_strategy,
            "libraries": _hf.library_versions("transformers", "torch"),
        }

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        """Cheap check (no import of torch): dependencies and a local default model."""
        missing = _hf.missing_modules(cls.requires)
        if missing:
            return False, f"missing {', '.join(missing)} (pip install 'zh2en[marian]')"
        return _default_model_status()


def _default_model_status() -> tuple[bool, str]:
    model = _hf.resolve_model(None)
    if Path(model).expanduser().is_dir():
        return True, f"model {model}"
    try:
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(model, "config.json")
    except Exception:
        found = None
    if isinstance(found, str):
        return True, f"model {model} (hub cache)"
    if _hf.hub_offline():
        return False, f"{model} not downloaded (HF_HUB_OFFLINE); pass --model PATH or set ZH2EN_MODEL"
    return False, f"{model} not downloaded yet; downloads on first use where the hub is reachable"
