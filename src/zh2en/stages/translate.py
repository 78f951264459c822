"""The translate stage: a batching, length-splitting, loop-guarding wrapper around any engine.

Pipeline position: protect → **translate** → restore → enforce.

- Segments are protected per the engine's ``glossary_strategy`` (``zh2en.stages.protect``).
- A segment longer than the engine's input limit is split below it — at clause punctuation
  (``。！？；，、`` and their ASCII kin), else by a hard cut that never breaks a placeholder or
  a Latin word — and the translated pieces are joined again with a space.
- Pieces are sorted by length and sent in batches of ``batch_size`` (less padding for
  neural engines); results go back to their segments in the original order.
- Every output passes the repetition guard: a looping n-gram at the end of an output
  ("the the the the…", a phrase repeated many times) is cut to one occurrence, recorded in
  ``Segment.meta["repetition"]``.
- Placeholders that come back missing, doubled or mangled make the segment go through the
  engine once more with the ``inject`` strategy (``Segment.meta["glossary_fallback"]``);
  placeholder brackets never reach an output.

Every source segment gets exactly one ``Segment.mt``. Nothing here depends on wall-clock time,
so a given engine and input always produce the same segments and meta.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from zh2en.document import Segment
from zh2en.engines.base import Engine, EngineRequest, GlossaryHint
from zh2en.errors import EngineUnavailableError, Zh2enError
from zh2en.stages.protect import DEFAULT_PLACEHOLDER, Protected, protect_segment, restore, scrub

#: Where a long text may be cut, best first.
_CLAUSE_BREAKS = ("。！？!?", "；;", "，,、：:")
_TOKEN = re.compile(r"⟦[^⟦⟧]*⟧|[A-Za-z0-9][\w'.\-]*")


def default_length(text: str) -> int:
    """Length estimate used when an engine has no ``count_tokens``: characters.

    For Chinese, subword tokenizers give at most about one token per character, so the
    character count is a safe upper bound.
    """
    return len(text)


def split_text(
    text: str,
    limit: int,
    length: Callable[[str], int] = default_length,
    atomic: Sequence[tuple[int, int]] = (),
) -> list[str]:
    """Cut ``text`` into pieces of ``length`` ≤ ``limit``; their concatenation is ``text``.

    Cuts go at sentence ends first, then at clause punctuation, then anywhere. A cut never
    falls inside a placeholder, a Latin word or an ``atomic`` span (an injected glossary
    name): a piece holding one longer than ``limit`` is allowed to exceed it.
    """
    if limit <= 0 or length(text) <= limit:
        return [text]
    blocked: list[tuple[int, int]] = [m.span() for m in _TOKEN.finditer(text)] + list(atomic)

    def ok(pos: int) -> bool:
        return not any(s < pos < e for s, e in blocked)

    def hard(start: int, end: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        cur = start
        while cur < end:
            e = cur + 1
            while e < end and length(text[cur : e + 1]) <= limit:
                e += 1
            cut = e
            while cut > cur + 1 and cut < end and not ok(cut):
                cut -= 1
            if cut < end and not ok(cut):  # an unbreakable unit longer than the limit
                cut = e
                while cut < end and not ok(cut):
                    cut += 1
            out.append((cur, cut))
            cur = cut
        return out

    def split_range(start: int, end: int, level: int) -> list[tuple[int, int]]:
        if length(text[start:end]) <= limit:
            return [(start, end)]
        if level == len(_CLAUSE_BREAKS):
            return hard(start, end)
        breaks = _CLAUSE_BREAKS[level]
        cuts = [i + 1 for i in range(start, end - 1) if text[i] in breaks and ok(i + 1)]
        if not cuts:
            return split_range(start, end, level + 1)
        out: list[tuple[int, int]] = []
        piece, good = start, None
        for b in [*cuts, end]:
            if length(text[piece:b]) <= limit:
                good = b
                continue
            if good is not None:
                out.append((piece, good))
                piece = good
                if length(text[piece:b]) <= limit:
                    good = b
                    continue
            out.extend(split_range(piece, b, level + 1))
            piece, good = b, None
        if piece < end:
            out.append((piece, end))
        return out

    return [text[a:b] for a, b in split_range(0, len(text), 0) if b > a]


def join_pieces(pieces: Sequence[str]) -> str:
    """Translated pieces of one segment as one English string."""
    return " ".join(p.strip() for p in pieces if p.strip())


_WORDS = re.compile(r"\S+")


def guard_repetition(text: str, *, min_repeats: int = 4, max_n: int = 8) -> tuple[str, dict[str, Any] | None]:
    """Cut a looping n-gram at the end of ``text`` to one occurrence.

    A loop is the same n words (n ≤ ``max_n``) repeated back to back at least
    ``min_repeats`` times (twice that for single words, which repeat legitimately more
    often) and reaching the end of the output — the signature of a decoder stuck in a loop.
    Texts without spaces (Chinese passed through) are checked per character.
    """
    words = [m for m in _WORDS.finditer(text)]
    spaced = len(words) > 1
    units: list[tuple[int, int]] = (
        [m.span() for m in words] if spaced else [(i, i + 1) for i in range(len(text))]
    )
    tokens = [text[s:e].strip(".,;:!?\"'").casefold() for s, e in units]
    best: tuple[int, int, int] | None = None  # (start unit, n, repeats)
    for n in range(1, max_n + 1):
        need = min_repeats * 2 if n == 1 else min_repeats
        if len(tokens) < n * need:
            continue
        # Walk backwards from the end while the last n-gram repeats.
        gram = tokens[len(tokens) - n :]
        if not any(gram):
            continue
        k = 1
        while (
            len(tokens) - (k + 1) * n >= 0 and tokens[len(tokens) - (k + 1) * n : len(tokens) - k * n] == gram
        ):
            k += 1
        if k >= need:
            start = len(tokens) - k * n
            if best is None or start < best[0]:
                best = (start, n, k)
    if best is None:
        return text, None
    start, n, k = best
    cut = units[start + n - 1][1]
    kept = text[:cut].rstrip()
    if spaced and not kept.endswith((".", "!", "?")) and text.rstrip().endswith((".", "!", "?")):
        kept += text.rstrip()[-1]
    return kept, {"ngram": text[units[start][0] : units[start + n - 1][1]], "repeats": k}


@dataclass(slots=True)
class _Piece:
    seg: int  # index into the list of segments being translated
    part: int
    text: str
    hints: list[GlossaryHint]
    key: str | None


def engine_limit(engine: Engine, max_input_tokens: int) -> int:
    """Input limit for ``engine``: the setting, lowered to the engine's own limit if it has one."""
    own = getattr(engine, "max_input_tokens", None)
    if isinstance(own, int) and own > 0:
        return min(own, max_input_tokens) if max_input_tokens > 0 else own
    return max_input_tokens


def _engine_length(engine: Engine) -> Callable[[str], int]:
    count = getattr(engine, "count_tokens", None)
    if callable(count):
        return lambda s: int(count(s))
    return default_length


def translate_segments(
    segments: Sequence[Segment],
    engine: Engine,
    *,
    batch_size: int = 16,
    max_input_tokens: int = 400,
    keys: Sequence[str | None] | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> None:
    """Translate ``segments`` with ``engine``: sets ``seg.mt`` and translation ``seg.meta``.

    ``keys`` (one per segment, e.g. ``"<article id>#<index>"``) are passed to engines that
    look translations up (the ``file`` engine). ``on_batch(n)`` is called after each engine
    call with the number of requests in it (for progress bars).
    """
    strategy = engine.glossary_strategy
    fmt = str(getattr(engine, "placeholder_format", DEFAULT_PLACEHOLDER))
    protected = [protect_segment(seg, strategy, placeholder_format=fmt) for seg in segments]
    outputs = _run(engine, protected, segments, batch_size, max_input_tokens, keys, on_batch)

    retry = [i for i, (p, out) in enumerate(zip(protected, outputs, strict=True)) if restore(p, out) is None]
    if retry:
        injected = [protect_segment(segments[i], "inject") for i in retry]
        again = _run(
            engine,
            injected,
            [segments[i] for i in retry],
            batch_size,
            max_input_tokens,
            [keys[i] for i in retry] if keys is not None else None,
            on_batch,
        )
        for i, p, out in zip(retry, injected, again, strict=True):
            protected[i] = p
            outputs[i] = out
            segments[i].meta["glossary_fallback"] = "inject"

    for seg, p, out in zip(segments, protected, outputs, strict=True):
        restored = restore(p, out)
        text = scrub(restored if restored is not None else out)
        seg.meta.pop("repetition", None)
        text, loop = guard_repetition(text)
        if loop is not None:
            seg.meta["repetition"] = loop
        seg.mt = text
        seg.target = None
        seg.ledger = []


def _run(
    engine: Engine,
    protected: Sequence[Protected],
    segments: Sequence[Segment],
    batch_size: int,
    max_input_tokens: int,
    keys: Sequence[str | None] | None,
    on_batch: Callable[[int], None] | None,
) -> list[str]:
    limit = engine_limit(engine, max_input_tokens) if not getattr(engine, "looks_up_segments", False) else 0
    length = _engine_length(engine)
    pieces: list[_Piece] = []
    counts: list[int] = []
    for i, p in enumerate(protected):
        key = keys[i] if keys is not None else None
        if not p.text.strip():
            counts.append(0)
            continue
        parts = split_text(p.text, limit, length, p.spans)
        counts.append(len(parts))
        if len(parts) > 1:
            segments[i].meta["split"] = len(parts)
        else:
            segments[i].meta.pop("split", None)
        for j, part in enumerate(parts):
            hints = [h for h in p.hints if h.source in part]
            pieces.append(
                _Piece(i, j, part, hints, key if len(parts) == 1 else f"{key}/{j}" if key else None)
            )

    order = sorted(range(len(pieces)), key=lambda k: (len(pieces[k].text), k))
    results: dict[int, str] = {}
    size = max(1, batch_size)
    for b in range(0, len(order), size):
        chunk = order[b : b + size]
        requests = [EngineRequest(pieces[k].text, pieces[k].hints, pieces[k].key) for k in chunk]
        try:
            out = engine.translate_batch(requests)
        except Zh2enError:
            raise
        except Exception as exc:  # an engine's own failure (CUDA OOM, server error) → exit 4
            raise EngineUnavailableError(
                f"engine {engine.name!r} failed: {type(exc).__name__}: {exc}",
                hint="finished segments are in the translation memory; fix the cause and run again",
            ) from exc
        if len(out) != len(requests):
            raise EngineUnavailableError(
                f"engine {engine.name!r} returned {len(out)} translations for {len(requests)} inputs",
                hint="an engine must return exactly one string per request",
            )
        for k, text in zip(chunk, out, strict=True):
            results[k] = str(text)
        if on_batch is not None:
            on_batch(len(requests))

    per_seg: list[list[str]] = [[] for _ in protected]
    for k, piece in enumerate(pieces):
        per_seg[piece.seg].append(results[k])
    return [join_pieces(parts) if len(parts) > 1 else (parts[0] if parts else "") for parts in per_seg]
