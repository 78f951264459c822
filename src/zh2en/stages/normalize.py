"""Normalization: raw text → matching/MT text, with an :class:`OffsetMap` back to the raw text.

Pipeline position: first stage after reading (ingest → **normalize** → split → match terms…).
The glossary normalizes its entries with the same function, so a Traditional, full-width or
odd-separator spelling in an article matches the Simplified entry.

What it does, in order:

1. drops zero-width and formatting characters (ZWSP, ZWJ, BOM, soft hyphen…);
2. unifies the name separators ``· • ‧ ・ ･ ∙ ⋅`` (and kin) to U+00B7 ``·``;
3. folds full-width ASCII letters and digits and the ideographic space to half width
   (Chinese punctuation such as ``，。（）“”`` is kept: it carries meaning for segmentation);
4. collapses whitespace runs (spaces, tabs, NBSP, newlines inside a block) to one space;
5. converts Traditional to Simplified with OpenCC (config ``t2s`` by default; ``none``
   disables it). Conversions that keep the length map character for character; the rare
   phrase conversions that change length become opaque runs.

The raw text is never modified; only the derived text and its offset map are returned.
"""

from __future__ import annotations

import difflib
import functools
from typing import Any

from zh2en.document import OffsetMap
from zh2en.errors import ConfigError

#: Characters removed entirely.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad\u180e")

#: Name separators used between the parts of a transliterated name; all become U+00B7.
NAME_SEPARATORS = frozenset("\u00b7\u2022\u2027\u30fb\uff65\u2219\u22c5\u0387\u16eb\u318d")
SEPARATOR = "\u00b7"

_WHITESPACE = frozenset(" \t\r\n\f\v\u00a0\u3000\u2002\u2003\u2009\u202f\u205f\u1680")


def fold_char(ch: str) -> str | None:
    """Per-character folding (steps 1–3). ``None`` means "drop"; whitespace becomes ``" "``."""
    if ch in ZERO_WIDTH:
        return None
    if ch in NAME_SEPARATORS:
        return SEPARATOR
    if ch in _WHITESPACE:
        return " "
    o = ord(ch)
    # Full-width digits and Latin letters (U+FF10–FF19, FF21–FF3A, FF41–FF5A).
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return chr(o - 0xFEE0)
    return ch


@functools.lru_cache(maxsize=8)
def _opencc(config: str) -> Any:
    try:
        import opencc
    except ImportError as exc:  # pragma: no cover - opencc is a core dependency
        from zh2en.errors import MissingDependencyError

        raise MissingDependencyError("opencc", "core", "Traditional→Simplified conversion") from exc
    name = config[:-5] if config.endswith(".json") else config
    try:
        return opencc.OpenCC(name)
    except Exception as exc:  # opencc raises plain Exception/RuntimeError for bad configs
        raise ConfigError(
            f"unknown OpenCC config {config!r}",
            hint="use t2s (default), tw2s, hk2s, tw2sp, or 'none' to keep the script as written",
        ) from exc


def to_simplified(text: str, config: str = "t2s") -> str:
    """OpenCC conversion of ``text`` (no offsets); ``config='none'`` returns it unchanged."""
    if config == "none" or not text:
        return text
    return str(_opencc(config).convert(text))


def fold(text: str, raw_start: int = 0) -> tuple[str, OffsetMap]:
    """Steps 1–4 on ``text`` (which starts at ``raw_start`` in the raw text)."""
    out: list[str] = []
    m = OffsetMap()
    t = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        folded = fold_char(ch)
        if folded is None:
            i += 1
            continue
        if folded == " ":
            j = i + 1
            while j < n and (fold_char(text[j]) in (" ", None)):
                j += 1
            out.append(" ")
            m.add(t, t + 1, raw_start + i, raw_start + j, exact=j - i == 1)
            t += 1
            i = j
            continue
        out.append(folded)
        m.add(t, t + 1, raw_start + i, raw_start + i + 1)
        t += 1
        i += 1
    return "".join(out), m


def normalize(
    text: str, raw_start: int = 0, *, opencc: str = "t2s", strip: bool = True
) -> tuple[str, OffsetMap]:
    """Normalize ``text`` (found at ``raw_start`` in the raw text); return text and offset map.

    With ``strip`` leading and trailing whitespace is removed from the result (the map
    still points into the raw text).
    """
    folded, fmap = fold(text, raw_start)
    if strip:
        a = len(folded) - len(folded.lstrip(" "))
        b = len(folded.rstrip(" "))
        if a or b != len(folded):
            folded, fmap = folded[a:b], fmap.slice(a, b)
    if opencc == "none" or not folded:
        return folded, fmap
    converted = to_simplified(folded, opencc)
    if len(converted) == len(folded):
        return converted, fmap
    return converted, _compose(folded, converted, fmap)


def _compose(before: str, after: str, before_map: OffsetMap) -> OffsetMap:
    """Offset map for ``after`` given that ``after`` was derived from ``before``."""
    out = OffsetMap()
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if j1 == j2:
            continue
        if tag == "equal":
            for run in before_map.slice(i1, i2).runs:
                out.add(j1 + run.t0, j1 + run.t1, run.r0, run.r1, exact=run.exact)
        else:
            r0, r1 = before_map.to_raw(i1, i2) if i2 > i1 else (before_map.to_raw_start(i1),) * 2
            out.add(j1, j2, r0, r1, exact=False)
    return out


def normalize_for_match(text: str, opencc: str = "t2s") -> str:
    """The matching key of a glossary form: the same normalization as article text."""
    return normalize(text, opencc=opencc)[0]


def script_of(text: str, opencc: str = "t2s") -> str:
    """``"simplified"``, ``"traditional"`` or ``"mixed"``: how much OpenCC would change."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return "simplified"
    sample = "".join(han[:5000])
    converted = to_simplified(sample, opencc)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    ratio = changed / len(sample)
    if ratio > 0.05:
        return "traditional"
    return "mixed" if changed else "simplified"
