"""The data model: one :class:`Article` of :class:`Segment` objects flows through every stage.

Pipeline position: everything. Readers create Articles; normalization and splitting fill
segments; glossary matching adds :class:`TermMatch`; translation fills ``mt``/``target``;
enforcement adds :class:`LedgerEntry`; checks add :class:`Finding`. Writers serialize it.

Rules (see STYLE.md):
- ``Article.raw_text`` is the decoded input exactly as read and is never modified.
- ``Segment.text`` is *normalized* text (Simplified, separators unified, widths folded).
  ``Segment.offsets`` maps every position of ``Segment.text`` back to ``raw_text``;
  ``Segment.start``/``Segment.end`` delimit the segment's source in ``raw_text``.
- ``Article.to_dict()``/``Article.from_dict()`` round-trip losslessly (the aligned JSONL
  output *is* this object), so later commands reload it without translating again.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

SCHEMA_VERSION = 1


class SegmentKind(StrEnum):
    """What a segment is in the article; writers and checks treat kinds differently."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    HEADING = "heading"
    BODY = "body"
    QUOTE = "quote"
    CAPTION = "caption"
    BYLINE = "byline"
    DATELINE = "dateline"
    LIST_ITEM = "list_item"
    OTHER = "other"


class Severity(StrEnum):
    """QA finding severity, ordered: info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class TermStatus(StrEnum):
    """Ledger status of one glossary term occurrence after MT."""

    APPLIED = "applied"  # canonical English present in the target
    REPAIRED = "repaired"  # a known wrong variant was replaced by the canonical English
    MISSING = "missing"  # neither canonical English nor a known variant found
    FORBIDDEN = "forbidden"  # a forbidden/deprecated variant is present and was not repaired
    AMBIGUOUS = "ambiguous"  # several entries could apply; not decided automatically


@dataclass(frozen=True, slots=True)
class Run:
    """One piece of an :class:`OffsetMap`: text[t0:t1] came from raw[r0:r1].

    An ``exact`` run is character-for-character (unchanged text, or a 1:1 substitution such
    as Traditional→Simplified), so each position maps to its own raw character. Otherwise the
    run is an opaque replacement (an HTML entity, a folded whitespace run, a phrase OpenCC
    rewrote with another length) and every position inside it maps to the whole raw span.
    """

    t0: int
    t1: int
    r0: int
    r1: int
    exact: bool = True


class OffsetMap:
    """Maps positions in a derived text back to positions in ``raw_text``.

    A sorted list of contiguous :class:`Run` objects covering the derived text. Builders
    append runs in order with :meth:`add`; adjacent 1:1 runs merge so the common case
    (plain text) is a single run. Serialized as ``[[t0, t1, r0, r1], ...]``.
    """

    __slots__ = ("_runs", "_starts")

    def __init__(self, runs: list[Run] | None = None) -> None:
        self._runs: list[Run] = []
        self._starts: list[int] = []
        for run in runs or []:
            self.add(run.t0, run.t1, run.r0, run.r1)

    @classmethod
    def identity(cls, length: int, raw_start: int = 0) -> OffsetMap:
        """Map for text that is ``raw[raw_start:raw_start+length]`` unchanged."""
        m = cls()
        m.add(0, length, raw_start, raw_start + length)
        return m

    def add(self, t0: int, t1: int, r0: int, r1: int, *, exact: bool | None = None) -> None:
        """Append a run; runs must be contiguous in the derived text.

        ``exact`` defaults to "the lengths are equal"; pass ``exact=False`` for a replacement
        whose lengths happen to match but whose characters do not correspond one to one.
        Raw text dropped by normalization (tags, zero-width characters) is simply a gap
        between the ``r1`` of one run and the ``r0`` of the next; empty runs are ignored.
        """
        if t1 < t0 or r1 < r0:
            raise ValueError(f"bad run ({t0}, {t1}, {r0}, {r1})")
        if t1 == t0:
            return
        is_exact = (t1 - t0 == r1 - r0) if exact is None else (exact and t1 - t0 == r1 - r0)
        expected = self._runs[-1].t1 if self._runs else 0
        if t0 != expected:
            raise ValueError(f"OffsetMap runs must be contiguous: run starts at {t0}, expected {expected}")
        if self._runs:
            last = self._runs[-1]
            if is_exact and last.exact and r0 == last.r1:
                self._runs[-1] = Run(last.t0, t1, last.r0, r1)
                return
        self._runs.append(Run(t0, t1, r0, r1, is_exact))
        self._starts.append(t0)

    @property
    def runs(self) -> list[Run]:
        return list(self._runs)

    @property
    def text_length(self) -> int:
        return self._runs[-1].t1 if self._runs else 0

    def _run_at(self, pos: int) -> Run:
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._runs[max(0, min(i, len(self._runs) - 1))]

    def to_raw_start(self, pos: int) -> int:
        """Raw offset where the character at text position ``pos`` begins."""
        if not self._runs:
            return 0
        run = self._run_at(pos)
        if run.exact:
            return run.r0 + min(max(pos - run.t0, 0), run.r1 - run.r0)
        return run.r0 if pos < run.t1 else run.r1

    def to_raw_end(self, pos: int) -> int:
        """Raw offset where a span ending (exclusively) at text position ``pos`` ends."""
        if not self._runs:
            return 0
        if pos <= 0:
            return self._runs[0].r0
        run = self._run_at(pos - 1)
        if run.exact:
            return run.r0 + min(pos - run.t0, run.r1 - run.r0)
        return run.r1

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` for the derived-text span ``[start, end)``."""
        if end <= start:
            r = self.to_raw_start(start)
            return r, r
        return self.to_raw_start(start), self.to_raw_end(end)

    def slice(self, start: int, end: int) -> OffsetMap:
        """The map of ``text[start:end]``, positions re-based to 0."""
        out = OffsetMap()
        for run in self._runs:
            if run.t1 <= start or run.t0 >= end:
                continue
            t0, t1 = max(run.t0, start), min(run.t1, end)
            if run.exact:
                r0, r1 = run.r0 + (t0 - run.t0), run.r0 + (t1 - run.t0)
            else:
                r0, r1 = run.r0, run.r1
            out.add(t0 - start, t1 - start, r0, r1, exact=run.exact)
        return out

    def to_list(self) -> list[list[int]]:
        """``[[t0, t1, r0, r1], ...]``; an opaque run of equal lengths gets a fifth item 0."""
        out: list[list[int]] = []
        for r in self._runs:
            item = [r.t0, r.t1, r.r0, r.r1]
            if not r.exact and r.t1 - r.t0 == r.r1 - r.r0:
                item.append(0)
            out.append(item)
        return out

    @classmethod
    def from_list(cls, data: list[list[int]]) -> OffsetMap:
        m = cls()
        for item in data:
            t0, t1, r0, r1 = item[:4]
            m.add(t0, t1, r0, r1, exact=bool(item[4]) if len(item) > 4 else None)
        return m

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OffsetMap) and self._runs == other._runs

    def __repr__(self) -> str:
        return f"OffsetMap({self.to_list()!r})"


@dataclass(slots=True)
class TermMatch:
    """A glossary hit in a segment's normalized text.

    ``start``/``end`` index ``Segment.text``; ``raw_start``/``raw_end`` index
    ``Article.raw_text`` (so ``raw_text[raw_start:raw_end]`` is the surface as written,
    possibly Traditional). ``target`` is the English chosen for this article (date-aware).
    """

    entry_id: str
    source: str  # canonical Chinese of the entry
    surface: str  # normalized matched text, Segment.text[start:end]
    start: int
    end: int
    raw_start: int
    raw_end: int
    target: str
    type: str = "term"
    variants_en: list[str] = field(default_factory=list)  # English renderings to repair
    given_en: str | None = None  # English given in the source, e.g. 卡林(Erlan Karin)


@dataclass(slots=True)
class LedgerEntry:
    """What happened to one term occurrence in translation."""

    entry_id: str
    source: str
    expected: str  # canonical English for this article
    status: TermStatus
    found: str | None = None  # the rendering found in the target (after repair)
    repaired_from: str | None = None  # the wrong variant that was replaced
    target_start: int | None = None  # span of the rendering in Segment.target
    target_end: int | None = None
    match_start: int | None = None  # span of the term in Segment.text
    match_end: int | None = None
    note: str = ""


@dataclass(slots=True)
class Finding:
    """A QA finding. Spans index ``Segment.text`` (source) and ``Segment.target``."""

    check: str
    severity: Severity
    message: str
    segment: int | None = None  # Segment.index, or None for article/batch-level findings
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None
    suggestion: str | None = None


@dataclass(slots=True)
class Segment:
    """One translation unit (usually a sentence) of an article."""

    index: int
    paragraph: int
    kind: SegmentKind
    text: str  # normalized source text
    start: int  # raw_text[start:end] is this segment's source as written
    end: int
    offsets: OffsetMap = field(default_factory=OffsetMap)  # text position -> raw offset
    terms: list[TermMatch] = field(default_factory=list)
    mt: str | None = None  # raw engine output (after placeholder restoration)
    target: str | None = None  # final English after glossary enforcement
    ledger: list[LedgerEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of ``self.text[start:end]``."""
        return self.offsets.to_raw(start, end)


@dataclass(slots=True)
class Metadata:
    """Article metadata found by the reader. Unknown values stay ``None``."""

    title: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) of publication
    outlet: str | None = None
    author: str | None = None
    dateline_place: str | None = None
    dateline_day: int | None = None
    url: str | None = None
    language: str = "zh"
    script: str | None = None  # "simplified" / "traditional" / "mixed"
    encoding: str | None = None  # how the file was decoded
    reader: str | None = None  # reader name that produced the article
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Article:
    """A source article and everything the pipeline learned about it."""

    id: str
    source_path: str | None
    raw_text: str
    metadata: Metadata = field(default_factory=Metadata)
    segments: list[Segment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # article-level findings
    signature: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Normalized article text: segment texts, paragraphs separated by blank lines."""
        parts: list[str] = []
        last_par: int | None = None
        for seg in self.segments:
            if last_par is not None:
                parts.append("\n\n" if seg.paragraph != last_par else "")
            parts.append(seg.text)
            last_par = seg.paragraph
        return "".join(parts)

    @property
    def ledger(self) -> list[tuple[int, LedgerEntry]]:
        """All ledger entries as ``(segment index, entry)``."""
        return [(s.index, e) for s in self.segments for e in s.ledger]

    def all_findings(self) -> list[Finding]:
        return [*self.findings, *(f for s in self.segments for f in s.findings)]

    # -- serialization ---------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "source_path": self.source_path,
            "raw_text": self.raw_text,
            "metadata": asdict(self.metadata),
            "segments": [_segment_to_dict(s) for s in self.segments],
            "findings": [_finding_to_dict(f) for f in self.findings],
            "signature": self.signature,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        schema = data.get("schema", SCHEMA_VERSION)
        if schema != SCHEMA_VERSION:
            raise ValueError(f"unsupported article schema {schema!r}; expected {SCHEMA_VERSION}")
        return cls(
            id=data["id"],
            source_path=data.get("source_path"),
            raw_text=data["raw_text"],
            metadata=_from_fields(Metadata, data.get("metadata", {})),
            segments=[_segment_from_dict(s) for s in data.get("segments", [])],
            findings=[_finding_from_dict(f) for f in data.get("findings", [])],
            signature=dict(data.get("signature", {})),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_json(cls, text: str) -> Article:
        return cls.from_dict(json.loads(text))


def _from_fields(cls: Any, data: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def _finding_to_dict(f: Finding) -> dict[str, Any]:
    d = asdict(f)
    d["severity"] = str(f.severity)
    d["source_span"] = list(f.source_span) if f.source_span else None
    d["target_span"] = list(f.target_span) if f.target_span else None
    return d


def _finding_from_dict(d: dict[str, Any]) -> Finding:
    f: Finding = _from_fields(Finding, d)
    f.severity = Severity(f.severity)
    f.source_span = tuple(d["source_span"]) if d.get("source_span") else None
    f.target_span = tuple(d["target_span"]) if d.get("target_span") else None
    return f


def _segment_to_dict(s: Segment) -> dict[str, Any]:
    return {
        "index": s.index,
        "paragraph": s.paragraph,
        "kind": str(s.kind),
        "text": s.text,
        "start": s.start,
        "end": s.end,
        "offsets": s.offsets.to_list(),
        "terms": [asdict(t) for t in s.terms],
        "mt": s.mt,
        "target": s.target,
        "ledger": [{**asdict(e), "status": str(e.status)} for e in s.ledger],
        "findings": [_finding_to_dict(f) for f in s.findings],
        "meta": s.meta,
    }


def _segment_from_dict(d: dict[str, Any]) -> Segment:
    ledger = []
    for e in d.get("ledger", []):
        entry: LedgerEntry = _from_fields(LedgerEntry, e)
        entry.status = TermStatus(entry.status)
        ledger.append(entry)
    return Segment(
        index=d["index"],
        paragraph=d["paragraph"],
        kind=SegmentKind(d["kind"]),
        text=d["text"],
        start=d["start"],
        end=d["end"],
        offsets=OffsetMap.from_list(d.get("offsets", [])),
        terms=[_from_fields(TermMatch, t) for t in d.get("terms", [])],
        mt=d.get("mt"),
        target=d.get("target"),
        ledger=ledger,
        findings=[_finding_from_dict(f) for f in d.get("findings", [])],
        meta=dict(d.get("meta", {})),
    )
