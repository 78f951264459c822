"""Omission: an empty target, or a target much shorter than its Chinese source.

Pipeline position: a QA check family (see :mod:`zh2en.checks.base`), segment scope.

Length model for zh→en news: English runs about 2.5–3.5 characters per Chinese character,
and Latin letters and digits already in the source carry over about one for one. So the
*expected* length of a segment is taken, conservatively, as::

    expected = 3.0 × (CJK characters) + 1.0 × (ASCII letters and digits in the source)

and ``short-target`` fires when ``len(target) < SHORT_RATIO × expected`` with
``SHORT_RATIO = 0.45``. Calibration: the 52 correct translations of seed sentences with at
least 12 Chinese characters in tests/qa_testset/ run 3.1–5.9 characters per Chinese
character (median 4.0), i.e. a ratio of 0.99–1.87 (median 1.29) against this model; the
threshold sits below half of the lowest, so only a target that drops a large part of its
source is flagged (the planted omissions there score 0.33–0.40). Sources with fewer than
``MIN_HAN = 12`` Chinese characters (titles, bylines, datelines, captions such as 图片来源)
are exempt: their length varies too much to judge. ``empty-target`` fires on an empty or
blank target whenever the source has any letter, digit or CJK character.
"""

from __future__ import annotations

from collections.abc import Iterator

from zh2en.checks.base import Problem, check
from zh2en.checks.textutil import han_count
from zh2en.document import Article, Segment, Severity

EN_PER_HAN = 3.0
SHORT_RATIO = 0.45
MIN_HAN = 12


def expected_length(source: str) -> float:
    """Expected English length (characters) of a Chinese source segment."""
    ascii_alnum = sum(1 for c in source if c.isascii() and c.isalnum())
    return EN_PER_HAN * han_count(source) + ascii_alnum


def length_ratio(source: str, target: str) -> float:
    """``len(target) / expected_length(source)`` (1.0 means "as long as expected")."""
    exp = expected_length(source)
    return len(target.strip()) / exp if exp else 1.0


@check("empty-target", severity=Severity.ERROR, untranslated_ok=True)
def empty_target(seg: Segment, article: Article) -> Iterator[Problem]:
    """The target is empty although the source has text."""
    if seg.target is not None and not seg.target.strip() and any(c.isalnum() for c in seg.text):
        yield Problem(
            "the target is empty",
            source_span=(0, len(seg.text)),
            suggestion="translate the segment",
        )


@check("short-target", severity=Severity.WARNING)
def short_target(seg: Segment, article: Article) -> Iterator[Problem]:
    """The target is much shorter than its source: part of it was probably left out."""
    if not seg.target or not seg.target.strip() or han_count(seg.text) < MIN_HAN:
        return
    ratio = length_ratio(seg.text, seg.target)
    if ratio < SHORT_RATIO:
        yield Problem(
            f"the target has {len(seg.target.strip())} characters where about "
            f"{expected_length(seg.text):.0f} are expected ({ratio:.0%}); part of the source may be missing",
            source_span=(0, len(seg.text)),
            target_span=(0, len(seg.target)),
            suggestion="compare with the source and translate what is missing",
        )
