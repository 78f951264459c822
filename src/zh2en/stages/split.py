"""Sentence segmentation of normalized Chinese text.

Pipeline position: ingest → normalize → **split** → match terms → … Readers call
:func:`split_sentences` on each normalized paragraph; every span becomes a :class:`Segment`.

The rules, in the order they apply:

- A sentence ends after ``。！？`` (full width), ``!?`` (ASCII, only when what follows is not
  part of a word or URL such as ``?w=770``), ``；`` is *not* an end, and after an ellipsis
  ``……`` (two or more ``…``, or ``...`` after Chinese).
- Closing quotes and brackets right after the end belong to the sentence: ``。”`` ``！」``
  ``？）`` ``。’”`` stay together; a run of terminators (``？！``) is one end.
- Inside a quotation (``“…”``, ``「…」``, ``『…』``) no split happens, so a quoted passage
  stays one unit with its closing quote; a quotation that never closes in the paragraph
  does not count as one (scraped text often drops the closing mark), and a quotation longer
  than :data:`MAX_QUOTE` characters is split at its own sentence ends so it cannot swallow
  a paragraph. ``“A。”“B。”`` gives two sentences.
- Numbers and times never split: ``.`` and ``:`` are not terminators, so ``1.75`` and
  ``17:13`` stay whole; a list marker such as ``1.`` or ``（一）`` stays with its item.
- Spans exclude surrounding whitespace; a fragment made only of punctuation joins the
  sentence before it.
"""

from __future__ import annotations

import bisect

#: Full-width terminators (always end a sentence outside quotations).
TERMINATORS = frozenset("。！？")
#: ASCII terminators: end a sentence only before space, CJK, a closer or the end.
ASCII_TERMINATORS = frozenset("!?")
#: Characters that close a quotation or bracket and stay with the sentence before them.
CLOSERS = frozenset("”’」』）)】》〉］]\"'")
#: Opening → closing quotation marks tracked for "inside a quotation".
QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』"}
#: A quotation longer than this is split at its own sentence ends.
MAX_QUOTE = 160


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """``(open, close)`` index pairs of balanced quotations (no nesting of the same kind)."""
    marks = set(QUOTE_PAIRS) | set(QUOTE_PAIRS.values())
    where: dict[str, list[int]] = {m: [] for m in marks}
    for k, ch in enumerate(text):
        if ch in marks:
            where[ch].append(k)

    def after(ch: str, pos: int) -> int:
        seq = where[ch]
        k = bisect.bisect_right(seq, pos)
        return seq[k] if k < len(seq) else -1

    spans: list[tuple[int, int]] = []
    openers = sorted(k for m in QUOTE_PAIRS for k in where[m])
    for i in openers:
        if spans and i <= spans[-1][1]:
            continue  # inside the previous quotation
        close = QUOTE_PAIRS[text[i]]
        j = after(close, i)
        nxt = after(text[i], i)
        if j == -1 or (nxt != -1 and nxt < j):
            continue  # unclosed, or re-opened before closing: not a quotation for our purposes
        spans.append((i, j))
    return spans


def _ends_at(text: str, i: int, straight: dict[str, list[int]]) -> int:
    """If a sentence ends with the terminator at ``i``, the index just past its end; else -1."""
    n = len(text)
    ch = text[i]
    if ch in TERMINATORS:
        j = i + 1
    elif ch in ASCII_TERMINATORS:
        nxt = text[i + 1] if i + 1 < n else ""
        if nxt and not (nxt.isspace() or _is_cjk(nxt) or nxt in CLOSERS or nxt in TERMINATORS or nxt in "!?"):
            return -1
        j = i + 1
    elif ch == "…" and i + 1 < n and text[i + 1] == "…":
        j = i + 2
    elif ch == "." and text.startswith("...", i) and i > 0 and _is_cjk(text[i - 1]):
        j = i + 3
    else:
        return -1
    # Absorb further terminators, ellipsis characters and closing marks.
    while j < n and (
        text[j] in TERMINATORS or text[j] in ASCII_TERMINATORS or text[j] in CLOSERS or text[j] in "…."
    ):
        if text[j] in straight and bisect.bisect_left(straight[text[j]], j) % 2 == 0:
            break  # an even number before it: this straight quote opens the next sentence
        j += 1
    return j


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``, in order, whitespace trimmed.

    >>> t = "他说：“我们会赢。”“因此，我们决定参与。”价格为1.75亿欧元。"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['他说：“我们会赢。”', '“因此，我们决定参与。”', '价格为1.75亿欧元。']
    """
    n = len(text)
    inside = [False] * (n + 1)
    for a, b in _quote_spans(text):
        if b - a <= MAX_QUOTE:
            for k in range(a + 1, b):
                inside[k] = True
    # Positions of straight quotes: an even number before one means it opens a quotation.
    straight: dict[str, list[int]] = {q: [k for k, c in enumerate(text) if c == q] for q in "\"'"}
    cuts: list[int] = []
    i = 0
    while i < n:
        if inside[i]:
            i += 1
            continue
        j = _ends_at(text, i, straight)
        if j == -1 and i > 0 and inside[i - 1] and text[i] in CLOSERS:
            # The closing mark of a quotation whose last sentence ended: 。” ！」 ……” 。’”
            k = i - 1
            while k > 0 and text[k] in CLOSERS:
                k -= 1
            if text[k] in TERMINATORS or text[k] in ASCII_TERMINATORS or text[k] == "…":
                j = i
                while j < n and (text[j] in CLOSERS or text[j] in TERMINATORS):
                    j += 1
        if j == -1:
            i += 1
            continue
        cuts.append(j)
        i = j
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*cuts, n]:
        a, b = start, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        start = cut
        if a == b:
            continue
        if spans and not any(c.isalnum() for c in text[a:b]):
            # Only punctuation: belongs to the previous sentence.
            spans[-1] = (spans[-1][0], b)
            continue
        spans.append((a, b))
    return spans
