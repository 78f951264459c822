"""Punctuation: unbalanced quotes and brackets, full-width punctuation left in English.

Pipeline position: a QA check family (see :mod:`zh2en.checks.base`), segment scope.

``unbalanced-brackets`` compares the target's balance of each pair — parentheses, square
brackets, braces and double quotes (“ ” and straight ``"`` together) plus opening ‘ — with
the source's balance of the matching Chinese pairs (（）, 【】, “”「」『』…). A quotation often
spans several sentences, and the Chinese source of a segment is then unbalanced too: only a
target whose imbalance differs from its source's is reported. Straight single quotes and ’
are not counted: in English they are mostly apostrophes.

``fullwidth-punctuation`` reports Chinese/full-width punctuation in the target: ，。、：；！？
（）【】《》「」『』〈〉～, any other full-width form (％, ２, Ａ…), the ideographic space, and
the Chinese double dash ——. Curly quotes “ ” ‘ ’ are correct English typography and are
never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zh2en.checks.base import Problem, check
from zh2en.document import Article, Segment, Severity

#: pair name → (target openers, target closers, source openers, source closers)
PAIRS: dict[str, tuple[str, str, str, str]] = {
    "parentheses": ("(", ")", "(（", ")）"),
    "square brackets": ("[", "]", "[【〔［", "]】〕］"),
    "braces": ("{", "}", "{｛", "}｝"),
}
DOUBLE_SRC_OPEN, DOUBLE_SRC_CLOSE = "“「『«", "”」』»"

FULLWIDTH = {
    "，": ", ",
    "。": ". ",
    "、": ", ",
    "：": ": ",
    "；": "; ",
    "！": "! ",
    "？": "? ",
    "（": " (",
    "）": ") ",
    "【": "[",
    "】": "]",
    "《": "“",
    "》": "”",
    "「": "“",
    "」": "”",
    "『": "‘",
    "』": "’",
    "〈": "‘",
    "〉": "’",
    "～": "~",
    "＂": '"',
    "＇": "'",
    "｛": "{",
    "｝": "}",
    "［": "[",
    "］": "]",
}


DOUBLE_DASH = re.compile("——+")  # Chinese 破折号 ——; English uses one em dash


def _balance(text: str, opens: str, closes: str) -> int:
    return sum(text.count(c) for c in opens) - sum(text.count(c) for c in closes)


def _double_balance_target(text: str) -> int:
    curly = text.count("“") - text.count("”")
    straight = text.count('"') % 2
    # An odd straight quote has no direction; count it as one open quote.
    return curly + straight


def _first_unmatched(text: str, opens: str, closes: str, balance: int) -> tuple[int, int] | None:
    chars = opens if balance > 0 else closes
    idx = [i for i, c in enumerate(text) if c in chars]
    if not idx:
        return None
    i = idx[-1] if balance > 0 else idx[0]
    return (i, i + 1)


@check("unbalanced-brackets", severity=Severity.WARNING)
def unbalanced_brackets(seg: Segment, article: Article) -> Iterator[Problem]:
    """Quotes or brackets in the target do not pair up (and the source's do)."""
    target = seg.target or ""
    for name, (t_open, t_close, s_open, s_close) in PAIRS.items():
        tb = _balance(target, t_open, t_close)
        if tb != 0 and tb != _balance(seg.text, s_open, s_close):
            yield Problem(
                f"unbalanced {name} in the target ({'more opening' if tb > 0 else 'more closing'})",
                target_span=_first_unmatched(target, t_open, t_close, tb),
                suggestion=f"add the missing {'closing' if tb > 0 else 'opening'} {name[:-1]}",
            )
    tb = _double_balance_target(target)
    sb = _balance(seg.text, DOUBLE_SRC_OPEN, DOUBLE_SRC_CLOSE) + seg.text.count('"') % 2
    if tb != 0 and abs(tb) != abs(sb):
        yield Problem(
            "unbalanced double quotes in the target",
            target_span=_first_unmatched(target, '“"', '”"', tb),
            suggestion="close the quotation (or remove the stray quote mark)",
        )
    tb = target.count("‘") - target.count("’")
    if tb > 0 and tb != _balance(seg.text, "‘", "’"):
        yield Problem(
            "an opening single quote ‘ is never closed in the target",
            target_span=_first_unmatched(target, "‘", "’", tb),
            suggestion="close the quotation with ’",
        )


@check("fullwidth-punctuation", severity=Severity.WARNING)
def fullwidth_punctuation(seg: Segment, article: Article) -> Iterator[Problem]:
    """Chinese full-width punctuation (，。：；！？（）…) is left in the English target."""
    target = seg.target or ""
    for m in DOUBLE_DASH.finditer(target):
        yield Problem(
            "Chinese double dash '——' in the English target",
            target_span=m.span(),
            suggestion="use one em dash '—'",
        )
    for i, c in enumerate(target):
        if c in FULLWIDTH:
            ascii_form = FULLWIDTH[c].strip()
        elif (
            "\uff01" <= c <= "\uff5e" or c == "\u3000"
        ):  # full-width ASCII forms (％, ２, Ａ…), ideographic space
            ascii_form = chr(ord(c) - 0xFEE0) if c != "\u3000" else " "
        else:
            continue
        yield Problem(
            f"full-width character {c!r} in the English target",
            target_span=(i, i + 1),
            suggestion=f"use {ascii_form!r}",
        )
