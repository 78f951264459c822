"""The reader base class and the shared assembly of an :class:`~zh2en.document.Article`.

Pipeline position: ingestion. Every reader (registered by name in :mod:`zh2en.builtins`)
subclasses :class:`Reader`: ``sniff`` says whether a text looks like its format, ``read``
turns the decoded text into an Article. Readers only find blocks and metadata; the common
:func:`assemble` does boilerplate removal, normalization, sentence splitting and metadata
completion, so every format gets the same treatment.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import ClassVar

from zh2en.document import Article, Metadata, Segment, SegmentKind
from zh2en.ingest.blocks import Block, make_segment, normalize_block, sentence_segments
from zh2en.ingest.boilerplate import classify_blocks
from zh2en.ingest.metadata import find_dateline, find_outlet, iso_date, parse_byline, parse_date
from zh2en.stages.normalize import script_of

_URL = re.compile(r"https?://\S+")
#: Kinds whose blocks stay one segment (not split into sentences).
WHOLE_BLOCK_KINDS = frozenset(
    {SegmentKind.TITLE, SegmentKind.HEADING, SegmentKind.BYLINE, SegmentKind.DATELINE, SegmentKind.CAPTION}
)


class Reader:
    """Base class of the ingestion readers (subclasses set ``name`` and implement the methods)."""

    name: ClassVar[str] = ""

    def __init__(self, *, opencc: str = "t2s") -> None:
        self.opencc = opencc

    def sniff(self, text: str, path: str | None) -> bool:  # pragma: no cover - abstract
        """Whether ``text`` (the decoded file, ``path`` its name or ``None``) is in this format."""
        raise NotImplementedError

    def read(self, raw_text: str, path: str | None) -> Article:  # pragma: no cover - abstract
        """The article in ``raw_text``."""
        raise NotImplementedError

    def read_all(self, raw_text: str, path: str | None) -> list[Article]:
        """Every article in ``raw_text`` (one for most formats; JSON Lines holds several)."""
        return [self.read(raw_text, path)]


def article_id_for(path: str | None, fallback: str = "article") -> str:
    """The article id: the file stem (``seeds/003_x.txt`` → ``003_x``)."""
    return Path(path).stem if path else fallback


def _as_written(value: str | None, key: str, text: str) -> str | None:
    """``value`` found in ``key`` (Simplified), in the script of ``text`` when positions agree."""
    if value is None or len(key) != len(text) or value not in key:
        return value
    i = key.index(value)
    return text[i : i + len(value)]


def assemble(
    raw_text: str,
    blocks: list[Block],
    *,
    article_id: str,
    source_path: str | None,
    metadata: Metadata,
    opencc: str,
) -> Article:
    """Build the Article: clean the blocks, split them, fill the missing metadata."""
    for block in blocks:
        normalize_block(block, opencc)
    classified = classify_blocks(blocks)
    segments: list[Segment] = []
    paragraph = 0
    for block, kind in classified.kept:
        text, m = block.text, block.map
        same_length = len(block.key) == len(text)  # rules read ``key``; positions agree when equal
        if kind in (SegmentKind.BODY, SegmentKind.QUOTE) and same_length:
            dl = find_dateline(block.key)
            if dl is not None:
                segments.append(
                    make_segment(
                        len(segments), paragraph, SegmentKind.DATELINE, text[: dl.end], m.slice(0, dl.end)
                    )
                )
                if metadata.dateline_place is None:
                    metadata.dateline_place = text[dl.place_start : dl.place_end]
                    metadata.dateline_day = dl.day
                    if metadata.date is None and dl.year and dl.month and dl.day:
                        metadata.date = iso_date(dl.year, dl.month, dl.day)
                rest = len(text[dl.end :]) - len(text[dl.end :].lstrip())
                text, m = text[dl.end + rest :], m.slice(dl.end + rest, len(text))
        if not text:
            paragraph += 1
            continue
        if kind in WHOLE_BLOCK_KINDS:
            segments.append(make_segment(len(segments), paragraph, kind, text, m))
        else:
            segments.extend(sentence_segments(text, m, kind, paragraph, len(segments)))
        if kind is SegmentKind.BYLINE and metadata.author is None:
            byline = parse_byline(block.key)
            if byline is not None:
                metadata.author = _as_written(byline.author, block.key, text)
                metadata.outlet = metadata.outlet or _as_written(byline.outlet, block.key, text)
        if kind is SegmentKind.TITLE and metadata.title is None:
            metadata.title = text
        paragraph += 1
    if metadata.date is None:
        # A source/date line above the article ("发布时间：2022-01-10 10:10", "2022-01-10 来源：…").
        metadata.date = next((d for d in map(parse_date, classified.header_meta) if d), None)
    if metadata.url is None:
        metadata.url = next((u.group() for u in map(_URL.search, classified.urls) if u), None)
    if metadata.outlet is None:
        metadata.outlet = find_outlet([b.key for b in blocks if b.key])
    body_raw = "".join(raw_text[s.start : s.end] for s in segments)
    metadata.script = script_of(body_raw, opencc if opencc != "none" else "t2s") if body_raw else None
    dropped = Counter(reason for _, reason in classified.dropped)
    metadata.extra.setdefault("dropped_blocks", dict(sorted(dropped.items())))
    return Article(
        id=article_id, source_path=source_path, raw_text=raw_text, metadata=metadata, segments=segments
    )
