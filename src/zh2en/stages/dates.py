"""Article dates: fill in ``metadata.date`` for undated articles, saying how it was found.

Pipeline position: after ingestion, before glossary matching (the article date chooses
between dated glossary rows: 努尔苏丹 is *Nur-Sultan* from 2019-03-23 to 2022-09-17 and
*Astana* before and after) and before the QA checks (weekdays, "this month").

Scraped pages often carry no date of their own. The evidence used, in order, is:

1. ``metadata.date`` set by the reader (front matter, a dated dateline) — kept as is;
2. a date the user gave (``zh2en translate --date``) for undated articles;
3. a dateline day (（努尔苏丹11日讯）) completed with the year and month of the nearest
   reference date: the latest full date written in the article, else the nearest dated
   article of the same batch;
4. the latest full date written in the article itself (2022年1月6日): a report is not
   older than the events it dates;
5. the median date of the dated articles in the same batch (one scrape of one story).

The source of the date is recorded in ``metadata.extra["date_source"]`` so reports can
show an estimated date as such; nothing is invented when there is no evidence at all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from zh2en.document import Article, SegmentKind

_FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")

#: Segment kinds whose dates describe the article's story (not page furniture).
_STORY_KINDS = {
    SegmentKind.TITLE,
    SegmentKind.SUBTITLE,
    SegmentKind.BODY,
    SegmentKind.CAPTION,
    SegmentKind.QUOTE,
    SegmentKind.DATELINE,
    SegmentKind.HEADING,
}


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def dates_in_text(article: Article) -> list[dt.date]:
    """Full dates (with a year) written in the article's story segments."""
    found: list[dt.date] = []
    for seg in article.segments:
        if seg.kind not in _STORY_KINDS:
            continue
        for rx in (_FULL_DATE, _ISO_DATE):
            for m in rx.finditer(seg.text):
                d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                if d is not None:
                    found.append(d)
    return found


def _parse_iso(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _complete_day(day: int, reference: dt.date) -> dt.date | None:
    """The date with day-of-month ``day`` nearest to ``reference`` (this, previous or next month)."""
    candidates = []
    for delta in (-1, 0, 1):
        month = reference.month + delta
        year = reference.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        d = _valid(year, month, day)
        if d is not None:
            candidates.append(d)
    return min(candidates, key=lambda d: abs((d - reference).days)) if candidates else None


def resolve_dates(articles: Sequence[Article], *, default: str | None = None) -> None:
    """Set ``metadata.date`` (and ``extra["date_source"]``) on every article that lacks one."""
    batch_dates = sorted(d for a in articles if (d := _parse_iso(a.metadata.date)) is not None)
    for art in articles:
        meta = art.metadata
        if _parse_iso(meta.date) is not None:
            meta.extra.setdefault("date_source", "article")
            continue
        if default:
            meta.date, meta.extra["date_source"] = default, "given (--date)"
            continue
        own = dates_in_text(art)
        latest_own = max(own) if own else None
        if meta.dateline_day:
            reference = latest_own
            if reference is None and batch_dates:
                median = batch_dates[len(batch_dates) // 2]
                reference = min(batch_dates, key=lambda d: abs((d - median).days))
            if reference is not None:
                d = _complete_day(meta.dateline_day, reference)
                if d is not None:
                    meta.date = d.isoformat()
                    meta.extra["date_source"] = (
                        f"estimated: dateline day {meta.dateline_day}"
                        f" with the month of {reference.isoformat()}"
                    )
                    continue
        if latest_own is not None:
            meta.date = latest_own.isoformat()
            meta.extra["date_source"] = "estimated: latest date written in the article"
            continue
        if batch_dates:
            median = batch_dates[(len(batch_dates) - 1) // 2]
            meta.date = median.isoformat()
            meta.extra["date_source"] = "estimated: median date of the dated articles in this batch"
