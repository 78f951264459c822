"""The ``ctranslate2`` engine: the marian engine's models through CTranslate2 (the fast path).

Pipeline position: the "translate" stage (see :mod:`zh2en.engines.base`). A transformers
seq2seq model (default ``Helsinki-NLP/opus-mt-zh-en``; any id or local folder the marian
engine accepts) is converted once with ``ctranslate2.converters.TransformersConverter`` and
cached under ``<cache_dir>/<model hash>-<quantization>``; later constructions load the
cached conversion. Conversion is atomic: it writes into a temporary folder next to the cache
entry and renames it into place, so a killed conversion never leaves a half-written model
and two processes converting at once both end with a complete one. A folder that already
holds a CTranslate2 model (``model.bin``) is used as is.

Quantization/compute type: ``auto`` = int8 on CPU, float16 on GPU. Tokenization uses the
model's Hugging Face tokenizer (ids → tokens for CTranslate2, tokens → ids → text back).

Glossary strategy — ``"inject"``, for the same reasons as the marian engine (same models,
same vocabulary; see :mod:`zh2en.engines.marian`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from zh2en.engines import _hf
from zh2en.engines.base import EngineRequest
from zh2en.engines.marian import check_positive, length_sorted_chunks
from zh2en.errors import ConfigError, EngineUnavailableError

_PURPOSE = "the ctranslate2 engine"
QUANTIZATIONS = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)


def default_cache_dir() -> Path:
    """``ZH2EN_CACHE_DIR``/ct2, else ``$XDG_CACHE_HOME/zh2en/ct2``, else ``~/.cache/zh2en/ct2``."""
    if os.environ.get("ZH2EN_CACHE_DIR"):
        return Path(os.environ["ZH2EN_CACHE_DIR"]).expanduser() / "ct2"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "zh2en" / "ct2"


def is_ct2_model(path: Path) -> bool:
    """True for a folder holding a converted CTranslate2 model."""
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def resolve_compute_type(compute_type: str, device: str) -> str:
    """``auto`` → int8 on CPU, float16 on CUDA; anything else must be a known type."""
    if compute_type == "auto":
        return "float16" if device == "cuda" else "int8"
    if compute_type not in QUANTIZATIONS:
        raise ConfigError(
            f"unknown compute_type {compute_type!r}", hint=f"use auto or one of: {', '.join(QUANTIZATIONS)}"
        )
    return compute_type


def convert_model(
    model_dir: str | Path, out_dir: str | Path, *, quantization: str = "int8", force: bool = False
) -> Path:
    """Convert a transformers model folder to CTranslate2 in ``out_dir``, atomically.

    The conversion goes into a temporary sibling folder that is renamed to ``out_dir`` when
    complete. An existing ``out_dir`` is kept (returned as is) unless ``force``.
    """
    _hf.require(("ctranslate2", "transformers", "torch"), "ct2", _PURPOSE)
    if quantization not in QUANTIZATIONS:
        raise ConfigError(
            f"unknown quantization {quantization!r}", hint=f"use one of: {', '.join(QUANTIZATIONS)}"
        )
    out = Path(out_dir)
    if out.exists() and not force:
        if is_ct2_model(out):
            return out
        raise ConfigError(
            f"{str(out)!r} exists and is not a CTranslate2 model", hint="choose an empty or new folder"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    converters = _hf.import_module("ctranslate2.converters", "ct2", _PURPOSE)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        # The tokenizer files travel with the conversion, so the folder is self-contained.
        copy = [f.name for f in Path(model_dir).iterdir() if f.name in _hf.TOKENIZER_FILES]
        converter = converters.TransformersConverter(str(model_dir), copy_files=copy or None)
        converter.convert(str(tmp), quantization=quantization, force=True)
        if force and out.exists():
            shutil.rmtree(out)
        try:
            os.rename(tmp, out)
        except OSError:
            if not is_ct2_model(out):  # lost a race to another converter: theirs is complete
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, ConfigError | EngineUnavailableError):
            raise
        raise EngineUnavailableError(
            f"converting {str(model_dir)!r} to CTranslate2 failed: {type(exc).__name__}: {exc}",
            hint="CTranslate2 supports Marian, NLLB, M2M100, mBART, T5 … seq2seq models; "
            "use the marian engine for others",
        ) from exc
    return out


class CTranslate2Engine:
    """CTranslate2 MT (the marian engine's models, converted once and cached; int8 on CPU).

    Options: ``model`` (hub id, transformers folder or converted CTranslate2 folder),
    ``tokenizer`` (folder, when ``model`` is a CTranslate2 folder without tokenizer files),
    ``device`` (cpu, cuda), ``compute_type`` (auto = int8 on CPU, float16 on GPU),
    ``beam_size``, ``max_decoding_length`` (or ``max_new_tokens``), ``no_repeat_ngram_size``,
    ``repetition_penalty``, ``batch_size``, ``inter_threads``, ``intra_threads``, ``cache_dir``,
    ``local_files_only``, ``src_lang``/``tgt_lang`` (multilingual models).
    """

    name: ClassVar[str] = "ctranslate2"
    glossary_strategy: ClassVar[str] = "inject"
    requires: ClassVar[tuple[str, ...]] = ("ctranslate2", "transformers", "sentencepiece")

    def __init__(
        self,
        model: str | None = None,
        *,
        tokenizer: str | None = None,
        device: str = "cpu",
        compute_type: str = "auto",
        beam_size: int = 4,
        max_decoding_length: int = 256,
        max_new_tokens: int | None = None,
        no_repeat_ngram_size: int = 4,
        repetition_penalty: float = 1.0,
        batch_size: int = 32,
        inter_threads: int = 1,
        intra_threads: int = 0,
        cache_dir: str | None = None,
        local_files_only: bool | None = None,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        revision: str | None = None,
    ) -> None:
        _hf.require(self.requires, "ct2", _PURPOSE)
        ct2 = _hf.import_module("ctranslate2", "ct2", _PURPOSE)
        self.model = _hf.resolve_model(model)
        if device not in {"cpu", "cuda"}:
            raise ConfigError(f"unknown device {device!r} for ctranslate2", hint="use cpu or cuda")
        if device == "cuda" and ct2.get_cuda_device_count() == 0:
            raise EngineUnavailableError(
                "device 'cuda' requested but CTranslate2 sees no CUDA GPU", hint="use --device cpu"
            )
        self.device = device
        self.compute_type = resolve_compute_type(compute_type, device)
        self.beam_size = check_positive("beam_size", beam_size)
        # max_new_tokens (the marian engine's name, and zh2en's --max-new-tokens) wins when given.
        limit = max_decoding_length if max_new_tokens is None else max_new_tokens
        self.max_decoding_length = check_positive("max_decoding_length", limit)
        self.no_repeat_ngram_size = check_positive("no_repeat_ngram_size", no_repeat_ngram_size, minimum=0)
        if repetition_penalty < 1.0:
            raise ConfigError(f"repetition_penalty must be ≥ 1.0 (1.0 = off), got {repetition_penalty!r}")
        self.repetition_penalty = float(repetition_penalty)
        self.batch_size = check_positive("batch_size", batch_size)
        self.inter_threads = check_positive("inter_threads", inter_threads)
        self.intra_threads = check_positive("intra_threads", intra_threads, minimum=0)

        source_dir = _hf.resolve_model_dir(self.model, local_files_only=local_files_only, revision=revision)
        self.converted = False
        if is_ct2_model(source_dir):
            self.ct2_dir = source_dir
            self.model_hash = _hf.model_hash(source_dir)
        else:
            self.model_hash = _hf.model_hash(source_dir)
            cache = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
            self.ct2_dir = cache / f"{self.model_hash[:16]}-{self.compute_type}"
            if not is_ct2_model(self.ct2_dir):
                convert_model(source_dir, self.ct2_dir, quantization=self.compute_type, force=True)
                self.converted = True
        self.tokenizer = _hf.load_tokenizer(Path(tokenizer) if tokenizer else source_dir)
        self.src_lang, self.tgt_lang = _hf.lang_settings(self.tokenizer, src_lang, tgt_lang)
        if self.src_lang is not None:
            self.tokenizer.src_lang = self.src_lang
        limit = int(getattr(self.tokenizer, "model_max_length", 0) or 0)
        if 0 < limit < 100_000 and self.max_decoding_length > limit - 1:
            # Marian has learned/sinusoidal positions up to model_max_length: decode no further.
            self.max_decoding_length = limit - 1
        try:
            self.translator = ct2.Translator(
                str(self.ct2_dir),
                device=device,
                compute_type=self.compute_type,
                inter_threads=self.inter_threads,
                intra_threads=self.intra_threads,
            )
        except Exception as exc:
            raise EngineUnavailableError(
                f"cannot load the CTranslate2 model {str(self.ct2_dir)!r}: {type(exc).__name__}: {exc}",
                hint="delete that cache folder to convert again, or pick another compute_type",
            ) from exc

    def translate_options(self) -> dict[str, Any]:
        """The decoding settings passed to ``Translator.translate_batch`` (deterministic)."""
        opts: dict[str, Any] = {
            "beam_size": self.beam_size,
            "max_decoding_length": self.max_decoding_length,
            "no_repeat_ngram_size": self.no_repeat_ngram_size,
            "repetition_penalty": self.repetition_penalty,
            "sampling_topk": 1,
            "max_batch_size": self.batch_size,
        }
        return opts

    def tokenize(self, text: str) -> list[str]:
        """Source tokens as CTranslate2 wants them (the HF tokenizer's pieces, EOS included)."""
        ids = self.tokenizer(text, truncation=True)["input_ids"]
        return list(self.tokenizer.convert_ids_to_tokens(ids))

    def translate_tokens(self, texts: Sequence[str], **overrides: Any) -> list[list[str]]:
        """Target tokens per text, input order kept (blank texts give no tokens)."""
        out: list[list[str]] = [[] for _ in texts]
        opts = self.translate_options() | overrides
        for idx in length_sorted_chunks(texts, self.batch_size):
            source = [self.tokenize(texts[i]) for i in idx]
            prefix = [[self.tgt_lang] for _ in idx] if self.tgt_lang else None
            results = self.translator.translate_batch(source, target_prefix=prefix, **opts)
            for i, res in zip(idx, results, strict=True):
                out[i] = list(res.hypotheses[0])
        return out

    def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
        """Translate each request; blank sources give blank targets without a model call."""
        texts = [r.text for r in batch]
        tokens = self.translate_tokens(texts)
        return [
            self.tokenizer.decode(
                # the target-language prefix (multilingual models) is not part of the text
                self.tokenizer.convert_tokens_to_ids([x for x in toks if x != self.tgt_lang]),
                skip_special_tokens=True,
            ).strip()
            if t.strip()
            else ""
            for toks, t in zip(tokens, texts, strict=True)
        ]

    def signature(self) -> dict[str, Any]:
        """Engine, model id/path and hash, device, compute type and every decoding setting."""
        return {
            "engine": self.name,
            "model": self.model,
            "model_hash": self.model_hash,
            "device": self.device,
            "compute_type": self.compute_type,
            "decoding": {
                "strategy": "greedy" if self.beam_size == 1 else "beam",
                "beam_size": self.beam_size,
                "do_sample": False,
                "max_decoding_length": self.max_decoding_length,
                "no_repeat_ngram_size": self.no_repeat_ngram_size,
                "repetition_penalty": self.repetition_penalty,
            },
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "glossary_strategy": self.glossary_strategy,
            "libraries": _hf.library_versions("ctranslate2", "transformers"),
        }

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        """Cheap check: dependencies (conversion also needs torch) and a local default model."""
        from zh2en.engines.marian import _default_model_status

        missing = _hf.missing_modules(cls.requires)
        if missing:
            return False, f"missing {', '.join(missing)} (pip install 'zh2en[ct2]')"
        return _default_model_status()


def convert(
    model: str,
    out_dir: str | Path,
    *,
    quantization: str = "int8",
    force: bool = False,
    local_files_only: bool | None = None,
) -> Path:
    """Convert ``model`` (hub id or local folder) to CTranslate2 in ``out_dir``.

    The library side of ``zh2en engines convert``; see :func:`convert_model`.
    """
    _hf.require(("ctranslate2", "transformers", "torch"), "ct2", _PURPOSE)
    source = _hf.resolve_model_dir(model, local_files_only=local_files_only)
    if is_ct2_model(source):
        raise ConfigError(f"{model!r} is already a CTranslate2 model", hint="use it directly: --model PATH")
    return convert_model(source, out_dir, quantization=quantization, force=force)
