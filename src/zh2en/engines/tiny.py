"""Tiny random-weight models for tests and benchmarks (no download needed).

Pipeline position: none at run time — this module builds stand-ins for the real models so
the ``marian``, ``ctranslate2`` and ``llm`` engines can be exercised end to end on machines
without model hubs:

- :func:`build_tiny_marian`: a MarianMT model (d_model 16–32, 1–2 layers) with SentencePiece
  models trained on the given Chinese text (the seeds) and a small English sample, saved
  with ``save_pretrained`` so ``MarianTokenizer/MarianMTModel.from_pretrained(dir)`` work;
- :func:`build_tiny_m2m100`: a tiny M2M100 model (multilingual: source language on the
  tokenizer, target language forced as first decoder token);
- :func:`build_opus_shaped_marian`: the true-shape opus-mt-zh-en (77M parameters) from the
  real tokenizer and config in ``shared/models/opus-mt-zh-en-tokenizer``, random weights —
  meaningless output, real cost, for speed benchmarks;
- :func:`build_tiny_causal_lm`: a tiny Llama-style causal LM with a byte-level BPE
  tokenizer and a chat template, for the ``llm`` engine's plumbing tests.

Translations from these models are noise; tests assert plumbing (counts, order,
determinism, conversions agreeing), never quality.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

from zh2en.engines import _hf

# A small English sample (news register) for the tiny target-side SentencePiece model.
EN_SAMPLE = [
    "Kazakh President Kassym-Jomart Tokayev said on Monday that his country survived a coup attempt.",
    "Russian President Vladimir Putin said the CSTO forces would stay in Kazakhstan for a short time.",
    "The Collective Security Treaty Organization held a summit by video link.",
    "Militants planned to attack the capital, Nur-Sultan, and the largest city, Almaty.",
    "Former president Nursultan Nazarbayev left the Security Council.",
    "The authorities arrested nearly 8,000 people in connection with the unrest.",
    "Flags flew at half-mast on all government buildings on Monday.",
    "A state of emergency will remain in force until the 19th of this month.",
    "The government resigned after protests over fuel prices spread across the country.",
    "Prime Minister Alikhan Smailov was confirmed by parliament on Tuesday.",
    "The deputy defence minister said the peacekeepers allowed the army to fight terrorism.",
    "China and Russia expressed support for the measures taken by the Kazakh leadership.",
    "Erlan Karin, the state secretary, spoke to reporters in the capital.",
    "Internet access was restored in several regions after days of blackout.",
    "The president declared a national day of mourning for the victims.",
    "Liquefied gas prices doubled at the start of the year, triggering the protests.",
    "Investigators opened criminal cases against those accused of organising the riots.",
    "The United Nations called on all sides to refrain from violence.",
    "Troops from Russia, Belarus, Armenia, Tajikistan and Kyrgyzstan arrived within days.",
    "Officials said 164 people were killed, including members of the security forces.",
]

_TAG = re.compile(r"<[^>]+>")


def seed_texts(seeds_dir: str | Path) -> list[str]:
    """Chinese lines of the seed articles (front matter and HTML tags dropped), for training."""
    lines: list[str] = []
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        text = path.read_text("utf-8", errors="replace")
        for raw in text.splitlines():
            line = _TAG.sub(" ", raw).strip()
            if line and re.search(r"[\u4e00-\u9fff]", line) and not line.startswith(("http", "headimg")):
                lines.append(line)
    return lines


def _train_spm(lines: Sequence[str], prefix: Path, vocab_size: int, coverage: float) -> Path:
    spm = _hf.import_module("sentencepiece", "marian", "building a tiny tokenizer")
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=coverage,
        hard_vocab_limit=False,
        unk_id=0,
        bos_id=-1,
        eos_id=1,
        pad_id=-1,
        num_threads=1,
        minloglevel=2,
    )
    model = prefix.with_suffix(".model")
    prefix.with_suffix(".vocab").unlink(missing_ok=True)
    return model


def build_tiny_marian(
    out_dir: str | Path,
    zh_texts: Iterable[str],
    en_texts: Iterable[str] = EN_SAMPLE,
    *,
    d_model: int = 32,
    layers: int = 1,
    src_vocab_size: int = 1600,
    tgt_vocab_size: int = 400,
    init_std: float = 0.3,
    seed: int = 0,
) -> Path:
    """Build and save a tiny random-weight MarianMT model + MarianTokenizer into ``out_dir``.

    The SentencePiece models are trained on ``zh_texts`` (source) and ``en_texts`` (target);
    the shared ``vocab.json`` lists ``</s>`` (0), ``<unk>`` (1), the pieces of both models,
    and ``<pad>`` last (also the decoder start token, as in opus-mt). ``init_std`` is large
    (opus-mt's is 0.02) so that random outputs visibly depend on the input.
    """
    torch = _hf.import_module("torch", "marian", "building a tiny Marian model")
    transformers = _hf.import_module("transformers", "marian", "building a tiny Marian model")
    spm = _hf.import_module("sentencepiece", "marian", "building a tiny tokenizer")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    work = out / "_spm"
    work.mkdir(exist_ok=True)
    zh = [t for t in zh_texts if t.strip()]
    en = [t for t in en_texts if t.strip()]
    src_model = _train_spm(zh, work / "source", src_vocab_size, 0.9995)
    tgt_model = _train_spm(en, work / "target", tgt_vocab_size, 1.0)

    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for model_file in (src_model, tgt_model):
        proc = spm.SentencePieceProcessor(model_file=str(model_file))
        for i in range(proc.get_piece_size()):
            piece = proc.id_to_piece(i)
            if piece not in vocab and not proc.is_control(i) and not proc.is_unknown(i):
                vocab[piece] = len(vocab)
    vocab["<pad>"] = len(vocab)
    vocab_file = work / "vocab.json"
    vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")

    tokenizer = transformers.MarianTokenizer(
        source_spm=str(src_model),
        target_spm=str(tgt_model),
        vocab=str(vocab_file),
        source_lang="zh",
        target_lang="en",
        model_max_length=128,
    )
    pad = vocab["<pad>"]
    config = transformers.MarianConfig(
        vocab_size=len(vocab),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=2 * d_model,
        decoder_ffn_dim=2 * d_model,
        max_position_embeddings=128,
        pad_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        activation_function="swish",
        scale_embedding=True,
        init_std=init_std,
        share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(seed)
    model = transformers.MarianMTModel(config)
    model.generation_config.bad_words_ids = [[pad]]
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    shutil.rmtree(work)
    return out


def build_tiny_m2m100(
    out_dir: str | Path,
    zh_texts: Iterable[str],
    en_texts: Iterable[str] = EN_SAMPLE,
    *,
    d_model: int = 16,
    vocab_size: int = 2000,
    init_std: float = 0.3,
    seed: int = 0,
) -> Path:
    """A tiny random M2M100 model + M2M100Tokenizer (one SentencePiece model for zh and en).

    Exercises the multilingual path of the engines: ``src_lang`` on the tokenizer and the
    target language forced as first decoder token (``forced_bos_token_id`` / target prefix).
    """
    torch = _hf.import_module("torch", "marian", "building a tiny M2M100 model")
    transformers = _hf.import_module("transformers", "marian", "building a tiny M2M100 model")
    spm = _hf.import_module("sentencepiece", "marian", "building a tiny tokenizer")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    work = out / "_spm"
    work.mkdir(exist_ok=True)
    lines = [t for t in [*zh_texts, *en_texts] if t.strip()]
    model_file = _train_spm(lines, work / "spm", vocab_size, 0.9995)
    proc = spm.SentencePieceProcessor(model_file=str(model_file))
    vocab: dict[str, int] = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for i in range(proc.get_piece_size()):
        piece = proc.id_to_piece(i)
        if piece not in vocab and not proc.is_control(i) and not proc.is_unknown(i):
            vocab[piece] = len(vocab)
    vocab_file = work / "vocab.json"
    vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
    tokenizer = transformers.M2M100Tokenizer(
        vocab_file=str(vocab_file),
        spm_file=str(model_file),
        src_lang="zh",
        tgt_lang="en",
        model_max_length=128,
    )
    # Language tokens sit after the SentencePiece vocabulary (and may lie past len(tokenizer)).
    lang_ids = [tokenizer.get_lang_id(code) for code in ("zh", "en")]
    config = transformers.M2M100Config(
        vocab_size=max(len(tokenizer.encoder) + len(tokenizer.lang_token_to_id), *lang_ids) + 1,
        d_model=d_model,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=2 * d_model,
        decoder_ffn_dim=2 * d_model,
        max_position_embeddings=128,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        init_std=init_std,
    )
    torch.manual_seed(seed)
    model = transformers.M2M100ForConditionalGeneration(config)
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    shutil.rmtree(work)
    return out


def build_opus_shaped_marian(tokenizer_dir: str | Path, out_dir: str | Path, *, seed: int = 0) -> Path:
    """The true-shape opus-mt-zh-en model (random weights) + the real tokenizer, saved to ``out_dir``."""
    torch = _hf.import_module("torch", "marian", "building an opus-mt-shaped model")
    transformers = _hf.import_module("transformers", "marian", "building an opus-mt-shaped model")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    config = transformers.MarianConfig.from_pretrained(str(tokenizer_dir))
    torch.manual_seed(seed)
    model = transformers.MarianMTModel(config)
    model.save_pretrained(str(out))
    tokenizer = transformers.MarianTokenizer.from_pretrained(str(tokenizer_dir))
    tokenizer.save_pretrained(str(out))
    return out


_CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "<|{{ message['role'] }}|>\n{{ message['content'] }}<|end|>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


def build_tiny_causal_lm(
    out_dir: str | Path,
    texts: Iterable[str],
    *,
    hidden_size: int = 32,
    layers: int = 1,
    vocab_size: int = 600,
    seed: int = 0,
) -> Path:
    """A tiny random Llama-style causal LM + byte-level BPE tokenizer with a chat template."""
    torch = _hf.import_module("torch", "llm", "building a tiny causal LM")
    transformers = _hf.import_module("transformers", "llm", "building a tiny causal LM")
    tokenizers = _hf.import_module("tokenizers", "llm", "building a tiny tokenizer")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    specials = ["<|pad|>", "<|end|>", "<|system|>", "<|user|>", "<|assistant|>"]
    bpe = tokenizers.ByteLevelBPETokenizer()
    corpus = [*texts, *EN_SAMPLE]
    bpe.train_from_iterator(corpus, vocab_size=vocab_size, min_frequency=1, special_tokens=specials)
    tok = transformers.PreTrainedTokenizerFast(
        tokenizer_object=bpe._tokenizer,
        eos_token="<|end|>",
        pad_token="<|pad|>",
        padding_side="left",
    )
    tok.chat_template = _CHAT_TEMPLATE
    config = transformers.LlamaConfig(
        vocab_size=len(tok),
        hidden_size=hidden_size,
        intermediate_size=2 * hidden_size,
        num_hidden_layers=layers,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=512,
        pad_token_id=tok.pad_token_id,
        eos_token_id=tok.eos_token_id,
        bos_token_id=tok.eos_token_id,
        tie_word_embeddings=True,
    )
    torch.manual_seed(seed)
    model = transformers.LlamaForCausalLM(config)
    model.save_pretrained(str(out))
    tok.save_pretrained(str(out))
    return out
