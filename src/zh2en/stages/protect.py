"""Glossary protection before MT, and placeholder restoration after it.

Pipeline position: match terms → **protect** → translate → **restore** → enforce.

Each engine declares a ``glossary_strategy``; :func:`protect_segment` prepares the text the
engine sees accordingly:

- ``"inject"``: every matched Chinese term is replaced by its canonical English
  (MT engines copy Latin names through far more reliably than they transliterate);
- ``"placeholder"``: every term becomes a protected token (``⟦T0⟧``, ``⟦T1⟧``… or the
  engine's own ``placeholder_format``), restored after MT by :func:`restore`; a token that
  comes back missing, twice or mangled makes :func:`restore` fail, and the caller
  retranslates the segment with ``"inject"`` (never shipping a half-restored text);
- ``"prompt"``: the text is unchanged and the terms travel as :class:`GlossaryHint`;
- ``"none"``: the text is unchanged; only post-MT repair (``zh2en.stages.enforce``) applies.

Source-given English — ``埃尔兰·卡林(Erlan Karin)`` — is protected together with its
parenthesis, so the engine never produces "Erlan Karin (Erlan Karin)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zh2en.document import Segment, TermMatch
from zh2en.engines.base import GlossaryHint

DEFAULT_PLACEHOLDER = "⟦T{}⟧"

#: Anything that looks like a (possibly mangled) placeholder left in an output.
_RESIDUE = re.compile(r"[⟦⟧]|\[\[?\s*T\s*\d+\s*\]?\]|(?<![\w])T\s?\d+(?![\w])")
_OPEN_PAREN = "(（"
_CLOSE_PAREN = ")）"


@dataclass(slots=True)
class Slot:
    """One protected term occurrence: ``token`` in the engine text stands for ``english``."""

    token: str
    english: str
    term: int  # index into Segment.terms
    start: int  # span in Segment.text covered (term plus any source-given English)
    end: int


@dataclass(slots=True)
class Protected:
    """What the engine is sent for one segment, and how to undo it."""

    text: str
    strategy: str
    slots: list[Slot] = field(default_factory=list)
    hints: list[GlossaryHint] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # each slot's token in ``text``


def rendering(term: TermMatch) -> str:
    """The English a term occurrence should read as in the target.

    The glossary English, except when the source gives a fuller English form containing it
    (``阿齐尔贝克(Saltanat Azirbek)`` with glossary "Azirbek" → "Saltanat Azirbek").
    """
    given = (term.given_en or "").strip()
    if given and term.target and term.target.casefold() in given.casefold():
        return given
    return term.target


def given_end(text: str, term: TermMatch) -> int:
    """End of the term's span in ``text``, extended over a following ``(given English)``."""
    if not term.given_en:
        return term.end
    m = re.compile(
        r"\s*[" + _OPEN_PAREN + r"]\s*" + re.escape(term.given_en.strip()) + r"\s*[" + _CLOSE_PAREN + "]"
    ).match(text, term.end)
    return m.end() if m else term.end


def _protectable(seg: Segment) -> list[tuple[int, TermMatch]]:
    """Terms with a chosen English, in text order, without overlaps (leftmost wins)."""
    out: list[tuple[int, TermMatch]] = []
    last_end = -1
    for i, t in sorted(enumerate(seg.terms), key=lambda it: (it[1].start, -it[1].end)):
        if not t.target or t.start < last_end or t.end > len(seg.text):
            continue
        out.append((i, t))
        last_end = given_end(seg.text, t)
    return out


def _join(left: str, english: str, right: str) -> str:
    """``english`` between two pieces of text, with a space where Latin letters would touch."""
    pre = " " if left and (left[-1].isascii() and left[-1].isalnum()) else ""
    post = " " if right and (right[0].isascii() and right[0].isalnum()) else ""
    return f"{pre}{english}{post}"


def protect_segment(
    seg: Segment, strategy: str, *, placeholder_format: str = DEFAULT_PLACEHOLDER
) -> Protected:
    """The text to send to the engine for ``seg`` under ``strategy`` (see module docstring)."""
    terms = _protectable(seg)
    if strategy == "prompt":
        hints = [GlossaryHint(source=t.surface, target=rendering(t)) for _, t in terms]
        return Protected(seg.text, strategy, hints=hints)
    if strategy not in ("inject", "placeholder") or not terms:
        return Protected(seg.text, strategy)
    parts: list[str] = []
    slots: list[Slot] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for n, (i, t) in enumerate(terms):
        end = given_end(seg.text, t)
        english = rendering(t)
        parts.append(seg.text[pos : t.start])
        token = english if strategy == "inject" else placeholder_format.format(n)
        joined = _join("".join(parts), token, seg.text[end:])
        at = sum(len(p) for p in parts) + joined.index(token)
        spans.append((at, at + len(token)))
        parts.append(joined)
        slots.append(Slot(token, english, i, t.start, end))
        pos = end
    parts.append(seg.text[pos:])
    return Protected("".join(parts), strategy, slots=slots, spans=spans)


def restore(protected: Protected, output: str) -> str | None:
    """``output`` with every placeholder replaced by its English, or ``None`` if unsafe.

    Unsafe means a token is missing, repeated, or the output still contains something that
    looks like a placeholder (a mangled token). For strategies other than ``placeholder``
    the output is returned unchanged.
    """
    if protected.strategy != "placeholder" or not protected.slots:
        return output
    for slot in protected.slots:
        if output.count(slot.token) != 1:
            return None
    pattern = re.compile("|".join(re.escape(s.token) for s in protected.slots))
    by_token = {s.token: s.english for s in protected.slots}
    pieces: list[str] = []
    pos = 0
    for m in pattern.finditer(output):
        pieces.append(output[pos : m.start()])
        # Neighbours as restored so far on the left, and as the engine wrote them on the
        # right (a following token counts as Latin: two names never run together).
        right = output[m.end() :]
        right = "A" if pattern.match(right) else right
        pieces.append(_join("".join(pieces), by_token[m.group(0)], right))
        pos = m.end()
    pieces.append(output[pos:])
    # A residue check on the text with tokens removed: anything token-like left is mangling.
    if _RESIDUE.search(pattern.sub(" ", output)):
        return None
    return "".join(pieces)


def scrub(text: str) -> str:
    """Remove placeholder brackets that should never reach an output (last line of defence)."""
    return re.sub(r"⟦[^⟦⟧]{0,8}⟧|[⟦⟧]", "", text)
