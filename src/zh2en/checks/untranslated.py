"""Untranslated text: Chinese characters left in the English, or a target identical to its source.

Pipeline position: a QA check family (see :mod:`zh2en.checks.base`), segment scope.

Every run of CJK ideographs (or kana) in the target is reported, even inside quotation marks:
an English article that wants to show the original wording still needs an editor's decision,
and MT engines often copy names they do not know. A target identical to a source that has
Chinese in it is reported once by ``identical-to-source`` instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from zh2en.checks.base import Problem, check, is_untranslated
from zh2en.checks.textutil import HAN_RUN_RE
from zh2en.document import Article, Segment, Severity


def _identical(seg: Segment) -> bool:
    return bool(seg.target and seg.target.strip()) and is_untranslated(seg)


@check("untranslated-chinese", severity=Severity.ERROR)
def untranslated(seg: Segment, article: Article) -> Iterator[Problem]:
    """Chinese characters are left in the English target."""
    if not seg.target:
        return
    for m in HAN_RUN_RE.finditer(seg.target):
        src = seg.text.find(m.group())
        yield Problem(
            f"untranslated Chinese {m.group()!r} in the target",
            source_span=(src, src + len(m.group())) if src >= 0 else None,
            target_span=m.span(),
            suggestion="translate it (names: use the glossary or a transliteration)",
        )


@check("identical-to-source", severity=Severity.ERROR, untranslated_ok=True)
def identical_to_source(seg: Segment, article: Article) -> Iterator[Problem]:
    """The target is the Chinese source copied unchanged."""
    if _identical(seg):
        yield Problem(
            "the target is identical to the Chinese source (not translated)",
            source_span=(0, len(seg.text)),
            target_span=(0, len(seg.target or "")),
            suggestion="translate the segment",
        )
