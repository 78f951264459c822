"""Untranslated text: Chinese left in the English, a copied source, engine or markup residue.

Pipeline position: a QA check family (see :mod:`zh2en.checks.base`), segment scope.

Every run of CJK ideographs (or kana) in the target is reported, even inside quotation marks:
an English article that wants to show the original wording still needs an editor's decision,
and MT engines often copy names they do not know. A target identical to a source that has
Chinese in it is reported once by ``identical-to-source`` instead.
"""

from __future__ import annotations

import re
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


#: What an engine or a converter can leave behind: glossary placeholders (⟦T0⟧, or their
#: brackets), sentencepiece pieces (▁), unknown-token markers, HTML/XML tags and entities,
#: and format placeholders ({0}, __T1__, %s).
RESIDUE_RE = re.compile(
    r"⟦[^⟦⟧]{0,12}⟧|[⟦⟧▁]|<unk>|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,200})?/?>"
    r"|&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});|\{\d+\}|__[A-Z]+\d*__|%[sd]\b"
)


def _squeeze(text: str) -> str:
    return "".join(text.split())


@check("leftover-markup", severity=Severity.ERROR)
def leftover_markup(seg: Segment, article: Article) -> Iterator[Problem]:
    """The target contains a placeholder, tag, entity or tokenizer piece the source does not have."""
    source_squeezed = _squeeze(seg.text)
    for m in RESIDUE_RE.finditer(seg.target or ""):
        if _squeeze(m.group()) in source_squeezed:
            continue  # the source has it too (engines re-space it): quoted markup, not residue
        yield Problem(
            f"engine or markup residue {m.group()!r} in the target",
            target_span=m.span(),
            suggestion="remove it (a placeholder or tag the pipeline did not restore)",
        )
