"""QA of any translation: load source and target into Articles, match the glossary, run checks.

Pipeline position: the library behind ``zh2en check``. It builds the same Article model the
translation pipeline produces, so the same checks and the same report apply to translations
from anywhere:

- two line-aligned text files (one segment per line; an empty line is an empty segment and is
  never dropped; the line counts must agree);
- two whole articles (``align=True``): the source is read by the ingest readers (scraped
  text, Markdown, HTML), the English is split into sentences and aligned by
  :func:`zh2en.align.align_sentences` (1:1, 1:2, 2:1, 1:0, 0:1);
- one bilingual file: TMX, XLIFF or zh2en's aligned JSONL output.

Then: glossary matching (``Glossary.annotate``) → :func:`zh2en.checks.run_checks` →
:func:`gate` for ``--fail-on``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zh2en.document import Article, Finding, Metadata, OffsetMap, Segment, SegmentKind, Severity
from zh2en.errors import InputError, UsageError
from zh2en.signature import make_signature

PathLike = str | os.PathLike[str]
BILINGUAL_SUFFIXES = {".tmx": "tmx", ".xlf": "xliff", ".xliff": "xliff", ".jsonl": "jsonl"}
SEVERITY_NAMES = [s.value for s in sorted(Severity, key=lambda s: s.rank)]


# -- reading ----------------------------------------------------------------------------


def read_text(path: PathLike) -> str:
    """Decode a text file with the ingest decoder (BOM, GB18030, Big5… detected)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {p}: {exc.strerror or exc}", hint="check the path") from exc
    from zh2en.ingest.decode import decode_bytes

    text, _encoding = decode_bytes(data, str(p))
    return text


def split_lines(text: str) -> list[tuple[int, str]]:
    """``(offset, line)`` for each line; a final newline does not start another line."""
    out: list[tuple[int, str]] = []
    pos = 0
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        out.append((pos, line[:-1] if line.endswith("\r") else line))
        pos += len(line) + 1
    return out


def _segment(
    index: int, paragraph: int, text: str, raw_start: int, target: str | None, opencc: str
) -> Segment:
    from zh2en.stages.normalize import normalize

    norm, offsets = normalize(text, raw_start, opencc=opencc)
    return Segment(
        index=index,
        paragraph=paragraph,
        kind=SegmentKind.BODY,
        text=norm,
        start=raw_start,
        end=raw_start + len(text),
        offsets=offsets,
        target=target,
    )


def article_from_pairs(
    pairs: Sequence[tuple[str, str]],
    *,
    article_id: str,
    source_path: str | None,
    reader: str,
    opencc: str = "t2s",
) -> Article:
    """An Article with one segment per (source, target) pair; raw text = sources, one a line."""
    raw_parts: list[str] = []
    segments: list[Segment] = []
    pos = 0
    for i, (src, tgt) in enumerate(pairs):
        segments.append(_segment(i, i, src, pos, tgt, opencc))
        raw_parts.append(src)
        pos += len(src) + 1
    return Article(
        id=article_id,
        source_path=source_path,
        raw_text="\n".join(raw_parts),
        metadata=Metadata(reader=reader),
        segments=segments,
    )


def line_aligned_article(source: PathLike, target: PathLike, *, opencc: str = "t2s") -> Article:
    """Two line-aligned files → one Article; a line-count mismatch is an InputError."""
    src_text, tgt_text = read_text(source), read_text(target)
    src_lines, tgt_lines = split_lines(src_text), split_lines(tgt_text)
    if len(src_lines) != len(tgt_lines):
        raise InputError(
            f"line-aligned files differ in length: {source} has {len(src_lines)} lines, "
            f"{target} has {len(tgt_lines)}",
            hint="make it one segment per line in both (keep empty lines), or pass --align to "
            "sentence-align the two files as whole articles",
        )
    art = Article(
        id=Path(source).stem,
        source_path=str(source),
        raw_text=src_text,
        metadata=Metadata(reader="lines"),
    )
    for i, ((start, line), (_t, tline)) in enumerate(zip(src_lines, tgt_lines, strict=True)):
        art.segments.append(_segment(i, i, line, start, tline, opencc))
    return art


def _merge(segs: list[Segment]) -> Segment:
    """Several consecutive source segments as one (a 2:1 bead)."""
    first = segs[0]
    offsets = OffsetMap()
    text = ""
    for seg in segs:
        for run in seg.offsets.runs:
            offsets.add(run.t0 + len(text), run.t1 + len(text), run.r0, run.r1, exact=run.exact)
        text += seg.text
    return Segment(
        index=first.index,
        paragraph=first.paragraph,
        kind=first.kind,
        text=text,
        start=first.start,
        end=segs[-1].end,
        offsets=offsets,
        meta={**first.meta, "merged": [s.index for s in segs]},
    )


def aligned_article(
    source: PathLike,
    target: PathLike,
    *,
    term_pairs: Sequence[tuple[Sequence[str], str]] = (),
    opencc: str = "t2s",
) -> Article:
    """A whole source article and its whole translation → an Article of aligned segments."""
    from zh2en.align import align_sentences, paragraph_numbers, split_english
    from zh2en.ingest import ingest_text

    src_text, tgt_text = read_text(source), read_text(target)
    art: Article = ingest_text(src_text, source_path=str(source), article_id=Path(source).stem, opencc=opencc)
    spans = split_english(tgt_text)
    sentences = [tgt_text[a:b] for a, b in spans]
    beads = align_sentences(
        [s.text for s in art.segments],
        sentences,
        term_pairs=term_pairs,
        src_paragraphs=[s.paragraph for s in art.segments],
        tgt_paragraphs=paragraph_numbers(tgt_text, spans),
    )
    out: list[Segment] = []
    for src_ids, tgt_ids in beads:
        target = " ".join(sentences[j] for j in tgt_ids)
        if src_ids:
            seg = _merge([art.segments[i] for i in src_ids]) if len(src_ids) > 1 else art.segments[src_ids[0]]
        else:  # 0:1 — an English sentence with no source: an empty source segment holds it
            prev = out[-1] if out else None
            at = prev.end if prev else 0
            seg = Segment(
                index=0,
                paragraph=prev.paragraph if prev else 0,
                kind=prev.kind if prev else SegmentKind.BODY,
                text="",
                start=at,
                end=at,
                offsets=OffsetMap(),
            )
        seg.target = target
        seg.meta["alignment"] = f"{len(src_ids)}:{len(tgt_ids)}"
        seg.meta["target_sentences"] = list(tgt_ids)
        out.append(seg)
    for i, seg in enumerate(out):
        seg.index = i
    art.segments = out
    art.metadata.extra["target_path"] = str(target)
    return art


def bilingual_articles(path: PathLike, *, opencc: str = "t2s") -> list[Article]:
    """One TMX, XLIFF or aligned-JSONL file → Articles with targets."""
    p = Path(path)
    kind = BILINGUAL_SUFFIXES.get(p.suffix.lower())
    if kind == "tmx":
        from zh2en.formats.tmx import read_tmx, read_tmx_date

        art = article_from_pairs(
            read_tmx(p), article_id=p.stem, source_path=str(p), reader="tmx", opencc=opencc
        )
        art.metadata.date = read_tmx_date(p)
        return [art]
    if kind == "xliff":
        from zh2en.formats.xliff import read_xliff, read_xliff_date

        pairs = read_xliff(p)
        art = article_from_pairs(pairs, article_id=p.stem, source_path=str(p), reader="xliff", opencc=opencc)
        art.metadata.date = read_xliff_date(p)
        return [art]
    if kind == "jsonl":
        from zh2en.formats.jsonl import read_article_jsonl

        art = read_article_jsonl(p)
        # Findings of an earlier run are stale once we check again.
        art.findings = []
        for seg in art.segments:
            seg.findings = []
        return [art]
    raise UsageError(
        f"{p} is not a bilingual file (suffix {p.suffix or '(none)'!r})",
        hint="give SOURCE and TARGET as two text files, or one .tmx, .xlf/.xliff or aligned .jsonl file",
    )


# -- glossary, checks, gate -----------------------------------------------------------------


def load_glossary_for(glossary: Any) -> Any:
    """``None`` → the project's glossary/ folder; paths → those files; a Glossary → itself."""
    if glossary is not None and hasattr(glossary, "annotate"):
        return glossary
    from zh2en.glossary import load_glossary

    return load_glossary(list(glossary) if glossary is not None else None)


def term_pairs_of(glossary: Any) -> list[tuple[list[str], str]]:
    """(Chinese forms, English) of every glossary entry, as alignment anchors."""
    return [(list(e.zh_forms), e.en) for e in getattr(glossary, "entries", [])]


def check_date(date: str | None) -> str | None:
    """``date`` if it is an ISO date (YYYY-MM-DD); a UsageError naming it otherwise."""
    import datetime as dt

    if date is None:
        return None
    try:
        valid = len(date) == 10 and bool(dt.date.fromisoformat(date))  # not 20220110
    except ValueError:
        valid = False
    if not valid:
        raise UsageError(f"--date {date!r} is not a date", hint="use YYYY-MM-DD, e.g. --date 2022-01-10")
    return date


def parse_severity(value: str | Severity) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise UsageError(
            f"unknown severity {value!r}", hint=f"use one of: {', '.join(SEVERITY_NAMES)}"
        ) from None


def check_files(
    source: PathLike,
    target: PathLike | None = None,
    *,
    glossary: Any = None,
    align: bool = False,
    only: Sequence[str] | None = None,
    skip: Sequence[str] | None = None,
    opencc: str = "t2s",
    date: str | None = None,
) -> list[Article]:
    """Load a translation for QA, match the glossary, run the checks; return the Articles.

    ``target`` None means ``source`` is one bilingual file (TMX, XLIFF, aligned JSONL).
    ``glossary``: None for the project's glossary/ folder, a list of files/folders, or a
    loaded Glossary. ``date`` (YYYY-MM-DD) is the date of articles that give none; else it
    is estimated as ``translate`` does (:func:`zh2en.stages.dates.resolve_dates`), because
    the date chooses between dated glossary rows. Each Article's ``signature`` says how it
    was checked.
    """
    check_date(date)
    gloss = load_glossary_for(glossary)
    if target is None:
        if align:
            raise UsageError("--align needs SOURCE and TARGET", hint="give the translation as a second file")
        articles = bilingual_articles(source, opencc=opencc)
        mode = BILINGUAL_SUFFIXES[Path(source).suffix.lower()]
    elif align:
        articles = [aligned_article(source, target, term_pairs=term_pairs_of(gloss), opencc=opencc)]
        mode = "aligned"
    else:
        articles = [line_aligned_article(source, target, opencc=opencc)]
        mode = "lines"
    from zh2en.stages.dates import resolve_dates

    resolve_dates(articles, default=date)
    for art in articles:
        gloss.annotate(art)
    from zh2en.checks import run_checks  # type: ignore[attr-defined, unused-ignore]

    run_checks(articles, glossary=gloss, only=list(only) if only else None, skip=list(skip) if skip else None)
    settings: dict[str, Any] = {"mode": mode}
    if only:
        settings["only"] = ",".join(only)
    if skip:
        settings["skip"] = ",".join(skip)
    sig = make_signature(
        engine="external", glossary_hash=getattr(gloss, "hash", None), opencc=opencc, settings=settings
    )
    for art in articles:
        art.signature = sig
    return articles


def gate(articles: Sequence[Article], fail_on: str | Severity) -> list[Finding]:
    """The findings at or above ``fail_on`` (non-empty means the QA gate fails)."""
    threshold = parse_severity(fail_on).rank
    return [f for a in articles for f in a.all_findings() if Severity(f.severity).rank >= threshold]


# -- output -----------------------------------------------------------------------------------


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "check": f.check,
        "severity": str(f.severity),
        "message": f.message,
        "segment": f.segment,
        "source_span": list(f.source_span) if f.source_span else None,
        "target_span": list(f.target_span) if f.target_span else None,
        "suggestion": f.suggestion,
    }


def results_dict(articles: Sequence[Article], *, fail_on: str | None = None) -> dict[str, Any]:
    """The ``--json`` output: each segment with source, target and findings, plus totals."""
    by_sev: Counter[str] = Counter()
    by_check: Counter[str] = Counter()
    for a in articles:
        for f in a.all_findings():
            by_sev[str(f.severity)] += 1
            by_check[f.check] += 1
    out: dict[str, Any] = {
        "signature": articles[0].signature if articles else {},
        "articles": [
            {
                "id": a.id,
                "source_path": a.source_path,
                "findings": [_finding_dict(f) for f in a.findings],
                "segments": [
                    {
                        "index": s.index,
                        "kind": str(s.kind),
                        "source": s.text,
                        "target": s.target,
                        **({"alignment": s.meta["alignment"]} if "alignment" in s.meta else {}),
                        "findings": [_finding_dict(f) for f in s.findings],
                    }
                    for s in a.segments
                ],
            }
            for a in articles
        ],
        "summary": {
            "segments": sum(len(a.segments) for a in articles),
            "findings": sum(by_sev.values()),
            "by_severity": {s: by_sev[s] for s in SEVERITY_NAMES},
            "by_check": dict(sorted(by_check.items())),
        },
    }
    if fail_on is not None:
        out["gate"] = {"fail_on": parse_severity(fail_on).value, "failed": bool(gate(articles, fail_on))}
    return out


def format_text(articles: Sequence[Article], *, only_flagged: bool = False) -> str:
    """Human-readable listing: each segment with its source, target and findings."""
    lines: list[str] = []
    for a in articles:
        lines.append(f"== {a.id} ({len(a.segments)} segments, {len(a.all_findings())} findings)")
        for f in a.findings:
            lines.append(f"  {f.severity.upper()} {f.check}: {f.message}")
        for s in a.segments:
            if only_flagged and not s.findings:
                continue
            align = f" [{s.meta['alignment']}]" if s.meta.get("alignment", "1:1") != "1:1" else ""
            lines.append(f"[{s.index}]{align} SRC: {s.text}")
            pad = " " * (len(str(s.index)) + 2 + len(align))
            lines.append(f"{pad} TGT: {s.target if s.target is not None else '-'}")
            for f in s.findings:
                where = []
                if f.source_span:
                    x0, x1 = f.source_span
                    where.append(f"source {x0}-{x1} {s.text[x0:x1]!r}")
                if f.target_span and s.target:
                    x0, x1 = f.target_span
                    where.append(f"target {x0}-{x1} {s.target[x0:x1]!r}")
                span = f" ({'; '.join(where)})" if where else ""
                fix = f" -> fix: {f.suggestion}" if f.suggestion else ""
                lines.append(f"    {str(f.severity).upper()} {f.check}: {f.message}{span}{fix}")
    return "\n".join(lines)
