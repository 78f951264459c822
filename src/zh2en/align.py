"""Sentence alignment of a Chinese article with its English translation.

Pipeline position: used by ``zh2en check SOURCE TARGET --align`` (and anything else that must
pair a whole source article with a whole translation that was not produced segment by
segment): split → **align** → match terms → check.

Method: Gale & Church (1993) length-based dynamic programming, with anchors.

- Length: the English length of a bead is modelled as ``c`` × its Chinese length, with the
  ratio ``c`` estimated from the two documents (characters, whitespace ignored) and a variance
  that grows with length; the cost is ``-log P(bead type) - log P(|δ|)`` (two-sided normal).
- Bead types and priors: 1:1 (0.89), 1:2 and 2:1 (0.045 each), 1:0 and 0:1 (0.005 each).
- Anchors make the lengths trustworthy on real news text: numbers (Arabic numerals with
  万/亿/million/billion multipliers and thousands separators normalized; month names read as
  numbers, so 1月10日 meets January 10), Latin strings of the source found in the target
  (CSTO, Erlan Karin) and glossary terms (a Chinese form in the source, its English in the
  target). Each anchor shared by the two sides of a bead lowers its cost; each anchor on one
  side only raises it.
- Paragraphs, when known: a 2:1 or 1:2 bead whose two sentences lie in different paragraphs
  of their side costs extra (translators split and merge sentences, rarely paragraphs).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

Bead = tuple[list[int], list[int]]

#: (source sentences, target sentences) → prior probability of that bead type.
PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 2): 0.045,
    (2, 1): 0.045,
    (1, 0): 0.005,
    (0, 1): 0.005,
}
# Variance of the English length per Chinese character, divided by the ratio c. Gale & Church
# used s² = 6.8 for European pairs (c ≈ 1); on 11 hand-translated sentences of seed 000 we
# measured 12.1 at c = 2.84 (lengths without whitespace), i.e. about 4.3 × c.
VARIANCE_PER_CHAR = 4.3
ANCHOR_HIT = 2.5  # cost bonus (nats) per anchor found on both sides of a bead
ANCHOR_MISS = 1.0  # cost penalty per anchor found on one side only
PARAGRAPH_CROSS = 4.0  # cost of merging two sentences of different paragraphs into one bead

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_ZH_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)\s*(万|亿)?")
_EN_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)(?:\s*(thousand|million|billion))?", re.IGNORECASE)
_EN_MONTH = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?", re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]")
_MULT = {"万": 1e4, "亿": 1e8, "thousand": 1e3, "million": 1e6, "billion": 1e9}


def _number_key(digits: str, multiplier: str | None) -> str | None:
    # "8,000" and "8000" are one number; "1.75" keeps its decimals; a comma followed by other
    # than 3 digits is a list separator the regex swallowed, so give up on that token.
    parts = digits.split(",")
    if len(parts) > 1 and not all(len(p) == 3 for p in parts[1:]):
        return None
    try:
        value = float(digits.replace(",", ""))
    except ValueError:
        return None
    if multiplier:
        value *= _MULT[multiplier.lower()]
    return f"num:{value:g}" if value < 1e15 else None


def source_anchors(sentence: str, term_pairs: Sequence[tuple[Sequence[str], str]] = ()) -> Counter[str]:
    """Anchors of a Chinese sentence: numbers, Latin strings, glossary terms."""
    out: Counter[str] = Counter()
    for m in _ZH_NUMBER.finditer(sentence):
        key = _number_key(m.group(1), m.group(2))
        if key:
            out[key] += 1
    for m in _LATIN.finditer(sentence):
        out["latin:" + m.group(0).lower()] += 1
    for i, (zh_forms, _en) in enumerate(term_pairs):
        n = max((sentence.count(z) for z in zh_forms if z), default=0)
        if n:
            out[f"term:{i}"] += n
    return out


def target_anchors(
    sentence: str,
    latin_vocab: set[str],
    term_pairs: Sequence[tuple[Sequence[str], str]] = (),
) -> Counter[str]:
    """Anchors of an English sentence; Latin strings count only when the source has them."""
    out: Counter[str] = Counter()
    for m in _EN_NUMBER.finditer(sentence):
        key = _number_key(m.group(1), m.group(2))
        if key:
            out[key] += 1
    for m in _EN_MONTH.finditer(sentence):
        # "May" is also a verb; only a month when a day or year follows or precedes.
        around = sentence[max(0, m.start() - 4) : m.end() + 6]
        if m.group(1).lower() == "may" and not re.search(r"\d", around):
            continue
        out[f"num:{_MONTHS[m.group(1).lower()]:g}"] += 1
    lowered = sentence.lower()
    for word in latin_vocab:
        n = len(re.findall(r"(?<![a-z])" + re.escape(word) + r"(?![a-z])", lowered))
        if n:
            out["latin:" + word] += n
    for i, (_zh, en) in enumerate(term_pairs):
        if en:
            n = len(re.findall(r"(?<!\w)" + re.escape(en.lower()) + r"(?!\w)", lowered))
            if n:
                out[f"term:{i}"] += n
    return out


def _length(s: str) -> int:
    return sum(1 for ch in s if not ch.isspace())


def _norm_sf(x: float) -> float:
    """Two-sided tail probability P(|Z| >= x) of a standard normal."""
    return math.erfc(abs(x) / math.sqrt(2.0))


def align_sentences(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    term_pairs: Sequence[tuple[Sequence[str], str]] = (),
    ratio: float | None = None,
    src_paragraphs: Sequence[int] | None = None,
    tgt_paragraphs: Sequence[int] | None = None,
) -> list[Bead]:
    """Align Chinese sentences ``src`` with English sentences ``tgt``.

    Returns beads ``(source indices, target indices)`` in order, covering every sentence of
    both sides exactly once: ``([i], [j])`` 1:1, ``([i], [j, j+1])`` 1:2, ``([i, i+1], [j])``
    2:1, ``([i], [])`` 1:0 (untranslated), ``([], [j])`` 0:1 (added in translation).

    ``term_pairs`` are glossary anchors: (Chinese forms, English). ``ratio`` fixes the
    English/Chinese character ratio instead of estimating it from the two documents.
    ``src_paragraphs``/``tgt_paragraphs`` give each sentence's paragraph number.
    """
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    src_len = [_length(s) for s in src]
    tgt_len = [_length(t) for t in tgt]
    c = ratio if ratio else (sum(tgt_len) / max(1, sum(src_len))) or 1.0
    s2 = VARIANCE_PER_CHAR * c
    src_anchor = [source_anchors(s, term_pairs) for s in src]
    latin_vocab = {k[6:] for a in src_anchor for k in a if k.startswith("latin:")}
    tgt_anchor = [target_anchors(t, latin_vocab, term_pairs) for t in tgt]
    prior_cost = {k: -math.log(p) for k, p in PRIORS.items()}

    def bead_cost(i: int, j: int, di: int, dj: int) -> float:
        l1 = sum(src_len[i - di : i])
        l2 = sum(tgt_len[j - dj : j])
        cost = prior_cost[(di, dj)]
        # A deletion or insertion has no partner to compare lengths with: its cost is its
        # prior (and its unmatched anchors). Gale & Church's length term on (l, 0) would make
        # an untranslated sentence look far less likely than merging it into a neighbour.
        if di and dj and (l1 or l2):
            mean = (l1 + l2 / c) / 2
            delta = (l2 - l1 * c) / math.sqrt(mean * s2)
            cost -= math.log(max(_norm_sf(delta), 1e-300))
        a: Counter[str] = Counter()
        for k in range(i - di, i):
            a.update(src_anchor[k])
        b: Counter[str] = Counter()
        for k in range(j - dj, j):
            b.update(tgt_anchor[k])
        if di == 2 and src_paragraphs is not None and src_paragraphs[i - 2] != src_paragraphs[i - 1]:
            cost += PARAGRAPH_CROSS
        if dj == 2 and tgt_paragraphs is not None and tgt_paragraphs[j - 2] != tgt_paragraphs[j - 1]:
            cost += PARAGRAPH_CROSS
        if a or b:
            hit = sum((a & b).values())
            miss = sum(a.values()) + sum(b.values()) - 2 * hit
            cost += ANCHOR_MISS * miss - ANCHOR_HIT * hit
        return cost

    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            for di, dj in PRIORS:
                if di > i or dj > j or best[i - di][j - dj] == inf:
                    continue
                cost = best[i - di][j - dj] + bead_cost(i, j, di, dj)
                if cost < best[i][j]:
                    best[i][j] = cost
                    back[i][j] = (di, dj)
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj = back[i][j]
        beads.append((list(range(i - di, i)), list(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


# -- English sentence splitting (the Chinese side is split by zh2en.stages.split) ---------

_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "maj",
        "gov",
        "sen",
        "rep",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nos",
        "vs",
        "etc",
        "approx",
        "dept",
        "est",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "a.m",
        "p.m",
    }
)
_SENT_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)")


def split_english(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of an English text (lines are always boundaries).

    A full stop ends a sentence unless it ends a known abbreviation (Mr., Jan., U.S.) or a
    single-letter initial, or the next word starts in lower case.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start = pos
        pos += len(line)
        body = line.rstrip("\r\n")
        cut = 0
        for m in _SENT_END.finditer(body):
            end = m.end()
            if body[m.start()] == ".":
                word = re.search(r"([A-Za-z.]+)$", body[cut : m.start()])
                w = word.group(1).lower() if word else ""
                if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                    continue
            nxt = body[end:].lstrip()
            if nxt and nxt[0].islower():
                continue
            _add_span(spans, body, start, cut, end)
            cut = end
        _add_span(spans, body, start, cut, len(body))
    return spans


def paragraph_numbers(text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    """The paragraph (blank-line separated block) of each span of ``text``."""
    out: list[int] = []
    par, pos = 0, 0
    for start, _end in spans:
        par += len(re.findall(r"\n[ \t\r\f\v]*\n", text[pos:start]))
        pos = start
        out.append(par)
    return out


def _add_span(spans: list[tuple[int, int]], body: str, offset: int, a: int, b: int) -> None:
    piece = body[a:b]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        spans.append((offset + a + lead, offset + a + lead + len(stripped)))
