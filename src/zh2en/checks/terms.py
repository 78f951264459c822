"""Glossary terms in the target: missing, wrong variant, rendered inconsistently.

Pipeline position: a QA check family (see :mod:`zh2en.checks.base`). Works on any translation:
it needs only ``seg.terms`` (glossary hits in the source, filled by the matcher; empty means
nothing to check) and ``seg.target``; ``seg.ledger`` is used when present to recognise a
rendering the pipeline recorded.

For each glossary entry found in a segment's source, the target is searched for:

1. the canonical English (``TermMatch.target``, date-aware), case-insensitively as whole
   words, allowing a possessive or plural ending (``Tokayev's``, ``CSTOs``); an entry whose
   English is ``Long Name (ABBR)`` is also satisfied by ``Long Name`` or ``ABBR`` alone; a
   place is also satisfied by its adjective (Russian, Kazakh, US — :func:`place_patterns`);
2. every known wrong or forbidden variant (``TermMatch.variants_en``), outside the spans
   where a canonical rendering of *any* term of the segment was found (so the city variant
   ``Nursultan`` inside ``Nursultan Nazarbayev`` is not a hit);
3. failing both, a near miss (a word sequence of the same length that is ≥ 80 % similar,
   e.g. ``Tokaiev``), reported as a likely misspelling.

An entry counts once per segment: the target must render it at least once, not as often as
the source names it (English uses pronouns). ``term-variant`` reports 2; ``term-missing``
reports an entry with no canonical rendering and no variant (mentioning a near miss when there
is one); ``term-inconsistent`` (batch)
reports an entity rendered one way here and another way elsewhere in the batch, using the
consistency table that :func:`term_consistency_table` also exposes for the report.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from zh2en.checks.base import Problem, Scope, check
from zh2en.checks.textutil import find_phrase, overlaps
from zh2en.document import Article, Segment, Severity, TermMatch, TermStatus

_PAREN = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[^()]+)\)$")
_WORDS = re.compile(r"[\w'’-]+")


def accepted_forms(target: str) -> list[str]:
    """The renderings that satisfy an entry whose English is ``target``."""
    forms = [target]
    m = _PAREN.match(target.strip())
    if m:
        forms += [m.group("long"), m.group("short")]
    return forms


#: Irregular adjectives and short forms that stand for a place in English ("US envoy",
#: "Soviet troops", "British officials"); regular ones come from the stem rule below.
DEMONYMS: dict[str, tuple[str, ...]] = {
    "United States": ("US", "U.S.", "American", "America"),
    "United Kingdom": ("UK", "U.K.", "British", "Britain"),
    "Soviet Union": ("Soviet",),
    "European Union": ("EU", "E.U.", "European"),
    "Netherlands": ("Dutch",),
    "Philippines": ("Philippine", "Filipino"),
    "Switzerland": ("Swiss",),
    "France": ("French",),
    "Spain": ("Spanish",),
    "Greece": ("Greek",),
    "Poland": ("Polish",),
    "Sweden": ("Swedish",),
    "Finland": ("Finnish",),
    "Denmark": ("Danish",),
    "Norway": ("Norwegian",),
    "Türkiye": ("Turkish",),
    "Britain": ("British",),
}
_STEM_SUFFIXES = ("istan", "stan", "ey", "y", "a", "e")


def place_patterns(english: str) -> list[re.Pattern[str]]:
    """Patterns for the adjective of a place: Russia → Russian(s), Kazakhstan → Kazakh, Italy → Italian.

    Stem rule: drop ``-istan``/``-stan``/``-ey``/``-y``/``-a``/``-e`` from the last word when
    at least four letters remain, and accept any capitalized word that starts with the stem
    (case-sensitive, so "chin" never stands for China); irregular ones come from DEMONYMS.
    """
    words = english.split()
    if not words:
        return []
    last = words[-1]
    stem = last
    for suffix in _STEM_SUFFIXES:
        if last.endswith(suffix) and len(last) - len(suffix) >= 4:
            stem = last[: -len(suffix)]
            break
    prefix = r"\s+".join(re.escape(w) for w in [*words[:-1], stem])
    pats = [re.compile(rf"(?<![\w]){prefix}[a-zà-ÿ]*(?:['’]s)?(?![\w])")]
    for d in DEMONYMS.get(english, ()):
        pats.append(re.compile(rf"(?<![\w.]){re.escape(d)}(?:['’]?s)?(?![\w])"))
    return pats


@dataclass(slots=True)
class Occurrence:
    """One glossary entry in one segment and how the target renders it."""

    entry_id: str
    source: str  # canonical Chinese
    expected: str  # canonical English for this article
    source_span: tuple[int, int]
    rendering: str | None = None  # the canonical English, or the other rendering as written
    status: str = "missing"  # canonical | variant | near | ledger | missing
    target_span: tuple[int, int] | None = None
    variant_hits: list[tuple[str, tuple[int, int]]] = field(default_factory=list)


def _norm_rendering(s: str) -> str:
    s = re.sub(r"(?:['’]s|['’])$", "", s.strip())
    return " ".join(s.split())


def _near_miss(target: str, phrase: str, masked: list[tuple[int, int]]) -> tuple[str, tuple[int, int]] | None:
    """The word sequence of ``target`` most like ``phrase`` (ratio ≥ 0.8), outside ``masked``."""
    want = phrase.lower()
    n = len(phrase.split())
    words = [(m.start(), m.end()) for m in _WORDS.finditer(target)]
    blocked = bytearray(len(target))
    for a, b in masked:
        blocked[a:b] = b"\x01" * (b - a)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(want)  # the fixed side: SequenceMatcher caches information about seq2
    best: tuple[float, tuple[int, int]] | None = None
    for i in range(len(words) - n + 1):
        span = (words[i][0], words[i + n - 1][1])
        if abs((span[1] - span[0]) - len(want)) > 5 or any(blocked[span[0] : span[1]]):
            continue
        cand = _norm_rendering(target[span[0] : span[1]]).lower()
        if cand == want or abs(len(cand) - len(want)) > 3:
            continue
        matcher.set_seq1(cand)
        if matcher.real_quick_ratio() < 0.8 or matcher.quick_ratio() < 0.8:
            continue
        ratio = matcher.ratio()
        if ratio >= 0.8 and (best is None or ratio > best[0]):
            best = (ratio, span)
    if best is None:
        return None
    return target[best[1][0] : best[1][1]], best[1]


def segment_occurrences(seg: Segment) -> list[Occurrence]:
    """How each glossary entry of ``seg`` is rendered in ``seg.target`` (one per entry)."""
    target = seg.target or ""
    groups: dict[str, list[TermMatch]] = {}
    for tm in seg.terms:
        groups.setdefault(tm.entry_id, []).append(tm)
    canonical: dict[str, list[tuple[int, int]]] = {}
    for eid, tms in groups.items():
        spans: list[tuple[int, int]] = []
        for form in accepted_forms(tms[0].target):
            spans += find_phrase(target, form)
        canonical[eid] = sorted(set(spans))
    masked = [s for spans in canonical.values() for s in spans]
    out: list[Occurrence] = []
    for eid, tms in groups.items():
        tm = tms[0]
        occ = Occurrence(eid, tm.source, tm.target, (tm.start, tm.end))
        if not canonical[eid] and tm.type == "place":
            # "Kazakh President", "Russian-led", "US envoy" render the place correctly; these
            # spans satisfy the entry but do not mask variants (the Russian Federation).
            canonical[eid] = sorted(m.span() for p in place_patterns(tm.target) for m in p.finditer(target))
        expected_keys = {f.lower() for f in accepted_forms(tm.target)}
        for variant in tm.variants_en:
            if variant.lower() in expected_keys:
                continue
            for span in find_phrase(target, variant):
                if not overlaps(span, masked):
                    occ.variant_hits.append((target[span[0] : span[1]], span))
        if canonical[eid]:
            span = canonical[eid][0]
            # Any accepted form (long, abbreviated, possessive, other case) *is* the canonical
            # rendering, so the consistency table never splits an entity over them.
            occ.rendering, occ.status, occ.target_span = tm.target, "canonical", span
        elif occ.variant_hits:
            occ.rendering, span = occ.variant_hits[0]
            occ.status, occ.target_span = "variant", span
        else:
            ledger_found = next(
                (e.found for e in seg.ledger if e.entry_id == eid and e.found and e.found in target), None
            )
            near = _near_miss(target, tm.target, masked) if target else None
            if near:
                occ.rendering, occ.target_span = near
                occ.status = "near"
            elif ledger_found:
                start = target.index(ledger_found)
                occ.rendering, occ.status = ledger_found, "ledger"
                occ.target_span = (start, start + len(ledger_found))
        out.append(occ)
    return out


@check("term-missing", severity=Severity.WARNING)
def term_missing(seg: Segment, article: Article) -> Iterator[Problem]:
    """A glossary term of the source has no rendering with its canonical English in the target."""
    if not seg.terms or not seg.target:
        return
    for occ in segment_occurrences(seg):
        if occ.status in ("canonical", "variant"):
            continue
        if occ.status == "near" and occ.rendering:
            yield Problem(
                f"{occ.source} should be {occ.expected!r}; the target has {occ.rendering!r}, "
                "which looks like a misspelling",
                source_span=occ.source_span,
                target_span=occ.target_span,
                suggestion=f"replace {occ.rendering!r} with {occ.expected!r}",
            )
        else:
            yield Problem(
                f"{occ.source} should appear as {occ.expected!r}, which is not in the target",
                source_span=occ.source_span,
                target_span=occ.target_span,
                suggestion=f"render {occ.source} as {occ.expected!r}",
            )


@check("term-variant", severity=Severity.ERROR)
def term_variant(seg: Segment, article: Article) -> Iterator[Problem]:
    """The target uses a wrong or forbidden variant of a glossary term instead of its canonical English."""
    if not seg.terms or not seg.target:
        return
    for occ in segment_occurrences(seg):
        for found, span in occ.variant_hits:
            yield Problem(
                f"{found!r} is a wrong or forbidden rendering of {occ.source}; "
                f"the glossary says {occ.expected!r}",
                source_span=occ.source_span,
                target_span=span,
                suggestion=f"replace {found!r} with {occ.expected!r}",
            )


# -- consistency across the batch ------------------------------------------------------------


@dataclass(slots=True)
class TermConsistency:
    """One entity (glossary entry and its expected English) and the renderings found for it."""

    entry_id: str
    source: str
    expected: str
    renderings: dict[str, int]  # rendering as found (possessive stripped) → occurrences
    missing: int  # occurrences with no rendering found
    articles: list[str]  # ids of the articles where the entity occurs

    @property
    def consistent(self) -> bool:
        return len({r.lower() for r in self.renderings}) <= 1

    def to_dict(self) -> dict[str, object]:
        return {
            "entry_id": self.entry_id,
            "source": self.source,
            "expected": self.expected,
            "renderings": dict(self.renderings),
            "missing": self.missing,
            "articles": list(self.articles),
            "consistent": self.consistent,
        }


def _batch_occurrences(articles: list[Article]) -> list[tuple[Article, Segment, Occurrence]]:
    return [
        (a, s, o)
        for a in articles
        for s in a.segments
        if s.terms and s.target is not None
        for o in segment_occurrences(s)
    ]


def term_consistency_table(articles: list[Article]) -> list[TermConsistency]:
    """The cross-article consistency table: each entity → the renderings found and their counts.

    Entities are keyed by glossary entry *and* expected English, so a date-dependent entry
    (努尔苏丹 → Nur-Sultan in 2022, Astana later) is not called inconsistent across eras.
    Sorted inconsistent first, then by entry id.
    """
    rows: dict[tuple[str, str], TermConsistency] = {}
    for article, _seg, occ in _batch_occurrences(articles):
        key = (occ.entry_id, occ.expected)
        row = rows.get(key)
        if row is None:
            row = rows[key] = TermConsistency(occ.entry_id, occ.source, occ.expected, {}, 0, [])
        if article.id not in row.articles:
            row.articles.append(article.id)
        if occ.rendering is None:
            row.missing += 1
            continue
        r = _norm_rendering(occ.rendering)
        same = next((k for k in row.renderings if k.lower() == r.lower()), r)
        row.renderings[same] = row.renderings.get(same, 0) + 1
    return sorted(rows.values(), key=lambda r: (r.consistent, r.entry_id, r.expected))


@check("term-ambiguous", severity=Severity.WARNING)
def term_ambiguous(seg: Segment, article: Article) -> Iterator[Problem]:
    """The glossary gives this term several English forms and the article's date does not choose one."""
    # Only the pipeline's ledger knows this (enforcement records it); a translation checked
    # from outside has no ledger and raises nothing here.
    for entry in seg.ledger:
        if entry.status is not TermStatus.AMBIGUOUS:
            continue
        span = (
            (entry.match_start, entry.match_end)
            if entry.match_start is not None and entry.match_end is not None
            else None
        )
        target_span = (
            (entry.target_start, entry.target_end)
            if entry.target_start is not None and entry.target_end is not None
            else None
        )
        why = f" ({entry.note})" if entry.note else ""
        yield Problem(
            f"{entry.source}: the glossary cannot decide its English for this article{why}; "
            f"{entry.expected!r} was used",
            source_span=span,
            target_span=target_span,
            suggestion="give the article a date (translate --date YYYY-MM-DD) or fix the glossary rows",
        )


@check("term-inconsistent", severity=Severity.WARNING, scope=Scope.BATCH)
def term_inconsistent(articles: list[Article]) -> Iterator[Problem]:
    """A glossary entity is rendered differently here than elsewhere in the article or batch."""
    occurrences = _batch_occurrences(articles)
    by_key: dict[tuple[str, str], list[tuple[Article, Segment, Occurrence]]] = defaultdict(list)
    for a, s, o in occurrences:
        if o.rendering is not None:
            by_key[(o.entry_id, o.expected)].append((a, s, o))
    for (_eid, expected), items in by_key.items():
        counts = Counter(_norm_rendering(o.rendering or "").lower() for _, _, o in items)
        if len(counts) < 2:
            continue
        reference = expected.lower() if expected.lower() in counts else counts.most_common(1)[0][0]
        ref_display = next(
            _norm_rendering(o.rendering or "")
            for _, _, o in items
            if _norm_rendering(o.rendering or "").lower() == reference
        )
        for a, s, o in items:
            here = _norm_rendering(o.rendering or "")
            if here.lower() == reference:
                continue
            yield Problem(
                f"{o.source} is rendered {here!r} here but {ref_display!r} "
                f"{counts[reference]} time(s) elsewhere in the batch",
                source_span=o.source_span,
                target_span=o.target_span,
                suggestion=f"use {ref_display!r} throughout",
                segment=s.index,
                article=a.id,
            )
