"""Helpers for the QA-check tests: hand-built articles and a tiny glossary matcher.

The matcher here is deliberately simple (leftmost, then longest, no overlaps, date-aware,
over normalized text) so the check tests do not depend on the glossary matcher's branch;
it reads the test glossary in tests/qa_testset/glossary.tsv (same columns as glossary/).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zh2en.document import Article, Metadata, OffsetMap, Segment, SegmentKind, TermMatch
from zh2en.glossary.model import COLUMNS, Entry, EntryType

TESTSET_DIR = Path(__file__).resolve().parent / "qa_testset"


def load_test_glossary(path: Path = TESTSET_DIR / "glossary.tsv") -> list[Entry]:
    entries: list[Entry] = []
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            assert tuple(header) == COLUMNS, header
            continue
        row = dict(zip(header, cells, strict=True))
        entries.append(
            Entry(
                id=row["id"],
                zh=row["zh"],
                en=row["en"],
                type=EntryType(row["type"]),
                zh_variants=[v for v in row["zh_variants"].split("|") if v],
                en_variants=[v for v in row["en_variants"].split("|") if v],
                valid_from=row["valid_from"] or None,
                valid_to=row["valid_to"] or None,
            )
        )
    return entries


def match_terms(text: str, entries: list[Entry], date: str | None) -> list[TermMatch]:
    """Leftmost, then longest, non-overlapping matches of entries valid on ``date``."""
    forms = sorted(
        ((form, e) for e in entries if e.valid_on(date) for form in e.zh_forms),
        key=lambda fe: -len(fe[0]),
    )
    out: list[TermMatch] = []
    i = 0
    while i < len(text):
        hit = next(((f, e) for f, e in forms if text.startswith(f, i)), None)
        if hit is None:
            i += 1
            continue
        form, e = hit
        out.append(
            TermMatch(
                entry_id=e.id,
                source=e.zh,
                surface=form,
                start=i,
                end=i + len(form),
                raw_start=i,
                raw_end=i + len(form),
                target=e.en,
                type=str(e.type),
                variants_en=list(e.en_variants),
            )
        )
        i += len(form)
    return out


@dataclass
class SegSpec:
    source: str
    target: str | None
    extra: dict[str, Any] = field(default_factory=dict)


def make_article(
    article_id: str,
    pairs: list[tuple[str, str | None]],
    *,
    date: str | None = "2022-01-10",
    entries: list[Entry] | None = None,
) -> Article:
    """An article of one segment per (source, target) pair; terms matched with ``entries``."""
    raw = "\n".join(src for src, _ in pairs)
    segments: list[Segment] = []
    pos = 0
    for i, (src, tgt) in enumerate(pairs):
        seg = Segment(
            index=i,
            paragraph=i,
            kind=SegmentKind.BODY,
            text=src,
            start=pos,
            end=pos + len(src),
            offsets=OffsetMap.identity(len(src), pos),
            target=tgt,
        )
        if entries:
            seg.terms = match_terms(src, entries, date)
        segments.append(seg)
        pos += len(src) + 1
    return Article(
        id=article_id, source_path=None, raw_text=raw, metadata=Metadata(date=date), segments=segments
    )


def load_testset(path: Path = TESTSET_DIR / "testset.jsonl") -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            item = json.loads(line)
            item["line"] = n
            items.append(item)
    return items
