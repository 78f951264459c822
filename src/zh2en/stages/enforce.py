"""Glossary enforcement after MT: find each term's rendering, repair known wrong variants,
and write one :class:`LedgerEntry` per term occurrence.

Pipeline position: translate → **enforce terms** → align → check → write. Also run by
``zh2en recheck`` on reloaded outputs: enforcement always starts again from ``Segment.mt``
(the raw engine output), so it is re-runnable and idempotent, and a glossary edit followed by
a recheck gives the same result as translating again with that glossary.

Rules, per segment:

1. Source-given English doubled by the engine — "Erlan Karin (Erlan Karin)", or
   "(CSTO, CSTO)" from 集体安全条约组织(集安组织,CSTO) — collapses to one.
2. Each term occurrence claims one rendering of its canonical English in the target
   (exact case, whole words; longest English first so "Nursultan Nazarbayev" is claimed
   before a bare "Nursultan" variant can match inside it) → ``applied``.
3. An occurrence left over claims a known wrong variant (``TermMatch.variants_en``; whole
   words, any case, a possessive "'s" kept) and it is replaced by the canonical English →
   ``repaired`` with ``repaired_from``; the canonical English in the wrong case is repaired
   the same way.
4. Still nothing → ``missing``. A term without a chosen English, or one whose English the
   article's date cannot decide (:func:`mark_ambiguous`) → ``ambiguous``; nothing is
   repaired for it.
5. A variant still present after every occurrence was resolved is not touched (it may name
   something else) and is recorded as ``forbidden``.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from zh2en.document import Article, LedgerEntry, Segment, TermStatus
from zh2en.stages.protect import rendering

_LATIN = "A-Za-z0-9\u00c0-\u024f"
_NOT_AFTER_LATIN = f"(?<![{_LATIN}])"
_NOT_BEFORE_LATIN = f"(?![{_LATIN}])"
_NAME_CONTINUES = re.compile(r"[ \u00a0-]\s*[A-Z][a-z]")


@functools.lru_cache(maxsize=4096)
def _word_pattern(phrase: str, *, ignore_case: bool) -> re.Pattern[str]:
    # Whole words: no Latin letter/digit directly before or after (so "Tokaev's" matches
    # "Tokaev"); a Chinese character next to the name (engines that copy text through) is fine.
    body = r"\s+".join(re.escape(p) for p in phrase.split())
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(_NOT_AFTER_LATIN + body + _NOT_BEFORE_LATIN, flags)


def _overlaps(span: tuple[int, int], claimed: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in claimed)


def _collapse_given(text: str, english: str) -> str:
    """Source-given English doubled by the engine, made single.

    "X (X)" / "X（X）" → "X"; and "(X, X)" → "(X)" (the source gave the Chinese short form
    and the English, both rendered as X: 集体安全条约组织(集安组织,CSTO)).
    """
    e = r"\s+".join(re.escape(p) for p in english.split())
    pattern = _NOT_AFTER_LATIN + "(" + e + r")\s*[(（]\s*" + e + r"\s*[)）]"
    text = re.sub(pattern, r"\1", text, flags=re.IGNORECASE)
    pair = r"([(（])\s*(" + e + r")\s*[,，、]\s*" + e + r"\s*([)）])"
    return re.sub(pair, r"\1\2\3", text, flags=re.IGNORECASE)


def enforce_segment(seg: Segment) -> None:
    """Repair ``seg.target`` from ``seg.mt`` and rebuild ``seg.ledger`` (see module rules)."""
    base = seg.mt if seg.mt is not None else seg.target
    seg.ledger = []
    if base is None:
        return
    text = base
    for t in seg.terms:
        for english in {t.given_en.strip() if t.given_en else "", rendering(t)} - {""}:
            text = _collapse_given(text, english)

    order = sorted(range(len(seg.terms)), key=lambda i: (-len(rendering(seg.terms[i])), seg.terms[i].start))
    ambiguous: dict[str, list[str]] = seg.meta.get("ambiguous") or {}
    claimed: list[tuple[int, int]] = []
    found: dict[int, tuple[int, int, str | None]] = {}  # term index -> (start, end, repaired_from)

    # Pass 1: canonical English, exact case (for an ambiguous term, any of its candidates).
    for i in order:
        english = rendering(seg.terms[i])
        if not english:
            continue
        for candidate in [english, *ambiguous.get(str(i), [])]:
            hit = next(
                (
                    m
                    for m in _word_pattern(candidate, ignore_case=False).finditer(text)
                    if not _overlaps(m.span(), claimed)
                ),
                None,
            )
            if hit is not None:
                claimed.append(hit.span())
                found[i] = (hit.start(), hit.end(), None)
                break

    # Pass 2: known variants, then the canonical English in another case.
    edits: list[tuple[int, int, str, int]] = []  # (start, end, replacement, term index)
    for i in order:
        term = seg.terms[i]
        english = rendering(term)
        if not english or i in found or str(i) in ambiguous:
            continue
        candidates = sorted({v for v in term.variants_en if v and v != english}, key=len, reverse=True)
        candidates.append(english)
        for variant in candidates:
            hits = [
                m
                for m in _word_pattern(variant, ignore_case=True).finditer(text)
                if not _overlaps(m.span(), claimed) and m.group(0) != english
            ]
            # Prefer a hit that is not the first word of a longer name ("Nursultan Nazarbayev").
            hits.sort(key=lambda m: (_NAME_CONTINUES.match(text, m.end()) is not None, m.start()))
            hit = hits[0] if hits else None
            if hit is not None:
                claimed.append(hit.span())
                edits.append((hit.start(), hit.end(), english, i))
                found[i] = (hit.start(), hit.end(), hit.group(0))
                break

    # Apply edits right to left, then map every claimed span to the final text.
    spans: dict[int, tuple[int, int]] = {}
    new_text = text
    for start, end, repl, _ in sorted(edits, reverse=True):
        new_text = new_text[:start] + repl + new_text[end:]

    def shift(pos: int) -> int:
        return pos + sum(len(r) - (e - s) for s, e, r, _ in edits if e <= pos)

    edit_terms = {i: (s, e, r) for s, e, r, i in edits}
    for i, (s, e, _) in found.items():
        if i in edit_terms:
            s2 = shift(s)
            spans[i] = (s2, s2 + len(edit_terms[i][2]))
        else:
            spans[i] = (shift(s), shift(e))

    final_claims = list(spans.values())
    for i, term in enumerate(seg.terms):
        english = rendering(term)
        entry = LedgerEntry(
            entry_id=term.entry_id,
            source=term.surface,
            expected=english,
            status=TermStatus.MISSING,
            match_start=term.start,
            match_end=term.end,
        )
        if not english:
            entry.status = TermStatus.AMBIGUOUS
            entry.note = "no English chosen for this occurrence; decide in the glossary"
        elif str(i) in ambiguous:
            entry.status = TermStatus.AMBIGUOUS
            entry.note = f"the article's date does not decide between {english!r} and " + ", ".join(
                repr(a) for a in ambiguous[str(i)]
            )
            if i in found:
                s, e = spans[i]
                entry.found = new_text[s:e]
                entry.target_start, entry.target_end = s, e
        elif i in found:
            s, e = spans[i]
            entry.found = new_text[s:e]
            entry.target_start, entry.target_end = s, e
            repaired_from = found[i][2]
            if repaired_from is not None:
                entry.status = TermStatus.REPAIRED
                entry.repaired_from = repaired_from
            else:
                entry.status = TermStatus.APPLIED
        else:
            entry.note = "canonical English not found in the target"
        seg.ledger.append(entry)

    # Leftover variants: recorded as forbidden, not touched.
    seen: set[tuple[str, int]] = set()
    for i, term in enumerate(seg.terms):
        english = rendering(term)
        if str(i) in ambiguous:
            continue
        for variant in sorted({v for v in term.variants_en if v and v != english}, key=len, reverse=True):
            for m in _word_pattern(variant, ignore_case=True).finditer(new_text):
                if (
                    m.group(0) == english
                    or _overlaps(m.span(), final_claims)
                    or (term.entry_id, m.start()) in seen
                    or _NAME_CONTINUES.match(new_text, m.end())
                ):
                    continue
                seen.add((term.entry_id, m.start()))
                final_claims.append(m.span())
                seg.ledger.append(
                    LedgerEntry(
                        entry_id=term.entry_id,
                        source=term.surface,
                        expected=english,
                        status=TermStatus.FORBIDDEN,
                        found=m.group(0),
                        target_start=m.start(),
                        target_end=m.end(),
                        note="a known wrong variant remains; not repaired automatically",
                    )
                )
    seg.target = new_text


def mark_ambiguous(article: Article, glossary: Any) -> None:
    """Record in ``seg.meta["ambiguous"]`` the terms whose English the article cannot decide.

    A term is ambiguous when other approved glossary rows share its Chinese with another
    English and the article's date does not single one out: the article has no date and
    some of those rows are dated (努尔苏丹: Nur-Sultan 2019–2022, Astana before and after),
    or several rows are valid on its date (an undated row is valid on every date). The
    matcher still picks one English; the ledger then says ``ambiguous`` (with the
    alternatives) instead of ``applied``, and none of the alternatives is "repaired" into the
    chosen one.
    """
    by_id = {e.id: e for e in getattr(glossary, "entries", [])}
    date = article.metadata.date
    for seg in article.segments:
        found: dict[str, list[str]] = {}
        for i, term in enumerate(seg.terms):
            chosen = by_id.get(term.entry_id)
            if chosen is None:
                continue
            forms = set(getattr(chosen, "zh_forms", [chosen.zh]))
            alternatives = set()
            for e in by_id.values():
                if e is chosen or e.en == term.target or str(getattr(e, "status", "approved")) != "approved":
                    continue
                if not forms & set(getattr(e, "zh_forms", [e.zh])):
                    continue
                # Valid on the article's date (an undated row always is), or no date to decide:
                # two undated rows with other English (a glossary lint rejects) are ambiguous too.
                if date is None or e.valid_on(date):
                    alternatives.add(e.en)
            if alternatives:
                found[str(i)] = sorted(alternatives)
        if found:
            seg.meta["ambiguous"] = found
        else:
            seg.meta.pop("ambiguous", None)


def enforce_terms(article: Article, glossary: Any = None) -> None:
    """Enforce the glossary on every translated segment of ``article`` (re-runnable).

    With ``glossary`` (a loaded ``zh2en.glossary.store.Glossary``) the article's terms are
    matched again first, so a recheck after a glossary edit sees the new entries.
    """
    if glossary is not None:
        glossary.annotate(article)
        mark_ambiguous(article, glossary)
    for seg in article.segments:
        enforce_segment(seg)
