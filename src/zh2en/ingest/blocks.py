"""Text blocks with offsets into the raw file, and their conversion to segments.

Pipeline position: the shared middle of ingestion. A reader turns the raw text into a list of
:class:`Block` (a paragraph, heading, caption… as a :class:`Source`: derived text plus an
:class:`~zh2en.document.OffsetMap` back to the raw text — tags dropped, entities and JSON
escapes decoded); :mod:`zh2en.ingest.boilerplate` decides what each block is; then
:func:`blocks_to_segments` normalizes each kept block (:func:`zh2en.stages.normalize.normalize`),
splits it into sentences (:func:`zh2en.stages.split.split_sentences`) and builds the
:class:`~zh2en.document.Segment` objects whose offsets point into the raw text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zh2en.document import OffsetMap, Segment, SegmentKind
from zh2en.stages.normalize import normalize, to_simplified
from zh2en.stages.split import split_sentences


@dataclass(slots=True)
class Source:
    """A derived text and the map of each of its positions back to the raw text."""

    text: str
    map: OffsetMap

    @classmethod
    def of_raw(cls, raw: str, start: int = 0, end: int | None = None) -> Source:
        """``raw[start:end]`` unchanged."""
        end = len(raw) if end is None else end
        return cls(raw[start:end], OffsetMap.identity(end - start, start))

    def sub(self, start: int, end: int) -> Source:
        """The part ``text[start:end]``."""
        return Source(self.text[start:end], self.map.slice(start, end))

    def raw_span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """Raw offsets of ``text[start:end]``."""
        return self.map.to_raw(start, len(self.text) if end is None else end)


class SourceBuilder:
    """Concatenates pieces of sources and replacement strings into one :class:`Source`."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._map = OffsetMap()
        self._len = 0

    def __len__(self) -> int:
        return self._len

    def add(self, src: Source, start: int = 0, end: int | None = None) -> None:
        """Append ``src.text[start:end]`` with its own mapping."""
        end = len(src.text) if end is None else end
        if end <= start:
            return
        for run in src.map.slice(start, end).runs:
            self._map.add(self._len + run.t0, self._len + run.t1, run.r0, run.r1, exact=run.exact)
        self._parts.append(src.text[start:end])
        self._len += end - start

    def add_replacement(self, text: str, raw_start: int, raw_end: int) -> None:
        """Append ``text`` standing for ``raw[raw_start:raw_end]`` as a whole (an entity, an escape)."""
        if not text:
            return
        self._map.add(self._len, self._len + len(text), raw_start, raw_end, exact=False)
        self._parts.append(text)
        self._len += len(text)

    def build(self) -> Source:
        return Source("".join(self._parts), self._map)


@dataclass(slots=True)
class Block:
    """One paragraph-like unit found by a reader, before boilerplate classification.

    ``hint`` is the kind the document structure says (``<h3>`` → heading, ``<figure>`` →
    caption…); ``None`` for plain text, where :mod:`~zh2en.ingest.boilerplate` decides.
    ``chrome`` marks blocks inside page furniture by structure (``<nav>``, ``<footer>``,
    a ``class="share"``…). ``paragraph`` groups blocks that form one paragraph.
    """

    source: Source
    hint: SegmentKind | None = None
    chrome: bool = False
    text: str = ""  # normalized text, filled by :func:`normalize_block`
    map: OffsetMap = field(default_factory=OffsetMap)  # normalized text → raw
    key: str = ""  # ``text`` in Simplified even when OpenCC is off: what boilerplate rules read

    @property
    def raw_span(self) -> tuple[int, int]:
        return self.source.raw_span()


def compose(inner: OffsetMap, outer: OffsetMap) -> OffsetMap:
    """Map ``inner`` (text → source positions) through ``outer`` (source → raw)."""
    out = OffsetMap()
    for run in inner.runs:
        if run.exact:
            for o in outer.slice(run.r0, run.r1).runs:
                out.add(run.t0 + o.t0, run.t0 + o.t1, o.r0, o.r1, exact=o.exact)
        else:
            if run.r1 > run.r0:
                r0, r1 = outer.to_raw(run.r0, run.r1)
            else:
                r0 = r1 = outer.to_raw_start(run.r0)
            out.add(run.t0, run.t1, r0, r1, exact=False)
    return out


def normalize_block(block: Block, opencc: str) -> None:
    """Fill ``block.text`` and ``block.map`` (normalized text and its map to raw)."""
    text, inner = normalize(block.source.text, 0, opencc=opencc)
    block.text = text
    block.map = compose(inner, block.source.map)
    block.key = text if opencc != "none" else to_simplified(text, "t2s")


def make_segment(index: int, paragraph: int, kind: SegmentKind, text: str, m: OffsetMap) -> Segment:
    """A segment for ``text`` (already normalized) whose map ``m`` points into the raw text."""
    start, end = m.to_raw(0, len(text))
    return Segment(index=index, paragraph=paragraph, kind=kind, text=text, start=start, end=end, offsets=m)


def sentence_segments(
    text: str, m: OffsetMap, kind: SegmentKind, paragraph: int, first_index: int
) -> list[Segment]:
    """Split one normalized block into sentence segments of ``kind``."""
    out: list[Segment] = []
    for a, b in split_sentences(text):
        out.append(make_segment(first_index + len(out), paragraph, kind, text[a:b], m.slice(a, b)))
    return out
