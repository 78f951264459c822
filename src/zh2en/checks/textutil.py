"""Small text helpers shared by the QA checks (script detection, tolerant phrase search).

Pipeline position: support for :mod:`zh2en.checks`; no state, no heavy imports.
"""

from __future__ import annotations

import re

#: CJK ideographs (BMP, extension A, compatibility, supplementary planes) plus kana.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3040-\u30ff"
HAN_RE = re.compile(f"[{HAN_CLASS}]")
HAN_RUN_RE = re.compile(f"[{HAN_CLASS}]+")
WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


def han_count(text: str) -> int:
    """Number of CJK ideographs (and kana) in ``text``."""
    return len(HAN_RE.findall(text))


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A case-insensitive pattern for ``phrase`` as whole words, allowing English inflection.

    Whitespace in the phrase matches any whitespace run; the phrase may be followed by a
    possessive (``'s``, ``’s``, ``'``) or a plural ``s``/``es``, but never by more letters
    (so ``Tokayev`` does not match inside ``Tokayevs…x``) and never preceded by a letter or digit.
    """
    parts = [re.escape(p) for p in phrase.split()]
    body = r"\s+".join(parts)
    return re.compile(rf"(?<![\w]){body}(?:['’]s|['’]|e?s)?(?![\w])", re.IGNORECASE)


def find_phrase(text: str, phrase: str) -> list[tuple[int, int]]:
    """Spans of ``phrase`` in ``text`` (tolerant as in :func:`phrase_pattern`)."""
    if not phrase.strip():
        return []
    return [(m.start(), m.end()) for m in phrase_pattern(phrase).finditer(text)]


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)
