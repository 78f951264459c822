"""Repetition: MT loops ("the the the", a phrase over and over) and duplicated glosses.

Pipeline position: a QA check family (see :mod:`zh2en.checks.base`), segment scope.

``repetition-loop`` flags, on lower-cased tokens of the target (words and punctuation marks, so a
repeat never runs across a bracket or quote):

- a word directly repeated ("the the"), except a short list of legitimate doubles
  ("had had", "that that") and numbers;
- a phrase of 2–8 tokens repeated back to back ("in the region in the region");
- a phrase of 4 or more words that occurs 3 or more times anywhere in the segment
  (a decoder loop that wanders), unless the source repeats itself the same way or the
  phrase is part of a glossary term's English (a long name the source names three times).

``duplicated-gloss`` flags a parenthesis that only repeats the words right before it,
as in "Erlan Karin (Erlan Karin)" (a source gloss 卡林(Erlan Karin) translated twice).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from zh2en.checks.base import Problem, check
from zh2en.checks.textutil import find_phrase
from zh2en.document import Article, Segment, Severity

TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*|[^\sA-Za-z0-9]")
ALLOWED_DOUBLES = frozenset({"had", "that", "is", "bye", "very", "far", "so", "ha", "no"})
PAREN_RE = re.compile(r"\(([^()]{1,120})\)")
_STRIP = " \t\"'“”‘’«»"


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased words and punctuation marks (punctuation stops a repeat: "X (X)" is no loop)."""
    return [(m.group().lower(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def _has_word(gram: list[str] | tuple[str, ...]) -> bool:
    """A repeat must contain a word: "2,000 2,000" or "!!" is not a loop."""
    return any(w[0].isalpha() for w in gram)


@check("repetition-loop", severity=Severity.ERROR)
def repetition(seg: Segment, article: Article) -> Iterator[Problem]:
    """The target repeats a word or phrase in a loop ("the the the")."""
    target = seg.target or ""
    toks = _tokens(target)
    words = [t[0] for t in toks]
    reported: list[tuple[int, int]] = []

    def report(i: int, j: int, what: str, unit: int) -> Problem | None:
        span = (toks[i][1], toks[j - 1][2])
        if any(span[0] < b and a < span[1] for a, b in reported):
            return None
        reported.append(span)
        once = target[toks[i][1] : toks[i + unit - 1][2]]
        return Problem(
            f"repeated {what}: {target[span[0] : span[1]]!r}",
            target_span=span,
            suggestion=f"keep {once!r} once (a decoding loop?)",
        )

    # Back-to-back repeats, longest phrase first so "in the region in the region" is one finding.
    for n in range(8, 0, -1):
        i = 0
        while i + 2 * n <= len(words):
            if words[i : i + n] == words[i + n : i + 2 * n] and _has_word(words[i : i + n]):
                if n == 1 and (words[i] in ALLOWED_DOUBLES or words[i].isdigit()):
                    i += 1
                    continue
                j = i + 2 * n
                while j + n <= len(words) and words[j : j + n] == words[i : i + n]:
                    j += n
                p = report(i, j, "word" if n == 1 else "phrase", n)
                if p:
                    yield p
                i = j
            else:
                i += 1
    # A long phrase three or more times anywhere (not back to back).
    src_words = _tokens(seg.text)
    # A glossary name the source itself repeats ("the Collective Security Treaty Organization"
    # three times) is not a loop: each rendering of a term counts as one non-word token.
    term_spans = [sp for t in {t.target for t in seg.terms} for sp in find_phrase(target, t)]
    masked = [("\0term" if any(a <= s < b for a, b in term_spans) else w) for w, s, _ in toks]
    # Any such phrase of n >= 4 tokens starts with a 4-gram seen three times: most segments
    # stop at this one cheap count.
    four = Counter(tuple(masked[i : i + 4]) for i in range(len(masked) - 3))
    if not four or max(four.values()) < 3:
        return
    for n in range(8, 3, -1):
        grams = Counter(tuple(masked[i : i + n]) for i in range(len(masked) - n + 1))
        src_grams = Counter(tuple(w[0] for w in src_words[i : i + n]) for i in range(len(src_words) - n + 1))
        for gram, count in grams.items():
            if count >= 3 and src_grams[gram] < count and sum(w[0].isalnum() for w in gram) >= 4:
                first = next(i for i in range(len(masked) - n + 1) if tuple(masked[i : i + n]) == gram)
                p = report(first, first + n, f"phrase ({count} times)", n)
                if p:
                    yield p


@check("duplicated-gloss", severity=Severity.WARNING)
def duplicated_gloss(seg: Segment, article: Article) -> Iterator[Problem]:
    """A parenthesis only repeats the words before it ("Erlan Karin (Erlan Karin)")."""
    target = seg.target or ""
    for m in PAREN_RE.finditer(target):
        inner = " ".join(m.group(1).strip(_STRIP).split()).lower()
        if not inner:
            continue
        window = target[max(0, m.start() - 2 * len(m.group(1)) - 20) : m.start()]  # enough to compare
        before = " ".join(window.rstrip().rstrip(_STRIP).split()).lower()
        if before.endswith(inner) and (len(before) == len(inner) or not before[-len(inner) - 1].isalnum()):
            start = m.start() - 1
            while start > 0 and target[start - 1] in " " + _STRIP:
                start -= 1
            start -= len(inner)
            yield Problem(
                f"the gloss {m.group()!r} repeats the words before it",
                target_span=(max(0, start), m.end()),
                suggestion=f"keep {m.group(1).strip()!r} once",
            )
