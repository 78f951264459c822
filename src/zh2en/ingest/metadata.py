"""Metadata found in article text: dates, datelines, bylines, outlets.

Pipeline position: ingestion. Readers and :mod:`zh2en.ingest.boilerplate` call these helpers
on normalized block text and front-matter values; the results fill
:class:`~zh2en.document.Metadata`. The patterns are data (lists of regular expressions) so a
new outlet's byline style is one line here, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

# -- dates --------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


def parse_date(value: object) -> str | None:
    """An ISO ``YYYY-MM-DD`` for a front-matter or meta-tag date, or ``None``.

    Accepts RFC 2822 (``Mon, 10 Jan 2022 10:10:07 GMT``), ISO 8601 (``2022-01-10T10:10:07Z``),
    ``2022/1/10``, ``2022年1月10日``, :class:`datetime.date` objects (YAML parses bare ISO
    dates into those) and Unix timestamps in seconds or milliseconds (UTC).
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool) and 1e8 < value < 1e13:
        # A Unix timestamp, in seconds or milliseconds (JSON feeds), read as UTC.
        seconds = value / 1000 if value > 1e11 else value
        return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    m = _ISO_DATE.search(text)
    if m:
        return iso_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def iso_date(y: int, mo: int, d: int) -> str | None:
    """``YYYY-MM-DD``, or ``None`` for an impossible date."""
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


# -- datelines ------------------------------------------------------------------------------

#: A dateline at the start of a paragraph. Groups: place, optional year, month, day.
DATELINE_PATTERNS = [
    # （努尔苏丹11日讯）  (罗马11日讯)  （北京1月11日电）
    re.compile(
        r"^[（(]\s*(?P<place>[\u4e00-\u9fff·]{2,10}?)\s*(?:(?P<year>\d{4})年)?(?:(?P<month>\d{1,2})月)?"
        r"(?P<day>\d{1,2})日\s*(?:讯|电|消息)\s*[)）]"
    ),
    # 新华社努尔苏丹1月11日电  中新网北京1月10日电  本报华盛顿1月9日电（记者 张三）
    re.compile(
        r"^(?P<agency>新华社|中新社|中新网|本报|法新社|路透社|美联社|央视新闻)\s*(?P<place>[\u4e00-\u9fff·]{2,10}?)"
        r"\s*(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日\s*(?:讯|电)"
        r"(?:\s*[（(][^()（）]{0,20}[)）])?"
    ),
]


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline found at ``text[0:end]``."""

    end: int
    place: str
    place_start: int
    place_end: int
    day: int | None
    month: int | None
    year: int | None


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of ``text`` (normalized), if any."""
    for pattern in DATELINE_PATTERNS:
        m = pattern.match(text)
        if m:
            g = m.groupdict()
            return Dateline(
                end=m.end(),
                place=g["place"],
                place_start=m.start("place"),
                place_end=m.end("place"),
                day=int(g["day"]) if g.get("day") else None,
                month=int(g["month"]) if g.get("month") else None,
                year=int(g["year"]) if g.get("year") else None,
            )
    return None


# -- bylines and outlets ----------------------------------------------------------------------

_NAME = r"[\u4e00-\u9fff·]{2,10}"
#: Byline lines (whole block, short). Group ``who`` holds outlet and/or names.
BYLINE_PATTERNS = [
    re.compile(r"^【\s*(?:文|作者|记者|撰文|编译|编辑|图文)\s*[/／:：|丨]\s*(?P<who>[^】]{1,30})】$"),
    re.compile(r"^\[\s*(?:文|作者|记者|撰文|编译)\s*[/／:：|丨]\s*(?P<who>[^\]]{1,30})\]$"),
    re.compile(
        rf"^(?:本报|特约|实习|首席|本台)?(?:记者|作者|撰文|文|编译|采写)\s*[/／:：|丨]?\s*"
        rf"(?P<who>{_NAME}(?:\s*[、,，\s]\s*{_NAME}){{0,3}})$"
    ),
    re.compile(r"^(?P<outlet>\S{2,12}?)(?:记者|特约撰稿人|撰稿人)\s*[|丨/／]\s*(?P<who>.{2,20})$"),
    # 新华社记者 张三 李四   【环球时报驻莫斯科特派记者 王五】
    re.compile(
        rf"^【?(?P<outlet>[\u4e00-\u9fff]{{2,10}}?)(?:驻[\u4e00-\u9fff]{{1,8}}?)?(?:特约|特派|首席|实习)?记者\s*"
        rf"(?P<who>{_NAME}(?:\s*[、,，\s]\s*{_NAME}){{0,3}})】?$"
    ),
]

#: Phrases anywhere on the page (boilerplate included) that name the outlet.
OUTLET_PATTERNS = [
    re.compile(r"本文系(?P<outlet>[^,，。\s]{2,12}?)(?:独家|原创|特约)?稿件"),
    re.compile(r"^(?:来源|稿源)\s*[:：]\s*(?P<outlet>[^\s,，。]{2,12})$"),
    re.compile(r"下载(?P<outlet>[^\s,，。]{2,10}?)\s*(?:APP|App|app|客户端)"),
]


#: Endings of outlet names (a byline "观察者网 鞠峰" names the outlet first).
_OUTLET_SUFFIX = re.compile(r"(?:网|社|报|台|新闻|日报|时报|晚报|杂志|周刊|电视台|通讯社|传媒|媒体)$")


@dataclass(frozen=True, slots=True)
class Byline:
    """A parsed byline: the people and, when named in it, the outlet."""

    author: str | None
    outlet: str | None


def parse_byline(text: str) -> Byline | None:
    """The byline in ``text`` (a whole short block), or ``None``."""
    if len(text) > 40:
        return None
    for pattern in BYLINE_PATTERNS:
        m = pattern.match(text.strip())
        if not m:
            continue
        g = m.groupdict()
        who = (g.get("who") or "").strip()
        outlet = g.get("outlet")
        parts = who.split()
        if outlet is None and len(parts) >= 2 and not re.fullmatch(_NAME, parts[0]):
            outlet = parts[0]
            who = " ".join(parts[1:])
        elif outlet is None and len(parts) == 2 and (len(parts[0]) > 4 or _OUTLET_SUFFIX.search(parts[0])):
            # 【文/观察者网 鞠峰】: an outlet name is usually longer than a person's name.
            outlet, who = parts[0], parts[1]
        return Byline(author=who or None, outlet=outlet)
    return None


def find_outlet(texts: list[str]) -> str | None:
    """The first outlet named by :data:`OUTLET_PATTERNS` in ``texts``."""
    for pattern in OUTLET_PATTERNS:
        for text in texts:
            m = pattern.search(text)
            if m:
                return m.group("outlet")
    return None
