"""Shared Hugging Face helpers for the model engines (marian, ctranslate2, llm).

Pipeline position: below the "translate" stage. The model engines call these to check
optional dependencies, resolve a model id or local path to a folder on disk (offline-first),
hash that folder for run signatures, and load tokenizers and models.

Nothing heavy is imported at module level: torch, transformers and huggingface_hub are
imported inside the functions that need them, so ``zh2en --help`` stays fast and a minimal
install (no ``[marian]`` extra) can still list engines.

Offline policy (explicit): ``local_files_only=None`` means *auto* — when ``HF_HUB_OFFLINE``
or ``TRANSFORMERS_OFFLINE`` is set to a true value, only local files are used; otherwise the
local cache is tried first and the hub only when the model is not cached. ``True`` never
touches the network; ``False`` always asks the hub for updates.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
from pathlib import Path
from typing import Any

from zh2en.errors import ConfigError, EngineUnavailableError, MissingDependencyError

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-zh-en"

TORCH_INSTALL = "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu"

# Files worth downloading from a hub repo for the engines; weights in one format only
# (safetensors preferred by transformers, pytorch_model.bin as the fallback).
_IGNORE_PATTERNS = ["*.h5", "*.msgpack", "*.ot", "*.onnx", "onnx/*", "tf_*", "flax_*", "rust_*", "*.tflite"]

_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth")
#: Tokenizer files a model folder may hold (copied next to a CTranslate2 conversion too).
TOKENIZER_FILES = (
    "tokenizer_config.json",
    "tokenizer.json",
    "special_tokens_map.json",
    "vocab.json",
    "source.spm",
    "target.spm",
    "sentencepiece.bpe.model",
    "spiece.model",
    "tokenizer.model",
    "chat_template.jinja",
)
_HASHED_NAMES = ("config.json", "generation_config.json", *TOKENIZER_FILES)

_TRUE = {"1", "true", "yes", "on"}


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in _TRUE


def hub_offline() -> bool:
    """True when the environment forbids hub access (HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE)."""
    return _truthy(os.environ.get("HF_HUB_OFFLINE")) or _truthy(os.environ.get("TRANSFORMERS_OFFLINE"))


def missing_dependency(package: str, extra: str, purpose: str) -> MissingDependencyError:
    """A MissingDependencyError whose hint is the exact install sequence (torch CPU build first)."""
    err = MissingDependencyError(package, extra, purpose)
    if extra in {"marian", "ct2", "llm"}:
        err.hint = (
            f"install the CPU build of torch first ({TORCH_INSTALL}; on a GPU machine use your "
            f"platform's CUDA build), then: pip install 'zh2en[{extra}]'"
        )
    return err


def require(modules: tuple[str, ...], extra: str, purpose: str) -> None:
    """Raise MissingDependencyError for the first module of ``modules`` that is not installed."""
    for module in modules:
        if importlib.util.find_spec(module) is None:
            raise missing_dependency(module, extra, purpose)


def missing_modules(modules: tuple[str, ...]) -> list[str]:
    """The modules of ``modules`` that are not installed (cheap: no import)."""
    return [m for m in modules if importlib.util.find_spec(m) is None]


def import_module(module: str, extra: str, purpose: str) -> Any:
    """Import ``module`` or raise MissingDependencyError with the install command."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise missing_dependency(module.split(".")[0], extra, purpose) from exc


def unavailable_model(model: str, reason: str) -> EngineUnavailableError:
    """The error for a model that is neither a local folder nor in the local hub cache."""
    local_dir = f"models/{model.rsplit('/', 1)[-1]}"
    return EngineUnavailableError(
        f"model {model!r} is not available on this machine ({reason})",
        hint=(
            f"on a machine with internet run `hf download {model} --local-dir {local_dir}` "
            f"(older huggingface_hub: `huggingface-cli download {model} --local-dir {local_dir}`), "
            f"copy the folder here, then pass `--model /path/to/{local_dir}` or set "
            "ZH2EN_MODEL=/path/to/it; to let zh2en download it itself, unset HF_HUB_OFFLINE on a "
            "machine with internet. Engines that need no model: dictionary, identity, file, and "
            "openai (an OpenAI-compatible server)."
        ),
    )


def missing_model_folder(model: str) -> EngineUnavailableError:
    """The error for ``--model PATH`` naming a folder that does not exist (not a hub id)."""
    local_dir = f"models/{DEFAULT_MODEL.rsplit('/', 1)[-1]}"
    return EngineUnavailableError(
        f"model {model!r} is not available on this machine (no such model folder: "
        f"{str(Path(model).expanduser().absolute())!r})",
        hint=(
            "check the path, or give a hub id; to get the default model, on a machine with "
            f"internet run `hf download {DEFAULT_MODEL} --local-dir {local_dir}`, copy the folder "
            f"here and pass `--model /path/to/{local_dir}`. Engines that need no model: "
            "dictionary, identity, file, and openai (an OpenAI-compatible server)."
        ),
    )


def resolve_model(model: str | None) -> str:
    """The model to use: the option, else ``ZH2EN_MODEL``, else the default opus-mt-zh-en."""
    return model or os.environ.get("ZH2EN_MODEL") or DEFAULT_MODEL


def resolve_model_dir(model: str, *, local_files_only: bool | None, revision: str | None = None) -> Path:
    """A local folder holding ``model`` (a local path, or a hub id found in / fetched into the cache).

    Raises EngineUnavailableError with the how-to when the model cannot be had here.
    """
    path = Path(model).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ConfigError(
                f"model folder {str(path)!r} has no config.json",
                hint="point --model at a transformers model folder (as written by save_pretrained "
                "or `hf download`)",
            )
        return path.resolve()
    if path.exists() or model.startswith((".", "/", "~")) or model.count("/") > 1:
        raise missing_model_folder(model)
    hub = import_module("huggingface_hub", "marian", "loading a model from the Hugging Face hub")
    hub_errors = import_module("huggingface_hub.errors", "marian", "loading a model")
    offline = hub_offline() if local_files_only is None else local_files_only
    kwargs: dict[str, Any] = {"repo_id": model, "revision": revision, "ignore_patterns": _IGNORE_PATTERNS}
    try:
        return Path(hub.snapshot_download(local_files_only=True, **kwargs))
    except (hub_errors.LocalEntryNotFoundError, FileNotFoundError, ValueError) as exc:
        if offline:
            why = "offline (HF_HUB_OFFLINE set)" if hub_offline() else "local_files_only=True"
            raise unavailable_model(model, f"{why} and not in the local hub cache") from exc
    except Exception as exc:  # a corrupt cache, bad id …
        raise unavailable_model(model, f"{type(exc).__name__}: {exc}") from exc
    try:
        return Path(hub.snapshot_download(local_files_only=False, **kwargs))
    except Exception as exc:  # network errors come in many classes (httpx, OSError, hub errors)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise unavailable_model(
            model, f"not in the local hub cache and the download failed: {first}"
        ) from exc


_HASH_CACHE: dict[tuple[str, int, int], str] = {}


def _file_sha256(path: Path) -> str:
    """sha256 of a file; free for hub-cache blobs (their file name *is* the sha256)."""
    real = path.resolve()
    if len(real.name) == 64 and all(c in "0123456789abcdef" for c in real.name):
        return real.name  # LFS blob in the hub cache: named by its sha256
    st = real.stat()
    key = (str(real), st.st_size, st.st_mtime_ns)
    if key not in _HASH_CACHE:
        h = hashlib.sha256()
        with open(real, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        _HASH_CACHE[key] = h.hexdigest()
    return _HASH_CACHE[key]


def model_hash(model_dir: Path) -> str:
    """sha256 over the config, tokenizer and weight files of a model folder (name + content).

    Content hashes are cached per (path, size, mtime) in this process, and free for files in
    the hub cache, so repeated engine construction stays cheap.
    """
    h = hashlib.sha256()
    for f in sorted(model_dir.iterdir(), key=lambda p: p.name):
        if not f.is_file():
            continue
        if f.name in _HASHED_NAMES or f.name.endswith(_WEIGHT_SUFFIXES):
            h.update(f"{f.name}\0{_file_sha256(f)}\n".encode())
    return h.hexdigest()


def torch_dtype(torch: Any, dtype: str, device: str) -> Any:
    """The torch dtype for ``dtype``; float16 on CPU is refused (slow or unsupported there)."""
    names = {"float32": "float32", "fp32": "float32", "float16": "float16", "fp16": "float16"}
    names |= {"bfloat16": "bfloat16", "bf16": "bfloat16"}
    if dtype not in names:
        raise ConfigError(f"unknown dtype {dtype!r}", hint="use one of: float32, float16, bfloat16")
    if names[dtype] == "float16" and not device.startswith("cuda"):
        raise ConfigError(
            "dtype float16 needs device cuda", hint="on CPU use dtype float32 (default) or bfloat16"
        )
    return getattr(torch, names[dtype])


def check_device(device: str) -> str:
    """Validate ``device`` ('cpu', 'cuda', 'cuda:N'); cuda without a GPU is EngineUnavailableError."""
    if device == "cpu":
        return device
    if device == "cuda" or (device.startswith("cuda:") and device[5:].isdigit()):
        torch = import_module("torch", "marian", "running on a GPU")
        if not torch.cuda.is_available():
            raise EngineUnavailableError(
                f"device {device!r} requested but torch sees no CUDA GPU",
                hint="use --device cpu, or install a CUDA build of torch on a GPU machine",
            )
        return device
    raise ConfigError(f"unknown device {device!r}", hint="use cpu, cuda or cuda:N")


def load_tokenizer(model_dir: Path) -> Any:
    """The model's tokenizer via AutoTokenizer (MarianTokenizer for opus-mt)."""
    transformers = import_module("transformers", "marian", "tokenizing for a transformers model")
    try:
        return transformers.AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    except Exception as exc:
        raise EngineUnavailableError(
            f"cannot load the tokenizer from {str(model_dir)!r}: {type(exc).__name__}: {exc}",
            hint="the folder needs the tokenizer files (for opus-mt: source.spm, target.spm, "
            "vocab.json, tokenizer_config.json); sentencepiece must be installed",
        ) from exc


def lang_settings(
    tokenizer: Any, src_lang: str | None, tgt_lang: str | None
) -> tuple[str | None, str | None]:
    """Source/target language codes for multilingual tokenizers (NLLB, M2M100), else (None, None)."""
    cls = type(tokenizer).__name__
    if "Nllb" in cls:
        return src_lang or "zho_Hans", tgt_lang or "eng_Latn"
    if "M2M100" in cls:
        return src_lang or "zh", tgt_lang or "en"
    if "MBart" in cls:
        return src_lang or "zh_CN", tgt_lang or "en_XX"
    return src_lang, tgt_lang


def target_lang_token_id(tokenizer: Any, tgt_lang: str) -> int:
    """The id of the target-language token forced as first decoder token (NLLB/M2M100/mBART)."""
    if hasattr(tokenizer, "get_lang_id"):  # M2M100: "en" → "__en__"
        return int(tokenizer.get_lang_id(tgt_lang))
    token_id = tokenizer.convert_tokens_to_ids(tgt_lang)
    if token_id is None or token_id == tokenizer.unk_token_id:
        raise ConfigError(
            f"target language {tgt_lang!r} is not a token of this tokenizer",
            hint="NLLB uses codes like eng_Latn, M2M100 like en, mBART like en_XX",
        )
    return int(token_id)


def library_versions(*modules: str) -> dict[str, str]:
    """Installed versions of already importable modules, for signatures."""
    out: dict[str, str] = {}
    for m in modules:
        try:
            out[m] = str(importlib.import_module(m).__version__)
        except Exception:
            continue
    return out
