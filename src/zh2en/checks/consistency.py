"""Consistency: the same source sentence translated differently within a batch.

Pipeline position: a QA check family (see :mod:`zh2en.checks.base`), batch scope.

Sources are compared on their normalized text with all whitespace removed; targets with
whitespace collapsed and case folded, so only real wording differences count. Scraped pages
often repeat a sentence (a caption restating the lead, an article printed twice), and an
editor wants one wording for it. Every rendering that differs from the most frequent one
(the earliest on a tie) is reported, with that one as the suggestion. Sources without
Chinese, letters or digits (separators such as ``-``) are ignored.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from zh2en.checks.base import Problem, Scope, check
from zh2en.document import Article, Segment, Severity


def _key(text: str) -> str:
    return "".join(text.split())


def _tkey(text: str) -> str:
    return " ".join(text.split()).casefold()


@check("inconsistent-translation", severity=Severity.WARNING, scope=Scope.BATCH)
def inconsistent_translation(articles: list[Article]) -> Iterator[Problem]:
    """The same source sentence is translated differently elsewhere in the batch."""
    groups: dict[str, list[tuple[Article, Segment]]] = defaultdict(list)
    for a in articles:
        for s in a.segments:
            if s.target is not None and s.target.strip() and any(c.isalnum() for c in s.text):
                groups[_key(s.text)].append((a, s))
    for items in groups.values():
        renderings = Counter(_tkey(s.target or "") for _, s in items)
        if len(renderings) < 2:
            continue
        order = {k: i for i, k in reversed(list(enumerate(_tkey(s.target or "") for _, s in items)))}
        best = max(renderings, key=lambda k: (renderings[k], -order[k]))
        best_text = next(s.target or "" for _, s in items if _tkey(s.target or "") == best)
        for a, s in items:
            if _tkey(s.target or "") == best:
                continue
            where = sorted({x.id for x, y in items if _tkey(y.target or "") == best})
            yield Problem(
                f"this sentence is translated differently {renderings[best]} time(s) elsewhere "
                f"(article {', '.join(where)}); {len(renderings)} renderings in the batch",
                source_span=(0, len(s.text)),
                target_span=(0, len(s.target or "")),
                suggestion=best_text,
                segment=s.index,
                article=a.id,
            )
