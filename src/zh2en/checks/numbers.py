"""Numbers and dates: every number, date, weekday and time in the source must be in the target.

Pipeline position: a QA check family (see :mod:`zh2en.checks.base`), segment scope.

Design: both sides are turned into lists of typed values — ``num`` (counts, amounts, years,
percentages, ordinals), ``day``, ``month``, ``weekday`` and ``time`` — which are then compared
as multisets with tolerant matching:

- Chinese side: Arabic numerals with thousands separators and decimals, the multipliers
  万/亿/千/百 (``1.75亿`` = 175,000,000; ``2000万`` = 20,000,000), Chinese numerals
  (一百六十四, 两千, 十六), ``百分之四十``, ordinals (第一, 第14), dates (``2022年1月6日``,
  ``1月10日``, ``本月19日``, ``10日``), weekdays (周二, 星期二, 礼拜天) and times (17:13).
- English side: digits (8000 = 8,000), decimals, scale words (175 million, €1.75bn),
  percentages (40% / 40 percent / 40 per cent), ordinals (19th, first), number words
  (two, sixty-four, a dozen, twice, both), month names and abbreviations (January, Jan.),
  weekdays (Tuesday, Tue.), times (17:13, 5:13 p.m.).

Rules that keep false alarms at zero on correct renderings:

- A source value is found when the target has the same value in a compatible type (a day
  matches ``10``, ``10th`` or ``tenth``; a number matches digits or words). When the
  multiset is used up, a value already matched still counts (English often says a repeated
  number once).
- A lone Chinese 一 is never extracted (一场 is "a", 一周 "a week"); a lone 两…十 only
  before a measure word (两人, 三天); 数十/几十/上百 (vague amounts) are skipped, as are
  fractions (三分之一) and words such as 万一 that are not well-formed numbers.
- Only numbers written with digits can be *unexpected* in the target (English number words
  are too often idiomatic: "one of", "a second"). Digits attached to letters (COVID-19, G20,
  5G) or inside markup residue (``&#8209;``, ``{0}``: ``leftover-markup`` reports those) are
  never unexpected, nor is the article's own publication year (a translator may add it to a
  date).

``number-mismatch`` reports numbers; ``date-mismatch`` reports dates, weekdays and times
(including a target day written next to a month name that the source does not have).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from zh2en.checks.base import Problem, check
from zh2en.document import Article, Segment, Severity

# -- typed values ----------------------------------------------------------------------------

DATE_KINDS = frozenset({"day", "month", "weekday", "time"})


@dataclass(frozen=True, slots=True)
class Value:
    """A number-like value found in a text."""

    kind: str  # num | day | month | weekday | time
    value: float
    span: tuple[int, int]
    text: str
    word: bool = False  # written in words (English) — never reported as unexpected
    date: bool = False  # part of a date expression (year of a full date, day next to a month)
    exempt: bool = False  # never reported as unexpected (COVID-19, the article year)


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# -- Chinese numerals ------------------------------------------------------------------------

ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_BIG = {"万": 10_000, "亿": 100_000_000}
ZH_NUM_CHARS = "零〇一二两三四五六七八九十百千万亿"

_D = "[一二两三四五六七八九]"
_SEC = rf"(?:{_D}千)?(?:零?{_D}百)?(?:零?{_D}?十)?(?:零?{_D})?"
# A well-formed Chinese number: sections joined by 亿 and 万, never starting with a unit
# other than 十 (so 万一 "in case" and 百万 alone are not numbers).
ZH_WELL_FORMED = re.compile(
    rf"(?![百千万亿]){_SEC}(?:亿{_SEC})?(?:万{_SEC})?|(?![百千万亿])(?:{_SEC}亿)?{_SEC}万{_SEC}"
)

#: Measure words after which a lone 两…十 is a count (两人, 三天, 十名, 两大 "two major").
MEASURE_WORDS = set(
    "人名个位次件辆架天年月日周岁家座艘项条国场轮届批枚颗组支起例张份部所层秒点倍度趟遍口只头匹大"
)
MEASURE_PHRASES = ("小时", "分钟", "公里", "美元", "欧元", "英镑", "卢布", "万", "亿")
VAGUE_BEFORE = set("数几上成")  # 数十 (dozens), 几十, 上百, 成千
VAGUE_AFTER = set("几")  # 十几


def zh_to_number(s: str) -> int | None:
    """Value of a Chinese numeral such as ``一百六十四`` or ``两千``; ``None`` if not one."""
    if not s or not ZH_WELL_FORMED.fullmatch(s):
        return None
    total = 0
    section = 0
    digit: int | None = None
    for ch in s:
        if ch in ZH_DIGITS:
            digit = ZH_DIGITS[ch]
        elif ch in ZH_UNITS:
            section += (1 if digit is None else digit) * ZH_UNITS[ch]
            digit = None
        elif ch in ZH_BIG:
            section += digit or 0
            total = (total + section) * ZH_BIG[ch] if ch == "亿" else total + section * ZH_BIG[ch]
            section = 0
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def _num(s: str) -> float:
    return float(s.replace(",", ""))


# -- source extraction -----------------------------------------------------------------------

_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_ZD = rf"(?:\d{{1,2}}|[{ZH_NUM_CHARS[:-4]}]{{1,3}})"  # a small number, Arabic or Chinese

SRC_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
SRC_TIME = re.compile(r"(?<![\d:])([01]?\d|2[0-3])[:：]([0-5]\d)(?![\d:])")
SRC_DATE = re.compile(
    rf"(?:(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*)?"
    rf"(?:(?P<m>{_ZD})\s*月份?\s*)"
    rf"(?:(?P<d>{_ZD})\s*[日号])?"
)
SRC_DAY = re.compile(rf"(?<![\d{ZH_NUM_CHARS}])(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日(?![本元])")
SRC_WEEKDAY = re.compile(rf"(?<![\d{ZH_NUM_CHARS}几数每])(?:周|星期|礼拜)([一二三四五六日天])")
SRC_PERCENT_ZH = re.compile(rf"百分之([{ZH_NUM_CHARS}]+|{_AR})")
SRC_ARABIC = re.compile(
    rf"(?P<ord>第\s*)?(?P<n>{_AR})(?:\s*(?P<mul>万亿|亿|万|千|百)(?![分]))?(?P<pct>\s*[%％])?"
)
SRC_ZH = re.compile(f"(?P<ord>第)?(?P<n>[{ZH_NUM_CHARS}]+)")


class _Occupied:
    """Which characters of a text are already part of a value (linear, for long segments)."""

    __slots__ = ("_buf",)

    def __init__(self, n: int) -> None:
        self._buf = bytearray(n)

    def free(self, a: int, b: int) -> bool:
        return not any(self._buf[a:b])

    def take(self, a: int, b: int) -> None:
        self._buf[a:b] = b"\x01" * (b - a)


def _zh_small(s: str) -> int | None:
    return int(s) if s.isdigit() else zh_to_number(s)


def extract_source(text: str) -> list[Value]:
    """Typed values in a Chinese source segment (see the module docstring)."""
    out: list[Value] = []
    occupied = _Occupied(len(text))
    free = occupied.free

    def add(v: Value, span: tuple[int, int] | None = None) -> None:
        out.append(v)
        occupied.take(*(span or v.span))

    for m in SRC_ISO.finditer(text):
        y, mo, d = (int(g) for g in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            out.append(Value("num", y, m.span(1), m.group(1), date=True))
            out.append(Value("month", mo, m.span(2), m.group(2)))
            out.append(Value("day", d, m.span(3), m.group(3)))
            occupied.take(*m.span())
    for m in SRC_TIME.finditer(text):
        if free(*m.span()):
            add(Value("time", int(m.group(1)) * 60 + int(m.group(2)), m.span(), m.group()))
    for m in SRC_DATE.finditer(text):
        if not m.group("m") or not free(*m.span()):
            continue
        month = _zh_small(m.group("m"))
        if month is None or not 1 <= month <= 12:
            continue
        # "4个月" never reaches here (个 sits between); "一月" as "one month" is rare in news.
        if m.group("y"):
            ys: str = m.group("y")
            year = int(ys) if ys.isdigit() else int("".join(str(ZH_DIGITS[c]) for c in ys))
            out.append(Value("num", year, m.span("y"), ys, date=True))
        out.append(Value("month", month, m.span("m"), m.group("m") + "月"))
        if m.group("d"):
            day = _zh_small(m.group("d"))
            if day is not None and 1 <= day <= 31:
                out.append(Value("day", day, m.span("d"), m.group("d")))
        occupied.take(*m.span())
    for m in SRC_DAY.finditer(text):
        day = _zh_small(m.group("d"))
        if day is not None and 1 <= day <= 31 and free(*m.span()):
            add(Value("day", day, m.span("d"), m.group("d") + "日"), m.span())
    for m in SRC_WEEKDAY.finditer(text):
        if free(*m.span()):
            wd = "一二三四五六日".find(m.group(1))
            add(Value("weekday", wd + 1 if wd >= 0 else 7, m.span(), m.group()))
    for m in SRC_PERCENT_ZH.finditer(text):
        n = m.group(1)
        val = _num(n) if n[0].isdigit() else zh_to_number(n)
        if val is not None and free(*m.span()):
            add(Value("num", val, m.span(), m.group()))
    for m in SRC_ARABIC.finditer(text):
        if not free(*m.span()):
            continue
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] in ".,"):
            continue
        val = _num(m.group("n"))
        mul = m.group("mul")
        if mul:
            val *= {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}[mul]
        add(Value("num", val, m.span(), m.group().strip()))
    for m in SRC_ZH.finditer(text):
        if not free(*m.span()):
            continue
        run = m.group("n")
        start, end = m.span("n")
        before = text[start - 1] if start > 0 else ""
        after = text[end:]
        if (
            before in VAGUE_BEFORE
            or (after[:1] in VAGUE_AFTER)
            or after.startswith("分之")
            or (before == "分" and text[max(0, start - 2) : start] == "分之")
        ):
            continue
        val = zh_to_number(run)
        if val is None:
            continue
        ordinal = bool(m.group("ord"))
        if len(run) == 1 and not ordinal:
            if run == "一" or run in "百千万亿":
                continue
            rest = after.lstrip("多余")
            if not (rest[:1] in MEASURE_WORDS or rest.startswith(MEASURE_PHRASES)):
                continue
        if ordinal and run == "一" and after[:1] in "时线":  # 第一时间 "at once", 第一线 "front line"
            continue
        add(Value("num", val, m.span(), m.group()))
    out.sort(key=lambda v: v.span)
    return out


# -- target extraction -----------------------------------------------------------------------

_MONTH_ALTS = "|".join(
    [
        *MONTHS,
        r"Jan\.?",
        r"Feb\.?",
        r"Mar\.",
        r"Apr\.?",
        r"Jun\.",
        r"Jul\.",
        r"Aug\.?",
        r"Sept?\.?",
        r"Oct\.?",
        r"Nov\.?",
        r"Dec\.?",
    ]
)
TGT_MONTH = re.compile(rf"\b(?P<mon>{_MONTH_ALTS})(?![A-Za-z])")
TGT_WEEKDAY = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Mon\.|Tues?\.|Wed\.|Thur?s?\.|Fri\.|Sat\.|Sun\.)"
)
TGT_TIME = re.compile(
    r"(?<![\d:.])([01]?\d|2[0-3]):([0-5]\d)(?:\s*([ap])\.?\s?m\b\.?)?(?![\d:])", re.IGNORECASE
)
TGT_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
TGT_NUMBER = re.compile(
    r"(?P<cur>[$€£¥]\s?)?(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<ord>st|nd|rd|th)?"
    r"(?:(?:\s+|\s*-\s*)(?P<scale>thousand|million|billion|trillion)\b|(?P<abbr>bn|mn|m|k)\b)?"
    r"(?P<pct>\s*(?:%|percent\b|per\s+cent\b))?"
)
#: "175m euros": an abbreviated scale is a scale when a currency follows (else "10m" is metres).
CURRENCY_AFTER = re.compile(
    r"\s*(?:US\s+)?(?:euros?|dollars?|yuan|renminbi|roubles?|rubles?|pounds?|tenge)\b"
)
SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
}

UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
}
ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
        ]
    )
}
ORDINALS.update({"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100})
WORD_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
A_SCALES = ("hundred", "thousand", "million", "dozen")  # "a hundred", "a dozen"
SPECIAL_WORDS = {"once": 1, "twice": 2, "both": 2, "pair": 2, "thrice": 3, "dozen": 12, "decade": 10}
TGT_WORD = re.compile(r"[A-Za-z]+")


def _is_number_word(w: str) -> bool:
    return w in UNITS or w in TENS or w in ORDINALS or w in WORD_SCALES


def _word_values(text: str, occupied: _Occupied) -> list[Value]:
    """Numbers written in words: "one hundred and sixty-four", "two thousand", "a dozen", "two-day"."""
    # Single words; a hyphen joins like a space, so "sixty-four" is 64 and "two-day" is 2.
    tokens = [(m.group().lower(), m.start(), m.end()) for m in TGT_WORD.finditer(text)]
    out: list[Value] = []
    i = 0
    while i < len(tokens):
        word, s, e = tokens[i]
        if word in SPECIAL_WORDS:
            out.append(Value("num", SPECIAL_WORDS[word], (s, e), text[s:e], word=True))
            i += 1
            continue
        if _is_number_word(word) and word not in WORD_SCALES:
            total = current = 0
            last = ""  # kind of the previous word: unit | tens | hundred | scale
            j, end = i, e
            while j < len(tokens):
                w, _, we = tokens[j]
                if w == "and" and last in ("hundred", "scale") and j + 1 < len(tokens):
                    j += 1
                    continue
                if not _is_number_word(w):
                    break
                # "two three-year terms" is two numbers: a unit never follows a unit or tens
                # directly except as "sixty-four" (tens then unit).
                if ((w in UNITS or w in ORDINALS) and last == "unit") or (
                    w in TENS and last in ("unit", "tens")
                ):
                    break
                if w in UNITS:
                    current += UNITS[w]
                    last = "unit"
                elif w in TENS:
                    current += TENS[w]
                    last = "tens"
                elif w in ORDINALS:
                    current += ORDINALS[w]
                    end, j = we, j + 1
                    break
                elif w == "hundred":
                    current = (current or 1) * 100
                    last = "hundred"
                else:
                    total += (current or 1) * WORD_SCALES[w]
                    current = 0
                    last = "scale"
                end = we
                j += 1
            value = total + current
            if j < len(tokens) and tokens[j][0] in ("dozen", "decades", "decade"):
                value *= 12 if tokens[j][0] == "dozen" else 10  # "two dozen", "three decades"
                end = tokens[j][2]
                j += 1
            out.append(Value("num", value, (s, end), text[s:end], word=True))
            i = max(j, i + 1)
            continue
        if (
            word == "a"
            and i + 1 < len(tokens)
            and tokens[i + 1][0] in ("hundred", "thousand", "million", "dozen")
        ):
            nxt = tokens[i + 1]
            val = SPECIAL_WORDS.get(nxt[0]) or WORD_SCALES[nxt[0]]
            out.append(Value("num", val, (s, nxt[2]), text[s : nxt[2]], word=True))
            i += 2
            continue
        i += 1
    return [v for v in out if occupied.free(*v.span)]


def extract_target(text: str, year: int | None = None) -> list[Value]:
    """Typed values in an English target segment (see the module docstring)."""
    out: list[Value] = []
    occupied = _Occupied(len(text))
    for m in TGT_ISO.finditer(text):
        y, mo, d = (int(g) for g in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            out += [
                Value("num", y, m.span(1), m.group(1), date=True),
                Value("month", mo, m.span(2), m.group(2), date=True),
                Value("day", d, m.span(3), m.group(3), date=True),
            ]
            occupied.take(*m.span())
    for m in TGT_TIME.finditer(text):
        if not occupied.free(*m.span()):
            continue
        h, mi = int(m.group(1)), int(m.group(2))
        if m.group(3):
            h = h % 12 + (12 if m.group(3).lower() == "p" else 0)
        out.append(Value("time", h * 60 + mi, m.span(), m.group()))
        occupied.take(*m.span())
    month_spans: list[tuple[int, int]] = []
    for m in TGT_MONTH.finditer(text):
        name = m.group("mon")
        month = next(i + 1 for i, full in enumerate(MONTHS) if full.startswith(name.rstrip(".")[:3]))
        out.append(Value("month", month, m.span(), name, word=True))
        month_spans.append(m.span())
        occupied.take(*m.span())
    for m in TGT_WEEKDAY.finditer(text):
        wd = next(i + 1 for i, full in enumerate(WEEKDAYS) if full.startswith(m.group(1).rstrip(".")[:3]))
        out.append(Value("weekday", wd, m.span(), m.group(), word=True))
        occupied.take(*m.span())
    month_starts = [a for a, _ in month_spans]  # sorted: found left to right
    for m in TGT_NUMBER.finditer(text):
        if not occupied.free(*m.span()):
            continue
        s, e = m.span()
        before = text[s - 1] if s > 0 else ""
        if before.isdigit() or (before in ".," and s > 1 and text[s - 2].isdigit()):
            continue
        val = _num(m.group("n"))
        if m.group("scale"):
            val *= SCALES[m.group("scale")]
        elif m.group("abbr") and (
            m.group("cur") or m.group("abbr") in ("bn", "mn") or CURRENCY_AFTER.match(text, m.end())
        ):
            val *= SCALES[m.group("abbr")]
        elif m.group("abbr"):
            e = m.end("n")  # "10m" without a currency is metres; keep the number alone
        after = text[e : e + 1]
        glued = (
            before.isalpha()
            or (
                before != "" and before in "#{⟦"
            )  # an entity (&#8209;) or placeholder ({0}): leftover-markup's
            or (before == "-" and s > 1 and text[s - 2].isalpha())
            or (after.isalpha() and not m.group("ord"))
        )
        is_date = _next_to(month_spans, month_starts, s, e, text)
        is_year = (
            year is not None
            and val == year
            and not m.group("pct")
            and not m.group("scale")
            and m.group("n").isdigit()
        )
        kind = "day" if is_date and val <= 31 and "." not in m.group("n") else "num"
        out.append(Value(kind, val, (s, e), text[s:e].strip(), date=is_date, exempt=bool(glued or is_year)))
        occupied.take(s, e)
    out += _word_values(text, occupied)
    out.sort(key=lambda v: v.span)
    return out


def _next_to(month_spans: list[tuple[int, int]], starts: list[int], s: int, e: int, text: str) -> bool:
    """Whether a number at text[s:e] belongs to a date with a month name ("Jan. 10", "10 January",
    "January 6, 2022")."""
    lo = bisect.bisect_left(starts, s - 20)  # month names are at most 9 characters long
    hi = bisect.bisect_right(starts, e + 4)
    for a, b in month_spans[lo:hi]:
        gap_after = text[b:s]
        gap_before = text[e:a]
        if 0 <= s - b <= 2 and gap_after.strip() == "":
            return True
        if 0 <= a - e <= 4 and re.fullmatch(r"(?:st|nd|rd|th)?\s*(?:of\s+)?", gap_before or ""):
            return True
        if 0 <= s - b <= 8 and re.fullmatch(r"\s+\d{1,2}(?:st|nd|rd|th)?,\s*", gap_after):
            return True
    return False


# -- comparison ------------------------------------------------------------------------------


def _compatible(src: Value, tgt: Value) -> bool:
    if abs(src.value - tgt.value) > 1e-9 * max(1.0, abs(src.value)):
        return False
    if src.kind in ("month", "weekday", "time"):
        return tgt.kind == src.kind
    return tgt.kind in ("num", "day")


@dataclass(frozen=True, slots=True)
class Comparison:
    """Result of comparing one segment: values missing from the target, values it added."""

    missing: tuple[Value, ...]
    unexpected: tuple[Value, ...]


def _key(v: float) -> float:
    """Bucket for value lookups: equal within the tolerance of :func:`_compatible`."""
    return float(f"{v:.9g}")


@functools.lru_cache(maxsize=4096)
def compare(source: str, target: str, year: int | None = None) -> Comparison:
    """Source values not found in the target, and digit values in the target not in the source."""
    src = extract_source(source)
    tgt = extract_target(target, year)
    by_value: dict[float, list[int]] = {}
    for i, tv in enumerate(tgt):
        by_value.setdefault(_key(tv.value), []).append(i)
    used = [False] * len(tgt)
    missing: list[Value] = []
    # Specific kinds first, so a month does not take a number another value needs.
    for sv in sorted(src, key=lambda v: (v.kind == "num", v.span)):
        candidates = [i for i in by_value.get(_key(sv.value), ()) if _compatible(sv, tgt[i])]
        free = [i for i in candidates if not used[i]]
        if free:
            used[free[0]] = True
        elif not candidates:  # none at all; an already matched one still counts
            missing.append(sv)
    src_values: dict[float, list[Value]] = {}
    for sv in src:
        src_values.setdefault(_key(sv.value), []).append(sv)
    unexpected = [
        tv
        for i, tv in enumerate(tgt)
        if not used[i]
        and not tv.word
        and not tv.exempt
        and not any(_compatible(sv, tv) or _compatible(tv, sv) for sv in src_values.get(_key(tv.value), ()))
    ]
    return Comparison(tuple(sorted(missing, key=lambda v: v.span)), tuple(unexpected))


def _article_year(article: Article) -> int | None:
    date = article.metadata.date or ""
    return int(date[:4]) if len(date) >= 4 and date[:4].isdigit() else None


def _fmt(v: float) -> str:
    return f"{int(v):,}" if v == int(v) else f"{v:,}"


def _is_date(v: Value) -> bool:
    return v.kind in DATE_KINDS or v.date


def _describe(v: Value) -> str:
    if v.kind == "month":
        return f"month {MONTHS[int(v.value) - 1]}"
    if v.kind == "weekday":
        return WEEKDAYS[int(v.value) - 1]
    if v.kind == "time":
        return f"time {int(v.value) // 60:02d}:{int(v.value) % 60:02d}"
    if v.kind == "day":
        return f"day {int(v.value)}"
    return _fmt(v.value)


def _problems(seg: Segment, article: Article, dates: bool) -> Iterator[Problem]:
    if not seg.target or not seg.text:
        return
    result = compare(seg.text, seg.target, _article_year(article))
    for v in result.missing:
        if _is_date(v) != dates:
            continue
        what = "date part" if dates else "number"
        yield Problem(
            f"{what} {v.text!r} ({_describe(v)}) is not in the target",
            source_span=v.span,
            suggestion=f"render {v.text!r} as {_describe(v)}",
        )
    for v in result.unexpected:
        if _is_date(v) != dates:
            continue
        yield Problem(
            f"{v.text!r} ({_describe(v)}) in the target is not in the source",
            target_span=v.span,
            suggestion="check this value against the source",
        )


@check("number-mismatch", severity=Severity.ERROR)
def number_mismatch(seg: Segment, article: Article) -> Iterator[Problem]:
    """A number in the source is missing from the target, or the target has a number the source lacks."""
    yield from _problems(seg, article, dates=False)


@check("date-mismatch", severity=Severity.ERROR)
def date_mismatch(seg: Segment, article: Article) -> Iterator[Problem]:
    """A date, weekday or time in the source is missing or different in the target."""
    yield from _problems(seg, article, dates=True)
